/* loops GCC auto-vectorizes with SSE2 at -O2/-O3-ish patterns: saxpy, reductions, byte ops, min/max. args: [n] */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
__attribute__((optimize("O3"))) static void saxpy(float *y, const float *x, float a, int n) { for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i]; }
__attribute__((optimize("O3"))) static double dot(const double *a, const double *b, int n) { double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }
__attribute__((optimize("O3"))) static int32_t isum(const int32_t *a, int n) { int32_t s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
__attribute__((optimize("O3"))) static void bytes(uint8_t *d, const uint8_t *a, const uint8_t *b, int n) { for (int i = 0; i < n; i++) d[i] = (uint8_t)((a[i] + b[i] + 1) >> 1) ^ (a[i] > b[i] ? 0xff : 0); }
__attribute__((optimize("O3"))) static void minmax(const int16_t *a, int n, int16_t *mn, int16_t *mx) { int16_t lo = 32767, hi = -32768; for (int i = 0; i < n; i++) { lo = a[i] < lo ? a[i] : lo; hi = a[i] > hi ? a[i] : hi; } *mn = lo; *mx = hi; }
__attribute__((optimize("O3"))) static void mul16(int16_t *d, const int16_t *a, const int16_t *b, int n) { for (int i = 0; i < n; i++) d[i] = (int16_t)((a[i] * b[i]) >> 8); }
__attribute__((optimize("O3"))) static void cvt(int32_t *d, const float *a, int n) { for (int i = 0; i < n; i++) d[i] = (int32_t)(a[i] * 3.7f); }
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10007;
    float *x = malloc(n * 4), *y = malloc(n * 4); double *a = malloc(n * 8), *b = malloc(n * 8); int32_t *iv = malloc(n * 4), *ci = malloc(n * 4);
    uint8_t *p = malloc(n), *q = malloc(n), *r = malloc(n); int16_t *s = malloc(n * 2), *t = malloc(n * 2), *u = malloc(n * 2);
    for (int i = 0; i < n; i++) { x[i] = (float)(i % 100) * 0.01f; y[i] = (float)(i % 37); a[i] = i * 0.5; b[i] = 1.0 / (i + 1); iv[i] = i * 7 - 30000; p[i] = (uint8_t)(i * 13); q[i] = (uint8_t)(i * 7 + 3); s[i] = (int16_t)(i * 31 - 15000); t[i] = (int16_t)(i % 300 - 150); }
    for (int k = 0; k < 10; k++) saxpy(y, x, 1.5f, n);
    double ys = 0; for (int i = 0; i < n; i++) ys += y[i];
    printf("saxpy sum %.6f y[n-1]=%a\n", ys, (double)y[n - 1]);
    printf("dot %.12f\n", dot(a, b, n));
    printf("isum %d\n", isum(iv, n));
    bytes(r, p, q, n); uint32_t h = 0; for (int i = 0; i < n; i++) h = h * 31 + r[i]; printf("bytes hash %08x\n", h);
    int16_t mn, mx; minmax(s, n, &mn, &mx); printf("minmax %d %d\n", mn, mx);
    mul16(u, s, t, n); h = 0; for (int i = 0; i < n; i++) h = h * 31 + (uint16_t)u[i]; printf("mul16 hash %08x\n", h);
    cvt(ci, x, n); int64_t cs = 0; for (int i = 0; i < n; i++) cs += ci[i] * (i & 3); printf("cvt sum %lld\n", (long long)cs);
    return 0;
}
