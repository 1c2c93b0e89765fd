/*
 * Reference generator for lxrun's x87 emulation: runs x87 instructions on the real CPU with inline asm
 * and prints, for each case, the inputs and what the hardware produced. Its output is x87-hw.txt, which
 * X87HardwareTest replays through lxrun.translator.ops.X87.
 *
 *   gcc -O1 -o /tmp/x87gen x87gen.c && /tmp/x87gen | gzip -9 > x87-hw.txt.gz
 *
 * Line format (all numbers hex):
 *   C <method> <i|M> <cw> <rflags> <n> <se:mant>*n <mem0> <mem1> => <sw> <ftw> <se:mant for ST0..7 not empty> <mem0> <mem1> <rflags&0x8d5>
 * i is ModRM.rm for register forms, M for memory forms (operand at the 16-byte buffer).
 *   F <double bits> => <uint32 digit> ... (musl fmt_fp digit loop: y = frexp*2 scaled by 2^28, then
 *   repeatedly d = (uint32)y, y = 1e9 * (y - d)), with every y as se:mant.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct { uint64_t m; uint16_t se; } __attribute__((packed)) f80;

f80 in[8];
uint64_t mem[2];
uint64_t flin, flout;
static uint16_t cw;
static unsigned char save[108];

/* rm >= 0: register form with that index; -1 memory form */
struct op { const char *name; int rm; int mem; /* 0 none, 1 m32, 2 m64, 3 i16, 4 i32, 5 i64, 6 m80, 7 bcd */ int need; int edges; };

#define R(n, rm, k, nd, ed, bytes) case __COUNTER__: asm volatile("pushq flin(%%rip); popfq; .byte " bytes "; pushfq; popq flout(%%rip)" ::: "memory", "cc"); break;
#define M(n, rm, k, nd, ed, insn) case __COUNTER__: asm volatile("pushq flin(%%rip); popfq; " insn " mem(%%rip); pushfq; popq flout(%%rip)" ::: "memory", "cc"); break;

static void exec(int k) {
    switch (k) {
#include "x87ops.h"
    }
}

#undef R
#undef M
#define R(n, rm, k, nd, ed, bytes) {n, rm, k, nd, ed},
#define M(n, rm, k, nd, ed, insn) {n, rm, k, nd, ed},
static const struct op ops[] = {
#include "x87ops.h"
};
#define NOPS (sizeof ops / sizeof ops[0])

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void run(int k, int n, const f80 *vals, uint16_t c, uint64_t fl, uint64_t m0, uint64_t m1) {
    const struct op *o = &ops[k];
    cw = c; flin = fl; mem[0] = m0; mem[1] = m1;
    for (int j = 0; j < n; j++) in[j] = vals[j];
    asm volatile("fninit" ::: "memory");
    for (int j = n - 1; j >= 0; j--) asm volatile("fldt %0" :: "m"(in[j]) : "memory");
    asm volatile("fldcw %0; fnclex" :: "m"(cw) : "memory");
    exec(k);
    asm volatile("fnsave %0" : "=m"(save) :: "memory");
    uint16_t sw, tw;
    memcpy(&sw, save + 4, 2);
    memcpy(&tw, save + 8, 2);
    printf("C %s %s %x %lx %d", o->name, o->rm >= 0 ? (char[]){'0' + o->rm, 0} : "M", c, (unsigned long) fl, n);
    for (int j = 0; j < n; j++) printf(" %x:%016lx", vals[j].se, (unsigned long) vals[j].m);
    printf(" %lx %lx => %x %x", (unsigned long) m0, (unsigned long) m1, sw, tw);
    int top = (sw >> 11) & 7;
    for (int j = 0; j < 8; j++) {
        if (((tw >> (2 * ((top + j) & 7))) & 3) == 3) continue;
        uint64_t mm; uint16_t se;
        memcpy(&mm, save + 28 + 10 * j, 8);
        memcpy(&se, save + 36 + 10 * j, 2);
        printf(" %d=%x:%016lx", j, se, (unsigned long) mm);
    }
    printf(" %lx %lx %lx\n", (unsigned long) mem[0], (unsigned long) mem[1], (unsigned long) (flout & 0x8d5));
}

static const f80 edges[] = {
    {0, 0}, {0, 0x8000},                                             /* +-0 */
    {0x8000000000000000ull, 0x3fff}, {0x8000000000000000ull, 0xbfff}, /* +-1 */
    {0xc000000000000000ull, 0x3fff}, {0xc90fdaa22168c235ull, 0x4000}, /* 1.5, pi */
    {0xcccccccccccccccdull, 0x3ffb},                                  /* 0.1L */
    {0xccccccccccccd000ull, 0x3ffb},                                  /* (double)0.1 */
    {0x8000000000000001ull, 0x3fff}, {0xffffffffffffffffull, 0x3ffe}, /* 1+ulp, 1-ulp */
    {0x8000000000000400ull, 0x3fff}, {0x80000000000007ffull, 0xbfff}, /* 53-bit ties */
    {0x8000008000000000ull, 0x4005}, {0x80000000c0000000ull, 0x3ff0},
    {0xffffffffffffffffull, 0x7ffe}, {0xffffffffffffffffull, 0xfffe}, /* +-max */
    {0x8000000000000000ull, 0x0001}, {0x8000000000000000ull, 0x8001}, /* +-min normal */
    {1, 0}, {0x7fffffffffffffffull, 0x8000}, {0x8000000000000000ull, 0},/* denormals, pseudo-denormal */
    {0x8000000000000000ull, 0x7fff}, {0x8000000000000000ull, 0xffff}, /* +-inf */
    {0xc000000000000000ull, 0xffff}, {0xc000000000000001ull, 0x7fff}, /* indefinite, qnan */
    {0x8000000000000001ull, 0x7fff}, {0xa000000000000000ull, 0xffff}, /* snans */
    {0x4000000000000000ull, 0x3fff},                                  /* unnormal */
    {0xfa00000000000000ull, 0x4008}, {0xf6e978d4fdf3b646ull, 0x4005}, /* 1000, 123.456 */
    {0xd6bf94d5e57a42bcull, 0x43e3}, {0x8000000000000000ull, 0x3bce}, /* 1e300, 5e-324 */
    {0xee6b280000000000ull, 0x401c}, {0x8000000000000000ull, 0x401b}, /* 1e9, 2^28 */
    {0xfffffffffffff800ull, 0x43fe}, {0x8000000000000000ull, 0x403e}, /* dbl max, 2^63 */
    {0x8000000000000000ull, 0x3c01}, {0xfffffffe00000000ull, 0x3f80}, /* dbl min, flt min-ish */
    {0x8000000000000000ull, 0x3f81}, {0xffffff0000000000ull, 0x407e}, /* flt min, flt max */
};
#define NEDGE (sizeof edges / sizeof edges[0])

static f80 rndval(void) {
    f80 v;
    uint64_t r = rnd();
    switch (r % 10) {
    case 0: return edges[rnd() % NEDGE];
    case 1: v.se = rnd() & 0xffff; v.m = rnd() | 0x8000000000000000ull; if ((v.se & 0x7fff) == 0x7fff) v.se--; return v;
    case 2: /* near a rounding boundary */
        v.se = (0x3fff + (int) (rnd() % 40) - 20) | (rnd() & 0x8000);
        v.m = (rnd() | 0x8000000000000000ull) & ~0x7ffull; v.m |= (rnd() % 3 == 0) ? 0x400 : (rnd() % 2 ? 0x3ff : 0x401);
        if (rnd() & 1) v.m = (v.m & ~0xffffffffffull) | 0x8000000000ull | (rnd() % 3) - 1;
        return v;
    case 3: v.se = (rnd() % 70) | (rnd() & 0x8000); v.m = rnd() | 0x8000000000000000ull; return v; /* tiny */
    case 4: v.se = (0x7ffe - rnd() % 70) | (rnd() & 0x8000); v.m = rnd() | 0x8000000000000000ull; return v; /* huge */
    case 5: { /* a double or float widened */
        v.se = (0x3fff + (int) (rnd() % 120) - 60) | (rnd() & 0x8000);
        v.m = (rnd() | 0x8000000000000000ull) & ((rnd() & 1) ? ~0x7ffull : ~0xffffffffffull); return v; }
    case 6: { /* a small integer */
        int64_t x = (int64_t) (rnd() % 2000000) - 1000000; long double d = (long double) x * ((rnd() & 1) ? 1 : 0.5L);
        memcpy(&v, &d, 10); return v; }
    default:
        v.se = (0x3fff + (int) (rnd() % 140) - 70) | (rnd() & 0x8000); v.m = rnd() | 0x8000000000000000ull; return v;
    }
}

static uint64_t rndmem(int kind) {
    static const uint32_t fe[] = {0, 0x80000000, 1, 0x807fffff, 0x00800000, 0x7f7fffff, 0x7f800000, 0xff800000,
                                  0x7fc00000, 0x7f800001, 0x3f800000, 0x3dcccccd, 0x42f6e979, 0x4f000000};
    static const uint64_t de[] = {0, 0x8000000000000000ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull,
                                  0x7fefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
                                  0x7ff0000000000001ull, 0x3ff0000000000000ull, 0x3fb999999999999aull, 0x7e37e43c8800759cull,
                                  0x405edd2f1a9fbe77ull, 0x41cdcd6500000000ull};
    uint64_t r = rnd();
    switch (kind) {
    case 1: return (r & 3) == 0 ? fe[rnd() % 14] : (uint32_t) rnd();
    case 2: return (r & 3) == 0 ? de[rnd() % 15] : ((r & 3) == 1 ? (rnd() & 0x800fffffffffffffull) | ((0x3ff + rnd() % 64 - 32) << 52) : rnd());
    case 3: return (r & 3) == 0 ? (uint16_t) (0x8000 + rnd() % 3 - 1) : (uint16_t) (rnd() % 7 == 0 ? rnd() : rnd() % 100);
    case 4: return (r & 3) == 0 ? (uint32_t) (0x80000000u + rnd() % 3 - 1) : (uint32_t) rnd();
    case 5: return (r & 3) == 0 ? 0x8000000000000000ull + rnd() % 3 - 1 : (rnd() >> (rnd() % 64));
    case 7: { uint64_t v = 0; for (int j = 0; j < 16; j++) v |= (rnd() % 10) << (4 * j); return v; }
    default: return rnd();
    }
}

static int has(const char *s, const char *w) { return strstr(s, w) != NULL; }

/* precision/rounding control words: 12 combinations */
static uint16_t cws(int j) { return 0x007f | ((j % 3 == 0 ? 3 : j % 3 == 1 ? 2 : 0) << 8) | ((j / 3) << 10); }

static void fmt(double d) {
    /* musl fmt_fp's digit loop on long double */
    int e2;
    long double y = d;
    printf("F %016lx =>", *(unsigned long *) &d);
    if (y < 0) y = -y;
    y = __builtin_frexpl(y, &e2) * 2;
    if (y) e2--;
    if (y) y *= 0x1p28L, e2 -= 28;
    for (int k = 0; k < 40 && y; k++) {
        f80 v; memcpy(&v, &y, 10);
        uint32_t z = (uint32_t) y;
        printf(" %x:%016lx/%x", v.se, (unsigned long) v.m, z);
        y = 1000000000 * (y - z);
    }
    printf("\n");
}

int main(void) {
    for (int k = 0; k < (int) NOPS; k++) {
        const struct op *o = &ops[k];
        int mk = o->mem;
        int need = o->need;
        const char *nm = o->name;
        int binary = need >= 2 && !has(nm, "fxch") && !has(nm, "fld") && !has(nm, "fst") && !has(nm, "ffree") && !has(nm, "fcmov");
        int arith = has(nm, "fadd") || has(nm, "fsub") || has(nm, "fmul") || has(nm, "fdiv") || has(nm, "fsqrt");
        int trans = has(nm, "fsin") || has(nm, "fcos") || has(nm, "fptan") || has(nm, "fpatan") || has(nm, "f2xm1") || has(nm, "fyl2x");
        int count = trans ? 120 : (arith && o->edges ? 600 : (o->edges ? 100 : 150));
        if (has(nm, "fprem") || has(nm, "fist") || has(nm, "fst_m") || has(nm, "fstp_m") || has(nm, "frndint") || has(nm, "fscale")) count = 500;
        f80 vals[8];
        /* edge x edge for binary ops with canonical operands */
        if (o->edges && mk == 0) {
            for (unsigned a = 0; a < NEDGE; a++) {
                for (unsigned b = 0; b < (binary ? NEDGE : 1); b++) {
                    if (binary && trans && (a % 3 || b % 2)) continue;
                    vals[0] = edges[a]; vals[1] = edges[b];
                    run(k, need, vals, 0x37f, 0x202, 0, 0);
                }
            }
        }
        if (mk && need == 1 && mk != 6) {
            for (unsigned a = 0; a < NEDGE; a += (mk == 1 || mk == 2) ? 1 : 4) {
                for (int j = 0; j < ((mk == 1 || mk == 2) && o->name[2] == 'd' ? 8 : 3); j++) {
                    vals[0] = edges[a];
                    run(k, 1, vals, 0x37f, 0x202, rndmem(mk), 0);
                }
            }
        }
        for (int t = 0; t < count; t++) {
            int n = need;
            if (t % 50 == 49) n = need ? need - 1 : 8;  /* stack underflow / overflow */
            if (t % 50 == 48 && need) n = 8;
            if (n < need && o->rm < 0 && n == 0 && need == 0) n = 8;
            for (int j = 0; j < n; j++) vals[j] = rndval();
            uint16_t c = 0x37f;
            if (arith || has(nm, "frndint") || has(nm, "fist") || has(nm, "fst") || has(nm, "fld") || has(nm, "fscale") || has(nm, "fbstp"))
                c = (t % 2) ? cws(rnd() % 12) : 0x37f;
            uint64_t fl = 0x202 | (rnd() & 0x45);
            uint64_t m1 = mk == 6 ? rnd() & 0xffff : mk == 7 ? (rnd() % 100) | ((rnd() & 1) << 15) : 0;
            if (mk == 6 && t % 4 == 0) { f80 e = rndval(); run(k, n, vals, c, fl, e.m, e.se); continue; }
            run(k, n, vals, c, fl, rndmem(mk), m1);
        }
    }
    static const double fd[] = {0.1, 1e300, 5e-324, 123.456, 1.0, 0.5, 3.141592653589793, 2.2250738585072014e-308,
                                1.7976931348623157e308, 1e-300, 12345678901234567.0, 0.3, 2.0 / 3.0, 1e22, 1e23, 4.9e-300};
    for (unsigned j = 0; j < sizeof fd / sizeof fd[0]; j++) fmt(fd[j]);
    for (int j = 0; j < 200; j++) { uint64_t b = rnd() & 0x7fffffffffffffffull; double d; memcpy(&d, &b, 8); if (d == d && d - d == 0) fmt(d); }
    return 0;
}
