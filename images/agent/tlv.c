/* lab-agent: growable buffers, TLV payloads (write and read), errno names. */
#include "agent.h"

void die(const char *what)
{
	fprintf(stderr, "lab-agent: %s: %s\n", what, strerror(errno));
	exit(2);
}

void buf_reserve(struct buf *b, size_t more)
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

void buf_put(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

void put_u32le(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void put_field(struct buf *b, int id, int kind, const void *p, size_t n)
{
	uint8_t head[6] = { (uint8_t)id, (uint8_t)kind };
	put_u32le(head + 2, (uint32_t)n);
	buf_put(b, head, 6);
	buf_put(b, p, n);
}

void put_int(struct buf *b, int id, int64_t v)
{
	uint8_t le[8];
	for (int i = 0; i < 8; i++)
		le[i] = (uint8_t)((uint64_t)v >> (8 * i));
	put_field(b, id, K_INT, le, 8);
}

void put_str(struct buf *b, int id, const char *s)
{
	put_field(b, id, K_STR, s, strlen(s));
}

size_t obj_begin(struct buf *b, int id)
{
	put_field(b, id, K_OBJ, NULL, 0);
	return b->len;
}

void obj_end(struct buf *b, size_t start)
{
	put_u32le(b->p + start - 4, (uint32_t)(b->len - start));
}

const unsigned char field_kinds[F_MAX] = {
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

const char *err_code;
char err_msg[256];

int fail(const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err_msg, sizeof err_msg, fmt, ap);
	va_end(ap);
	err_code = code;
	return -1;
}

void fields_free(struct fields *f)
{
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

int parse_fields(const uint8_t *p, size_t n, struct fields *out)
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

const struct field *find(const struct fields *f, int id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].id == id)
			return &f->v[i];
	return NULL;
}

int64_t int_of(const struct field *f)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | f->p[i];
	return (int64_t)v;
}

/* An int field that must be present and within [lo, hi]. */
int need_int(const struct fields *f, int id, int64_t lo, int64_t hi, int64_t *out)
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

int opt_int(const struct fields *f, int id, int64_t lo, int64_t hi, int64_t dflt, int64_t *out)
{
	if (!find(f, id)) {
		*out = dflt;
		return 0;
	}
	return need_int(f, id, lo, hi, out);
}

/* A copy of a str field as a C string (NUL-free), or dflt. */
char *get_cstr(const struct fields *f, int id, const char *dflt)
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

const char *errno_name(int e)
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

int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
