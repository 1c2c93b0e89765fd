/* int16/uint16 arithmetic with wraparound, sign/zero extension. */
#include <stdio.h>
#include <stdint.h>
static volatile int16_t sv[] = {0, 1, -1, 255, -256, 1000, -1000, 16383, -16384, 32767, -32768, 12345, -12345, 0x5555, -0x5556};
static volatile uint16_t uv[] = {0, 1, 255, 256, 1000, 32767, 32768, 40000, 0xaaaa, 65534, 65535};
int main(void) {
    unsigned long h = 1469598103u;
    int ns = sizeof sv / sizeof sv[0], nu = sizeof uv / sizeof uv[0];
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < ns; j++) {
            int16_t a = sv[i], b = sv[j];
            int16_t s = a + b, d = a - b, m = a * b;
            int32_t wide = (int32_t)a * b;
            int64_t sx = a;
            if ((i + j) % 5 == 0)
                printf("s16 %6d %6d: + %6d - %6d * %6d wide %11d sx %lld\n", a, b, s, d, m, wide, (long long)sx);
            h = (h ^ (uint16_t)s ^ ((uint64_t)(uint16_t)d << 16) ^ ((uint64_t)(uint16_t)m << 32) ^ (uint32_t)wide) * 1099511628211ul;
        }
    for (int i = 0; i < nu; i++)
        for (int j = 0; j < nu; j++) {
            uint16_t a = uv[i], b = uv[j];
            uint16_t s = a + b, d = a - b, m = a * b;
            uint32_t wide = (uint32_t)a * b;
            if ((i * j) % 7 == 1)
                printf("u16 %5u %5u: + %5u - %5u * %5u wide %10u cmp %d\n", a, b, s, d, m, wide, (a > b) - (a < b));
            h = (h ^ s ^ ((uint64_t)d << 16) ^ ((uint64_t)m << 32) ^ wide) * 1099511628211ul;
        }
    volatile int16_t w = 32760;
    for (int k = 0; k < 12; k++) { w += 3; printf("%d ", w); }
    printf("\nhash %016lx\n", h);
    return 0;
}
