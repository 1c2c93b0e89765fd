/* qsort of 100k LCG ints (and a hand-written radix sort for cross-checking), printing checksums. args: [n] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
static int cmp(const void *a, const void *b) { uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b; return (x > y) - (x < y); }
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    uint32_t *v = malloc(n * 4), *w = malloc(n * 4), *t = malloc(n * 4); uint32_t s = 2463534242u;
    for (long i = 0; i < n; i++) { s = s * 1664525u + 1013904223u; v[i] = s ^ (s >> 15); }
    memcpy(w, v, n * 4);
    qsort(v, n, 4, cmp);
    for (int pass = 0; pass < 4; pass++) {
        long cnt[257] = {0}; int sh = pass * 8;
        for (long i = 0; i < n; i++) cnt[((w[i] >> sh) & 255) + 1]++;
        for (int k = 0; k < 256; k++) cnt[k + 1] += cnt[k];
        for (long i = 0; i < n; i++) t[cnt[(w[i] >> sh) & 255]++] = w[i];
        uint32_t *x = w; w = t; t = x;
    }
    uint64_t ck = 0; long same = 0, ordered = 1;
    for (long i = 0; i < n; i++) { ck = ck * 1000003 + v[i]; same += v[i] == w[i]; if (i && v[i - 1] > v[i]) ordered = 0; }
    printf("n=%ld ordered=%ld agree=%ld min=%u median=%u max=%u ck=%016llx\n", n, ordered, same, v[0], v[n / 2], v[n - 1], (unsigned long long)ck);
    return 0;
}
