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
#include "agent.h"

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
