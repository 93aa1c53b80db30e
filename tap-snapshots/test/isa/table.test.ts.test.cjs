/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/isa/table.test.ts > TAP > every form as each kernel line prints it > newest | 5.10 | 6.1 | 6.6 | 6.12 1`] = `
add32_k                (04) w7 += 943874942 | (04) w7 += 943874942 | (04) w7 += 943874942 | (04) w7 += 943874942 | (04) w7 += 943874942
add32_x                (0c) w6 += w0 | (0c) w6 += w0 | (0c) w6 += w0 | (0c) w6 += w0 | (0c) w6 += w0
sub32_k                (14) w6 -= 1967542611 | (14) w6 -= 1967542611 | (14) w6 -= 1967542611 | (14) w6 -= 1967542611 | (14) w6 -= 1967542611
sub32_x                (1c) w9 -= w2 | (1c) w9 -= w2 | (1c) w9 -= w2 | (1c) w9 -= w2 | (1c) w9 -= w2
mul32_k                (24) w8 *= -1457883469 | (24) w8 *= -1457883469 | (24) w8 *= -1457883469 | (24) w8 *= -1457883469 | (24) w8 *= -1457883469
mul32_x                (2c) w0 *= w5 | (2c) w0 *= w5 | (2c) w0 *= w5 | (2c) w0 *= w5 | (2c) w0 *= w5
div32_k                (34) w3 /= 1237448279 | (34) w3 /= 1237448279 | (34) w3 /= 1237448279 | (34) w3 /= 1237448279 | (34) w3 /= 1237448279
div32_x                (3c) w8 /= w7 | (3c) w8 /= w7 | (3c) w8 /= w7 | (3c) w8 /= w7 | (3c) w8 /= w7
or32_k                 (44) w2 |= 10 | (44) w2 |= 10 | (44) w2 |= 10 | (44) w2 |= 10 | (44) w2 |= 10
or32_x                 (4c) w2 |= w2 | (4c) w2 |= w2 | (4c) w2 |= w2 | (4c) w2 |= w2 | (4c) w2 |= w2
and32_k                (54) w1 &= -35891372 | (54) w1 &= -35891372 | (54) w1 &= -35891372 | (54) w1 &= -35891372 | (54) w1 &= -35891372
and32_x                (5c) w2 &= w0 | (5c) w2 &= w0 | (5c) w2 &= w0 | (5c) w2 &= w0 | (5c) w2 &= w0
lsh32_k                (64) w9 <<= -1 | (64) w9 <<= -1 | (64) w9 <<= -1 | (64) w9 <<= -1 | (64) w9 <<= -1
lsh32_x                (6c) w10 <<= w2 | (6c) w10 <<= w2 | (6c) w10 <<= w2 | (6c) w10 <<= w2 | (6c) w10 <<= w2
rsh32_k                (74) w4 >>= 12 | (74) w4 >>= 12 | (74) w4 >>= 12 | (74) w4 >>= 12 | (74) w4 >>= 12
rsh32_x                (7c) w7 >>= w9 | (7c) w7 >>= w9 | (7c) w7 >>= w9 | (7c) w7 >>= w9 | (7c) w7 >>= w9
mod32_k                (94) w5 %= -1506864923 | (94) w5 %= -1506864923 | (94) w5 %= -1506864923 | (94) w5 %= -1506864923 | (94) w5 %= -1506864923
mod32_x                (9c) w1 %= w6 | (9c) w1 %= w6 | (9c) w1 %= w6 | (9c) w1 %= w6 | (9c) w1 %= w6
xor32_k                (a4) w6 ^= 65535 | (a4) w6 ^= 65535 | (a4) w6 ^= 65535 | (a4) w6 ^= 65535 | (a4) w6 ^= 65535
xor32_x                (ac) w6 ^= w0 | (ac) w6 ^= w0 | (ac) w6 ^= w0 | (ac) w6 ^= w0 | (ac) w6 ^= w0
mov32_k                (b4) w10 = -2147483648 | (b4) w10 = -2147483648 | (b4) w10 = -2147483648 | (b4) w10 = -2147483648 | (b4) w10 = -2147483648
mov32_x                (bc) w9 = w2 | (bc) w9 = w2 | (bc) w9 = w2 | (bc) w9 = w2 | (bc) w9 = w2
arsh32_k               (c4) w1 s>>= 1197825871 | (c4) w1 s>>= 1197825871 | (c4) w1 s>>= 1197825871 | (c4) w1 s>>= 1197825871 | (c4) w1 s>>= 1197825871
arsh32_x               (cc) w10 s>>= w0 | (cc) w10 s>>= w0 | (cc) w10 s>>= w0 | (cc) w10 s>>= w0 | (cc) w10 s>>= w0
neg32                  (84) w3 = -w3 | (84) w3 = -w3 | (84) w3 = -w3 | (84) w3 = -w3 | (84) w3 = -w3
sdiv32_k               (34) w8 s/= 65535 | (34) w8 /= 65535 | (34) w8 /= 65535 | (34) w8 s/= 65535 | (34) w8 s/= 65535
sdiv32_x               (3c) w0 s/= w0 | (3c) w0 /= w0 | (3c) w0 /= w0 | (3c) w0 s/= w0 | (3c) w0 s/= w0
smod32_k               (94) w8 s%= 1088501810 | (94) w8 %= 1088501810 | (94) w8 %= 1088501810 | (94) w8 s%= 1088501810 | (94) w8 s%= 1088501810
smod32_x               (9c) w10 s%= w0 | (9c) w10 %= w0 | (9c) w10 %= w0 | (9c) w10 s%= w0 | (9c) w10 s%= w0
movsx32_8              (bc) w8 = (s8)w10 | (bc) w8 = w10 | (bc) w8 = w10 | (bc) w8 = (s8)w10 | (bc) w8 = (s8)w10
movsx32_16             (bc) w3 = (s16)w5 | (bc) w3 = w5 | (bc) w3 = w5 | (bc) w3 = (s16)w5 | (bc) w3 = (s16)w5
add64_k                (07) r9 += -1808640025 | (07) r9 += -1808640025 | (07) r9 += -1808640025 | (07) r9 += -1808640025 | (07) r9 += -1808640025
add64_x                (0f) r10 += r7 | (0f) r10 += r7 | (0f) r10 += r7 | (0f) r10 += r7 | (0f) r10 += r7
sub64_k                (17) r5 -= -7 | (17) r5 -= -7 | (17) r5 -= -7 | (17) r5 -= -7 | (17) r5 -= -7
sub64_x                (1f) r5 -= r1 | (1f) r5 -= r1 | (1f) r5 -= r1 | (1f) r5 -= r1 | (1f) r5 -= r1
mul64_k                (27) r2 *= 595185362 | (27) r2 *= 595185362 | (27) r2 *= 595185362 | (27) r2 *= 595185362 | (27) r2 *= 595185362
mul64_x                (2f) r0 *= r3 | (2f) r0 *= r3 | (2f) r0 *= r3 | (2f) r0 *= r3 | (2f) r0 *= r3
div64_k                (37) r8 /= 1771813837 | (37) r8 /= 1771813837 | (37) r8 /= 1771813837 | (37) r8 /= 1771813837 | (37) r8 /= 1771813837
div64_x                (3f) r1 /= r3 | (3f) r1 /= r3 | (3f) r1 /= r3 | (3f) r1 /= r3 | (3f) r1 /= r3
or64_k                 (47) r10 |= 65535 | (47) r10 |= 65535 | (47) r10 |= 65535 | (47) r10 |= 65535 | (47) r10 |= 65535
or64_x                 (4f) r8 |= r1 | (4f) r8 |= r1 | (4f) r8 |= r1 | (4f) r8 |= r1 | (4f) r8 |= r1
and64_k                (57) r8 &= -1693411846 | (57) r8 &= -1693411846 | (57) r8 &= -1693411846 | (57) r8 &= -1693411846 | (57) r8 &= -1693411846
and64_x                (5f) r1 &= r3 | (5f) r1 &= r3 | (5f) r1 &= r3 | (5f) r1 &= r3 | (5f) r1 &= r3
lsh64_k                (67) r4 <<= -3 | (67) r4 <<= -3 | (67) r4 <<= -3 | (67) r4 <<= -3 | (67) r4 <<= -3
lsh64_x                (6f) r10 <<= r3 | (6f) r10 <<= r3 | (6f) r10 <<= r3 | (6f) r10 <<= r3 | (6f) r10 <<= r3
rsh64_k                (77) r8 >>= 10 | (77) r8 >>= 10 | (77) r8 >>= 10 | (77) r8 >>= 10 | (77) r8 >>= 10
rsh64_x                (7f) r1 >>= r5 | (7f) r1 >>= r5 | (7f) r1 >>= r5 | (7f) r1 >>= r5 | (7f) r1 >>= r5
mod64_k                (97) r9 %= 3 | (97) r9 %= 3 | (97) r9 %= 3 | (97) r9 %= 3 | (97) r9 %= 3
mod64_x                (9f) r1 %= r4 | (9f) r1 %= r4 | (9f) r1 %= r4 | (9f) r1 %= r4 | (9f) r1 %= r4
xor64_k                (a7) r7 ^= 6 | (a7) r7 ^= 6 | (a7) r7 ^= 6 | (a7) r7 ^= 6 | (a7) r7 ^= 6
xor64_x                (af) r2 ^= r2 | (af) r2 ^= r2 | (af) r2 ^= r2 | (af) r2 ^= r2 | (af) r2 ^= r2
mov64_k                (b7) r10 = 1945249008 | (b7) r10 = 1945249008 | (b7) r10 = 1945249008 | (b7) r10 = 1945249008 | (b7) r10 = 1945249008
mov64_x                (bf) r8 = r0 | (bf) r8 = r0 | (bf) r8 = r0 | (bf) r8 = r0 | (bf) r8 = r0
arsh64_k               (c7) r6 s>>= 83007186 | (c7) r6 s>>= 83007186 | (c7) r6 s>>= 83007186 | (c7) r6 s>>= 83007186 | (c7) r6 s>>= 83007186
arsh64_x               (cf) r1 s>>= r3 | (cf) r1 s>>= r3 | (cf) r1 s>>= r3 | (cf) r1 s>>= r3 | (cf) r1 s>>= r3
neg64                  (87) r3 = -r3 | (87) r3 = -r3 | (87) r3 = -r3 | (87) r3 = -r3 | (87) r3 = -r3
sdiv64_k               (37) r7 s/= -1745953283 | (37) r7 /= -1745953283 | (37) r7 /= -1745953283 | (37) r7 s/= -1745953283 | (37) r7 s/= -1745953283
sdiv64_x               (3f) r9 s/= r8 | (3f) r9 /= r8 | (3f) r9 /= r8 | (3f) r9 s/= r8 | (3f) r9 s/= r8
smod64_k               (97) r3 s%= -11 | (97) r3 %= -11 | (97) r3 %= -11 | (97) r3 s%= -11 | (97) r3 s%= -11
smod64_x               (9f) r0 s%= r2 | (9f) r0 %= r2 | (9f) r0 %= r2 | (9f) r0 s%= r2 | (9f) r0 s%= r2
movsx64_8              (bf) r9 = (s8)r4 | (bf) r9 = r4 | (bf) r9 = r4 | (bf) r9 = (s8)r4 | (bf) r9 = (s8)r4
movsx64_16             (bf) r0 = (s16)r8 | (bf) r0 = r8 | (bf) r0 = r8 | (bf) r0 = (s16)r8 | (bf) r0 = (s16)r8
movsx64_32             (bf) r6 = (s32)r3 | (bf) r6 = r3 | (bf) r6 = r3 | (bf) r6 = (s32)r3 | (bf) r6 = (s32)r3
le16                   (d4) r9 = le16 r9 | (d4) r9 = le16 r9 | (d4) r9 = le16 r9 | (d4) r9 = le16 r9 | (d4) r9 = le16 r9
be16                   (dc) r8 = be16 r8 | (dc) r8 = be16 r8 | (dc) r8 = be16 r8 | (dc) r8 = be16 r8 | (dc) r8 = be16 r8
bswap16                (d7) r10 = bswap16 r10 | BUG_alu64_d7 | BUG_alu64_d7 | (d7) r10 = bswap16 r10 | (d7) r10 = bswap16 r10
le32                   (d4) r2 = le32 r2 | (d4) r2 = le32 r2 | (d4) r2 = le32 r2 | (d4) r2 = le32 r2 | (d4) r2 = le32 r2
be32                   (dc) r2 = be32 r2 | (dc) r2 = be32 r2 | (dc) r2 = be32 r2 | (dc) r2 = be32 r2 | (dc) r2 = be32 r2
bswap32                (d7) r8 = bswap32 r8 | BUG_alu64_d7 | BUG_alu64_d7 | (d7) r8 = bswap32 r8 | (d7) r8 = bswap32 r8
le64                   (d4) r3 = le64 r3 | (d4) r3 = le64 r3 | (d4) r3 = le64 r3 | (d4) r3 = le64 r3 | (d4) r3 = le64 r3
be64                   (dc) r3 = be64 r3 | (dc) r3 = be64 r3 | (dc) r3 = be64 r3 | (dc) r3 = be64 r3 | (dc) r3 = be64 r3
bswap64                (d7) r8 = bswap64 r8 | BUG_alu64_d7 | BUG_alu64_d7 | (d7) r8 = bswap64 r8 | (d7) r8 = bswap64 r8
addr_space_cast        (bf) r0 = addr_space_cast(r7, 17735, 35446) | (bf) r0 = r7 | (bf) r0 = r7 | (bf) r0 = r7 | (bf) r0 = addr_space_cast(r7, 17735, 35446)
jeq_k                  (15) if r2 == 0x9af12877 goto pc+20287 | (15) if r2 == 0x9af12877 goto pc+20287 | (15) if r2 == 0x9af12877 goto pc+20287 | (15) if r2 == 0x9af12877 goto pc+20287 | (15) if r2 == 0x9af12877 goto pc+20287
jeq_x                  (1d) if r7 == r4 goto pc-19711 | (1d) if r7 == r4 goto pc-19711 | (1d) if r7 == r4 goto pc-19711 | (1d) if r7 == r4 goto pc-19711 | (1d) if r7 == r4 goto pc-19711
jgt_k                  (25) if r1 > 0x4 goto pc-1 | (25) if r1 > 0x4 goto pc-1 | (25) if r1 > 0x4 goto pc-1 | (25) if r1 > 0x4 goto pc-1 | (25) if r1 > 0x4 goto pc-1
jgt_x                  (2d) if r4 > r5 goto pc+0 | (2d) if r4 > r5 goto pc+0 | (2d) if r4 > r5 goto pc+0 | (2d) if r4 > r5 goto pc+0 | (2d) if r4 > r5 goto pc+0
jge_k                  (35) if r3 >= 0xa940fc6a goto pc-8 | (35) if r3 >= 0xa940fc6a goto pc-8 | (35) if r3 >= 0xa940fc6a goto pc-8 | (35) if r3 >= 0xa940fc6a goto pc-8 | (35) if r3 >= 0xa940fc6a goto pc-8
jge_x                  (3d) if r3 >= r2 goto pc-28347 | (3d) if r3 >= r2 goto pc-28347 | (3d) if r3 >= r2 goto pc-28347 | (3d) if r3 >= r2 goto pc-28347 | (3d) if r3 >= r2 goto pc-28347
jset_k                 (45) if r4 & 0x10 goto pc-24261 | (45) if r4 & 0x10 goto pc-24261 | (45) if r4 & 0x10 goto pc-24261 | (45) if r4 & 0x10 goto pc-24261 | (45) if r4 & 0x10 goto pc-24261
jset_x                 (4d) if r0 & r5 goto pc-47 | (4d) if r0 & r5 goto pc-47 | (4d) if r0 & r5 goto pc-47 | (4d) if r0 & r5 goto pc-47 | (4d) if r0 & r5 goto pc-47
jne_k                  (55) if r2 != 0x4 goto pc-7032 | (55) if r2 != 0x4 goto pc-7032 | (55) if r2 != 0x4 goto pc-7032 | (55) if r2 != 0x4 goto pc-7032 | (55) if r2 != 0x4 goto pc-7032
jne_x                  (5d) if r7 != r8 goto pc-17929 | (5d) if r7 != r8 goto pc-17929 | (5d) if r7 != r8 goto pc-17929 | (5d) if r7 != r8 goto pc-17929 | (5d) if r7 != r8 goto pc-17929
jsgt_k                 (65) if r2 s> 0x1b34de0b goto pc+30089 | (65) if r2 s> 0x1b34de0b goto pc+30089 | (65) if r2 s> 0x1b34de0b goto pc+30089 | (65) if r2 s> 0x1b34de0b goto pc+30089 | (65) if r2 s> 0x1b34de0b goto pc+30089
jsgt_x                 (6d) if r7 s> r5 goto pc-51 | (6d) if r7 s> r5 goto pc-51 | (6d) if r7 s> r5 goto pc-51 | (6d) if r7 s> r5 goto pc-51 | (6d) if r7 s> r5 goto pc-51
jsge_k                 (75) if r5 s>= 0xfffffff7 goto pc+1228 | (75) if r5 s>= 0xfffffff7 goto pc+1228 | (75) if r5 s>= 0xfffffff7 goto pc+1228 | (75) if r5 s>= 0xfffffff7 goto pc+1228 | (75) if r5 s>= 0xfffffff7 goto pc+1228
jsge_x                 (7d) if r10 s>= r2 goto pc+14798 | (7d) if r10 s>= r2 goto pc+14798 | (7d) if r10 s>= r2 goto pc+14798 | (7d) if r10 s>= r2 goto pc+14798 | (7d) if r10 s>= r2 goto pc+14798
jlt_k                  (a5) if r6 < 0x59cc5b goto pc-9 | (a5) if r6 < 0x59cc5b goto pc-9 | (a5) if r6 < 0x59cc5b goto pc-9 | (a5) if r6 < 0x59cc5b goto pc-9 | (a5) if r6 < 0x59cc5b goto pc-9
jlt_x                  (ad) if r8 < r5 goto pc-3761 | (ad) if r8 < r5 goto pc-3761 | (ad) if r8 < r5 goto pc-3761 | (ad) if r8 < r5 goto pc-3761 | (ad) if r8 < r5 goto pc-3761
jle_k                  (b5) if r3 <= 0xfffffffb goto pc+23601 | (b5) if r3 <= 0xfffffffb goto pc+23601 | (b5) if r3 <= 0xfffffffb goto pc+23601 | (b5) if r3 <= 0xfffffffb goto pc+23601 | (b5) if r3 <= 0xfffffffb goto pc+23601
jle_x                  (bd) if r0 <= r3 goto pc-251 | (bd) if r0 <= r3 goto pc-251 | (bd) if r0 <= r3 goto pc-251 | (bd) if r0 <= r3 goto pc-251 | (bd) if r0 <= r3 goto pc-251
jslt_k                 (c5) if r9 s< 0x14addab6 goto pc+294 | (c5) if r9 s< 0x14addab6 goto pc+294 | (c5) if r9 s< 0x14addab6 goto pc+294 | (c5) if r9 s< 0x14addab6 goto pc+294 | (c5) if r9 s< 0x14addab6 goto pc+294
jslt_x                 (cd) if r1 s< r5 goto pc+2130 | (cd) if r1 s< r5 goto pc+2130 | (cd) if r1 s< r5 goto pc+2130 | (cd) if r1 s< r5 goto pc+2130 | (cd) if r1 s< r5 goto pc+2130
jsle_k                 (d5) if r6 s<= 0xfc059af9 goto pc-64 | (d5) if r6 s<= 0xfc059af9 goto pc-64 | (d5) if r6 s<= 0xfc059af9 goto pc-64 | (d5) if r6 s<= 0xfc059af9 goto pc-64 | (d5) if r6 s<= 0xfc059af9 goto pc-64
jsle_x                 (dd) if r1 s<= r1 goto pc+48 | (dd) if r1 s<= r1 goto pc+48 | (dd) if r1 s<= r1 goto pc+48 | (dd) if r1 s<= r1 goto pc+48 | (dd) if r1 s<= r1 goto pc+48
jeq32_k                (16) if w10 == 0x9 goto pc-2395 | (16) if w10 == 0x9 goto pc-2395 | (16) if w10 == 0x9 goto pc-2395 | (16) if w10 == 0x9 goto pc-2395 | (16) if w10 == 0x9 goto pc-2395
jeq32_x                (1e) if w3 == w9 goto pc-28901 | (1e) if w3 == w9 goto pc-28901 | (1e) if w3 == w9 goto pc-28901 | (1e) if w3 == w9 goto pc-28901 | (1e) if w3 == w9 goto pc-28901
jgt32_k                (26) if w6 > 0x11104849 goto pc+30436 | (26) if w6 > 0x11104849 goto pc+30436 | (26) if w6 > 0x11104849 goto pc+30436 | (26) if w6 > 0x11104849 goto pc+30436 | (26) if w6 > 0x11104849 goto pc+30436
jgt32_x                (2e) if w7 > w6 goto pc-19186 | (2e) if w7 > w6 goto pc-19186 | (2e) if w7 > w6 goto pc-19186 | (2e) if w7 > w6 goto pc-19186 | (2e) if w7 > w6 goto pc-19186
jge32_k                (36) if w6 >= 0x61676c3a goto pc+15 | (36) if w6 >= 0x61676c3a goto pc+15 | (36) if w6 >= 0x61676c3a goto pc+15 | (36) if w6 >= 0x61676c3a goto pc+15 | (36) if w6 >= 0x61676c3a goto pc+15
jge32_x                (3e) if w1 >= w4 goto pc-39 | (3e) if w1 >= w4 goto pc-39 | (3e) if w1 >= w4 goto pc-39 | (3e) if w1 >= w4 goto pc-39 | (3e) if w1 >= w4 goto pc-39
jset32_k               (46) if w3 & 0x38de1ecf goto pc+35 | (46) if w3 & 0x38de1ecf goto pc+35 | (46) if w3 & 0x38de1ecf goto pc+35 | (46) if w3 & 0x38de1ecf goto pc+35 | (46) if w3 & 0x38de1ecf goto pc+35
jset32_x               (4e) if w2 & w7 goto pc+39 | (4e) if w2 & w7 goto pc+39 | (4e) if w2 & w7 goto pc+39 | (4e) if w2 & w7 goto pc+39 | (4e) if w2 & w7 goto pc+39
jne32_k                (56) if w5 != 0x247b4064 goto pc+10 | (56) if w5 != 0x247b4064 goto pc+10 | (56) if w5 != 0x247b4064 goto pc+10 | (56) if w5 != 0x247b4064 goto pc+10 | (56) if w5 != 0x247b4064 goto pc+10
jne32_x                (5e) if w7 != w6 goto pc+598 | (5e) if w7 != w6 goto pc+598 | (5e) if w7 != w6 goto pc+598 | (5e) if w7 != w6 goto pc+598 | (5e) if w7 != w6 goto pc+598
jsgt32_k               (66) if w4 s> 0xfffffff3 goto pc-260 | (66) if w4 s> 0xfffffff3 goto pc-260 | (66) if w4 s> 0xfffffff3 goto pc-260 | (66) if w4 s> 0xfffffff3 goto pc-260 | (66) if w4 s> 0xfffffff3 goto pc-260
jsgt32_x               (6e) if w0 s> w3 goto pc-5169 | (6e) if w0 s> w3 goto pc-5169 | (6e) if w0 s> w3 goto pc-5169 | (6e) if w0 s> w3 goto pc-5169 | (6e) if w0 s> w3 goto pc-5169
jsge32_k               (76) if w7 s>= 0x3 goto pc+42 | (76) if w7 s>= 0x3 goto pc+42 | (76) if w7 s>= 0x3 goto pc+42 | (76) if w7 s>= 0x3 goto pc+42 | (76) if w7 s>= 0x3 goto pc+42
jsge32_x               (7e) if w6 s>= w4 goto pc-26 | (7e) if w6 s>= w4 goto pc-26 | (7e) if w6 s>= w4 goto pc-26 | (7e) if w6 s>= w4 goto pc-26 | (7e) if w6 s>= w4 goto pc-26
jlt32_k                (a6) if w7 < 0x80000000 goto pc+17 | (a6) if w7 < 0x80000000 goto pc+17 | (a6) if w7 < 0x80000000 goto pc+17 | (a6) if w7 < 0x80000000 goto pc+17 | (a6) if w7 < 0x80000000 goto pc+17
jlt32_x                (ae) if w2 < w4 goto pc+16870 | (ae) if w2 < w4 goto pc+16870 | (ae) if w2 < w4 goto pc+16870 | (ae) if w2 < w4 goto pc+16870 | (ae) if w2 < w4 goto pc+16870
jle32_k                (b6) if w4 <= 0xfffffffc goto pc+24251 | (b6) if w4 <= 0xfffffffc goto pc+24251 | (b6) if w4 <= 0xfffffffc goto pc+24251 | (b6) if w4 <= 0xfffffffc goto pc+24251 | (b6) if w4 <= 0xfffffffc goto pc+24251
jle32_x                (be) if w6 <= w0 goto pc-32531 | (be) if w6 <= w0 goto pc-32531 | (be) if w6 <= w0 goto pc-32531 | (be) if w6 <= w0 goto pc-32531 | (be) if w6 <= w0 goto pc-32531
jslt32_k               (c6) if w0 s< 0xffffffff goto pc+28328 | (c6) if w0 s< 0xffffffff goto pc+28328 | (c6) if w0 s< 0xffffffff goto pc+28328 | (c6) if w0 s< 0xffffffff goto pc+28328 | (c6) if w0 s< 0xffffffff goto pc+28328
jslt32_x               (ce) if w9 s< w2 goto pc+16 | (ce) if w9 s< w2 goto pc+16 | (ce) if w9 s< w2 goto pc+16 | (ce) if w9 s< w2 goto pc+16 | (ce) if w9 s< w2 goto pc+16
jsle32_k               (d6) if w2 s<= 0xf goto pc-9345 | (d6) if w2 s<= 0xf goto pc-9345 | (d6) if w2 s<= 0xf goto pc-9345 | (d6) if w2 s<= 0xf goto pc-9345 | (d6) if w2 s<= 0xf goto pc-9345
jsle32_x               (de) if w7 s<= w8 goto pc+1289 | (de) if w7 s<= w8 goto pc+1289 | (de) if w7 s<= w8 goto pc+1289 | (de) if w7 s<= w8 goto pc+1289 | (de) if w7 s<= w8 goto pc+1289
ja                     (05) goto pc-8769 | (05) goto pc-8769 | (05) goto pc-8769 | (05) goto pc-8769 | (05) goto pc-8769
gotol                  (06) gotol pc+65535 | (06) if w0 jmp 0xffff goto pc+0 | (06) if w0 jmp 0xffff goto pc+0 | (06) gotol pc+65535 | (06) gotol pc+65535
may_goto               (e5) may_goto pc+30138 | (e5) if r0 (null) 0x0 goto pc+30138 | (e5) if r0 (null) 0x0 goto pc+30138 | (e5) if r0 (null) 0x0 goto pc+30138 | (e5) may_goto pc+30138
call                   (85) call bpf_skb_store_bytes#9 | (85) call bpf_skb_store_bytes#9 | (85) call bpf_skb_store_bytes#9 | (85) call bpf_skb_store_bytes#9 | (85) call bpf_skb_store_bytes#9
call_local             (85) call pc-13 | (85) call pc-13 | (85) call pc-13 | (85) call pc-13 | (85) call pc-13
call_kfunc             (85) call kernel-function#-2091899710 | (85) call unknown#-2091899710 | (85) call kernel-function#-2091899710 | (85) call kernel-function#-2091899710 | (85) call kernel-function#-2091899710
exit                   (95) exit | (95) exit | (95) exit | (95) exit | (95) exit
ldxw                   (61) r5 = *(u32 *)(r4 +30502) | (61) r5 = *(u32 *)(r4 +30502) | (61) r5 = *(u32 *)(r4 +30502) | (61) r5 = *(u32 *)(r4 +30502) | (61) r5 = *(u32 *)(r4 +30502)
stw                    (62) *(u32 *)(r0 +14) = 821249702 | (62) *(u32 *)(r0 +14) = 821249702 | (62) *(u32 *)(r0 +14) = 821249702 | (62) *(u32 *)(r0 +14) = 821249702 | (62) *(u32 *)(r0 +14) = 821249702
stxw                   (63) *(u32 *)(r7 +38) = r9 | (63) *(u32 *)(r7 +38) = r9 | (63) *(u32 *)(r7 +38) = r9 | (63) *(u32 *)(r7 +38) = r9 | (63) *(u32 *)(r7 +38) = r9
ldsxw                  (81) r8 = *(s32 *)(r9 -29) | BUG_ldx_81 | BUG_ldx_81 | (81) r8 = *(s32 *)(r9 -29) | (81) r8 = *(s32 *)(r9 -29)
ldabsw                 (20) r0 = *(u32 *)skb[-1] | (20) r0 = *(u32 *)skb[-1] | (20) r0 = *(u32 *)skb[-1] | (20) r0 = *(u32 *)skb[-1] | (20) r0 = *(u32 *)skb[-1]
ldindw                 (40) r0 = *(u32 *)skb[r3 + -1082692029] | (40) r0 = *(u32 *)skb[r3 + -1082692029] | (40) r0 = *(u32 *)skb[r3 + -1082692029] | (40) r0 = *(u32 *)skb[r3 + -1082692029] | (40) r0 = *(u32 *)skb[r3 + -1082692029]
load_acquire_w         (c3) r2 = load_acquire((u32 *)(r9 +45)) | (c3) lock *(u32 *)(r2 +45) += r9 | BUG_c3 | BUG_c3 | BUG_c3
store_release_w        (c3) store_release((u32 *)(r9 -41), r4) | (c3) lock *(u32 *)(r9 -41) += r4 | BUG_c3 | BUG_c3 | BUG_c3
ldxh                   (69) r0 = *(u16 *)(r9 -28665) | (69) r0 = *(u16 *)(r9 -28665) | (69) r0 = *(u16 *)(r9 -28665) | (69) r0 = *(u16 *)(r9 -28665) | (69) r0 = *(u16 *)(r9 -28665)
sth                    (6a) *(u16 *)(r10 -13) = -1 | (6a) *(u16 *)(r10 -13) = -1 | (6a) *(u16 *)(r10 -13) = -1 | (6a) *(u16 *)(r10 -13) = -1 | (6a) *(u16 *)(r10 -13) = -1
stxh                   (6b) *(u16 *)(r4 -59) = r0 | (6b) *(u16 *)(r4 -59) = r0 | (6b) *(u16 *)(r4 -59) = r0 | (6b) *(u16 *)(r4 -59) = r0 | (6b) *(u16 *)(r4 -59) = r0
ldsxh                  (89) r3 = *(s16 *)(r4 -11) | BUG_ldx_89 | BUG_ldx_89 | (89) r3 = *(s16 *)(r4 -11) | (89) r3 = *(s16 *)(r4 -11)
ldabsh                 (28) r0 = *(u16 *)skb[-216239122] | (28) r0 = *(u16 *)skb[-216239122] | (28) r0 = *(u16 *)skb[-216239122] | (28) r0 = *(u16 *)skb[-216239122] | (28) r0 = *(u16 *)skb[-216239122]
ldindh                 (48) r0 = *(u16 *)skb[r4 + -660736157] | (48) r0 = *(u16 *)skb[r4 + -660736157] | (48) r0 = *(u16 *)skb[r4 + -660736157] | (48) r0 = *(u16 *)skb[r4 + -660736157] | (48) r0 = *(u16 *)skb[r4 + -660736157]
load_acquire_h         (cb) r9 = load_acquire((u16 *)(r5 +6444)) | (cb) lock *(u16 *)(r9 +6444) += r5 | BUG_cb | BUG_cb | BUG_cb
store_release_h        (cb) store_release((u16 *)(r10 -22170), r2) | (cb) lock *(u16 *)(r10 -22170) += r2 | BUG_cb | BUG_cb | BUG_cb
ldxb                   (71) r3 = *(u8 *)(r2 +15) | (71) r3 = *(u8 *)(r2 +15) | (71) r3 = *(u8 *)(r2 +15) | (71) r3 = *(u8 *)(r2 +15) | (71) r3 = *(u8 *)(r2 +15)
stb                    (72) *(u8 *)(r0 +1424) = 1073755150 | (72) *(u8 *)(r0 +1424) = 1073755150 | (72) *(u8 *)(r0 +1424) = 1073755150 | (72) *(u8 *)(r0 +1424) = 1073755150 | (72) *(u8 *)(r0 +1424) = 1073755150
stxb                   (73) *(u8 *)(r6 +29) = r4 | (73) *(u8 *)(r6 +29) = r4 | (73) *(u8 *)(r6 +29) = r4 | (73) *(u8 *)(r6 +29) = r4 | (73) *(u8 *)(r6 +29) = r4
ldsxb                  (91) r7 = *(s8 *)(r5 +13972) | BUG_ldx_91 | BUG_ldx_91 | (91) r7 = *(s8 *)(r5 +13972) | (91) r7 = *(s8 *)(r5 +13972)
ldabsb                 (30) r0 = *(u8 *)skb[2] | (30) r0 = *(u8 *)skb[2] | (30) r0 = *(u8 *)skb[2] | (30) r0 = *(u8 *)skb[2] | (30) r0 = *(u8 *)skb[2]
ldindb                 (50) r0 = *(u8 *)skb[r3 + -370099085] | (50) r0 = *(u8 *)skb[r3 + -370099085] | (50) r0 = *(u8 *)skb[r3 + -370099085] | (50) r0 = *(u8 *)skb[r3 + -370099085] | (50) r0 = *(u8 *)skb[r3 + -370099085]
load_acquire_b         (d3) r10 = load_acquire((u8 *)(r2 +17968)) | (d3) lock *(u8 *)(r10 +17968) += r2 | BUG_d3 | BUG_d3 | BUG_d3
store_release_b        (d3) store_release((u8 *)(r5 -6635), r4) | (d3) lock *(u8 *)(r5 -6635) += r4 | BUG_d3 | BUG_d3 | BUG_d3
ldxdw                  (79) r5 = *(u64 *)(r7 -15) | (79) r5 = *(u64 *)(r7 -15) | (79) r5 = *(u64 *)(r7 -15) | (79) r5 = *(u64 *)(r7 -15) | (79) r5 = *(u64 *)(r7 -15)
stdw                   (7a) *(u64 *)(r4 -8803) = -1863206368 | (7a) *(u64 *)(r4 -8803) = -1863206368 | (7a) *(u64 *)(r4 -8803) = -1863206368 | (7a) *(u64 *)(r4 -8803) = -1863206368 | (7a) *(u64 *)(r4 -8803) = -1863206368
stxdw                  (7b) *(u64 *)(r0 +8) = r9 | (7b) *(u64 *)(r0 +8) = r9 | (7b) *(u64 *)(r0 +8) = r9 | (7b) *(u64 *)(r0 +8) = r9 | (7b) *(u64 *)(r0 +8) = r9
load_acquire_dw        (db) r8 = load_acquire((u64 *)(r10 -59)) | (db) lock *(u64 *)(r8 -59) += r10 | BUG_db | BUG_db | BUG_db
store_release_dw       (db) store_release((u64 *)(r5 -16007), r5) | (db) lock *(u64 *)(r5 -16007) += r5 | BUG_db | BUG_db | BUG_db
atomic32_add           (c3) lock *(u32 *)(r3 -2237) += r8 | (c3) lock *(u32 *)(r3 -2237) += r8 | (c3) lock *(u32 *)(r3 -2237) += r8 | (c3) lock *(u32 *)(r3 -2237) += r8 | (c3) lock *(u32 *)(r3 -2237) += r8
atomic32_or            (c3) lock *(u32 *)(r7 -2752) |= r8 | (c3) lock *(u32 *)(r7 -2752) += r8 | (c3) lock *(u32 *)(r7 -2752) |= r8 | (c3) lock *(u32 *)(r7 -2752) |= r8 | (c3) lock *(u32 *)(r7 -2752) |= r8
atomic32_and           (c3) lock *(u32 *)(r8 +13118) &= r6 | (c3) lock *(u32 *)(r8 +13118) += r6 | (c3) lock *(u32 *)(r8 +13118) &= r6 | (c3) lock *(u32 *)(r8 +13118) &= r6 | (c3) lock *(u32 *)(r8 +13118) &= r6
atomic32_xor           (c3) lock *(u32 *)(r10 +52) ^= r10 | (c3) lock *(u32 *)(r10 +52) += r10 | (c3) lock *(u32 *)(r10 +52) ^= r10 | (c3) lock *(u32 *)(r10 +52) ^= r10 | (c3) lock *(u32 *)(r10 +52) ^= r10
atomic32_fetch_add     (c3) r0 = atomic_fetch_add((u32 *)(r7 -7517), r0) | (c3) lock *(u32 *)(r7 -7517) += r0 | (c3) r0 = atomic_fetch_add((u32 *)(r7 -7517), r0) | (c3) r0 = atomic_fetch_add((u32 *)(r7 -7517), r0) | (c3) r0 = atomic_fetch_add((u32 *)(r7 -7517), r0)
atomic32_fetch_or      (c3) r10 = atomic_fetch_or((u32 *)(r4 -24738), r10) | (c3) lock *(u32 *)(r4 -24738) += r10 | (c3) r10 = atomic_fetch_or((u32 *)(r4 -24738), r10) | (c3) r10 = atomic_fetch_or((u32 *)(r4 -24738), r10) | (c3) r10 = atomic_fetch_or((u32 *)(r4 -24738), r10)
atomic32_fetch_and     (c3) r0 = atomic_fetch_and((u32 *)(r1 +15043), r0) | (c3) lock *(u32 *)(r1 +15043) += r0 | (c3) r0 = atomic_fetch_and((u32 *)(r1 +15043), r0) | (c3) r0 = atomic_fetch_and((u32 *)(r1 +15043), r0) | (c3) r0 = atomic_fetch_and((u32 *)(r1 +15043), r0)
atomic32_fetch_xor     (c3) r0 = atomic_fetch_xor((u32 *)(r2 +0), r0) | (c3) lock *(u32 *)(r2 +0) += r0 | (c3) r0 = atomic_fetch_xor((u32 *)(r2 +0), r0) | (c3) r0 = atomic_fetch_xor((u32 *)(r2 +0), r0) | (c3) r0 = atomic_fetch_xor((u32 *)(r2 +0), r0)
atomic32_xchg          (c3) r5 = atomic_xchg((u32 *)(r6 -19), r5) | (c3) lock *(u32 *)(r6 -19) += r5 | (c3) r5 = atomic_xchg((u32 *)(r6 -19), r5) | (c3) r5 = atomic_xchg((u32 *)(r6 -19), r5) | (c3) r5 = atomic_xchg((u32 *)(r6 -19), r5)
atomic32_cmpxchg       (c3) r0 = atomic_cmpxchg((u32 *)(r5 +11693), r0, r2) | (c3) lock *(u32 *)(r5 +11693) += r2 | (c3) r0 = atomic_cmpxchg((u32 *)(r5 +11693), r0, r2) | (c3) r0 = atomic_cmpxchg((u32 *)(r5 +11693), r0, r2) | (c3) r0 = atomic_cmpxchg((u32 *)(r5 +11693), r0, r2)
atomic64_add           (db) lock *(u64 *)(r5 -17) += r4 | (db) lock *(u64 *)(r5 -17) += r4 | (db) lock *(u64 *)(r5 -17) += r4 | (db) lock *(u64 *)(r5 -17) += r4 | (db) lock *(u64 *)(r5 -17) += r4
atomic64_or            (db) lock *(u64 *)(r8 -17) |= r4 | (db) lock *(u64 *)(r8 -17) += r4 | (db) lock *(u64 *)(r8 -17) |= r4 | (db) lock *(u64 *)(r8 -17) |= r4 | (db) lock *(u64 *)(r8 -17) |= r4
atomic64_and           (db) lock *(u64 *)(r1 -9) &= r7 | (db) lock *(u64 *)(r1 -9) += r7 | (db) lock *(u64 *)(r1 -9) &= r7 | (db) lock *(u64 *)(r1 -9) &= r7 | (db) lock *(u64 *)(r1 -9) &= r7
atomic64_xor           (db) lock *(u64 *)(r2 +36) ^= r5 | (db) lock *(u64 *)(r2 +36) += r5 | (db) lock *(u64 *)(r2 +36) ^= r5 | (db) lock *(u64 *)(r2 +36) ^= r5 | (db) lock *(u64 *)(r2 +36) ^= r5
atomic64_fetch_add     (db) r3 = atomic64_fetch_add((u64 *)(r3 -5375), r3) | (db) lock *(u64 *)(r3 -5375) += r3 | (db) r3 = atomic64_fetch_add((u64 *)(r3 -5375), r3) | (db) r3 = atomic64_fetch_add((u64 *)(r3 -5375), r3) | (db) r3 = atomic64_fetch_add((u64 *)(r3 -5375), r3)
atomic64_fetch_or      (db) r5 = atomic64_fetch_or((u64 *)(r8 +46), r5) | (db) lock *(u64 *)(r8 +46) += r5 | (db) r5 = atomic64_fetch_or((u64 *)(r8 +46), r5) | (db) r5 = atomic64_fetch_or((u64 *)(r8 +46), r5) | (db) r5 = atomic64_fetch_or((u64 *)(r8 +46), r5)
atomic64_fetch_and     (db) r6 = atomic64_fetch_and((u64 *)(r1 -45), r6) | (db) lock *(u64 *)(r1 -45) += r6 | (db) r6 = atomic64_fetch_and((u64 *)(r1 -45), r6) | (db) r6 = atomic64_fetch_and((u64 *)(r1 -45), r6) | (db) r6 = atomic64_fetch_and((u64 *)(r1 -45), r6)
atomic64_fetch_xor     (db) r3 = atomic64_fetch_xor((u64 *)(r8 -8), r3) | (db) lock *(u64 *)(r8 -8) += r3 | (db) r3 = atomic64_fetch_xor((u64 *)(r8 -8), r3) | (db) r3 = atomic64_fetch_xor((u64 *)(r8 -8), r3) | (db) r3 = atomic64_fetch_xor((u64 *)(r8 -8), r3)
atomic64_xchg          (db) r10 = atomic64_xchg((u64 *)(r0 +56), r10) | (db) lock *(u64 *)(r0 +56) += r10 | (db) r10 = atomic64_xchg((u64 *)(r0 +56), r10) | (db) r10 = atomic64_xchg((u64 *)(r0 +56), r10) | (db) r10 = atomic64_xchg((u64 *)(r0 +56), r10)
atomic64_cmpxchg       (db) r0 = atomic64_cmpxchg((u64 *)(r4 -2625), r0, r8) | (db) lock *(u64 *)(r4 -2625) += r8 | (db) r0 = atomic64_cmpxchg((u64 *)(r4 -2625), r0, r8) | (db) r0 = atomic64_cmpxchg((u64 *)(r4 -2625), r0, r8) | (db) r0 = atomic64_cmpxchg((u64 *)(r4 -2625), r0, r8)
ld_imm64               (18) r5 = 0x89603347fffffffe | (18) r5 = 0x89603347fffffffe | (18) r5 = 0x89603347fffffffe | (18) r5 = 0x89603347fffffffe | (18) r5 = 0x89603347fffffffe
ld_map_fd              (18) r2 = 0xffff888100006000 | (18) r2 = 0xffff888100006000 | (18) r2 = 0xffff888100006000 | (18) r2 = 0xffff888100006000 | (18) r2 = 0xffff888100006000
ld_map_value           (18) r1 = 0xffff8e66e4bd3113 | (18) r1 = 0xffff8e66e4bd3113 | (18) r1 = 0xffff8e66e4bd3113 | (18) r1 = 0xffff8e66e4bd3113 | (18) r1 = 0xffff8e66e4bd3113
ld_btf_id              (18) r3 = 0xd416e5d73 | (18) r3 = 0xd416e5d73 | (18) r3 = 0xd416e5d73 | (18) r3 = 0xd416e5d73 | (18) r3 = 0xd416e5d73
ld_func                (18) r0 = 0xb3518da6 | (18) r0 = 0xb3518da6 | (18) r0 = 0xb3518da6 | (18) r0 = 0xb3518da6 | (18) r0 = 0xb3518da6
ld_map_idx             (18) r9 = 0xffff8b40a2f11000 | (18) r9 = 0xffff8b40a2f11000 | (18) r9 = 0xffff8b40a2f11000 | (18) r9 = 0xffff8b40a2f11000 | (18) r9 = 0xffff8b40a2f11000
ld_map_idx_value       (18) r1 = 0xffff8e8a80a72b98 | (18) r1 = 0xffff8e8a80a72b98 | (18) r1 = 0xffff8e8a80a72b98 | (18) r1 = 0xffff8e8a80a72b98 | (18) r1 = 0xffff8e8a80a72b98
`
