/* lab-agent: the requests hello, load, info, test_run, set_rlimit_memlock, close, poweroff. */
#include "agent.h"

static int read_small_file(const char *path, char *out, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t got = read(fd, out, n - 1);
	close(fd);
	if (got < 0)
		return -1;
	out[got] = 0;
	return 0;
}

/* The first cgroup2 mount point in /proc/self/mountinfo, or NULL. */
const char *cgroup2_mount(void)
{
	static char found[512];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return NULL;
	char line[2048];
	const char *result = NULL;
	while (!result && fgets(line, sizeof line, f)) {
		char *sep = strstr(line, " - ");
		char point[512];
		if (!sep || strncmp(sep + 3, "cgroup2 ", 8))
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %511s", point) == 1 && !strchr(point, '\\')) {
			snprintf(found, sizeof found, "%s", point);
			result = found;
		}
	}
	fclose(f);
	return result;
}

static int64_t memlock_now(void)
{
	struct rlimit r;
	if (getrlimit(RLIMIT_MEMLOCK, &r))
		return -2;
	return r.rlim_cur == RLIM_INFINITY ? -1 : (int64_t)r.rlim_cur;
}

int op_hello(struct buf *out)
{
	struct utsname u;
	uname(&u);
	put_int(out, F_PROTOCOL_VERSION, PROTOCOL_VERSION);
	put_str(out, F_RELEASE, u.release);
	put_str(out, F_MACHINE, u.machine);
	put_int(out, F_PID, getpid());
	put_int(out, F_UID, getuid());
	int fd = load_trivial(PROG_TYPE_SOCKET_FILTER, NULL, 0, NULL);
	put_int(out, F_BPF_SYSCALL, fd >= 0);
	if (fd >= 0)
		close(fd);
	else
		put_str(out, F_BPF_ERRNO, errno_name(-fd));
	put_int(out, F_FEAT_LOG_TRUE_SIZE, fd >= 0 && feat_log_true_size());
	const char *cg = cgroup2_mount();
	if (cg)
		put_str(out, F_CGROUP2_PATH, cg);
	char v[32];
	put_int(out, F_UNPRIV_BPF_DISABLED,
		read_small_file("/proc/sys/kernel/unprivileged_bpf_disabled", v, sizeof v) ? -1 : atoi(v));
	static int64_t types = -1; /* probed once: ~40 trivial loads are slow under TCG */
	if (types < 0 && fd >= 0) {
		types = 0;
		for (uint32_t t = 1; t < MAX_PROG_TYPE && t < 63; t++) {
			int tfd = load_trivial(t, NULL, 0, NULL);
			if (tfd >= 0) {
				types |= (int64_t)1 << t;
				close(tfd);
			}
		}
	}
	put_int(out, F_PROG_TYPES, types < 0 ? 0 : types);
	put_int(out, F_MEMLOCK, memlock_now());
	return 0;
}

struct load_maps {
	int fds[64];
	int n;
};

static void close_maps(struct load_maps *m)
{
	while (m->n)
		close(m->fds[--m->n]);
}

static int create_maps(const struct fields *req, struct load_maps *m, int *err)
{
	for (size_t i = 0; i < req->n; i++) {
		if (req->v[i].id != F_MAPS)
			continue;
		if (m->n == 64)
			return fail(E_BAD_VALUE, "at most 64 maps");
		struct fields f;
		int64_t type, key, value, entries, flags;
		int bad = parse_fields(req->v[i].p, req->v[i].len, &f) ||
			  need_int(&f, F_MAP_TYPE, 0, UINT32_MAX, &type) ||
			  need_int(&f, F_KEY_SIZE, 0, UINT32_MAX, &key) ||
			  need_int(&f, F_VALUE_SIZE, 0, UINT32_MAX, &value) ||
			  need_int(&f, F_MAX_ENTRIES, 0, UINT32_MAX, &entries) ||
			  opt_int(&f, F_MAP_FLAGS, 0, UINT32_MAX, 0, &flags);
		fields_free(&f);
		if (bad)
			return -1;
		struct attr_map_create a;
		memset(&a, 0, sizeof a);
		a.map_type = (uint32_t)type;
		a.key_size = (uint32_t)key;
		a.value_size = (uint32_t)value;
		a.max_entries = (uint32_t)entries;
		a.map_flags = (uint32_t)flags;
		int fd = (int)sys_bpf(BPF_MAP_CREATE, &a, sizeof a);
		if (fd < 0) {
			*err = errno;
			return 0;
		}
		m->fds[m->n++] = fd;
	}
	return 0;
}

static int patch_relocs(const struct fields *req, struct load_maps *m, uint8_t *insns, size_t cnt)
{
	for (size_t i = 0; i < req->n; i++) {
		if (req->v[i].id != F_RELOCS)
			continue;
		struct fields f;
		int64_t at, map, kind, off;
		int bad = parse_fields(req->v[i].p, req->v[i].len, &f) ||
			  need_int(&f, F_INSN_INDEX, 0, (int64_t)cnt - 2, &at) ||
			  need_int(&f, F_MAP_INDEX, 0, m->n - 1, &map) ||
			  need_int(&f, F_RELOC_KIND, 1, 2, &kind) ||
			  opt_int(&f, F_OFFSET, 0, UINT32_MAX, 0, &off);
		fields_free(&f);
		if (bad)
			return -1;
		uint8_t *x = insns + at * 8;
		x[1] = (uint8_t)((x[1] & 0x0f) | (kind << 4));
		put_u32le(x + 4, (uint32_t)m->fds[map]);
		if (kind == 2)
			put_u32le(x + 12, (uint32_t)off);
	}
	return 0;
}

int op_load(const struct fields *req, struct buf *out)
{
	int64_t type, attach, level, size, flags;
	const struct field *insns = find(req, F_INSNS);
	if (need_int(req, F_PROG_TYPE, 0, UINT32_MAX, &type) ||
	    opt_int(req, F_EXPECTED_ATTACH_TYPE, 0, UINT32_MAX, 0, &attach) ||
	    opt_int(req, F_LOG_LEVEL, 0, UINT32_MAX, 0, &level) ||
	    opt_int(req, F_LOG_SIZE, 0, MAX_LOG_SIZE, 0, &size) ||
	    opt_int(req, F_PROG_FLAGS, 0, UINT32_MAX, 0, &flags))
		return -1;
	if (!insns)
		return fail(E_MISSING_FIELD, "insns is required");
	if (insns->len % 8 || insns->len / 8 > 4 * 1024 * 1024)
		return fail(E_BAD_VALUE, "insns must be a multiple of 8 bytes, at most 4M instructions");
	if (owned_n == MAX_OWNED)
		return fail(E_BAD_VALUE, "too many programs open; close some");
	size_t cnt = insns->len / 8;
	uint8_t *code = malloc(insns->len + 8);
	if (!code)
		die("out of memory");
	memcpy(code, insns->p, insns->len);
	struct load_maps maps = { .n = 0 };
	int map_err = 0;
	if (create_maps(req, &maps, &map_err) || (!map_err && patch_relocs(req, &maps, code, cnt))) {
		close_maps(&maps);
		free(code);
		return -1;
	}
	char *license = get_cstr(req, F_LICENSE, "GPL");
	char *name = get_cstr(req, F_PROG_NAME, "");
	char *log = size ? calloc(1, (size_t)size) : NULL;
	struct attr_prog_load a;
	memset(&a, 0, sizeof a);
	a.prog_type = (uint32_t)type;
	a.insn_cnt = (uint32_t)cnt;
	a.insns = ptr(code);
	a.license = ptr(license);
	a.log_level = (uint32_t)level;
	a.log_size = (uint32_t)size;
	a.log_buf = ptr(log);
	a.prog_flags = (uint32_t)flags;
	a.expected_attach_type = (uint32_t)attach;
	snprintf(a.prog_name, sizeof a.prog_name, "%s", name);
	int64_t t0 = now_ns();
	int fd = map_err ? -1 : (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof a);
	int e = map_err ? map_err : errno;
	int64_t dt = now_ns() - t0;
	close_maps(&maps);
	if (fd >= 0)
		own(fd);
	put_int(out, F_FD, fd);
	if (fd < 0) {
		put_str(out, F_ERRNO, errno_name(e));
		put_str(out, F_FAILED_AT, map_err ? "map_create" : "prog_load");
	}
	put_field(out, F_LOG, K_BYTES, log, log ? strnlen(log, (size_t)size) : 0);
	put_int(out, F_LOG_TRUE_SIZE, feat_log_true_size() && !map_err ? (int64_t)a.log_true_size : -1);
	put_int(out, F_DURATION_NS, dt);
	free(log);
	free(name);
	free(license);
	free(code);
	return 0;
}

int owned_fd(const struct fields *req, int64_t *fd)
{
	if (need_int(req, F_FD, INT32_MIN, INT32_MAX, fd))
		return -1;
	if (!is_owned(*fd))
		return fail(E_BAD_FD, "fd %lld was not made by this agent", (long long)*fd);
	return 0;
}

int op_info(const struct fields *req, struct buf *out)
{
	int64_t fd;
	if (owned_fd(req, &fd))
		return -1;
	struct prog_info info;
	struct attr_info a = { (uint32_t)fd, sizeof info, ptr(&info) };
	memset(&info, 0, sizeof info);
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof a)) {
		put_str(out, F_ERRNO, errno_name(errno));
		return 0;
	}
	uint32_t xlen = info.xlated_prog_len, jlen = info.jited_prog_len;
	uint8_t *x = calloc(1, xlen + 8);
	if (!x)
		die("out of memory");
	memset(&info, 0, sizeof info);
	info.xlated_prog_len = xlen;
	info.xlated_prog_insns = ptr(x);
	a.info_len = sizeof info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof a))
		put_str(out, F_ERRNO, errno_name(errno));
	else {
		put_field(out, F_XLATED, K_BYTES, x, info.xlated_prog_len < xlen ? info.xlated_prog_len : xlen);
		put_int(out, F_XLATED_LEN, xlen);
		put_int(out, F_JITED_LEN, jlen);
		put_field(out, F_TAG, K_BYTES, info.tag, 8);
	}
	free(x);
	return 0;
}

#define MAX_RUN_BUF (16u * 1024 * 1024)

int op_test_run(const struct fields *req, struct buf *out)
{
	int64_t fd, dout, cout, repeat;
	const struct field *din = find(req, F_DATA_IN), *cin = find(req, F_CTX_IN);
	uint32_t dlen = din ? din->len : 0, clen = cin ? cin->len : 0;
	if (owned_fd(req, &fd) || opt_int(req, F_DATA_SIZE_OUT, 0, MAX_RUN_BUF, dlen, &dout) ||
	    opt_int(req, F_CTX_SIZE_OUT, 0, MAX_RUN_BUF, clen, &cout) ||
	    opt_int(req, F_REPEAT, 0, 1000000, 1, &repeat))
		return -1;
	uint8_t *dbuf = dout ? calloc(1, (size_t)dout) : NULL, *cbuf = cout ? calloc(1, (size_t)cout) : NULL;
	struct attr_test_run a;
	memset(&a, 0, sizeof a);
	a.prog_fd = (uint32_t)fd;
	a.data_size_in = dlen;
	a.data_in = din ? ptr(din->p) : 0;
	a.data_size_out = (uint32_t)dout;
	a.data_out = ptr(dbuf);
	a.ctx_size_in = clen;
	a.ctx_in = cin ? ptr(cin->p) : 0;
	a.ctx_size_out = (uint32_t)cout;
	a.ctx_out = ptr(cbuf);
	a.repeat = (uint32_t)repeat;
	if (sys_bpf(BPF_PROG_TEST_RUN, &a, sizeof a))
		put_str(out, F_ERRNO, errno_name(errno));
	else {
		put_int(out, F_RETVAL, a.retval);
		put_field(out, F_DATA_OUT, K_BYTES, dbuf, dbuf && a.data_size_out <= dout ? a.data_size_out : 0);
		put_field(out, F_CTX_OUT, K_BYTES, cbuf, cbuf && a.ctx_size_out <= cout ? a.ctx_size_out : 0);
		put_int(out, F_DURATION_NS, a.duration);
	}
	free(dbuf);
	free(cbuf);
	return 0;
}

int op_rlimit(const struct fields *req, struct buf *out)
{
	int64_t value;
	if (need_int(req, F_VALUE, -1, INT64_MAX, &value))
		return -1;
	put_int(out, F_PREVIOUS, memlock_now());
	/* the soft limit is what bpf() charges against before 5.11; the hard one only rises when needed */
	struct rlimit r;
	getrlimit(RLIMIT_MEMLOCK, &r);
	r.rlim_cur = value < 0 ? RLIM_INFINITY : (rlim_t)value;
	if (r.rlim_max != RLIM_INFINITY && (r.rlim_cur == RLIM_INFINITY || r.rlim_cur > r.rlim_max))
		r.rlim_max = r.rlim_cur;
	if (setrlimit(RLIMIT_MEMLOCK, &r))
		put_str(out, F_ERRNO, errno_name(errno));
	put_int(out, F_VALUE, memlock_now());
	return 0;
}

/* Close the listed fds this agent made (others are ignored); no list closes all of them. */
int op_close(const struct fields *req, struct buf *out)
{
	int64_t closed = 0;
	if (!find(req, F_FDS)) {
		closed = owned_n;
		close_all_owned();
	}
	for (size_t i = 0; i < req->n; i++)
		if (req->v[i].id == F_FDS) {
			int64_t fd = int_of(&req->v[i]);
			if (fd >= INT32_MIN && fd <= INT32_MAX)
				closed += disown_close((int)fd);
		}
	put_int(out, F_VALUE, closed);
	return 0;
}

void power_off(void)
{
	close_all_owned();
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	exit(0);
}
