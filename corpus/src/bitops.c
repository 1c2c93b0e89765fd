/* __builtin_clz/ctz/popcount/bswap/parity/ffs/clrsb, 32 and 64 bit. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
int main(void) {
    uint64_t x = 0x2545F4914F6CDD1Dull, h = 0;
    for (int i = 0; i < 2000; i++) {
        x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
        uint64_t v = x * 0x2545F4914F6CDD1Dull;
        /* make some sparse values */
        if (i % 5 == 1) v &= 0xff00000000ull;
        if (i % 7 == 2) v >>= (i % 64);
        uint32_t w = (uint32_t)(v >> (i % 32));
        int r[14];
        r[0] = v ? __builtin_clzll(v) : 64; r[1] = v ? __builtin_ctzll(v) : 64;
        r[2] = __builtin_popcountll(v); r[3] = __builtin_parityll(v);
        r[4] = w ? __builtin_clz(w) : 32; r[5] = w ? __builtin_ctz(w) : 32;
        r[6] = __builtin_popcount(w); r[7] = __builtin_parity(w);
        r[8] = __builtin_ffsll((long long)v); r[9] = __builtin_ffs((int)w);
        r[10] = __builtin_clrsbll((long long)v); r[11] = __builtin_clrsb((int)w);
        r[12] = __builtin_popcount((uint16_t)w); r[13] = __builtin_parity((uint8_t)w);
        uint64_t b64 = __builtin_bswap64(v); uint32_t b32 = __builtin_bswap32(w); uint16_t b16 = __builtin_bswap16((uint16_t)w);
        for (int k = 0; k < 14; k++) h = (h ^ (uint64_t)r[k]) * 1099511628211ull;
        h = (h ^ b64 ^ b32 ^ b16) * 1099511628211ull;
        if (i % 97 == 0)
            printf("%016" PRIx64 " clz %2d ctz %2d pop %2d par %d | %08x clz %2d ctz %2d pop %2d par %d | ffs %2d %2d clrsb %2d %2d | bswap %016" PRIx64 " %08x %04x\n",
                   v, r[0], r[1], r[2], r[3], w, r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], b64, b32, b16);
    }
    /* edge values */
    uint64_t e[] = {1, 2, 0x80000000u, 0x8000000000000000ull, ~0ull, 0xffffffffu, 0x100000000ull};
    for (unsigned i = 0; i < sizeof e / sizeof e[0]; i++)
        printf("edge %016" PRIx64 ": clzll %d ctzll %d popll %d parll %d\n", e[i], __builtin_clzll(e[i]), __builtin_ctzll(e[i]), __builtin_popcountll(e[i]), __builtin_parityll(e[i]));
    printf("hash %016" PRIx64 "\n", h);
    return 0;
}
