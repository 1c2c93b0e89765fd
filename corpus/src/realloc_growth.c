/* realloc growth of many buffers, calloc zeroing, large allocations (mmap threshold). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
int main(void) {
    unsigned char *buf = NULL; size_t cap = 0, len = 0; uint32_t h = 2166136261u;
    for (int i = 0; i < 200000; i++) {
        if (len == cap) { cap = cap ? cap * 3 / 2 + 1 : 1; buf = realloc(buf, cap); if (!buf) return 1; }
        buf[len++] = (unsigned char)(i * 7 + (i >> 8));
    }
    for (size_t i = 0; i < len; i++) h = (h ^ buf[i]) * 16777619u;
    printf("grown len=%zu hash=%08x\n", len, h);
    /* shrink and re-grow keeps prefix */
    buf = realloc(buf, 1000); buf = realloc(buf, 5000000); memset(buf + 1000, 0xab, 4999000);
    h = 2166136261u; for (size_t i = 0; i < 5000000; i += 997) h = (h ^ buf[i]) * 16777619u;
    printf("regrow hash=%08x\n", h);
    free(buf);
    /* calloc must be zero, including big */
    size_t sizes[] = {1, 15, 16, 17, 255, 4096, 65536, 1 << 20, 10 << 20};
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *p = calloc(sizes[i], 1); size_t nz = 0;
        for (size_t k = 0; k < sizes[i]; k++) nz += p[k] != 0;
        memset(p, 0x5a, sizes[i]); free(p);
        printf("calloc %zu nonzero=%zu\n", sizes[i], nz);
    }
    /* many vectors growing in lockstep */
    int *v[64] = {0}; size_t n[64] = {0};
    for (int r = 0; r < 3000; r++) for (int k = 0; k < 64; k++) if ((r * k) % 5 != 1) { v[k] = realloc(v[k], (n[k] + 1) * sizeof(int)); v[k][n[k]] = r ^ k; n[k]++; }
    long tot = 0; for (int k = 0; k < 64; k++) { for (size_t j = 0; j < n[k]; j++) tot += v[k][j] * (long)(j + 1); free(v[k]); }
    printf("lockstep tot=%ld\n", tot);
    return 0;
}
