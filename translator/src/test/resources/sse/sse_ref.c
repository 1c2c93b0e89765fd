/*
 * Reference generator for the SSE/SSE2 helpers of lxrun.translator.ops.Sse: runs each instruction on the
 * real CPU with many inputs and prints one line per case (all numbers hex, no 0x):
 *
 *   name imm mxcsr_in a_lo a_hi b_lo b_hi r_lo r_hi mxcsr_out rflags
 *
 * a = destination register before, b = source register (or, for GPR-source forms, b_lo = the integer),
 * r = destination register after (or, for GPR-destination forms, r_lo = the 64-bit GPR after the
 * instruction), mxcsr_out = MXCSR after (exception flags start clear), rflags = status flags after
 * (only meaningful for comis/ucomis). "name" is the helper's name in Sse ("_q": REX.W form,
 * "_i": shift by immediate).
 *
 * Build and run:  gcc -O1 -msse2 -o /tmp/sse_ref sse_ref.c && /tmp/sse_ref | gzip -9 > sse_ref.txt.gz
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef struct { u64 lo, hi; } x128;
typedef double __attribute__((vector_size(16))) v2d;

static const u32 DEFMX = 0x1f80;

static void out(const char *name, int imm, u32 mx, x128 a, x128 b, x128 r, u32 mxo, u64 fl) {
    printf("%s %x %x %llx %llx %llx %llx %llx %llx %x %llx\n", name, imm, mx,
           (unsigned long long) a.lo, (unsigned long long) a.hi, (unsigned long long) b.lo, (unsigned long long) b.hi,
           (unsigned long long) r.lo, (unsigned long long) r.hi, mxo, (unsigned long long) (fl & 0x8d5));
}

/* ---------------------------------------------------------------- instruction shapes */

#define XX(fn, ins)                                                                              \
    static void fn(x128 *a, x128 b, u32 *mx, u64 *fl) {                                            \
        v2d x, y; memcpy(&x, a, 16); memcpy(&y, &b, 16);                                         \
        u32 m = *mx, d = DEFMX; u64 f;                                                           \
        __asm__ volatile("ldmxcsr %[m]\n\t" ins " %[y], %[x]\n\tpushfq\n\tpopq %[f]\n\t"          \
                         "stmxcsr %[m]\n\tldmxcsr %[d]"                                           \
                         : [x] "+x"(x), [m] "+m"(m), [f] "=r"(f) : [y] "x"(y), [d] "m"(d) : "cc"); \
        memcpy(a, &x, 16); *mx = m; *fl = f;                                                     \
    }

/* with an immediate: one asm per value through a switch */
#define XXI_CASE(ins, n)                                                                         \
    case n: __asm__ volatile("ldmxcsr %[m]\n\t" ins " $" #n ", %[y], %[x]\n\tstmxcsr %[m]\n\tldmxcsr %[d]" \
                             : [x] "+x"(x), [m] "+m"(m) : [y] "x"(y), [d] "m"(d)); break;
#define SI_CASE(ins, n)                                                                          \
    case n: __asm__ volatile(ins " $" #n ", %[x]" : [x] "+x"(x)); break;
#define GXI_CASE(ins, n)                                                                         \
    case n: __asm__ volatile(ins " $" #n ", %[y], %k[r]" : [r] "+r"(r) : [y] "x"(y)); break;
#define XGI_CASE(ins, n)                                                                         \
    case n: __asm__ volatile(ins " $" #n ", %k[v], %[x]" : [x] "+x"(x) : [v] "r"(v)); break;
#define C8(M, ins, b) M(ins, (b + 0)) M(ins, (b + 1)) M(ins, (b + 2)) M(ins, (b + 3)) M(ins, (b + 4)) M(ins, (b + 5)) M(ins, (b + 6)) M(ins, (b + 7))
#define C16(M, ins, b) C8(M, ins, b) C8(M, ins, (b + 8))
#define C256(M, ins) C16(M, ins, 0) C16(M, ins, 16) C16(M, ins, 32) C16(M, ins, 48) C16(M, ins, 64) C16(M, ins, 80) \
    C16(M, ins, 96) C16(M, ins, 112) C16(M, ins, 128) C16(M, ins, 144) C16(M, ins, 160) C16(M, ins, 176)           \
    C16(M, ins, 192) C16(M, ins, 208) C16(M, ins, 224) C16(M, ins, 240)

#define XXI(fn, ins)                                                                             \
    static void fn(x128 *a, x128 b, u32 *mx, int imm) {                                          \
        v2d x, y; memcpy(&x, a, 16); memcpy(&y, &b, 16);                                         \
        u32 m = *mx, d = DEFMX;                                                                  \
        switch (imm) { C256(XXI_CASE, ins) }                                                     \
        memcpy(a, &x, 16); *mx = m;                                                              \
    }
#define SI(fn, ins)                                                                              \
    static void fn(x128 *a, int imm) {                                                           \
        v2d x; memcpy(&x, a, 16);                                                                \
        switch (imm) { C256(SI_CASE, ins) }                                                      \
        memcpy(a, &x, 16);                                                                       \
    }
#define GXI(fn, ins)                                                                             \
    static u64 fn(x128 b, int imm) {                                                             \
        v2d y; memcpy(&y, &b, 16); u64 r = 0xdeadbeefdeadbeefULL;                                 \
        switch (imm) { C8(GXI_CASE, ins, 0) }                                                     \
        return r;                                                                                \
    }
#define XGI(fn, ins)                                                                             \
    static void fn(x128 *a, u64 v, int imm) {                                                    \
        v2d x; memcpy(&x, a, 16);                                                                \
        switch (imm) { C8(XGI_CASE, ins, 0) }                                                     \
        memcpy(a, &x, 16);                                                                       \
    }
/* GPR destination: w = "k" (32-bit) or "q" (64-bit) */
#define GX(fn, ins, w)                                                                           \
    static u64 fn(x128 b, u32 *mx) {                                                             \
        v2d y; memcpy(&y, &b, 16); u64 r = 0xdeadbeefdeadbeefULL;                                 \
        u32 m = *mx, d = DEFMX;                                                                  \
        __asm__ volatile("ldmxcsr %[m]\n\t" ins " %[y], %" w "[r]\n\tstmxcsr %[m]\n\tldmxcsr %[d]" \
                         : [r] "+r"(r), [m] "+m"(m) : [y] "x"(y), [d] "m"(d));                     \
        *mx = m; return r;                                                                       \
    }
/* GPR source */
#define XG(fn, ins, w)                                                                           \
    static void fn(x128 *a, u64 v, u32 *mx) {                                                    \
        v2d x; memcpy(&x, a, 16);                                                                \
        u32 m = *mx, d = DEFMX;                                                                  \
        __asm__ volatile("ldmxcsr %[m]\n\t" ins " %" w "[v], %[x]\n\tstmxcsr %[m]\n\tldmxcsr %[d]" \
                         : [x] "+x"(x), [m] "+m"(m) : [v] "r"(v), [d] "m"(d));                     \
        memcpy(a, &x, 16); *mx = m;                                                              \
    }

typedef void (*xxf)(x128 *, x128, u32 *, u64 *);
typedef void (*xxif)(x128 *, x128, u32 *, int);
typedef u64 (*gxf)(x128, u32 *);
typedef void (*xgf)(x128 *, u64, u32 *);

/* ---------------------------------------------------------------- the instructions */

#define FLOAT_OPS(X) \
    X(addss) X(subss) X(mulss) X(divss) X(minss) X(maxss) X(sqrtss) \
    X(addsd) X(subsd) X(mulsd) X(divsd) X(minsd) X(maxsd) X(sqrtsd) \
    X(addps) X(subps) X(mulps) X(divps) X(minps) X(maxps) X(sqrtps) \
    X(addpd) X(subpd) X(mulpd) X(divpd) X(minpd) X(maxpd) X(sqrtpd) \
    X(comiss) X(ucomiss) X(comisd) X(ucomisd) \
    X(cvtss2sd) X(cvtsd2ss) X(cvtps2pd) X(cvtpd2ps) X(cvtdq2ps) X(cvtps2dq) X(cvttps2dq) \
    X(cvtdq2pd) X(cvtpd2dq) X(cvttpd2dq)
#define INT_OPS(X) \
    X(paddb) X(paddw) X(paddd) X(paddq) X(psubb) X(psubw) X(psubd) X(psubq) \
    X(paddsb) X(paddsw) X(psubsb) X(psubsw) X(paddusb) X(paddusw) X(psubusb) X(psubusw) \
    X(pmullw) X(pmulhw) X(pmulhuw) X(pmuludq) X(pmaddwd) X(psadbw) X(pavgb) X(pavgw) \
    X(pminub) X(pmaxub) X(pminsw) X(pmaxsw) X(pcmpgtb) X(pcmpgtw) X(pcmpgtd) X(pcmpeqb) X(pcmpeqw) X(pcmpeqd) \
    X(pand) X(pandn) X(por) X(pxor) X(andps) X(andnps) X(orps) X(xorps) \
    X(punpcklbw) X(punpcklwd) X(punpckldq) X(punpcklqdq) X(punpckhbw) X(punpckhwd) X(punpckhdq) X(punpckhqdq) \
    X(packsswb) X(packssdw) X(packuswb) X(unpcklps) X(unpckhps) X(unpcklpd) X(unpckhpd) \
    X(psllw) X(pslld) X(psllq) X(psrlw) X(psrld) X(psrlq) X(psraw) X(psrad) \
    X(movq) X(movddup) X(movsldup) X(movshdup)

#define DEF(n) XX(f_##n, #n)
FLOAT_OPS(DEF)
INT_OPS(DEF)
XX(f_movss_rr, "movss")
XX(f_movsd_rr, "movsd")
XX(f_movlps, "movhlps")
XX(f_movhps, "movlhps")
#define ENTRY(n) {#n, f_##n},
static const struct { const char *name; xxf f; } FLOAT_TAB[] = { FLOAT_OPS(ENTRY) };
static const struct { const char *name; xxf f; } INT_TAB[] = {
    INT_OPS(ENTRY) {"movss_rr", f_movss_rr}, {"movsd_rr", f_movsd_rr}, {"movlps", f_movlps}, {"movhps", f_movhps} };

XXI(f_cmpss, "cmpss") XXI(f_cmpsd, "cmpsd") XXI(f_cmpps, "cmpps") XXI(f_cmppd, "cmppd")
XXI(f_shufps, "shufps") XXI(f_shufpd, "shufpd") XXI(f_pshufd, "pshufd") XXI(f_pshuflw, "pshuflw") XXI(f_pshufhw, "pshufhw")
SI(f_psllw_i, "psllw") SI(f_pslld_i, "pslld") SI(f_psllq_i, "psllq") SI(f_psrlw_i, "psrlw") SI(f_psrld_i, "psrld")
SI(f_psrlq_i, "psrlq") SI(f_psraw_i, "psraw") SI(f_psrad_i, "psrad") SI(f_pslldq_i, "pslldq") SI(f_psrldq_i, "psrldq")
GXI(f_pextrw, "pextrw")
XGI(f_pinsrw, "pinsrw")

GX(f_cvtss2si, "cvtss2si", "k") GX(f_cvtss2si_q, "cvtss2si", "q") GX(f_cvttss2si, "cvttss2si", "k") GX(f_cvttss2si_q, "cvttss2si", "q")
GX(f_cvtsd2si, "cvtsd2si", "k") GX(f_cvtsd2si_q, "cvtsd2si", "q") GX(f_cvttsd2si, "cvttsd2si", "k") GX(f_cvttsd2si_q, "cvttsd2si", "q")
GX(f_movmskps, "movmskps", "k") GX(f_movmskpd, "movmskpd", "k") GX(f_pmovmskb, "pmovmskb", "k")
GX(f_movd_from_xmm, "movd", "k") GX(f_movd_from_xmm_q, "movq", "q")
XG(f_cvtsi2ss, "cvtsi2ssl", "k") XG(f_cvtsi2ss_q, "cvtsi2ssq", "q") XG(f_cvtsi2sd, "cvtsi2sdl", "k") XG(f_cvtsi2sd_q, "cvtsi2sdq", "q")
XG(f_movd_to_xmm, "movd", "k") XG(f_movd_to_xmm_q, "movq", "q")

/* ---------------------------------------------------------------- inputs */

static const u32 F32[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40400000, 0xc0200000, 0x3dcccccd,
    0x00800000, 0x80800000, 0x00000001, 0x807fffff, 0x00400000, 0x7f7fffff, 0xff7fffff, 0x7f800000,
    0xff800000, 0x7fc00000, 0xffc12345, 0x7f800001, 0xff812345, 0x4f000000, 0xcf000000, 0x4effffff,
    0x3f000000, 0x3f800001, 0x33800000, 0x7e800000, 0x5f000000, 0xdf000001, 0x40200000, 0x00ffffff,
};
static const u64 F64[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x3ff8000000000000,
    0x4008000000000000, 0xc004000000000000, 0x3fb999999999999a, 0x0010000000000000, 0x8010000000000000,
    0x0000000000000001, 0x800fffffffffffff, 0x0008000000000000, 0x7fefffffffffffff, 0xffefffffffffffff,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000012345, 0x7ff0000000000001,
    0xfff4000000012345, 0x41e0000000000000, 0xc1e0000000000000, 0x41dfffffffffffff, 0x3fe0000000000000,
    0x3ff0000000000001, 0x3ca0000000000000, 0x7fd0000000000000, 0x43e0000000000000, 0xc3e0000000000001,
    0x4004000000000000, 0x001fffffffffffff, 0xc1e0000000200000, 0x41dfffffffe00000, 0x36a0000000000000,
};
#define NF32 (sizeof F32 / sizeof F32[0])
#define NF64 (sizeof F64 / sizeof F64[0])

static const u32 MODES[] = {0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x9fc0, 0x1fc0, 0x9f80, 0x1fa0}; /* 0x1fa0: inexact already raised, as in most programs */
#define NMODES (sizeof MODES / sizeof MODES[0])

static u64 rs = 0x9e3779b97f4a7c15ULL;
static u64 rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }

/* random float with an exponent in [lo, hi] (biased) */
static u32 rf32(int lo, int hi) {
    u64 r = rnd();
    u32 e = lo + (u32) (r % (u64) (hi - lo + 1));
    return (u32) ((rnd() & 1) << 31) | (e << 23) | (u32) (rnd() & 0x7fffff);
}
static u64 rf64(int lo, int hi) {
    u64 r = rnd();
    u64 e = lo + (r % (u64) (hi - lo + 1));
    return ((rnd() & 1) << 63) | (e << 52) | (rnd() & 0xfffffffffffffULL);
}

/* pairs of random operands in one of four ranges */
static void rpair32(int k, u32 *a, u32 *b) {
    switch (k & 3) {
    case 0: *a = rf32(100, 154); *b = rf32(100, 154); break;                /* ordinary */
    case 1: { int e = 1 + (int) (rnd() % 40); *a = rf32(e, e + 30); *b = rf32(e, e + 30); break; } /* near underflow */
    case 2: *a = rf32(0, 0); *b = rf32(0, 126); break;                      /* denormal operands */
    default: *a = rf32(190, 254); *b = rf32(190, 254); break;               /* near overflow */
    }
}
static void rpair64(int k, u64 *a, u64 *b) {
    switch (k & 3) {
    case 0: *a = rf64(1000, 1046); *b = rf64(1000, 1046); break;
    case 1: { int e = 1 + (int) (rnd() % 40); *a = rf64(e, e + 40); *b = rf64(e, e + 40); break; }
    case 2: *a = rf64(0, 0); *b = rf64(0, 1022); break;
    default: *a = rf64(1800, 2046); *b = rf64(1800, 2046); break;
    }
}
/* a 64-bit multiplication pair whose product is near the subnormal boundary */
static void mulpair64(u64 *a, u64 *b) {
    int ea = 400 + (int) (rnd() % 200);
    *a = rf64(ea, ea);
    *b = rf64(1023 + 1 - ea, 1023 + 1 - ea);
}
static void mulpair32(u32 *a, u32 *b) {
    int ea = 50 + (int) (rnd() % 30);
    *a = rf32(ea, ea);
    *b = rf32(127 + 1 - ea, 127 + 1 - ea);
}

static int is_double(const char *n) {
    size_t l = strlen(n);
    return n[l - 1] == 'd' && strcmp(n, "cvtdq2pd") != 0 && strcmp(n, "cvtss2sd") != 0 && strcmp(n, "cvtps2pd") != 0
        && strncmp(n, "cvtpd", 5) != 0 ? 1 : (strcmp(n, "cvtsd2ss") == 0 || strncmp(n, "cvtpd", 5) == 0 || strncmp(n, "cvttpd", 6) == 0);
}
static int is_packed(const char *n) {
    size_t l = strlen(n);
    return n[l - 2] == 'p' || strncmp(n, "cvtp", 4) == 0 || strncmp(n, "cvttp", 5) == 0 || strncmp(n, "cvtdq", 5) == 0;
}

static void run_xx(const char *name, xxf f, u32 mx, x128 a, x128 b) {
    x128 r = a; u32 m = mx; u64 fl;
    f(&r, b, &m, &fl);
    out(name, 0, mx, a, b, r, m, strncmp(name, "comi", 4) == 0 || strncmp(name, "ucomi", 5) == 0 ? fl : 0);
}

static x128 mk32(u32 a, u32 b, u32 c, u32 d) { x128 x = {a | (u64) b << 32, c | (u64) d << 32}; return x; }
static x128 mk64(u64 a, u64 b) { x128 x = {a, b}; return x; }

static void float_op(const char *name, xxf f) {
    int dbl = is_double(name), packed = is_packed(name);
    int unary = strncmp(name, "sqrt", 4) == 0 || strncmp(name, "cvt", 3) == 0;
    int arith = strncmp(name, "add", 3) == 0 || strncmp(name, "sub", 3) == 0 || strncmp(name, "mul", 3) == 0
        || strncmp(name, "div", 3) == 0 || unary;
    int n = dbl ? NF64 : NF32;
    for (unsigned mi = 0; mi < NMODES; mi++) {
        u32 mx = MODES[mi];
        if (!arith && mx != 0x1f80 && mx != 0x1fc0) continue;
        /* special values: half of all pairs (scalar) in round-to-nearest, a band of pairs otherwise */
        for (int i = 0; i < n; i++) {
            if (unary && i) break;
            for (int j = 0; j < n; j++) {
                int keep = unary ? 1 : mi == 0 ? (packed ? (i * 3 + j) % 8 == 0 : (i + j) % 2 == 0) : (i * 5 + j) % (packed ? 41 : 19) == 0;
                if (!keep) continue;
                x128 a, b;
                if (dbl) {
                    a = mk64(F64[i], packed ? F64[(i + 7) % n] : 0x1234);
                    b = mk64(F64[j], packed ? F64[(j + 1) % n] : 0x4321);
                } else if (packed) {
                    a = mk32(F32[i], F32[(i + 3) % n], F32[(i + 7) % n], F32[(i + 11) % n]);
                    b = mk32(F32[j], F32[(j + 1) % n], F32[(j + 2) % n], F32[(j + 5) % n]);
                } else {
                    a = mk32(F32[i], 0x1234, 0x5678, 0x9a);
                    b = mk32(F32[j], 0x4321, 0x8765, 0xa9);
                }
                run_xx(name, f, mx, a, b);
            }
        }
        /* results next to the smallest normal: tininess is decided after rounding */
        if (!packed && (strncmp(name, "mul", 3) == 0 || strncmp(name, "div", 3) == 0)) {
            static const u64 E64[][2] = {
                {0x3fefffffffffffff, 0x0010000000000000}, {0x3fefffffffffffff, 0x8010000000000000},
                {0x3feffffffffffffe, 0x0010000000000000}, {0x3feffffffffffffd, 0x0010000000000001},
                {0x3ff0000000000001, 0x000fffffffffffff}, {0x0010000000000000, 0x3ff0000000000001},
                {0x0010000000000001, 0x3ff0000000000002}, {0x0010000000000000, 0x3ff0000000000003},
                {0x3fe0000000000001, 0x0020000000000000}, {0x3fefffffffffffff, 0x0010000000000003}};
            static const u32 E32[][2] = {
                {0x3f7fffff, 0x00800000}, {0x3f7fffff, 0x80800000}, {0x3f7ffffe, 0x00800000}, {0x3f7ffffd, 0x00800001},
                {0x3f800001, 0x007fffff}, {0x00800000, 0x3f800001}, {0x00800001, 0x3f800002}, {0x00800000, 0x3f800003},
                {0x3f000001, 0x01000000}, {0x3f7fffff, 0x00800003}};
            for (int k = 0; k < 10; k++) {
                x128 a, b;
                if (dbl) { a = mk64(E64[k][0], 0x1234); b = mk64(E64[k][1], 0x4321); }
                else { a = mk32(E32[k][0], 0x1234, 0x5678, 0x9a); b = mk32(E32[k][1], 0x4321, 0x8765, 0xa9); }
                run_xx(name, f, mx, a, b);
            }
        }
        /* random operands: rounding, underflow, overflow */
        int nr = arith ? 28 : 12;
        for (int k = 0; k < nr; k++) {
            x128 a, b;
            if (dbl) {
                u64 p[4];
                for (int l = 0; l < 2; l++) {
                    if (strncmp(name, "mul", 3) == 0 && (k % 8) == 5) mulpair64(&p[l], &p[l + 2]);
                    else rpair64(k, &p[l], &p[l + 2]);
                }
                a = mk64(p[0], p[1]); b = mk64(p[2], p[3]);
            } else {
                u32 p[8];
                for (int l = 0; l < 4; l++) {
                    if (strncmp(name, "mul", 3) == 0 && (k % 8) == 5) mulpair32(&p[l], &p[l + 4]);
                    else rpair32(k, &p[l], &p[l + 4]);
                }
                a = mk32(p[0], p[1], p[2], p[3]); b = mk32(p[4], p[5], p[6], p[7]);
            }
            if (strncmp(name, "cvtdq", 5) == 0) { b.lo = rnd() >> (rnd() % 40); b.hi = rnd(); }
            run_xx(name, f, mx, a, b);
        }
    }
}

static x128 rint128(void) {
    static const u64 SPECIAL[] = {0, 1, 0xff, 0x7f, 0x80, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff};
    x128 x;
    u64 w[2];
    for (int h = 0; h < 2; h++) {
        u64 v = 0;
        switch (rnd() % 4) {
        case 0: v = rnd(); break;
        case 1: for (int i = 0; i < 8; i++) v |= (SPECIAL[rnd() % 5] & 0xff) << (8 * i); break;
        case 2: for (int i = 0; i < 4; i++) v |= (SPECIAL[rnd() % 8] & 0xffff) << (16 * i); break;
        default: for (int i = 0; i < 2; i++) v |= (SPECIAL[rnd() % 11] & 0xffffffff) << (32 * i); break;
        }
        w[h] = v;
    }
    x.lo = w[0]; x.hi = w[1];
    return x;
}

static const u64 COUNTS[] = {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 0x100000000ULL, 0xffffffffffffffffULL};

int main(void) {
    for (unsigned t = 0; t < sizeof FLOAT_TAB / sizeof FLOAT_TAB[0]; t++) float_op(FLOAT_TAB[t].name, FLOAT_TAB[t].f);

    for (unsigned t = 0; t < sizeof INT_TAB / sizeof INT_TAB[0]; t++) {
        const char *nm = INT_TAB[t].name;
        int shift = strncmp(nm, "psll", 4) == 0 || strncmp(nm, "psrl", 4) == 0 || strncmp(nm, "psra", 4) == 0;
        for (int k = 0; k < 40; k++) {
            x128 a = rint128(), b = rint128();
            if (shift) { b.lo = COUNTS[k % (sizeof COUNTS / sizeof COUNTS[0])]; }
            if (k % 16 == 15) b = a;
            run_xx(nm, INT_TAB[t].f, DEFMX, a, b);
        }
    }

    /* immediates */
    static const struct { const char *name; xxif f; int fl; } IMM_TAB[] = {
        {"cmpss", f_cmpss, 1}, {"cmpsd", f_cmpsd, 2}, {"cmpps", f_cmpps, 1}, {"cmppd", f_cmppd, 2},
        {"shufps", f_shufps, 0}, {"shufpd", f_shufpd, 0}, {"pshufd", f_pshufd, 0}, {"pshuflw", f_pshuflw, 0}, {"pshufhw", f_pshufhw, 0}};
    for (unsigned t = 0; t < sizeof IMM_TAB / sizeof IMM_TAB[0]; t++) {
        if (IMM_TAB[t].fl) {
            int dbl = IMM_TAB[t].fl == 2;
            int n = dbl ? NF64 : NF32;
            for (int pred = 0; pred < 8; pred++) {
                for (int mi = 0; mi < 2; mi++) {
                    u32 mx = mi ? 0x1fc0 : DEFMX;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            if ((i * 3 + j + pred) % (mi ? 29 : 9)) continue;
                            x128 a = dbl ? mk64(F64[i], F64[(i + 5) % n]) : mk32(F32[i], F32[(i + 3) % n], F32[(i + 7) % n], F32[(i + 11) % n]);
                            x128 b = dbl ? mk64(F64[j], F64[(j + 1) % n]) : mk32(F32[j], F32[(j + 1) % n], F32[(j + 2) % n], F32[(j + 5) % n]);
                            if ((i + j) % 7 == 0) b = a;
                            x128 r = a; u32 m = mx;
                            IMM_TAB[t].f(&r, b, &m, pred);
                            out(IMM_TAB[t].name, pred, mx, a, b, r, m, 0);
                        }
                    }
                }
            }
        } else {
            for (int imm = 0; imm < 256; imm += (imm < 8 ? 1 : 13)) {
                for (int k = 0; k < 3; k++) {
                    x128 a = rint128(), b = rint128(), r = a; u32 m = DEFMX;
                    IMM_TAB[t].f(&r, b, &m, imm);
                    out(IMM_TAB[t].name, imm, DEFMX, a, b, r, m, 0);
                }
            }
        }
    }
    static const struct { const char *name; void (*f)(x128 *, int); } SI_TAB[] = {
        {"psllw_i", f_psllw_i}, {"pslld_i", f_pslld_i}, {"psllq_i", f_psllq_i}, {"psrlw_i", f_psrlw_i}, {"psrld_i", f_psrld_i},
        {"psrlq_i", f_psrlq_i}, {"psraw_i", f_psraw_i}, {"psrad_i", f_psrad_i}, {"pslldq_i", f_pslldq_i}, {"psrldq_i", f_psrldq_i}};
    static const int SHIMM[] = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255};
    for (unsigned t = 0; t < sizeof SI_TAB / sizeof SI_TAB[0]; t++) {
        for (unsigned i = 0; i < sizeof SHIMM / sizeof SHIMM[0]; i++) {
            for (int k = 0; k < 2; k++) {
                x128 a = rint128(), r = a, b = {0, 0};
                SI_TAB[t].f(&r, SHIMM[i]);
                out(SI_TAB[t].name, SHIMM[i], DEFMX, a, b, r, DEFMX, 0);
            }
        }
    }
    for (int imm = 0; imm < 8; imm++) {
        for (int k = 0; k < 4; k++) {
            x128 a = rint128(), b = rint128(), z = {0, 0};
            x128 r = {f_pextrw(b, imm), 0};
            out("pextrw", imm, DEFMX, z, b, r, DEFMX, 0);
            u64 v = rnd();
            x128 bb = {v, 0}, rr = a;
            f_pinsrw(&rr, v, imm);
            out("pinsrw", imm, DEFMX, a, bb, rr, DEFMX, 0);
        }
    }

    /* float to integer */
    static const struct { const char *name; gxf f; int dbl; } GX_TAB[] = {
        {"cvtss2si", f_cvtss2si, 0}, {"cvtss2si_q", f_cvtss2si_q, 0}, {"cvttss2si", f_cvttss2si, 0}, {"cvttss2si_q", f_cvttss2si_q, 0},
        {"cvtsd2si", f_cvtsd2si, 1}, {"cvtsd2si_q", f_cvtsd2si_q, 1}, {"cvttsd2si", f_cvttsd2si, 1}, {"cvttsd2si_q", f_cvttsd2si_q, 1},
        {"movmskps", f_movmskps, 2}, {"movmskpd", f_movmskpd, 2}, {"pmovmskb", f_pmovmskb, 2},
        {"movd_from_xmm", f_movd_from_xmm, 2}, {"movd_from_xmm_q", f_movd_from_xmm_q, 2}};
    static const u32 CF32[] = {0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000,
        0x40600000, 0xc0200000, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, 0x3effffff, 0x3f400000, 0xbf400000};
    static const u64 CF64[] = {0x41dfffffffc00000, 0x41dfffffffe00000, 0x41dfffffffe00001, 0xc1e0000000100000, 0xc1e0000000200000,
        0xc1e0000000000001, 0x43dfffffffffffff, 0x43e0000000000000, 0xc3e0000000000000, 0xc3e0000000000001, 0x3fdfffffffffffff,
        0x3fe0000000000001, 0x4002000000000000, 0xc00a000000000000};
    for (unsigned t = 0; t < sizeof GX_TAB / sizeof GX_TAB[0]; t++) {
        for (unsigned mi = 0; mi < NMODES; mi++) {
            u32 mx = MODES[mi];
            if (GX_TAB[t].dbl == 2 && mi) continue;
            int n = GX_TAB[t].dbl == 2 ? 48 : GX_TAB[t].dbl ? NF64 + 14 + 10 : NF32 + 17 + 10;
            for (int i = 0; i < n; i++) {
                x128 b;
                if (GX_TAB[t].dbl == 2) b = rint128();
                else if (GX_TAB[t].dbl) b = mk64(i < (int) NF64 ? F64[i] : i < (int) NF64 + 14 ? CF64[i - NF64] : rf64(1000, 1090), 0x5555);
                else b = mk32(i < (int) NF32 ? F32[i] : i < (int) NF32 + 17 ? CF32[i - NF32] : rf32(110, 192), 0x77, 0x88, 0x99);
                u32 m = mx;
                x128 r = {GX_TAB[t].f(b, &m), 0}, z = {0, 0};
                out(GX_TAB[t].name, 0, mx, z, b, r, m, 0);
            }
        }
    }
    /* integer to float */
    static const struct { const char *name; xgf f; } XG_TAB[] = {
        {"cvtsi2ss", f_cvtsi2ss}, {"cvtsi2ss_q", f_cvtsi2ss_q}, {"cvtsi2sd", f_cvtsi2sd}, {"cvtsi2sd_q", f_cvtsi2sd_q},
        {"movd_to_xmm", f_movd_to_xmm}, {"movd_to_xmm_q", f_movd_to_xmm_q}};
    static const u64 INTS[] = {0, 1, 0xffffffffffffffffULL, 0x7fffffff, 0x80000000, 0xffffffff80000000ULL, 0x1000001, 0xfffffffffeffffffULL,
        0x7fffffc0, 0x7fffffbf, 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0x20000000000001ULL, 0x4000000000000001ULL,
        0x7ffffffffffffdffULL, 0x8000000000000401ULL, 0x100000001ULL};
    for (unsigned t = 0; t < sizeof XG_TAB / sizeof XG_TAB[0]; t++) {
        for (unsigned mi = 0; mi < NMODES; mi++) {
            u32 mx = MODES[mi];
            if (strncmp(XG_TAB[t].name, "movd", 4) == 0 && mi) continue;
            for (int i = 0; i < 17 + 16; i++) {
                u64 v = i < 17 ? INTS[i] : rnd() >> (rnd() % 60);
                if (i >= 17 && (i & 1)) v = -v;
                x128 a = rint128(), r = a, b = {v, 0};
                u32 m = mx;
                XG_TAB[t].f(&r, v, &m);
                out(XG_TAB[t].name, 0, mx, a, b, r, m, 0);
            }
        }
    }
    return 0;
}
