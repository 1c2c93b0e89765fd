/* arbitrary precision: factorial (base 1e9 limbs), 2^N, fibonacci, digit sums. args: [n] (default 1000) */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
typedef struct { uint32_t *d; int n, cap; } big;
static void push(big *b, uint32_t v) { if (b->n == b->cap) { b->cap = b->cap ? b->cap * 2 : 8; b->d = realloc(b->d, b->cap * 4); } b->d[b->n++] = v; }
static void mul_small(big *b, uint32_t m) { uint64_t c = 0; for (int i = 0; i < b->n; i++) { uint64_t t = (uint64_t)b->d[i] * m + c; b->d[i] = t % 1000000000; c = t / 1000000000; } while (c) { push(b, c % 1000000000); c /= 1000000000; } }
static void add(big *r, const big *a, const big *b) { r->n = 0; uint32_t c = 0; for (int i = 0; i < a->n || i < b->n || c; i++) { uint32_t s = c + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0); c = s >= 1000000000; push(r, s - c * 1000000000); } }
static void print(const char *label, const big *b) {
    int digits = 0, sum = 0; char buf[16];
    for (int i = b->n - 1; i >= 0; i--) { int l = sprintf(buf, i == b->n - 1 ? "%u" : "%09u", b->d[i]); digits += l; for (int k = 0; k < l; k++) sum += buf[k] - '0'; }
    printf("%s: %d digits, digit sum %d, leading %u, trailing %09u\n", label, digits, sum, b->d[b->n - 1], b->d[0]);
}
static void mul(big *r, const big *a, const big *b) {
    uint64_t *t = calloc(a->n + b->n + 1, 8);
    for (int i = 0; i < a->n; i++) { uint64_t c = 0; for (int j = 0; j < b->n; j++) { uint64_t v = t[i + j] + (uint64_t)a->d[i] * b->d[j] + c; t[i + j] = v % 1000000000; c = v / 1000000000; } t[i + b->n] += c; }
    r->n = 0; int n = a->n + b->n; while (n > 1 && !t[n - 1]) n--; for (int i = 0; i < n; i++) push(r, (uint32_t)t[i]); free(t);
}
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    big f = {0}; push(&f, 1);
    for (int i = 2; i <= n; i++) mul_small(&f, i);
    char lab[64]; snprintf(lab, sizeof lab, "%d!", n); print(lab, &f);
    big p = {0}; push(&p, 1); for (int i = 0; i < 3 * n; i++) mul_small(&p, 2); snprintf(lab, sizeof lab, "2^%d", 3 * n); print(lab, &p);
    big a = {0}, b = {0}, c = {0}; push(&a, 0); push(&b, 1);
    for (int i = 0; i < 5 * n; i++) { add(&c, &a, &b); big t = a; a = b; b = c; c = t; }
    snprintf(lab, sizeof lab, "fib(%d)", 5 * n); print(lab, &a);
    big sq = {0}; mul(&sq, &f, &f); snprintf(lab, sizeof lab, "(%d!)^2", n); print(lab, &sq);
    big small = {0}; push(&small, 1); for (int i = 2; i <= 30; i++) mul_small(&small, i);
    printf("30! = "); for (int i = small.n - 1; i >= 0; i--) printf(i == small.n - 1 ? "%u" : "%09u", small.d[i]); printf("\n");
    return 0;
}
