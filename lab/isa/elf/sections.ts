/**
 * Program type (and expected attach type) from an ELF section name, with libbpf's matching rules:
 * `name` matches exactly, `name+` matches `name` or `name/anything`, `name/` needs `name/anything`.
 * The first row that matches wins, in libbpf's order.
 */
export interface SectionDef {
  pattern: string;
  progType: string;
  attachType: string | null;
}

const ROWS: ReadonlyArray<[string, string, string | null]> = [
  ["socket", "socket_filter", null],
  ["sk_reuseport/migrate", "sk_reuseport", "sk_reuseport_select_or_migrate"],
  ["sk_reuseport", "sk_reuseport", "sk_reuseport_select"],
  ["kprobe+", "kprobe", null],
  ["uprobe+", "kprobe", null],
  ["uprobe.s+", "kprobe", null],
  ["kretprobe+", "kprobe", null],
  ["uretprobe+", "kprobe", null],
  ["uretprobe.s+", "kprobe", null],
  ["kprobe.multi+", "kprobe", "trace_kprobe_multi"],
  ["kretprobe.multi+", "kprobe", "trace_kprobe_multi"],
  ["kprobe.session+", "kprobe", "trace_kprobe_session"],
  ["uprobe.multi+", "kprobe", "trace_uprobe_multi"],
  ["uretprobe.multi+", "kprobe", "trace_uprobe_multi"],
  ["uprobe.session+", "kprobe", "trace_uprobe_session"],
  ["uprobe.multi.s+", "kprobe", "trace_uprobe_multi"],
  ["uretprobe.multi.s+", "kprobe", "trace_uprobe_multi"],
  ["uprobe.session.s+", "kprobe", "trace_uprobe_session"],
  ["ksyscall+", "kprobe", null],
  ["kretsyscall+", "kprobe", null],
  ["usdt+", "kprobe", null],
  ["usdt.s+", "kprobe", null],
  ["tc/ingress", "sched_cls", "tcx_ingress"],
  ["tc/egress", "sched_cls", "tcx_egress"],
  ["tcx/ingress", "sched_cls", "tcx_ingress"],
  ["tcx/egress", "sched_cls", "tcx_egress"],
  ["tc", "sched_cls", null],
  ["classifier", "sched_cls", null],
  ["action", "sched_act", null],
  ["netkit/primary", "sched_cls", "netkit_primary"],
  ["netkit/peer", "sched_cls", "netkit_peer"],
  ["tracepoint+", "tracepoint", null],
  ["tp+", "tracepoint", null],
  ["tracepoint.s+", "tracepoint", null],
  ["tp.s+", "tracepoint", null],
  ["raw_tracepoint+", "raw_tracepoint", null],
  ["raw_tp+", "raw_tracepoint", null],
  ["raw_tracepoint.s+", "raw_tracepoint", null],
  ["raw_tp.s+", "raw_tracepoint", null],
  ["raw_tracepoint.w+", "raw_tracepoint_writable", null],
  ["raw_tp.w+", "raw_tracepoint_writable", null],
  ["tp_btf+", "tracing", "trace_raw_tp"],
  ["tp_btf.s+", "tracing", "trace_raw_tp"],
  ["fentry+", "tracing", "trace_fentry"],
  ["fmod_ret+", "tracing", "modify_return"],
  ["fexit+", "tracing", "trace_fexit"],
  ["fentry.s+", "tracing", "trace_fentry"],
  ["fmod_ret.s+", "tracing", "modify_return"],
  ["fexit.s+", "tracing", "trace_fexit"],
  ["fsession+", "tracing", "trace_fsession"],
  ["fsession.s+", "tracing", "trace_fsession"],
  ["fsession.multi+", "tracing", "trace_fsession_multi"],
  ["fsession.multi.s+", "tracing", "trace_fsession_multi"],
  ["fentry.multi+", "tracing", "trace_fentry_multi"],
  ["fexit.multi+", "tracing", "trace_fexit_multi"],
  ["fentry.multi.s+", "tracing", "trace_fentry_multi"],
  ["fexit.multi.s+", "tracing", "trace_fexit_multi"],
  ["freplace+", "ext", null],
  ["lsm+", "lsm", "lsm_mac"],
  ["lsm.s+", "lsm", "lsm_mac"],
  ["lsm_cgroup+", "lsm", "lsm_cgroup"],
  ["iter+", "tracing", "trace_iter"],
  ["iter.s+", "tracing", "trace_iter"],
  ["syscall", "syscall", null],
  ["xdp.frags/devmap", "xdp", "xdp_devmap"],
  ["xdp/devmap", "xdp", "xdp_devmap"],
  ["xdp.frags/cpumap", "xdp", "xdp_cpumap"],
  ["xdp/cpumap", "xdp", "xdp_cpumap"],
  ["xdp.frags", "xdp", "xdp"],
  ["xdp", "xdp", "xdp"],
  ["perf_event", "perf_event", null],
  ["lwt_in", "lwt_in", null],
  ["lwt_out", "lwt_out", null],
  ["lwt_xmit", "lwt_xmit", null],
  ["lwt_seg6local", "lwt_seg6local", null],
  ["sockops", "sock_ops", "cgroup_sock_ops"],
  ["sk_skb/stream_parser", "sk_skb", "sk_skb_stream_parser"],
  ["sk_skb/stream_verdict", "sk_skb", "sk_skb_stream_verdict"],
  ["sk_skb/verdict", "sk_skb", "sk_skb_verdict"],
  ["sk_skb", "sk_skb", null],
  ["sk_msg", "sk_msg", "sk_msg_verdict"],
  ["lirc_mode2", "lirc_mode2", "lirc_mode2"],
  ["flow_dissector", "flow_dissector", "flow_dissector"],
  ["cgroup_skb/ingress", "cgroup_skb", "cgroup_inet_ingress"],
  ["cgroup_skb/egress", "cgroup_skb", "cgroup_inet_egress"],
  ["cgroup/skb", "cgroup_skb", null],
  ["cgroup/sock_create", "cgroup_sock", "cgroup_inet_sock_create"],
  ["cgroup/sock_release", "cgroup_sock", "cgroup_inet_sock_release"],
  ["cgroup/sock", "cgroup_sock", "cgroup_inet_sock_create"],
  ["cgroup/post_bind4", "cgroup_sock", "cgroup_inet4_post_bind"],
  ["cgroup/post_bind6", "cgroup_sock", "cgroup_inet6_post_bind"],
  ["cgroup/bind4", "cgroup_sock_addr", "cgroup_inet4_bind"],
  ["cgroup/bind6", "cgroup_sock_addr", "cgroup_inet6_bind"],
  ["cgroup/connect4", "cgroup_sock_addr", "cgroup_inet4_connect"],
  ["cgroup/connect6", "cgroup_sock_addr", "cgroup_inet6_connect"],
  ["cgroup/connect_unix", "cgroup_sock_addr", "cgroup_unix_connect"],
  ["cgroup/sendmsg4", "cgroup_sock_addr", "cgroup_udp4_sendmsg"],
  ["cgroup/sendmsg6", "cgroup_sock_addr", "cgroup_udp6_sendmsg"],
  ["cgroup/sendmsg_unix", "cgroup_sock_addr", "cgroup_unix_sendmsg"],
  ["cgroup/recvmsg4", "cgroup_sock_addr", "cgroup_udp4_recvmsg"],
  ["cgroup/recvmsg6", "cgroup_sock_addr", "cgroup_udp6_recvmsg"],
  ["cgroup/recvmsg_unix", "cgroup_sock_addr", "cgroup_unix_recvmsg"],
  ["cgroup/getpeername4", "cgroup_sock_addr", "cgroup_inet4_getpeername"],
  ["cgroup/getpeername6", "cgroup_sock_addr", "cgroup_inet6_getpeername"],
  ["cgroup/getpeername_unix", "cgroup_sock_addr", "cgroup_unix_getpeername"],
  ["cgroup/getsockname4", "cgroup_sock_addr", "cgroup_inet4_getsockname"],
  ["cgroup/getsockname6", "cgroup_sock_addr", "cgroup_inet6_getsockname"],
  ["cgroup/getsockname_unix", "cgroup_sock_addr", "cgroup_unix_getsockname"],
  ["cgroup/sysctl", "cgroup_sysctl", "cgroup_sysctl"],
  ["cgroup/getsockopt", "cgroup_sockopt", "cgroup_getsockopt"],
  ["cgroup/setsockopt", "cgroup_sockopt", "cgroup_setsockopt"],
  ["cgroup/dev", "cgroup_device", "cgroup_device"],
  ["struct_ops+", "struct_ops", null],
  ["struct_ops.s+", "struct_ops", null],
  ["sk_lookup", "sk_lookup", "sk_lookup"],
  ["netfilter", "netfilter", "netfilter"],
];

export const SECTION_DEFS: readonly SectionDef[] = ROWS.map(([pattern, progType, attachType]) => ({
  pattern,
  progType,
  attachType,
}));

function matches(pattern: string, name: string): boolean {
  if (pattern.endsWith("/")) return name.startsWith(pattern);
  if (pattern.endsWith("+")) {
    const stem = pattern.slice(0, -1);
    return name === stem || name.startsWith(`${stem}/`);
  }
  return name === pattern;
}

/** The definition for section `name` (`cgroup/dev` -> cgroup_device), or null when libbpf knows none. */
export function sectionDef(name: string): SectionDef | null {
  return SECTION_DEFS.find((def) => matches(def.pattern, name)) ?? null;
}
