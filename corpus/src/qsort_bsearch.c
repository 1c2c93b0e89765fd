/* qsort with different comparators/element sizes, bsearch hits and misses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct rec { int key; char name[12]; double w; };
static int cmpi(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmpd(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmprec(const void *a, const void *b) { const struct rec *x = a, *y = b; int c = strcmp(x->name, y->name); return c ? c : (x->key > y->key) - (x->key < y->key); }
static int cmps(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(void) {
    unsigned s = 99; int iv[5000]; double dv[3000]; struct rec rv[1000];
    for (int i = 0; i < 5000; i++) { s = s * 1103515245 + 12345; iv[i] = (int)(s >> 4) % 20000 - 10000; }
    qsort(iv, 5000, sizeof(int), cmpi);
    long ck = 0; for (int i = 0; i < 5000; i++) ck = ck * 3 + iv[i];
    printf("ints: %d %d %d ... %d ck=%ld\n", iv[0], iv[1], iv[2], iv[4999], ck);
    int hits = 0; for (int k = -10000; k < 10000; k += 7) if (bsearch(&k, iv, 5000, sizeof(int), cmpi)) hits++;
    printf("bsearch hits=%d\n", hits);
    for (int i = 0; i < 3000; i++) { s = s * 1103515245 + 12345; dv[i] = ((s >> 3) % 100000) / 7.0 - 5000; }
    qsort(dv, 3000, sizeof(double), cmpd);
    printf("doubles: %.4f %.4f %.4f\n", dv[0], dv[1500], dv[2999]);
    for (int i = 0; i < 1000; i++) { s = s * 1103515245 + 12345; rv[i].key = i; snprintf(rv[i].name, sizeof rv[i].name, "n%03u", (s >> 10) % 300); rv[i].w = i * 0.5; }
    qsort(rv, 1000, sizeof(struct rec), cmprec);
    for (int i = 0; i < 1000; i += 111) printf("rec %s %d %.1f\n", rv[i].name, rv[i].key, rv[i].w);
    struct rec key = {.key = 500}; strcpy(key.name, rv[500].name); key.key = rv[500].key;
    struct rec *f = bsearch(&key, rv, 1000, sizeof(struct rec), cmprec); printf("found idx %ld\n", f ? (long)(f - rv) : -1L);
    const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape", "lemon", "mango", "apple", "Zebra", ""};
    int nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof(char *), cmps);
    for (int i = 0; i < nw; i++) printf("[%s]", words[i]);
    printf("\n");
    qsort(iv, 0, sizeof(int), cmpi); qsort(iv, 1, sizeof(int), cmpi);
    return 0;
}
