/*
 * lab-agent's shared declarations: the TLV buffer and reader (tlv.c), framing (frame.c), bpf(2)
 * and the fds the agent owns (bpf.c), the requests (ops.c, probe.c), dispatch and main (agent.c).
 */
#ifndef LAB_AGENT_H
#define LAB_AGENT_H

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

#include "bpf.h"
#include "protocol.h"

struct buf {
	uint8_t *p;
	size_t len, cap;
};

struct field {
	int id, kind;
	const uint8_t *p;
	uint32_t len;
};

struct fields {
	struct field *v;
	size_t n;
};

extern const char *err_code;
extern char err_msg[256];
extern int owned_n;
extern int in_fd, out_fd, port_mode;

/* tlv.c: buffers, TLV payloads, errors of a request */
void die(const char *what);
void buf_reserve(struct buf *b, size_t more);
void buf_put(struct buf *b, const void *p, size_t n);
void put_u32le(uint8_t *p, uint32_t v);
void put_field(struct buf *b, int id, int kind, const void *p, size_t n);
void put_int(struct buf *b, int id, int64_t v);
void put_str(struct buf *b, int id, const char *s);
size_t obj_begin(struct buf *b, int id);
void obj_end(struct buf *b, size_t start);
int fail(const char *code, const char *fmt, ...);
void fields_free(struct fields *f);
int parse_fields(const uint8_t *p, size_t n, struct fields *out);
const struct field *find(const struct fields *f, int id);
int64_t int_of(const struct field *f);
int need_int(const struct fields *f, int id, int64_t lo, int64_t hi, int64_t *out);
int opt_int(const struct fields *f, int id, int64_t lo, int64_t hi, int64_t dflt, int64_t *out);
char *get_cstr(const struct fields *f, int id, const char *dflt);
const char *errno_name(int e);
int64_t now_ns(void);

/* frame.c: the channel */
void send_frame(uint32_t seq, const uint8_t *p, size_t n);
void send_error(uint32_t seq, const char *code, const char *message);
void resend(uint32_t seq);
void read_frames(void (*serve)(uint32_t, const uint8_t *, size_t));

/* bpf.c: bpf(2) and the fds the agent owns */
long sys_bpf(int cmd, void *attr, unsigned size);
uint64_t ptr(const void *p);
int own(int fd);
int is_owned(int64_t fd);
int disown_close(int fd);
void close_all_owned(void);
int load_trivial(uint32_t type, char *log, uint32_t log_size, uint32_t *true_size);
int feat_log_true_size(void);

/* ops.c: requests */
const char *cgroup2_mount(void);
int op_hello(struct buf *out);
int op_load(const struct fields *req, struct buf *out);
int owned_fd(const struct fields *req, int64_t *fd);
int op_info(const struct fields *req, struct buf *out);
int op_test_run(const struct fields *req, struct buf *out);
int op_rlimit(const struct fields *req, struct buf *out);
int op_close(const struct fields *req, struct buf *out);
void power_off(void);

/* probe.c: cgroup device probes */
int op_probe(const struct fields *req, struct buf *out);

#endif
