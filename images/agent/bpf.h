/* bpf(2) commands and attr layouts, written out: the libc headers may predate log_true_size. */
#ifndef LAB_AGENT_BPF_H
#define LAB_AGENT_BPF_H

#include <stdint.h>

#define BPF_MAP_CREATE 0
#define BPF_PROG_LOAD 5
#define BPF_PROG_ATTACH 8
#define BPF_PROG_DETACH 9
#define BPF_PROG_TEST_RUN 10
#define BPF_OBJ_GET_INFO_BY_FD 15
#define BPF_CGROUP_DEVICE 6
#define PROG_TYPE_SOCKET_FILTER 1
#define MAX_PROG_TYPE 48
#define MAX_OWNED 1024 /* program fds one agent holds at most */

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

#endif
