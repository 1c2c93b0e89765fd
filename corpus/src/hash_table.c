/* open-addressing hash table with string keys: insert, lookup, delete, resize. args: [n] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
typedef struct { char *k; long v; int used; } slot;
static slot *tab; static size_t cap, cnt;
static uint64_t hs(const char *s) { uint64_t h = 1469598103934665603ull; while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211ull; return h; }
static void put(char *k, long v);
static void grow(void) { slot *o = tab; size_t oc = cap; cap = cap ? cap * 2 : 16; tab = calloc(cap, sizeof(slot)); cnt = 0; for (size_t i = 0; i < oc; i++) if (o[i].used == 1) put(o[i].k, o[i].v); free(o); }
static void put(char *k, long v) {
    if ((cnt + 1) * 4 > cap * 3) grow();
    size_t i = hs(k) & (cap - 1);
    while (tab[i].used) { if (tab[i].used == 1 && !strcmp(tab[i].k, k)) { tab[i].v = v; free(k); return; } i = (i + 1) & (cap - 1); }
    tab[i].k = k; tab[i].v = v; tab[i].used = 1; cnt++;
}
static slot *get(const char *k) { if (!cap) return NULL; size_t i = hs(k) & (cap - 1); while (tab[i].used) { if (tab[i].used == 1 && !strcmp(tab[i].k, k)) return &tab[i]; i = (i + 1) & (cap - 1); } return NULL; }
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 50000; char buf[32];
    for (int i = 0; i < n; i++) { snprintf(buf, sizeof buf, "key%d", (i * 7919) % (n / 2 + 1)); put(strdup(buf), i); }
    long found = 0, sum = 0;
    for (int i = 0; i < n; i++) { snprintf(buf, sizeof buf, "key%d", i); slot *s = get(buf); if (s) { found++; sum += s->v; } }
    int del = 0; for (int i = 0; i < n; i += 3) { snprintf(buf, sizeof buf, "key%d", i); slot *s = get(buf); if (s) { free(s->k); s->k = NULL; s->used = 2; del++; } }
    long after = 0; for (int i = 0; i < n; i++) { snprintf(buf, sizeof buf, "key%d", i); after += get(buf) != NULL; }
    printf("n=%d cap=%zu count=%zu found=%ld sum=%ld deleted=%d after=%ld\n", n, cap, cnt, found, sum, del, after);
    return 0;
}
