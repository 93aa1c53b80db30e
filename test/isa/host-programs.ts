/**
 * Hand-written programs for the host-log comparison: a Slurm-like device filter and one program
 * holding every instruction form the host can take (assembled from the verifier-log syntax).
 */
import { readFileSync } from "node:fs";
import { assemble } from "../../lab/isa/asm.js";
import { BTF_KIND, readBtf } from "../../lab/isa/elf/btf.js";
import { Bytes } from "../../lab/isa/elf/bytes.js";
import type { Program } from "../../lab/program.js";

export function slurmLike(devices: number): Program {
  const lines = [
    "r2 = *(u32 *)(r1 +0)",
    "r2 &= 65535",
    "r3 = *(u32 *)(r1 +0)",
    "r3 >>= 16",
    "r4 = *(u32 *)(r1 +4)",
    "r5 = *(u32 *)(r1 +8)",
  ];
  for (let d = 0; d < devices; d++) {
    lines.push(
      `if r2 != 0x${d % 3 === 0 ? 1 : 2} goto pc+5`,
      `if r4 != 0x${(d * 7) % 256} goto pc+4`,
      `if r5 != 0x${d + 1} goto pc+3`,
    );
    lines.push("if w3 & 0x2 goto pc+2", "r0 = 1", "exit");
  }
  lines.push("r0 = 0", "exit");
  return { ...assemble(lines.join("\n"), { origin: "slurm-like.s" }), progType: "cgroup_device" };
}

/** The BTF id of a kernel variable the kernel can also find in kallsyms (needs CONFIG_KALLSYMS_ALL), or null. */
function ksymBtfId(): number | null {
  try {
    const names = new Set(
      readFileSync("/proc/kallsyms", "utf8")
        .split("\n")
        .map((l) => l.split(" ")[2]),
    );
    const btf = readBtf(new Bytes(new Uint8Array(readFileSync("/sys/kernel/btf/vmlinux")), "vmlinux"));
    return btf.types.find((x) => x.kind === BTF_KIND.VAR && names.has(x.name))?.id ?? null;
  } catch {
    return null;
  }
}

export function everyForm(): Program {
  const btfId = ksymBtfId();
  const body = [
    ".map arr array key=4 value=8 entries=1",
    ".map h hash key=4 value=8 entries=4",
    "r6 = r1",
    "r1 = map[arr]",
    "r2 = map[arr][0]+4",
    "r3 = map[idx:1]",
    "r4 = map[idx:0][0]+2",
    "r5 = 0x123456789abcdef",
    "r5 = 0xffffffffffffffff",
    btfId === null ? "r5 = 0x0" : `r5 = btf_id[${btfId}]`,
    "r7 = func[pc+FUNC]",
    "r0 = 0",
    "w1 = 5",
    "r1 += -8",
    "r1 -= 2147483647",
    "w1 *= -1",
    "r1 /= 3",
    "w1 |= r2".replace("r2", "w2"),
    "r1 &= 255",
    "r1 <<= 3",
    "w1 >>= 2",
    "r1 %= 7",
    "r1 ^= r2",
    "r1 s>>= 1",
    "w1 = -w1",
    "r1 = -r1",
    "r1 s/= r2",
    "w1 s%= 5",
    "r1 = (s8)r2",
    "w1 = (s16)w2",
    "r1 = (s32)r2",
    "r1 = be16 r1",
    "r1 = le64 r1",
    "r1 = bswap32 r1",
    "r1 = addr_space_cast(r2, 0, 1)",
    "r1 = *(u8 *)(r10 -8)",
    "r1 = *(s16 *)(r10 -8)",
    "r1 = *(u64 *)(r10 -8)",
    "*(u32 *)(r10 -8) = -3",
    "*(u64 *)(r10 -16) = r1",
    "lock *(u64 *)(r10 -16) += r1",
    "lock *(u32 *)(r10 -16) |= r1",
    "r1 = atomic64_fetch_xor((u64 *)(r10 -16), r1)",
    "r1 = atomic_fetch_add((u32 *)(r10 -16), r1)",
    "r1 = atomic64_xchg((u64 *)(r10 -16), r1)",
    "r0 = atomic64_cmpxchg((u64 *)(r10 -16), r0, r1)",
    "r1 = load_acquire((u64 *)(r10 -16))",
    "store_release((u32 *)(r10 -16), r1)",
    "r0 = *(u16 *)skb[12]",
    "r0 = *(u32 *)skb[r1 + -4]",
    "if r1 == 0x5 goto pc+0",
    "if r1 s> r2 goto pc+0",
    "if w1 < 0xfffffff0 goto pc+0",
    "if w1 s<= w2 goto pc+0",
    "if r1 & 0x8 goto pc+0",
    "goto pc+0",
    "gotol pc+0",
    "may_goto pc+0",
    "call bpf_ktime_get_ns#5",
    "call bpf_map_lookup_elem#1",
    "call pc+SUB",
    "exit",
    "r0 = 0",
    "exit",
  ];
  const at = (text: string) => body.filter((l) => !l.startsWith(".")).indexOf(text);
  const slots = (upTo: number) =>
    body
      .filter((l) => !l.startsWith("."))
      .slice(0, upTo)
      .reduce((n, l) => n + (/^r\d+ = (0x|map|btf|func)/.test(l) ? 2 : 1), 0);
  const sub = slots(at("call pc+SUB") + 2);
  const text = body
    .join("\n")
    .replace("pc+SUB", `pc+${sub - slots(at("call pc+SUB")) - 1}`)
    .replace("pc+FUNC", `pc+${sub - slots(at("r7 = func[pc+FUNC]")) - 1}`);
  return assemble(text, { origin: "every-form.s" });
}
