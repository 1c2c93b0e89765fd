/* random malloc/free/realloc pattern with a fixed LCG, contents verified. args: [ops] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#define SLOTS 4096
static uint64_t st = 0x12345678;
static uint32_t rnd(void) { st = st * 6364136223846793005ull + 1442695040888963407ull; return (uint32_t)(st >> 33); }
int main(int argc, char **argv) {
    long ops = argc > 1 ? atol(argv[1]) : 300000;
    unsigned char *p[SLOTS] = {0}; size_t sz[SLOTS] = {0};
    long allocs = 0, frees = 0, reallocs = 0, bad = 0; size_t live = 0, peak = 0;
    for (long i = 0; i < ops; i++) {
        uint32_t r = rnd(); int k = r % SLOTS; uint32_t kind = rnd() % 10;
        size_t want = (kind < 6) ? rnd() % 128 + 1 : (kind < 9) ? rnd() % 4096 + 1 : rnd() % 300000 + 1;
        if (p[k]) {
            for (size_t j = 0; j < sz[k]; j += 1 + sz[k] / 8) if (p[k][j] != (unsigned char)(k + j)) bad++;
            if (r & 0x10000) { free(p[k]); p[k] = NULL; live -= sz[k]; sz[k] = 0; frees++; }
            else {
                unsigned char *q = realloc(p[k], want); if (!q) return 2;
                for (size_t j = sz[k]; j < want; j++) q[j] = (unsigned char)(k + j);
                live += want; live -= sz[k]; p[k] = q; sz[k] = want; reallocs++;
            }
        } else {
            p[k] = malloc(want); if (!p[k]) return 2;
            for (size_t j = 0; j < want; j++) p[k][j] = (unsigned char)(k + j);
            sz[k] = want; live += want; allocs++;
        }
        if (live > peak) peak = live;
    }
    for (int k = 0; k < SLOTS; k++) free(p[k]);
    printf("ops=%ld allocs=%ld frees=%ld reallocs=%ld bad=%ld peak=%zu\n", ops, allocs, frees, reallocs, bad, peak);
    return 0;
}
