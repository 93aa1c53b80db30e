/* lab-agent: frames on the channel: \x1eLAB1 <seq> <len> <crc32hex8> <base64(payload)>\n. */
#include "agent.h"

int in_fd = 0, out_fd = 1, port_mode;
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

void send_frame(uint32_t seq, const uint8_t *p, size_t n)
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

void send_error(uint32_t seq, const char *code, const char *message)
{
	struct buf out = { 0 };
	uint8_t t = MSG_ERROR | REPLY_BIT;
	buf_put(&out, &t, 1);
	put_str(&out, F_CODE, code);
	put_str(&out, F_MESSAGE, message);
	send_frame(seq, out.p, out.len);
	free(out.p);
}

void resend(uint32_t seq)
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
void read_frames(void (*serve)(uint32_t, const uint8_t *, size_t))
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
