/*
 * The protocol's numbers, mirrored from lab/kernel/protocol.ts (test/kernel/protocol.test.ts reads
 * this file and compares every message type, field id and kind, error code and limit).
 */
#ifndef LAB_AGENT_PROTOCOL_H
#define LAB_AGENT_PROTOCOL_H

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

/* the kind of every field id (tlv.c) */
extern const unsigned char field_kinds[F_MAX];

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

#endif
