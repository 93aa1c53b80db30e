/*
 * lab-agent: serves the lab's protocol (lab/kernel/protocol.ts, mirrored here) over stdin/stdout
 * or a device (`--port /dev/vport0p1`, `/dev/ttyS1`, `/dev/ttyAMA0`). Raw bpf(2), no libbpf.
 * Built static for each arch by images/agent/build.ts. Many requests per process; a malformed
 * frame gets an `error` frame and the agent keeps serving. Only fds, cgroups and device nodes the
 * agent made itself are ever touched by a request.
 *
 *   lab-agent [--port DEVICE] [--announce]
 *
 * With --port the agent serves until `poweroff` (a virtio port reads EOF while the host is not
 * connected; the agent waits for it); on stdin/stdout it ends at EOF.
 * --announce sends an unsolicited hello reply (seq 0) at start, so a host can tell "ready".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* ---- protocol constants: keep equal to lab/kernel/protocol.ts (a test compares) ---- */
#define PROTOCOL_VERSION 1
#define MAX_PAYLOAD (64u * 1024 * 1024)
#define MAX_LOG_SIZE (48u * 1024 * 1024)
#define REPLY_BIT 0x80

enum kind { K_INT = 1, K_BYTES = 2, K_STR = 3, K_OBJ = 4 };

enum msg_type {
	MSG_HELLO = 1,
	MSG_LOAD = 2,
	MSG_INFO = 3,
	MSG_TEST_RUN = 4,
	MSG_CGROUP_DEVICE_PROBE = 5,
	MSG_SET_RLIMIT_MEMLOCK = 6,
	MSG_CLOSE = 7,
	MSG_POWEROFF = 8,
	MSG_RESEND = 9,
	MSG_ERROR = 0x7f,
};

enum field_id {
	F_PROTOCOL_VERSION = 1,
	F_RELEASE = 2,
	F_MACHINE = 3,
	F_PID = 4,
	F_UID = 5,
	F_BPF_SYSCALL = 6,
	F_BPF_ERRNO = 7,
	F_FEAT_LOG_TRUE_SIZE = 8,
	F_CGROUP2_PATH = 9,
	F_UNPRIV_BPF_DISABLED = 10,
	F_PROG_TYPES = 11,
	F_MEMLOCK = 12,
	F_PROG_TYPE = 20,
	F_EXPECTED_ATTACH_TYPE = 21,
	F_INSNS = 22,
	F_LICENSE = 23,
	F_LOG_LEVEL = 24,
	F_LOG_SIZE = 25,
	F_PROG_FLAGS = 26,
	F_PROG_NAME = 27,
	F_MAPS = 28,
	F_RELOCS = 29,
	F_MAP_TYPE = 30,
	F_KEY_SIZE = 31,
	F_VALUE_SIZE = 32,
	F_MAX_ENTRIES = 33,
	F_MAP_FLAGS = 34,
	F_INSN_INDEX = 35,
	F_MAP_INDEX = 36,
	F_RELOC_KIND = 37,
	F_OFFSET = 38,
	F_FD = 40,
	F_ERRNO = 41,
	F_LOG = 42,
	F_LOG_TRUE_SIZE = 43,
	F_DURATION_NS = 44,
	F_FAILED_AT = 45,
	F_XLATED = 46,
	F_JITED_LEN = 47,
	F_DATA_IN = 48,
	F_CTX_IN = 49,
	F_DATA_SIZE_OUT = 50,
	F_CTX_SIZE_OUT = 51,
	F_REPEAT = 52,
	F_RETVAL = 53,
	F_DATA_OUT = 54,
	F_CTX_OUT = 55,
	F_DEVICES = 56,
	F_DEV_TYPE = 57,
	F_MAJOR = 58,
	F_MINOR = 59,
	F_ACCESS = 60,
	F_ALLOWED = 61,
	F_ATTACHED = 62,
	F_FDS = 63,
	F_VALUE = 64,
	F_PREVIOUS = 65,
	F_CODE = 66,
	F_MESSAGE = 67,
	F_TAG = 68,
	F_XLATED_LEN = 69,
	F_MAX = 70,
};

static const unsigned char field_kinds[F_MAX] = {
	[F_PROTOCOL_VERSION] = K_INT, [F_RELEASE] = K_STR, [F_MACHINE] = K_STR, [F_PID] = K_INT,
	[F_UID] = K_INT, [F_BPF_SYSCALL] = K_INT, [F_BPF_ERRNO] = K_STR, [F_FEAT_LOG_TRUE_SIZE] = K_INT,
	[F_CGROUP2_PATH] = K_STR, [F_UNPRIV_BPF_DISABLED] = K_INT, [F_PROG_TYPES] = K_INT,
	[F_MEMLOCK] = K_INT, [F_PROG_TYPE] = K_INT, [F_EXPECTED_ATTACH_TYPE] = K_INT,
	[F_INSNS] = K_BYTES, [F_LICENSE] = K_STR, [F_LOG_LEVEL] = K_INT, [F_LOG_SIZE] = K_INT,
	[F_PROG_FLAGS] = K_INT, [F_PROG_NAME] = K_STR, [F_MAPS] = K_OBJ, [F_RELOCS] = K_OBJ,
	[F_MAP_TYPE] = K_INT, [F_KEY_SIZE] = K_INT, [F_VALUE_SIZE] = K_INT, [F_MAX_ENTRIES] = K_INT,
	[F_MAP_FLAGS] = K_INT, [F_INSN_INDEX] = K_INT, [F_MAP_INDEX] = K_INT, [F_RELOC_KIND] = K_INT,
	[F_OFFSET] = K_INT, [F_FD] = K_INT, [F_ERRNO] = K_STR, [F_LOG] = K_BYTES,
	[F_LOG_TRUE_SIZE] = K_INT, [F_DURATION_NS] = K_INT, [F_FAILED_AT] = K_STR,
	[F_XLATED] = K_BYTES, [F_JITED_LEN] = K_INT, [F_DATA_IN] = K_BYTES, [F_CTX_IN] = K_BYTES,
	[F_DATA_SIZE_OUT] = K_INT, [F_CTX_SIZE_OUT] = K_INT, [F_REPEAT] = K_INT, [F_RETVAL] = K_INT,
	[F_DATA_OUT] = K_BYTES, [F_CTX_OUT] = K_BYTES, [F_DEVICES] = K_OBJ, [F_DEV_TYPE] = K_INT,
	[F_MAJOR] = K_INT, [F_MINOR] = K_INT, [F_ACCESS] = K_INT, [F_ALLOWED] = K_INT,
	[F_ATTACHED] = K_INT, [F_FDS] = K_INT, [F_VALUE] = K_INT, [F_PREVIOUS] = K_INT,
	[F_CODE] = K_STR, [F_MESSAGE] = K_STR, [F_TAG] = K_BYTES, [F_XLATED_LEN] = K_INT,
};

/* error frame codes: ERROR_FRAME_CODES in protocol.ts */
#define E_BAD_FRAME "BAD_FRAME"
#define E_BAD_CRC "BAD_CRC"
#define E_TOO_LARGE "TOO_LARGE"
#define E_BAD_PAYLOAD "BAD_PAYLOAD"
#define E_UNKNOWN_MESSAGE "UNKNOWN_MESSAGE"
#define E_MISSING_FIELD "MISSING_FIELD"
#define E_WRONG_KIND "WRONG_KIND"
#define E_BAD_FD "BAD_FD"
#define E_BAD_VALUE "BAD_VALUE"
#define E_NO_REPLY "NO_REPLY"
#define E_INTERNAL "INTERNAL"

/* ---- growable buffer ---- */
struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void die(const char *what)
{
	fprintf(stderr, "lab-agent: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more)
		cap *= 2;
	uint8_t *p = realloc(b->p, cap);
	if (!p)
		die("out of memory");
	b->p = p;
	b->cap = cap;
}

static void buf_put(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_u32le(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- TLV writer ---- */
static void put_field(struct buf *b, int id, int kind, const void *p, size_t n)
{
	uint8_t head[6] = { (uint8_t)id, (uint8_t)kind };
	put_u32le(head + 2, (uint32_t)n);
	buf_put(b, head, 6);
	buf_put(b, p, n);
}

static void put_int(struct buf *b, int id, int64_t v)
{
	uint8_t le[8];
	for (int i = 0; i < 8; i++)
		le[i] = (uint8_t)((uint64_t)v >> (8 * i));
	put_field(b, id, K_INT, le, 8);
}

static void put_str(struct buf *b, int id, const char *s)
{
	put_field(b, id, K_STR, s, strlen(s));
}

static size_t obj_begin(struct buf *b, int id)
{
	put_field(b, id, K_OBJ, NULL, 0);
	return b->len;
}

static void obj_end(struct buf *b, size_t start)
{
	put_u32le(b->p + start - 4, (uint32_t)(b->len - start));
}

/* ---- TLV reader ---- */
struct field {
	int id, kind;
	const uint8_t *p;
	uint32_t len;
};

struct fields {
	struct field *v;
	size_t n;
};

static const char *err_code;
static char err_msg[256];

static int fail(const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err_msg, sizeof err_msg, fmt, ap);
	va_end(ap);
	err_code = code;
	return -1;
}

static void fields_free(struct fields *f)
{
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static int parse_fields(const uint8_t *p, size_t n, struct fields *out)
{
	size_t at = 0, cap = 0;
	out->v = NULL;
	out->n = 0;
	while (at < n) {
		if (n - at < 6)
			return fail(E_BAD_PAYLOAD, "truncated field header at %zu", at);
		uint32_t len = get_u32le(p + at + 2);
		if (len > n - at - 6)
			return fail(E_BAD_PAYLOAD, "field %d overruns the payload", p[at]);
		struct field f = { p[at], p[at + 1], p + at + 6, len };
		at += 6 + (size_t)len;
		if (f.id >= F_MAX || field_kinds[f.id] == 0)
			continue; /* unknown: skipped */
		if (f.kind != field_kinds[f.id] || (f.kind == K_INT && len != 8))
			return fail(E_WRONG_KIND, "field %d has kind %d length %u", f.id, f.kind, len);
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct field *v = realloc(out->v, cap * sizeof *v);
			if (!v)
				die("out of memory");
			out->v = v;
		}
		out->v[out->n++] = f;
	}
	return 0;
}

static const struct field *find(const struct fields *f, int id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].id == id)
			return &f->v[i];
	return NULL;
}

static int64_t int_of(const struct field *f)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | f->p[i];
	return (int64_t)v;
}

/* An int field that must be present and within [lo, hi]. */
static int need_int(const struct fields *f, int id, int64_t lo, int64_t hi, int64_t *out)
{
	const struct field *x = find(f, id);
	if (!x)
		return fail(E_MISSING_FIELD, "field %d is required", id);
	*out = int_of(x);
	if (*out < lo || *out > hi)
		return fail(E_BAD_VALUE, "field %d = %lld is outside %lld..%lld", id, (long long)*out,
			    (long long)lo, (long long)hi);
	return 0;
}

static int opt_int(const struct fields *f, int id, int64_t lo, int64_t hi, int64_t dflt, int64_t *out)
{
	if (!find(f, id)) {
		*out = dflt;
		return 0;
	}
	return need_int(f, id, lo, hi, out);
}

/* A copy of a str field as a C string (NUL-free), or dflt. */
static char *get_cstr(const struct fields *f, int id, const char *dflt)
{
	const struct field *x = find(f, id);
	if (!x)
		return strdup(dflt);
	char *s = malloc((size_t)x->len + 1);
	if (!s)
		die("out of memory");
	memcpy(s, x->p, x->len);
	s[x->len] = 0;
	return s;
}

/* ---- errno names ---- */
static const char *errno_name(int e)
{
	static char other[16];
	static const char *const kernel_only[] = { "ENOTSUPP", "ETOOSMALL", "ESERVERFAULT", "EBADTYPE" };
	if (e >= 524 && e <= 527)
		return kernel_only[e - 524]; /* kernel-internal codes bpf() can leak */
	const char *name = strerrorname_np(e);
	if (name)
		return name;
	snprintf(other, sizeof other, "E%d", e);
	return other;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- bpf(2): attr layouts written out (the libc headers may predate log_true_size) ---- */
#define BPF_MAP_CREATE 0
#define BPF_PROG_LOAD 5
#define BPF_PROG_ATTACH 8
#define BPF_PROG_DETACH 9
#define BPF_PROG_TEST_RUN 10
#define BPF_OBJ_GET_INFO_BY_FD 15
#define BPF_CGROUP_DEVICE 6
#define PROG_TYPE_SOCKET_FILTER 1
#define MAX_PROG_TYPE 48

struct attr_map_create {
	uint32_t map_type, key_size, value_size, max_entries, map_flags, inner_map_fd, numa_node;
	char map_name[16];
	uint32_t pad[5];
};

struct attr_prog_load {
	uint32_t prog_type, insn_cnt;
	uint64_t insns, license;
	uint32_t log_level, log_size;
	uint64_t log_buf;
	uint32_t kern_version, prog_flags;
	char prog_name[16];
	uint32_t prog_ifindex, expected_attach_type, prog_btf_fd, func_info_rec_size;
	uint64_t func_info;
	uint32_t func_info_cnt, line_info_rec_size;
	uint64_t line_info;
	uint32_t line_info_cnt, attach_btf_id, attach_prog_fd, core_relo_cnt;
	uint64_t fd_array, core_relos;
	uint32_t core_relo_rec_size, log_true_size; /* offset 140: kernels >= 6.4 fill it */
};

struct attr_info {
	uint32_t bpf_fd, info_len;
	uint64_t info;
};

struct prog_info {
	uint32_t type, id;
	uint8_t tag[8];
	uint32_t jited_prog_len, xlated_prog_len;
	uint64_t jited_prog_insns, xlated_prog_insns, load_time;
	uint32_t created_by_uid, nr_map_ids;
	uint64_t map_ids;
	char name[16];
};

struct attr_test_run {
	uint32_t prog_fd, retval, data_size_in, data_size_out;
	uint64_t data_in, data_out;
	uint32_t repeat, duration, ctx_size_in, ctx_size_out;
	uint64_t ctx_in, ctx_out;
	uint32_t flags, cpu, batch_size, pad;
};

struct attr_attach {
	uint32_t target_fd, attach_bpf_fd, attach_type, attach_flags, replace_bpf_fd, pad;
};

static long sys_bpf(int cmd, void *attr, unsigned size)
{
	return syscall(SYS_bpf, cmd, attr, size);
}

static uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* fds this agent created: the only ones a request may name */
#define MAX_OWNED 1024
static int owned[MAX_OWNED];
static int owned_n;

static int own(int fd)
{
	if (owned_n == MAX_OWNED)
		return -1;
	owned[owned_n++] = fd;
	return 0;
}

static int is_owned(int64_t fd)
{
	for (int i = 0; i < owned_n; i++)
		if (owned[i] == fd)
			return 1;
	return 0;
}

static int disown_close(int fd)
{
	for (int i = 0; i < owned_n; i++)
		if (owned[i] == fd) {
			owned[i] = owned[--owned_n];
			close(fd);
			return 1;
		}
	return 0;
}

static void close_all_owned(void)
{
	while (owned_n)
		close(owned[--owned_n]);
}

static const uint8_t trivial_prog[16] = { 0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0 };

/* Load `r0 = 0; exit` as `type`; returns the fd or -errno. */
static int load_trivial(uint32_t type, char *log, uint32_t log_size, uint32_t *true_size)
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
static int feat_log_true_size(void)
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

/* ---- framing: \x1eLAB1 <seq> <len> <crc32hex8> <base64(payload)>\n ---- */
static int in_fd = 0, out_fd = 1, port_mode;
static char *last_frame;
static size_t last_frame_len;
static uint32_t last_seq;

static uint32_t crc32(const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const uint8_t *p, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		out[o++] = b64chars[v >> 18 & 63];
		out[o++] = b64chars[v >> 12 & 63];
		out[o++] = i + 1 < n ? b64chars[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? b64chars[v & 63] : '=';
	}
	return o;
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict decode; returns the length or -1. */
static long b64_decode(const char *s, size_t n, uint8_t *out)
{
	if (n % 4)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < n; i += 4) {
		int pad = 0;
		uint32_t v = 0;
		for (int k = 0; k < 4; k++) {
			int d = b64_value(s[i + k]);
			if (s[i + k] == '=' && i + 4 == n && k >= 2 && (k == 3 || s[i + 3] == '=')) {
				pad++;
				d = 0;
			} else if (d < 0 || pad)
				return -1;
			v = v << 6 | (uint32_t)d;
		}
		out[o++] = (uint8_t)(v >> 16);
		if (pad < 2)
			out[o++] = (uint8_t)(v >> 8);
		if (pad < 1)
			out[o++] = (uint8_t)v;
	}
	return (long)o;
}

static void write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(out_fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			exit(errno == EPIPE ? 0 : 3);
		p += w;
		n -= (size_t)w;
	}
}

static void send_frame(uint32_t seq, const uint8_t *p, size_t n)
{
	char head[64];
	int h = snprintf(head, sizeof head, "\x1eLAB1 %u %zu %08x ", seq, n, crc32(p, n));
	size_t total = (size_t)h + (n + 2) / 3 * 4 + 1;
	char *line = malloc(total);
	if (!line)
		die("out of memory");
	memcpy(line, head, (size_t)h);
	size_t o = (size_t)h + b64_encode(p, n, line + h);
	line[o++] = '\n';
	write_all(line, o);
	free(last_frame);
	last_frame = line;
	last_frame_len = o;
	last_seq = seq;
}

static void send_error(uint32_t seq, const char *code, const char *message)
{
	struct buf out = { 0 };
	uint8_t t = MSG_ERROR | REPLY_BIT;
	buf_put(&out, &t, 1);
	put_str(&out, F_CODE, code);
	put_str(&out, F_MESSAGE, message);
	send_frame(seq, out.p, out.len);
	free(out.p);
}

static void resend(uint32_t seq)
{
	if (last_frame && last_seq == seq)
		write_all(last_frame, last_frame_len);
	else
		send_error(seq, E_NO_REPLY, "no stored reply for this seq");
}

/* Parse a digit run; returns chars used, 0 when none or too long. */
static size_t parse_num(const char *s, size_t n, size_t max_digits, uint64_t *v)
{
	size_t i = 0;
	*v = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9' && i < max_digits)
		*v = *v * 10 + (uint64_t)(s[i++] - '0');
	return i < n && s[i] >= '0' && s[i] <= '9' ? 0 : i;
}

/* One line after the magic: "<seq> <len> <crc> <b64>". */
static void handle_line(char *s, size_t n, int overflow, void (*serve)(uint32_t, const uint8_t *, size_t))
{
	uint64_t seq = 0, len = 0, crc = 0;
	size_t a = parse_num(s, n, 10, &seq);
	int have_seq = a > 0 && (a == n || s[a] == ' ' || s[a] == '\r') && seq <= 0xffffffffu;
	uint32_t sq = have_seq ? (uint32_t)seq : 0;
	if (overflow) {
		send_error(sq, E_TOO_LARGE, "frame line too long");
		return;
	}
	if (n && s[n - 1] == '\r')
		n--;
	if (!have_seq || a >= n) {
		send_error(sq, E_BAD_FRAME, have_seq ? "a frame has four space-separated parts" : "bad seq");
		return;
	}
	s += a + 1;
	n -= a + 1;
	size_t b = parse_num(s, n, 10, &len);
	if (!b || b >= n || s[b] != ' ') {
		send_error(sq, E_BAD_FRAME, "bad length");
		return;
	}
	if (len > MAX_PAYLOAD) {
		send_error(sq, E_TOO_LARGE, "payload too large");
		return;
	}
	s += b + 1;
	n -= b + 1;
	if (n < 9 || s[8] != ' ') {
		send_error(sq, E_BAD_FRAME, "bad crc field");
		return;
	}
	for (int i = 0; i < 8; i++) {
		int c = s[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0) {
			send_error(sq, E_BAD_FRAME, "bad crc field");
			return;
		}
		crc = crc << 4 | (uint64_t)d;
	}
	s += 9;
	n -= 9;
	uint8_t *payload = malloc(n / 4 * 3 + 1);
	if (!payload)
		die("out of memory");
	long got = b64_decode(s, n, payload);
	if (got < 0 || (uint64_t)got != len)
		send_error(sq, E_BAD_FRAME, got < 0 ? "bad base64" : "length mismatch");
	else if (crc32(payload, (size_t)got) != crc)
		send_error(sq, E_BAD_CRC, "crc32 mismatch");
	else
		serve(sq, payload, (size_t)got);
	free(payload);
}

#define MAX_LINE (64 + (MAX_PAYLOAD + 2) / 3 * 4)

/* Read frames until EOF, resynchronising on the magic; noise between frames is skipped. */
static void read_frames(void (*serve)(uint32_t, const uint8_t *, size_t))
{
	static const char magic[] = "LAB1 ";
	static char chunk[65536];
	struct buf line = { 0 };
	int in_frame = 0, overflow = 0;
	for (;;) {
		ssize_t got = read(in_fd, chunk, sizeof chunk);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got == 0 && port_mode) {
			/* a virtio port reads 0 while the host side is not connected: wait for it */
			usleep(20000);
			continue;
		}
		if (got <= 0)
			break;
		for (ssize_t i = 0; i < got; i++) {
			char c = chunk[i];
			if (c == 0x1e || (c == '\n' && in_frame)) {
				int framed = in_frame && line.len >= 5 && !memcmp(line.p, magic, 5);
				if (framed && c == '\n')
					handle_line((char *)line.p + 5, line.len - 5, overflow, serve);
				else if (framed)
					send_error(0, E_BAD_FRAME, "frame cut short by the next frame");
				in_frame = c == 0x1e;
				line.len = 0;
				overflow = 0;
				continue;
			}
			if (!in_frame)
				continue;
			if (line.len >= MAX_LINE) {
				overflow = 1;
				if (line.len > 64)
					line.len = 64;
				continue;
			}
			if (line.len == line.cap) {
				size_t run = 1;
				while (i + (ssize_t)run < got && chunk[i + run] != '\n' && chunk[i + run] != 0x1e)
					run++;
				buf_reserve(&line, run);
			}
			line.p[line.len++] = (uint8_t)c;
		}
	}
	free(line.p);
}

/* ---- requests ---- */
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
static const char *cgroup2_mount(void)
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

static int op_hello(struct buf *out)
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
	int64_t types = 0;
	for (uint32_t t = 1; fd >= 0 && t < MAX_PROG_TYPE && t < 63; t++) {
		int tfd = load_trivial(t, NULL, 0, NULL);
		if (tfd >= 0) {
			types |= (int64_t)1 << t;
			close(tfd);
		}
	}
	put_int(out, F_PROG_TYPES, types);
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

static int op_load(const struct fields *req, struct buf *out)
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

static int owned_fd(const struct fields *req, int64_t *fd)
{
	if (need_int(req, F_FD, INT32_MIN, INT32_MAX, fd))
		return -1;
	if (!is_owned(*fd))
		return fail(E_BAD_FD, "fd %lld was not made by this agent", (long long)*fd);
	return 0;
}

static int op_info(const struct fields *req, struct buf *out)
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

static int op_test_run(const struct fields *req, struct buf *out)
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

static int op_rlimit(const struct fields *req, struct buf *out)
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
static int op_close(const struct fields *req, struct buf *out)
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

static void power_off(void)
{
	close_all_owned();
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	exit(0);
}

/* ---- cgroup_device_probe: a child cgroup, the program attached (or none), open() from inside ---- */
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

static int op_probe(const struct fields *req, struct buf *out)
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


/* ---- dispatch ---- */
static int dispatch(int type, const struct fields *req, struct buf *out)
{
	switch (type) {
	case MSG_HELLO:
		return op_hello(out);
	case MSG_LOAD:
		return op_load(req, out);
	case MSG_INFO:
		return op_info(req, out);
	case MSG_TEST_RUN:
		return op_test_run(req, out);
	case MSG_CGROUP_DEVICE_PROBE:
		return op_probe(req, out);
	case MSG_SET_RLIMIT_MEMLOCK:
		return op_rlimit(req, out);
	case MSG_CLOSE:
		return op_close(req, out);
	case MSG_POWEROFF:
		return 0;
	default:
		return fail(E_UNKNOWN_MESSAGE, "unknown message type %d", type);
	}
}

static void serve_payload(uint32_t seq, const uint8_t *p, size_t n)
{
	if (n < 1) {
		send_error(seq, E_BAD_PAYLOAD, "empty payload");
		return;
	}
	int type = p[0];
	if (type & REPLY_BIT)
		return; /* a reply echoed back (a tty before raw mode): never answer it, or two agents ping-pong */
	if (type == MSG_RESEND) {
		resend(seq);
		return;
	}
	struct fields req;
	struct buf out = { 0 };
	uint8_t t = (uint8_t)(type | REPLY_BIT);
	buf_put(&out, &t, 1);
	err_code = NULL;
	if (parse_fields(p + 1, n - 1, &req) == 0 && dispatch(type, &req, &out) == 0)
		send_frame(seq, out.p, out.len);
	else
		send_error(seq, err_code ? err_code : E_INTERNAL, err_msg);
	fields_free(&req);
	free(out.p);
	if (type == MSG_POWEROFF && !err_code)
		power_off();
}

static void open_port(const char *path)
{
	int fd = open(path, O_RDWR | O_NOCTTY);
	if (fd < 0)
		die(path);
	struct termios tio;
	if (isatty(fd) && tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		cfsetispeed(&tio, B115200);
		cfsetospeed(&tio, B115200);
		tcsetattr(fd, TCSANOW, &tio);
	}
	in_fd = fd;
	out_fd = fd;
	port_mode = 1;
}

int main(int argc, char **argv)
{
	int announce = 0;
	signal(SIGPIPE, SIG_IGN);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			open_port(argv[++i]);
		else if (!strcmp(argv[i], "--announce"))
			announce = 1;
		else {
			fprintf(stderr, "usage: lab-agent [--port DEVICE] [--announce]\n");
			return 2;
		}
	}
	if (announce) {
		struct buf out = { 0 };
		uint8_t t = MSG_HELLO | REPLY_BIT;
		buf_put(&out, &t, 1);
		op_hello(&out);
		send_frame(0, out.p, out.len);
		free(out.p);
	}
	read_frames(serve_payload);
	close_all_owned();
	return 0;
}
