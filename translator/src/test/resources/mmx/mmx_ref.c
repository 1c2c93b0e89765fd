/*
 * Reference generator for the MMX rows (lxrun.translator.x86.MmxRows / ops.Mmx): runs each MMX instruction
 * on the real CPU, as machine code built here with seeded random registers, REX bits, immediates and
 * inputs, between an FXRSTOR of the whole x87/SSE state and an FXSAVE of it. One line per case, all
 * numbers hex without 0x:
 *
 *   name code regs | fsw ftw mxcsr A Ase B Bse Xlo Xhi Ylo Yhi G Mlo Mhi | (the same fields after)
 *
 * code = the instruction's bytes; regs = five hex digits a b x y g: the MMX registers A and B (a is the
 * ModRM.reg one where the form has one, b the ModRM.rm one), the XMM registers X (reg) and Y (rm) and the
 * general register G. A/Ase = significand and sign+exponent of the physical x87 register Ra (MMa), likewise
 * B; M = the 16 bytes at [rsi] (rsi = rdi: MASKMOVQ stores there); ftw = FXSAVE's abridged tag byte;
 * fsw includes TOP. Every other register starts as the filler below and the generator aborts unless it is
 * unchanged afterwards (the Java test checks its own run the same way), as are 16 guard bytes either side
 * of M (bytes a0, a1, ... from mem - 16; M itself starts as a8 a9 ... when the form has no memory operand).
 * Operands the encoding does not name start as the filler too. RFLAGS are not looked at.
 *
 *   MMi (not A/B): significand 0x9e3779b97f4a7c15 * (i + 1), sign+exponent 0x3ff0 + i
 *   XMMn (not X/Y): low 0x9e3779b97f4a7c15 * (n + 17), high 0x9e3779b97f4a7c15 * (n + 33)
 *   GPR n (not G, rsi, rdi, rsp): 0x9e3779b97f4a7c15 * (n + 49)
 *
 * Build and run:  gcc -O1 -o /tmp/mmx_ref mmx_ref.c && /tmp/mmx_ref | gzip -9n > mmx_ref.txt.gz
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;

#define PHI 0x9e3779b97f4a7c15ULL
#define CASES 110

/* ---------------------------------------------------------------- the machine-code frame */

struct st {
    u8 fxin[512];   /* FXRSTOR image */
    u8 fxout[512];  /* FXSAVE image after the instruction */
    u64 gin[16], gout[16];
} __attribute__((aligned(64)));

/* prologue: state pointer in r15, FXRSTOR, all GPRs but rsp/r15 loaded; epilogue: the reverse */
#define LOADS(op) \
    op "0x400(%r15),%rax\n" op "0x408(%r15),%rcx\n" op "0x410(%r15),%rdx\n" op "0x418(%r15),%rbx\n" \
    op "0x428(%r15),%rbp\n" op "0x430(%r15),%rsi\n" op "0x438(%r15),%rdi\n" op "0x440(%r15),%r8\n" \
    op "0x448(%r15),%r9\n" op "0x450(%r15),%r10\n" op "0x458(%r15),%r11\n" op "0x460(%r15),%r12\n" \
    op "0x468(%r15),%r13\n" op "0x470(%r15),%r14\n"
#define STORES(op) \
    op "%rax,0x480(%r15)\n" op "%rcx,0x488(%r15)\n" op "%rdx,0x490(%r15)\n" op "%rbx,0x498(%r15)\n" \
    op "%rbp,0x4a8(%r15)\n" op "%rsi,0x4b0(%r15)\n" op "%rdi,0x4b8(%r15)\n" op "%r8,0x4c0(%r15)\n" \
    op "%r9,0x4c8(%r15)\n" op "%r10,0x4d0(%r15)\n" op "%r11,0x4d8(%r15)\n" op "%r12,0x4e0(%r15)\n" \
    op "%r13,0x4e8(%r15)\n" op "%r14,0x4f0(%r15)\n"
__asm__(".text\n"
        "pro_start:\n push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
        "mov %rdi,%r15\n fxrstor64 (%r15)\n" LOADS("mov ")
        "pro_end:\n"
        "epi_start:\n" STORES("mov ")
        "fxsave64 0x200(%r15)\n pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n ret\n"
        "epi_end:\n");
extern const u8 pro_start[], pro_end[], epi_start[], epi_end[];

static u8 *code;

static void run(const u8 *ins, int n, struct st *s) {
    int p = pro_end - pro_start, e = epi_end - epi_start;
    memcpy(code, pro_start, p);
    memcpy(code + p, ins, n);
    memcpy(code + p + n, epi_start, e);
    ((void (*)(struct st *)) code)(s);
}

/* ---------------------------------------------------------------- inputs */

static u64 seed = 0x6d6d78;

static u64 rnd(void) {
    u64 z = (seed += PHI);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static u64 pick(const u64 *v, int n) { return v[rnd() % n]; }

/* integers: random, or lanes of 8/16/32 bits from their edge values */
static u64 gen_int(void) {
    static const u64 e8[] = {0, 1, 2, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x40};
    static const u64 e16[] = {0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff, 0xff00};
    static const u64 e32[] = {0, 1, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xffff, 0xffff0000, 0x7fff8000};
    u64 v = 0;
    switch (rnd() % 4) {
        case 0: return rnd();
        case 1: for (int i = 0; i < 64; i += 8) v |= pick(e8, 9) << i; return v;
        case 2: for (int i = 0; i < 64; i += 16) v |= pick(e16, 12) << i; return v;
        default: for (int i = 0; i < 64; i += 32) v |= pick(e32, 9) << i; return v;
    }
}

/* shift counts: small ones (around the lane widths) or any */
static u64 gen_count(void) {
    return rnd() % 2 ? rnd() % 70 : rnd() % 4 ? gen_int() : (rnd() % 70) | (rnd() << 32);
}

static u64 gen_f32(void) {
    static const u64 e[] = {0, 0x80000000, 0x3f800000, 0xbfc00000, 0x40200000, 0x3f000000, 0xbf000000,
        0x3fc00000, 0x4f000000, 0xcf000000, 0x4effffff, 0xcf000001, 0x7f800000, 0xff800000, 0x7fc00000,
        0x7fa00000, 0xffc00001, 0x00000001, 0x807fffff, 0x7f7fffff, 0x00800000};
    switch (rnd() % 3) {
        case 0: return pick(e, 21);
        case 1: { float f = (float) ((double) (int64_t) rnd() / (double) (1ULL << (rnd() % 63))); u32 u; memcpy(&u, &f, 4); return u; }
        default: return rnd() & 0xffffffff;
    }
}

static u64 gen_f64(void) {
    static const u64 e[] = {0, 0x8000000000000000ULL, 0x3ff0000000000000ULL, 0xbff8000000000000ULL,
        0x41dfffffffc00000ULL, 0x41dfffffffe00000ULL, 0xc1e0000000000000ULL, 0xc1e0000000100000ULL,
        0xc1e0000000200000ULL, 0x41e0000000000000ULL, 0x7ff0000000000000ULL, 0xfff0000000000000ULL,
        0x7ff8000000000000ULL, 0x7ff4000000000000ULL, 0xfff8000000000001ULL, 1, 0x800fffffffffffffULL,
        0x3fe0000000000000ULL, 0xbfe0000000000000ULL, 0x3ff8000000000000ULL, 0x4004000000000000ULL};
    switch (rnd() % 3) {
        case 0: return pick(e, 21);
        case 1: { double d = (double) (int64_t) rnd() / (double) (1ULL << (rnd() % 63)); u64 u; memcpy(&u, &d, 8); return u; }
        default: return rnd();
    }
}

static u64 gen_2f32(void) { return gen_f32() | gen_f32() << 32; }

/* ---------------------------------------------------------------- forms */

enum { PQ, PQI, PE, EP, QP, MP, VN, PU, GN, GNI, PEI, PN, NI, VQ, PW, NONE };
enum { SHIFT = 1, W = 2, F32 = 4, F64 = 8, MEM16 = 16 };

struct form { const char *name; int prefix, op, kind, ext, flags; };

static const struct form forms[] = {
    {"punpcklbw", 0, 0x60, PQ}, {"punpcklwd", 0, 0x61, PQ}, {"punpckldq", 0, 0x62, PQ}, {"packsswb", 0, 0x63, PQ},
    {"pcmpgtb", 0, 0x64, PQ}, {"pcmpgtw", 0, 0x65, PQ}, {"pcmpgtd", 0, 0x66, PQ}, {"packuswb", 0, 0x67, PQ},
    {"punpckhbw", 0, 0x68, PQ}, {"punpckhwd", 0, 0x69, PQ}, {"punpckhdq", 0, 0x6a, PQ}, {"packssdw", 0, 0x6b, PQ},
    {"pcmpeqb", 0, 0x74, PQ}, {"pcmpeqw", 0, 0x75, PQ}, {"pcmpeqd", 0, 0x76, PQ},
    {"psrlw", 0, 0xd1, PQ, 0, SHIFT}, {"psrld", 0, 0xd2, PQ, 0, SHIFT}, {"psrlq", 0, 0xd3, PQ, 0, SHIFT},
    {"paddq", 0, 0xd4, PQ}, {"pmullw", 0, 0xd5, PQ}, {"psubusb", 0, 0xd8, PQ}, {"psubusw", 0, 0xd9, PQ},
    {"pminub", 0, 0xda, PQ}, {"pand", 0, 0xdb, PQ}, {"paddusb", 0, 0xdc, PQ}, {"paddusw", 0, 0xdd, PQ},
    {"pmaxub", 0, 0xde, PQ}, {"pandn", 0, 0xdf, PQ},
    {"pavgb", 0, 0xe0, PQ}, {"psraw", 0, 0xe1, PQ, 0, SHIFT}, {"psrad", 0, 0xe2, PQ, 0, SHIFT}, {"pavgw", 0, 0xe3, PQ},
    {"pmulhuw", 0, 0xe4, PQ}, {"pmulhw", 0, 0xe5, PQ}, {"psubsb", 0, 0xe8, PQ}, {"psubsw", 0, 0xe9, PQ},
    {"pminsw", 0, 0xea, PQ}, {"por", 0, 0xeb, PQ}, {"paddsb", 0, 0xec, PQ}, {"paddsw", 0, 0xed, PQ},
    {"pmaxsw", 0, 0xee, PQ}, {"pxor", 0, 0xef, PQ},
    {"psllw", 0, 0xf1, PQ, 0, SHIFT}, {"pslld", 0, 0xf2, PQ, 0, SHIFT}, {"psllq", 0, 0xf3, PQ, 0, SHIFT},
    {"pmuludq", 0, 0xf4, PQ}, {"pmaddwd", 0, 0xf5, PQ}, {"psadbw", 0, 0xf6, PQ}, {"psubb", 0, 0xf8, PQ},
    {"psubw", 0, 0xf9, PQ}, {"psubd", 0, 0xfa, PQ}, {"psubq", 0, 0xfb, PQ}, {"paddb", 0, 0xfc, PQ},
    {"paddw", 0, 0xfd, PQ}, {"paddd", 0, 0xfe, PQ},
    {"psrlw_i", 0, 0x71, NI, 2}, {"psraw_i", 0, 0x71, NI, 4}, {"psllw_i", 0, 0x71, NI, 6},
    {"psrld_i", 0, 0x72, NI, 2}, {"psrad_i", 0, 0x72, NI, 4}, {"pslld_i", 0, 0x72, NI, 6},
    {"psrlq_i", 0, 0x73, NI, 2}, {"psllq_i", 0, 0x73, NI, 6},
    {"movd_to_mm", 0, 0x6e, PE}, {"movq_to_mm", 0, 0x6e, PE, 0, W},
    {"movd_from_mm", 0, 0x7e, EP}, {"movq_from_mm", 0, 0x7e, EP, 0, W},
    {"movq", 0, 0x6f, PQ}, {"movq_st", 0, 0x7f, QP}, {"movntq", 0, 0xe7, MP},
    {"movq2dq", 0xf3, 0xd6, VN}, {"movdq2q", 0xf2, 0xd6, PU},
    {"pmovmskb", 0, 0xd7, GN}, {"maskmovq", 0, 0xf7, PN}, {"pshufw", 0, 0x70, PQI},
    {"pinsrw", 0, 0xc4, PEI}, {"pextrw", 0, 0xc5, GNI},
    {"cvtpi2ps", 0, 0x2a, VQ}, {"cvtpi2pd", 0x66, 0x2a, VQ},
    {"cvttps2pi", 0, 0x2c, PW, 0, F32}, {"cvtps2pi", 0, 0x2d, PW, 0, F32},
    {"cvttpd2pi", 0x66, 0x2c, PW, 0, F64 | MEM16}, {"cvtpd2pi", 0x66, 0x2d, PW, 0, F64 | MEM16},
    {"emms", 0, 0x77, NONE},
};

/* which kinds have a memory form, a register form, an MMX register in reg / rm */
static int has_mem(int k) { return k == PQ || k == PQI || k == PE || k == EP || k == QP || k == MP || k == PEI || k == VQ || k == PW; }
static int has_reg(int k) { return k != MP; }

static const int GPRS[] = {0, 1, 2, 3, 5, 8, 9, 10, 11, 12, 13, 14};

/* ---------------------------------------------------------------- one case */

static u8 mem[48] __attribute__((aligned(16))); /* [rsi] = mem + 16 */

static void put16(u8 *p, u16 v) { memcpy(p, &v, 2); }
static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static void put64(u8 *p, u64 v) { memcpy(p, &v, 8); }
static u16 get16(const u8 *p) { u16 v; memcpy(&v, p, 2); return v; }
static u64 get64(const u8 *p) { u64 v; memcpy(&v, p, 8); return v; }

/* x87 physical register i sits in the FXSAVE image at stack slot (i - top) & 7 */
static u8 *streg(u8 *fx, int phys, int top) { return fx + 32 + 16 * ((phys - top) & 7); }

struct io { u32 fsw, ftw, mx; u64 a, ase, b, bse, xlo, xhi, ylo, yhi, g, mlo, mhi; };

static void print_io(const struct io *v) {
    printf(" %x %x %x %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx", v->fsw, v->ftw, v->mx,
           (unsigned long long) v->a, (unsigned long long) v->ase, (unsigned long long) v->b, (unsigned long long) v->bse,
           (unsigned long long) v->xlo, (unsigned long long) v->xhi, (unsigned long long) v->ylo, (unsigned long long) v->yhi,
           (unsigned long long) v->g, (unsigned long long) v->mlo, (unsigned long long) v->mhi);
}

static void one(const struct form *f, int memform) {
    int k = f->kind;
    int a = rnd() % 8, b = rnd() % 8, x = rnd() % 16, y = rnd() % 16, g = GPRS[rnd() % 12];
    int rexR = 0, rexB = 0, rexW = (f->flags & W) != 0;
    int fl = f->flags;
    struct io in;
    /* inputs: random where the form reads them, the filler elsewhere */
    in.a = gen_int();
    in.b = (fl & SHIFT) ? gen_count() : gen_int();
    in.ase = rnd() & 0xffff;
    in.bse = rnd() & 0xffff;
    in.xlo = (fl & F32) ? gen_2f32() : (fl & F64) ? gen_f64() : rnd();
    in.xhi = (fl & F32) ? gen_2f32() : (fl & F64) ? gen_f64() : rnd();
    in.ylo = (fl & F32) ? gen_2f32() : (fl & F64) ? gen_f64() : rnd();
    in.yhi = (fl & F32) ? gen_2f32() : (fl & F64) ? gen_f64() : rnd();
    in.g = gen_int();
    in.mlo = (fl & SHIFT) ? gen_count() : (fl & F32) ? gen_2f32() : (fl & F64) ? gen_f64() : gen_int();
    in.mhi = (fl & F64) ? gen_f64() : gen_int();
    /* operands the encoding does not name keep the filler (it compresses) */
    int useA = k == PQ || k == PQI || k == PE || k == EP || k == QP || k == MP || k == PU || k == PW || k == PEI || k == PN;
    int useB = !memform && (k == PQ || k == PQI || k == QP || k == PN || k == VN || k == GN || k == GNI || k == NI || k == VQ);
    int useX = k == VN || k == VQ, useY = !memform && (k == PU || k == PW);
    int useG = (!memform && (k == PE || k == EP || k == PEI)) || k == GN || k == GNI;
    if (!useA) { in.a = PHI * (a + 1); in.ase = 0x3ff0 + a; }
    if (!useB) { in.b = PHI * (b + 1); in.bse = 0x3ff0 + b; }
    if (!useX) { in.xlo = PHI * (x + 17); in.xhi = PHI * (x + 33); }
    if (!useY) { in.ylo = PHI * (y + 17); in.yhi = PHI * (y + 33); }
    if (!useG) in.g = PHI * (g + 49);
    if (!memform) { in.mlo = 0xafaeadacabaaa9a8ULL; in.mhi = 0xb7b6b5b4b3b2b1b0ULL; }
    if (b == a) { in.b = in.a; in.bse = in.ase; }
    if (y == x) { in.ylo = in.xlo; in.yhi = in.xhi; }
    int top = rnd() % 8;
    in.fsw = (top << 11) | (rnd() & 0x477f & ~0x80);   /* C0-C3, SF, masked flags; ES/B clear */
    in.ftw = rnd() & 0xff;
    in.mx = 0x1f80 | (rnd() % 4) << 13;
    if (rnd() % 2) in.mx |= rnd() & 0x3f;
    if (rnd() % 4 == 0) in.mx |= 0x40;   /* DAZ */
    if (rnd() % 4 == 0) in.mx |= 0x8000; /* FZ */

    /* ------------------------------------------------ encoding */
    int reg = 0, rm = 0; /* ModRM fields before REX */
    switch (k) {
        case PQ: case PQI: case PN: reg = a; rm = b; break;
        case PE: case PEI: case EP: reg = a; rm = g; rexB = g >> 3; break;
        case QP: case MP: reg = a; rm = b; break;
        case VN: reg = x; rexR = x >> 3; rm = b; break;
        case PU: case PW: reg = a; rm = y; rexB = y >> 3; break;
        case GN: case GNI: reg = g; rexR = g >> 3; rm = b; break;
        case NI: reg = f->ext; rm = b; break;
        case VQ: reg = x; rexR = x >> 3; rm = b; break;
        default: break;
    }
    /* REX.R/REX.B on an MMX register are ignored: set them at random there */
    if (k == PQ || k == PQI || k == PN || k == QP || k == MP || k == PE || k == PEI || k == EP || k == PU || k == PW) rexR |= rnd() % 4 == 0;
    if (!memform && (k == PQ || k == PQI || k == PN || k == QP || k == VN || k == GN || k == GNI || k == NI || k == VQ)) rexB |= rnd() % 4 == 0;
    if (memform) rexB = 0;
    u8 ins[16];
    int n = 0;
    if (f->prefix) ins[n++] = f->prefix;
    if (rexR || rexB || rexW) ins[n++] = 0x40 | rexW << 3 | rexR << 2 | rexB;
    ins[n++] = 0x0f;
    ins[n++] = f->op;
    if (k != NONE) ins[n++] = memform ? ((reg & 7) << 3 | 6) : (0xc0 | (reg & 7) << 3 | (rm & 7));
    int imm = (k == NI) ? (rnd() % 2 ? rnd() % 70 : rnd() & 0xff) : rnd() & 0xff;
    if (k == PQI || k == PEI || k == GNI || k == NI) ins[n++] = imm;

    /* ------------------------------------------------ state */
    static struct st s;
    memset(&s, 0, sizeof s);
    put16(s.fxin, 0x037f);
    put16(s.fxin + 2, in.fsw);
    s.fxin[4] = in.ftw;
    put32(s.fxin + 24, in.mx);
    for (int i = 0; i < 8; i++) {
        put64(streg(s.fxin, i, top), PHI * (i + 1));
        put16(streg(s.fxin, i, top) + 8, 0x3ff0 + i);
    }
    put64(streg(s.fxin, a, top), in.a);
    put16(streg(s.fxin, a, top) + 8, in.ase);
    put64(streg(s.fxin, b, top), in.b);
    put16(streg(s.fxin, b, top) + 8, in.bse);
    for (int i = 0; i < 16; i++) {
        put64(s.fxin + 160 + 16 * i, PHI * (i + 17));
        put64(s.fxin + 168 + 16 * i, PHI * (i + 33));
    }
    put64(s.fxin + 160 + 16 * x, in.xlo);
    put64(s.fxin + 168 + 16 * x, in.xhi);
    put64(s.fxin + 160 + 16 * y, in.ylo);
    put64(s.fxin + 168 + 16 * y, in.yhi);
    for (int i = 0; i < 16; i++) s.gin[i] = PHI * (i + 49);
    s.gin[g] = in.g;
    s.gin[6] = s.gin[7] = (u64) (mem + 16);
    for (int i = 0; i < 48; i++) mem[i] = 0xa0 + i;
    put64(mem + 16, in.mlo);
    put64(mem + 24, in.mhi);

    run(ins, n, &s);

    /* ------------------------------------------------ results */
    struct io out;
    int otop = (get16(s.fxout + 2) >> 11) & 7;
    out.fsw = get16(s.fxout + 2);
    out.ftw = s.fxout[4];
    memcpy(&out.mx, s.fxout + 24, 4);
    out.a = get64(streg(s.fxout, a, otop));
    out.ase = get16(streg(s.fxout, a, otop) + 8);
    out.b = get64(streg(s.fxout, b, otop));
    out.bse = get16(streg(s.fxout, b, otop) + 8);
    out.xlo = get64(s.fxout + 160 + 16 * x);
    out.xhi = get64(s.fxout + 168 + 16 * x);
    out.ylo = get64(s.fxout + 160 + 16 * y);
    out.yhi = get64(s.fxout + 168 + 16 * y);
    out.g = s.gout[g];
    out.mlo = get64(mem + 16);
    out.mhi = get64(mem + 24);
    /* everything else must be as it was */
    for (int i = 0; i < 8; i++) {
        if (i == a || i == b) continue;
        if (get64(streg(s.fxout, i, otop)) != PHI * (i + 1) || get16(streg(s.fxout, i, otop) + 8) != 0x3ff0 + i) {
            fprintf(stderr, "%s changed MM%d\n", f->name, i);
            exit(1);
        }
    }
    for (int i = 0; i < 16; i++) {
        if (i == x || i == y) continue;
        if (get64(s.fxout + 160 + 16 * i) != PHI * (i + 17) || get64(s.fxout + 168 + 16 * i) != PHI * (i + 33)) {
            fprintf(stderr, "%s changed XMM%d\n", f->name, i);
            exit(1);
        }
    }
    for (int i = 0; i < 16; i++) {
        if (i == g || i == 4 || i == 15) continue;
        if (s.gout[i] != s.gin[i]) { fprintf(stderr, "%s changed GPR %d\n", f->name, i); exit(1); }
    }
    for (int i = 0; i < 48; i++) {
        if ((i < 16 || i >= 32) && mem[i] != 0xa0 + i) { fprintf(stderr, "%s wrote outside M\n", f->name); exit(1); }
    }
    printf("%s ", f->name);
    for (int i = 0; i < n; i++) printf("%02x", ins[i]);
    printf(" %x%x%x%x%x", a, b, x, y, g);
    print_io(&in);
    print_io(&out);
    putchar('\n');
}

int main(void) {
    code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) { perror("mmap"); return 1; }
    for (unsigned i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const struct form *f = &forms[i];
        for (int c = 0; c < CASES; c++) {
            if (has_reg(f->kind)) one(f, 0);
            if (has_mem(f->kind)) one(f, 1);
        }
    }
    return 0;
}
