/* function pointer tables, callbacks, indirect calls through structs. */
#include <stdio.h>
#include <stdint.h>
typedef int64_t (*binop)(int64_t, int64_t);
static int64_t add(int64_t a, int64_t b) { return a + b; }
static int64_t sub(int64_t a, int64_t b) { return a - b; }
static int64_t mul(int64_t a, int64_t b) { return a * b; }
static int64_t mx(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t mn(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t xr(int64_t a, int64_t b) { return a ^ b; }
static int64_t md(int64_t a, int64_t b) { return b ? a % b : a; }
static const struct { const char *name; binop fn; } ops[] = {
    {"add", add}, {"sub", sub}, {"mul", mul}, {"max", mx}, {"min", mn}, {"xor", xr}, {"mod", md},
};
struct shape { const char *kind; double (*area)(const struct shape *); double a, b; };
static double rect(const struct shape *s) { return s->a * s->b; }
static double tri(const struct shape *s) { return 0.5 * s->a * s->b; }
static double circ(const struct shape *s) { return 3.141592653589793 * s->a * s->a; }
static int64_t fold(binop f, const int64_t *v, int n, int64_t init) { for (int i = 0; i < n; i++) init = f(init, v[i]); return init; }
static int cnt;
static void visit(int depth, void (*cb)(int)) { if (depth == 0) return; cb(depth); visit(depth - 1, cb); }
static void counter(int d) { cnt += d; }
static void printer(int d) { printf("[%d]", d); }
int main(void) {
    int64_t v[16];
    for (int i = 0; i < 16; i++) v[i] = (i * 37 + 11) % 23 - 7;
    for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
        printf("%s fold = %lld\n", ops[i].name, (long long)fold(ops[i].fn, v, 16, i == 2 ? 1 : 0));
    struct shape sh[] = {{"rect", rect, 3, 4}, {"tri", tri, 3, 4}, {"circ", circ, 2, 0}};
    for (int i = 0; i < 3; i++) printf("%s area %.6f\n", sh[i].kind, sh[i].area(&sh[i]));
    visit(10, counter); visit(5, printer);
    printf("\ncnt=%d\n", cnt);
    int64_t acc = 0; unsigned s = 1;
    for (int i = 0; i < 200000; i++) { s = s * 1664525 + 1013904223; acc = ops[(s >> 29) % 7].fn(acc, (int64_t)(s & 0xffff) - 30000) & 0xffffffffff; }
    printf("acc=%lld\n", (long long)acc);
    return 0;
}
