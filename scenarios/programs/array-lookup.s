; A socket filter that looks up key 0 in an array map and returns the value's first byte.
; Loading it creates the map first: both are charged to RLIMIT_MEMLOCK before 5.11.
.prog_type socket_filter
.license GPL
.map counters array key=4 value=8 entries=16
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[counters]
call bpf_map_lookup_elem#1
if r0 == 0x0 goto pc+2
r0 = *(u8 *)(r0 +0)
exit
r0 = 0
exit
