/* shifts (logical/arithmetic, variable counts) and rotates at all widths. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
static inline uint8_t rol8(uint8_t x, unsigned n) { n &= 7; return (uint8_t)((x << n) | (x >> ((8 - n) & 7))); }
static inline uint16_t rol16(uint16_t x, unsigned n) { n &= 15; return (uint16_t)((x << n) | (x >> ((16 - n) & 15))); }
static inline uint32_t rol32(uint32_t x, unsigned n) { n &= 31; return (x << n) | (x >> ((32 - n) & 31)); }
static inline uint32_t ror32(uint32_t x, unsigned n) { n &= 31; return (x >> n) | (x << ((32 - n) & 31)); }
static inline uint64_t rol64(uint64_t x, unsigned n) { n &= 63; return (x << n) | (x >> ((64 - n) & 63)); }
static inline uint64_t ror64(uint64_t x, unsigned n) { n &= 63; return (x >> n) | (x << ((64 - n) & 63)); }
static volatile uint64_t vals[] = {0, 1, 0x80, 0x8000, 0x80000000u, 0x8000000000000000ull, 0xdeadbeefcafebabeull, 0x0123456789abcdefull, ~0ull, 0x5a5a5a5a5a5a5a5aull};
int main(void) {
    uint64_t h = 0;
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint64_t v = vals[i];
        for (volatile unsigned n = 0; n < 64; n++) {
            uint64_t r[16];
            r[0] = v << n; r[1] = v >> n; r[2] = (uint64_t)((int64_t)v >> n);
            r[3] = (uint32_t)v << (n & 31); r[4] = (uint32_t)v >> (n & 31); r[5] = (uint32_t)((int32_t)v >> (n & 31));
            r[6] = (uint16_t)((uint16_t)v << (n & 15)); r[7] = (uint16_t)((int16_t)v >> (n & 15));
            r[8] = (uint8_t)((uint8_t)v << (n & 7)); r[9] = (uint8_t)((int8_t)v >> (n & 7));
            r[10] = rol64(v, n); r[11] = ror64(v, n); r[12] = rol32((uint32_t)v, n); r[13] = ror32((uint32_t)v, n);
            r[14] = rol16((uint16_t)v, n); r[15] = rol8((uint8_t)v, n);
            for (int k = 0; k < 16; k++) h = (h ^ r[k]) * 1099511628211ull;
            if (n % 13 == 0 || n == 63)
                printf("%016" PRIx64 " n=%2u shl %016" PRIx64 " shr %016" PRIx64 " sar %016" PRIx64 " rol %016" PRIx64 " ror32 %08" PRIx64 " rol16 %04" PRIx64 " rol8 %02" PRIx64 " sar8 %02" PRIx64 "\n",
                       v, (unsigned)n, r[0], r[1], r[2], r[10], r[13], r[14], r[15], r[9]);
        }
    }
    /* constant shifts and double-precision shifts (shld/shrd patterns) */
    uint64_t hi = 0x0123456789abcdefull, lo = 0xfedcba9876543210ull;
    for (unsigned n = 1; n < 64; n += 7) {
        uint64_t shl = (hi << n) | (lo >> (64 - n)), shr = (lo >> n) | (hi << (64 - n));
        printf("dbl n=%2u %016" PRIx64 " %016" PRIx64 "\n", n, shl, shr);
    }
    printf("hash %016" PRIx64 "\n", h);
    return 0;
}
