/* int64/uint64 arithmetic, wraparound, overflow builtins, LCG stress. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
static volatile int64_t sv[] = {0, 1, -1, 3, -3, 1000000007, -1000000007, INT64_MAX, INT64_MIN, 0x123456789abcdefLL, -0x123456789abcdefLL, 1LL << 32, -(1LL << 32) - 1, 0x5555555555555555LL};
static volatile uint64_t uv[] = {0, 1, 0xffffffffull, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xdeadbeefcafebabeull, 0xfffffffffffffffeull, ~0ull};
int main(void) {
    uint64_t h = 1469598103u;
    int ns = sizeof sv / sizeof sv[0], nu = sizeof uv / sizeof uv[0];
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < ns; j++) {
            int64_t a = sv[i], b = sv[j];
            int64_t s = (int64_t)((uint64_t)a + (uint64_t)b);
            int64_t d = (int64_t)((uint64_t)a - (uint64_t)b);
            int64_t m = (int64_t)((uint64_t)a * (uint64_t)b);
            int64_t r1, r2, r3;
            int o1 = __builtin_add_overflow(a, b, &r1);
            int o2 = __builtin_sub_overflow(a, b, &r2);
            int o3 = __builtin_mul_overflow(a, b, &r3);
            if ((i + j) % 5 == 0)
                printf("s64 %20" PRId64 " %20" PRId64 ": + %20" PRId64 " - %20" PRId64 " * %20" PRId64 " ovf %d%d%d\n",
                       a, b, s, d, m, o1, o2, o3);
            h = (h ^ (uint64_t)s) * 1099511628211ull;
            h = (h ^ (uint64_t)d ^ (uint64_t)m) * 1099511628211ull;
            h = (h ^ o1 ^ (o2 << 1) ^ (o3 << 2) ^ (a < b) << 3) * 1099511628211ull;
        }
    for (int i = 0; i < nu; i++)
        for (int j = 0; j < nu; j++) {
            uint64_t a = uv[i], b = uv[j];
            uint64_t r; int o = __builtin_mul_overflow(a, b, &r);
            printf("u64 %016" PRIx64 " %016" PRIx64 ": + %016" PRIx64 " - %016" PRIx64 " * %016" PRIx64 " ovf %d lt %d\n",
                   a, b, a + b, a - b, a * b, o, a < b);
        }
    uint64_t x = 12345;
    for (int k = 0; k < 100000; k++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        h ^= x >> 17; h *= 0x100000001b3ull;
    }
    printf("lcg %016" PRIx64 " hash %016" PRIx64 "\n", x, h);
    return 0;
}
