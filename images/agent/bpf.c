/* lab-agent: the bpf(2) syscall, the program fds the agent owns, feature probes. */
#include "agent.h"

long sys_bpf(int cmd, void *attr, unsigned size)
{
	return syscall(SYS_bpf, cmd, attr, size);
}

uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* fds this agent created: the only ones a request may name */

static int owned[MAX_OWNED];
int owned_n;

int own(int fd)
{
	if (owned_n == MAX_OWNED)
		return -1;
	owned[owned_n++] = fd;
	return 0;
}

int is_owned(int64_t fd)
{
	for (int i = 0; i < owned_n; i++)
		if (owned[i] == fd)
			return 1;
	return 0;
}

int disown_close(int fd)
{
	for (int i = 0; i < owned_n; i++)
		if (owned[i] == fd) {
			owned[i] = owned[--owned_n];
			close(fd);
			return 1;
		}
	return 0;
}

void close_all_owned(void)
{
	while (owned_n)
		close(owned[--owned_n]);
}

static const uint8_t trivial_prog[16] = { 0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0 };

/* Load `r0 = 0; exit` as `type`; returns the fd or -errno. */
int load_trivial(uint32_t type, char *log, uint32_t log_size, uint32_t *true_size)
{
	struct attr_prog_load a;
	memset(&a, 0, sizeof a);
	a.prog_type = type;
	a.insn_cnt = 2;
	a.insns = ptr(trivial_prog);
	a.license = ptr("GPL");
	if (log) {
		a.log_level = 1;
		a.log_size = log_size;
		a.log_buf = ptr(log);
	}
	int fd = (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof a);
	if (true_size)
		*true_size = a.log_true_size;
	return fd < 0 ? -errno : fd;
}

/* 1 when the kernel writes back log_true_size (>= 6.4); probed once. */
int feat_log_true_size(void)
{
	static int known = -1;
	if (known < 0) {
		char log[4096];
		uint32_t size = 0;
		int fd = load_trivial(PROG_TYPE_SOCKET_FILTER, log, sizeof log, &size);
		if (fd >= 0)
			close(fd);
		known = size > 0;
	}
	return known;
}
