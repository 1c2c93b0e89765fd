/* int32/uint32 arithmetic, overflow wrap (via unsigned), comparisons, mixed signedness. */
#include <stdio.h>
#include <stdint.h>
static volatile int32_t sv[] = {0, 1, -1, 2, -2, 1000000, -1000000, 0x7fffffff, (int32_t)0x80000000, 0x12345678, -0x12345678, 65536, -65537, 0x55555555};
static volatile uint32_t uv[] = {0, 1, 2, 0xffff, 0x10000, 0x7fffffff, 0x80000000u, 0xdeadbeefu, 0xfffffffeu, 0xffffffffu, 3000000000u};
int main(void) {
    uint64_t h = 1469598103u;
    int ns = sizeof sv / sizeof sv[0], nu = sizeof uv / sizeof uv[0];
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < ns; j++) {
            int32_t a = sv[i], b = sv[j];
            int32_t s = (int32_t)((uint32_t)a + (uint32_t)b);
            int32_t d = (int32_t)((uint32_t)a - (uint32_t)b);
            int32_t m = (int32_t)((uint32_t)a * (uint32_t)b);
            int64_t wide = (int64_t)a * b;
            int ovf_add, ovf_mul; int32_t r1, r2;
            ovf_add = __builtin_add_overflow(a, b, &r1);
            ovf_mul = __builtin_mul_overflow(a, b, &r2);
            if ((i + 2 * j) % 6 == 0)
                printf("s32 %11d %11d: + %11d - %11d * %11d wide %20lld ovf %d%d lt %d\n",
                       a, b, s, d, m, (long long)wide, ovf_add, ovf_mul, a < b);
            h = (h ^ (uint32_t)s ^ ((uint64_t)(uint32_t)d << 32)) * 1099511628211ull;
            h = (h ^ (uint32_t)m ^ (uint64_t)wide ^ ovf_add ^ (ovf_mul << 1) ^ (uint32_t)r1 ^ (uint32_t)r2) * 1099511628211ull;
        }
    for (int i = 0; i < nu; i++)
        for (int j = 0; j < nu; j++) {
            uint32_t a = uv[i], b = uv[j];
            uint32_t s = a + b, d = a - b, m = a * b;
            uint64_t wide = (uint64_t)a * b;
            int mixed = (int32_t)a < (int32_t)b;
            if ((i + j) % 4 == 0)
                printf("u32 %10u %10u: + %10u - %10u * %10u wide %20llu lt %d slt %d\n",
                       a, b, s, d, m, (unsigned long long)wide, a < b, mixed);
            h = (h ^ s ^ ((uint64_t)d << 32)) * 1099511628211ull;
            h = (h ^ m ^ wide ^ mixed) * 1099511628211ull;
        }
    /* negation and abs edge cases */
    for (int i = 0; i < ns; i++) {
        int32_t a = sv[i];
        uint32_t na = -(uint32_t)a;
        printf("neg %d -> %u ; abs-ish %u ; not %d\n", a, na, a < 0 ? na : (uint32_t)a, ~a);
    }
    printf("hash %016llx\n", (unsigned long long)h);
    return 0;
}
