/* int8/uint8 arithmetic incl. wraparound, mixed promotion. */
#include <stdio.h>
#include <stdint.h>
static volatile int8_t sv[] = {0, 1, -1, 2, -2, 7, -7, 63, -64, 100, -100, 126, 127, -127, -128, 85, -86};
static volatile uint8_t uv[] = {0, 1, 2, 3, 7, 15, 16, 85, 127, 128, 129, 170, 200, 254, 255};
int main(void) {
    unsigned long h = 1469598103u;
    int ns = sizeof sv / sizeof sv[0], nu = sizeof uv / sizeof uv[0];
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < ns; j++) {
            int8_t a = sv[i], b = sv[j];
            int8_t s = (int8_t)(a + b), d = (int8_t)(a - b), m = (int8_t)(a * b);
            int8_t n = (int8_t)-a, x = a ^ b, o = a | b, an = a & b, c = ~a;
            int lt = a < b, eq = a == b;
            if (i % 4 == 0 && j % 3 == 0)
                printf("s8 %4d %4d: + %4d - %4d * %4d neg %4d ^ %4d | %4d & %4d ~ %4d lt %d eq %d\n",
                       a, b, s, d, m, n, x, o, an, c, lt, eq);
            h = (h ^ (uint8_t)s ^ ((uint8_t)d << 8) ^ ((unsigned long)(uint8_t)m << 16) ^ lt ^ (eq << 1)) * 1099511628211ul;
        }
    for (int i = 0; i < nu; i++)
        for (int j = 0; j < nu; j++) {
            uint8_t a = uv[i], b = uv[j];
            uint8_t s = a + b, d = a - b, m = a * b;
            int lt = a < b;
            int promoted = a * b; /* promotion to int: no wrap */
            if (i % 3 == 0 && j % 4 == 0)
                printf("u8 %3u %3u: + %3u - %3u * %3u lt %d prom %d\n", a, b, s, d, m, lt, promoted);
            h = (h ^ s ^ (d << 8) ^ ((unsigned long)m << 16) ^ ((unsigned long)promoted << 24)) * 1099511628211ul;
        }
    /* increments wrapping */
    volatile int8_t w = 120; volatile uint8_t uw = 250;
    for (int k = 0; k < 20; k++) { w++; uw++; printf("%d/%u ", w, uw); }
    printf("\nhash %016lx\n", h);
    return 0;
}
