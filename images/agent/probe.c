/* lab-agent: cgroup_device_probe: a child cgroup, the program attached (or none), open() from inside. */
#include "agent.h"

#define MAX_DEVICES 256
static unsigned probe_counter;

struct probe_dev {
	int64_t type, major, minor, access;
	int err;
};

static int probe_devices(const struct fields *req, struct probe_dev *devs, int *n)
{
	*n = 0;
	for (size_t i = 0; i < req->n; i++) {
		if (req->v[i].id != F_DEVICES)
			continue;
		if (*n == MAX_DEVICES)
			return fail(E_BAD_VALUE, "at most %d devices", MAX_DEVICES);
		struct fields f;
		struct probe_dev *d = &devs[*n];
		int bad = parse_fields(req->v[i].p, req->v[i].len, &f) ||
			  need_int(&f, F_DEV_TYPE, 1, 2, &d->type) || need_int(&f, F_MAJOR, 0, 4095, &d->major) ||
			  need_int(&f, F_MINOR, 0, 1048575, &d->minor) ||
			  opt_int(&f, F_ACCESS, 2, 6, 2, &d->access);
		fields_free(&f);
		if (bad)
			return -1;
		if (d->access & 1)
			return fail(E_BAD_VALUE, "access takes read (2) and write (4) bits");
		(*n)++;
	}
	if (*n == 0)
		return fail(E_MISSING_FIELD, "devices is required");
	return 0;
}

/* In the child: join the cgroup, open each node, report errnos through the pipe. */
static void probe_child(const char *cgroup, const char *dir, struct probe_dev *devs, int n, int wfd)
{
	alarm(10);
	char path[640];
	int res[MAX_DEVICES + 1];
	snprintf(path, sizeof path, "%s/cgroup.procs", cgroup);
	int pfd = open(path, O_WRONLY | O_CLOEXEC);
	res[0] = pfd < 0 || write(pfd, "0", 1) != 1 ? errno : 0;
	if (pfd >= 0)
		close(pfd);
	for (int i = 0; i < n && !res[0]; i++) {
		int mode = devs[i].access == 6 ? O_RDWR : devs[i].access == 4 ? O_WRONLY : O_RDONLY;
		snprintf(path, sizeof path, "%s/d%d", dir, i);
		int fd = open(path, mode | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		res[i + 1] = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
	}
	ssize_t w = write(wfd, res, sizeof(int) * (size_t)(n + 1));
	_exit(w < 0);
}

static void remove_cgroup(const char *cgroup)
{
	for (int i = 0; i < 200 && rmdir(cgroup) && errno == EBUSY; i++)
		usleep(1000);
}

static void remove_nodes(const char *dir, int n)
{
	char path[640];
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/d%d", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

static int make_nodes(char *dir, struct probe_dev *devs, int n)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	mkdir(base, 01777);
	snprintf(dir, 512, "%s/lab-devprobe-XXXXXX", base);
	if (!mkdtemp(dir))
		return -1;
	char path[640];
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/d%d", dir, i);
		mode_t kind = devs[i].type == 1 ? S_IFBLK : S_IFCHR;
		if (mknod(path, kind | 0600, makedev((unsigned)devs[i].major, (unsigned)devs[i].minor))) {
			int e = errno;
			remove_nodes(dir, i);
			errno = e;
			return -1;
		}
	}
	return 0;
}

/* Fork the child and collect its results; returns 0 or an errno. */
static int run_probe_child(const char *cgroup, const char *dir, struct probe_dev *devs, int n)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return errno;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		probe_child(cgroup, dir, devs, n, p[1]);
	}
	close(p[1]);
	int res[MAX_DEVICES + 1];
	size_t want = sizeof(int) * (size_t)(n + 1), got = 0;
	while (pid > 0 && got < want) {
		ssize_t r = read(p[0], (char *)res + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(p[0]);
	if (pid < 0)
		return errno;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (got < want)
		return EIO;
	if (res[0])
		return res[0];
	for (int i = 0; i < n; i++)
		devs[i].err = res[i + 1];
	return 0;
}

int op_probe(const struct fields *req, struct buf *out)
{
	static struct probe_dev devs[MAX_DEVICES];
	int n, err = 0, attached = 0;
	int64_t fd = -1;
	if (probe_devices(req, devs, &n) || (find(req, F_FD) && owned_fd(req, &fd)))
		return -1;
	const char *root = cgroup2_mount();
	if (!root) {
		put_int(out, F_ATTACHED, 0);
		put_str(out, F_ERRNO, "ENOENT");
		put_str(out, F_FAILED_AT, "cgroup2_mount");
		return 0;
	}
	put_str(out, F_CGROUP2_PATH, root);
	char cgroup[512], dir[512];
	snprintf(cgroup, sizeof cgroup, "%s/lab-probe-%d-%u", root, (int)getpid(), ++probe_counter);
	const char *stage = "mknod";
	if (make_nodes(dir, devs, n) == 0) {
		stage = "cgroup_mkdir";
		if (mkdir(cgroup, 0755) == 0) {
			int cfd = open(cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			struct attr_attach a = { (uint32_t)cfd, (uint32_t)fd, BPF_CGROUP_DEVICE, 0, 0, 0 };
			stage = "attach";
			if (cfd >= 0 && (fd < 0 || sys_bpf(BPF_PROG_ATTACH, &a, sizeof a) == 0)) {
				attached = fd >= 0;
				stage = "run";
				err = run_probe_child(cgroup, dir, devs, n);
				if (attached)
					sys_bpf(BPF_PROG_DETACH, &a, sizeof a);
			} else
				err = errno;
			if (cfd >= 0)
				close(cfd);
			remove_cgroup(cgroup);
		} else
			err = errno;
		remove_nodes(dir, n);
	} else
		err = errno;
	put_int(out, F_ATTACHED, attached);
	if (err) {
		put_str(out, F_ERRNO, errno_name(err));
		put_str(out, F_FAILED_AT, stage);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		size_t at = obj_begin(out, F_DEVICES);
		put_int(out, F_DEV_TYPE, devs[i].type);
		put_int(out, F_MAJOR, devs[i].major);
		put_int(out, F_MINOR, devs[i].minor);
		put_int(out, F_ACCESS, devs[i].access);
		put_str(out, F_ERRNO, devs[i].err ? errno_name(devs[i].err) : "");
		put_int(out, F_ALLOWED, devs[i].err != EPERM);
		obj_end(out, at);
	}
	return 0;
}
