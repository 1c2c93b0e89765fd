package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestException;

/**
 * MMX semantics, one static method per {@code MmxRows} row (signatures as in SseRows; an MMX register is
 * numbered 0-7, a memory operand arrives in scratch XMM register 16).
 *
 * <p>SDM vol. 1 ch. 9: MMn is the significand of x87 physical register Rn; writing it sets the register's
 * sign and exponent bits to all ones. The switch to MMX mode (TOS 0, all tags valid) is emitted after each
 * MMX row by the JIT (jit.SseFamily), so the helpers here only compute.
 *
 * <p>The lane arithmetic is {@link Sse}'s: an MMX operation is the low quadword of the SSE2 operation on
 * operands staged in scratch registers 17 (destination) and 16 (source) with zero high quadwords. Where the
 * 64-bit form is not the low half of the 128-bit one, the staging says how it maps (high unpacks, packs).
 */
public final class Mmx {
    private Mmx() {}

    /** Scratch XMM registers: T holds the staged destination, S the source (and memory operands). */
    private static final int T = 17, S = 16;

    static long mm(CpuState c, int n) {
        return c.fpu.mant[n];
    }

    /** A source operand: MMn, or the memory operand in scratch register 16. */
    private static long src(CpuState c, int s) {
        return s == S ? c.xmm[2 * S] : c.fpu.mant[s];
    }

    /** Writes MMn: the significand of Rn, with sign and exponent set to all ones. */
    static void set(CpuState c, int n, long v) {
        c.fpu.mant[n] = v;
        c.fpu.signExp[n] = 0xffff;
    }

    /** The x87-to-MMX transition every MMX instruction but EMMS makes: TOS 0, all tags valid. */
    public static void transition(CpuState c) {
        c.fpu.top = 0;
        c.fpu.tags = 0xff;
    }

    /** EMMS: all tags empty, and TOS 0 too (SDM vol. 1 table 9-2; this CPU agrees, see MmxHardwareTest). */
    public static void emms(CpuState c) {
        c.fpu.top = 0;
        c.fpu.tags = 0;
    }

    // ---------------------------------------------------------------- staging for the SSE lane arithmetic

    private interface SseOp {
        void apply(CpuState c, int d, int s);
    }

    /** The low quadword of {@code op} on (a, 0) and (b, 0). */
    private static long sse(CpuState c, long a, long b, SseOp op) {
        long[] x = c.xmm;
        x[2 * S] = b;
        x[2 * S + 1] = 0;
        x[2 * T] = a;
        x[2 * T + 1] = 0;
        op.apply(c, T, S);
        return x[2 * T];
    }

    /** MMd = op(MMd, source): the lane-wise operations, the low unpacks and the shifts by MMX/m64 count. */
    private static void binary(CpuState c, int d, int s, SseOp op) {
        set(c, d, sse(c, mm(c, d), src(c, s), op));
    }

    /** The high unpacks interleave the upper halves: the low unpack of the operands shifted down. */
    private static void high(CpuState c, int d, int s, SseOp op) {
        set(c, d, sse(c, mm(c, d) >>> 32, src(c, s) >>> 32, op));
    }

    /** The packs: the SSE2 pack of the register (MMd, source) with itself has the MMX result in its low half. */
    private static void pack(CpuState c, int d, int s, SseOp op) {
        long[] x = c.xmm;
        x[2 * T] = mm(c, d);
        x[2 * T + 1] = src(c, s);
        op.apply(c, T, T);
        set(c, d, x[2 * T]);
    }

    /** PSHUFB mm: a mask byte selects byte (index & 7) of MMd, or 0; the 128-bit shuffle of (MMd, MMd) is that. */
    private static void shuffle(CpuState c, int d, int s) {
        long[] x = c.xmm;
        x[2 * T] = x[2 * T + 1] = mm(c, d);
        x[2 * S] = src(c, s);
        x[2 * S + 1] = 0;
        Sse.pshufb(c, T, S);
        set(c, d, x[2 * T]);
    }

    // ---------------------------------------------------------------- moves

    /** MOVD mm, r/m32 (the value arrives zero-extended) and MOVQ mm, r/m64. */
    public static void movd_to_mm(CpuState c, int d, long v) { set(c, d, v); }
    public static void movd_to_mm_q(CpuState c, int d, long v) { set(c, d, v); }
    /** MOVD r/m32, mm stores the low doubleword; MOVQ r/m64, mm the whole register. */
    public static long movd_from_mm(CpuState c, int s) { return mm(c, s) & 0xffffffffL; }
    public static long movd_from_mm_q(CpuState c, int s) { return mm(c, s); }
    /** MOVQ mm, mm/m64 and the register form of MOVQ mm/m64, mm. */
    public static void movq(CpuState c, int d, int s) { set(c, d, src(c, s)); }

    /** MOVQ m64, mm and MOVNTQ m64, mm. */
    public static void storeMem(CpuState c, long ea, int s) {
        c.mem.write64(ea, mm(c, s));
    }

    /** MOVQ2DQ xmm, mm: zero-extended into the XMM register. */
    public static void movq2dq(CpuState c, int d, int s) {
        c.xmm[2 * d] = mm(c, s);
        c.xmm[2 * d + 1] = 0;
    }

    /** MOVDQ2Q mm, xmm: the low quadword. */
    public static void movdq2q(CpuState c, int d, int s) { set(c, d, c.xmm[2 * s]); }

    /** PMOVMSKB r32, mm: the top bit of each byte. */
    public static long pmovmskb(CpuState c, int s) {
        c.xmm[2 * T] = mm(c, s);
        c.xmm[2 * T + 1] = 0;
        return Sse.pmovmskb(c, T);
    }

    /** MASKMOVQ mm, mm: the bytes of MMd whose mask byte has its top bit set, stored at [RDI]. */
    public static void maskmovq(CpuState c, int d, int s) {
        sse(c, mm(c, d), mm(c, s), Sse::maskmovdqu);
    }

    /** PSHUFW mm, mm/m64, imm8: PSHUFLW's word shuffle. */
    public static void pshufw(CpuState c, int d, int s, int imm) {
        binary(c, d, s, (cc, t, u) -> Sse.pshuflw(cc, t, u, imm));
    }

    /** PINSRW mm, r32/m16, imm8: word imm[1:0]. */
    public static void pinsrw(CpuState c, int d, long v, int imm) {
        set(c, d, sse(c, mm(c, d), 0, (cc, t, u) -> Sse.pinsrw(cc, t, v, imm & 3)));
    }

    /** PEXTRW r32, mm, imm8: word imm[1:0], zero-extended. */
    public static long pextrw(CpuState c, int s, int imm) {
        c.xmm[2 * T] = mm(c, s);
        return Sse.pextrw(c, T, imm & 3);
    }

    // ---------------------------------------------------------------- conversions (SSE floating point: MXCSR)

    /** CVTPI2PS xmm, mm/m64: two doublewords to singles in the low quadword; the high quadword is kept. */
    public static void cvtpi2ps(CpuState c, int d, int s) {
        c.xmm[2 * d] = sse(c, 0, src(c, s), Sse::cvtdq2ps);
    }

    /** CVTPI2PD xmm, mm/m64: two doublewords to doubles (exact). */
    public static void cvtpi2pd(CpuState c, int d, int s) {
        long v = src(c, s);
        c.xmm[2 * S] = v;
        c.xmm[2 * S + 1] = 0;
        Sse.cvtdq2pd(c, d, S);
    }

    /** CVT(T)PS2PI mm, xmm/m64: the two low singles only (the staged upper zeros convert without exceptions). */
    public static void cvtps2pi(CpuState c, int d, int s) { set(c, d, sse(c, 0, c.xmm[2 * s], Sse::cvtps2dq)); }
    public static void cvttps2pi(CpuState c, int d, int s) { set(c, d, sse(c, 0, c.xmm[2 * s], Sse::cvttps2dq)); }

    /** CVT(T)PD2PI mm, xmm/m128: both doubles, as CVT(T)PD2DQ's low quadword. */
    public static void cvtpd2pi(CpuState c, int d, int s) {
        Sse.cvtpd2dq(c, T, s);
        set(c, d, c.xmm[2 * T]);
    }

    public static void cvttpd2pi(CpuState c, int d, int s) {
        Sse.cvttpd2dq(c, T, s);
        set(c, d, c.xmm[2 * T]);
    }

    // ---------------------------------------------------------------- unpacks and packs

    public static void punpcklbw(CpuState c, int d, int s) { binary(c, d, s, Sse::punpcklbw); }
    public static void punpcklwd(CpuState c, int d, int s) { binary(c, d, s, Sse::punpcklwd); }
    public static void punpckldq(CpuState c, int d, int s) { binary(c, d, s, Sse::punpckldq); }
    public static void punpckhbw(CpuState c, int d, int s) { high(c, d, s, Sse::punpcklbw); }
    public static void punpckhwd(CpuState c, int d, int s) { high(c, d, s, Sse::punpcklwd); }
    public static void punpckhdq(CpuState c, int d, int s) { high(c, d, s, Sse::punpckldq); }
    public static void packsswb(CpuState c, int d, int s) { pack(c, d, s, Sse::packsswb); }
    public static void packuswb(CpuState c, int d, int s) { pack(c, d, s, Sse::packuswb); }
    public static void packssdw(CpuState c, int d, int s) { pack(c, d, s, Sse::packssdw); }

    // ---------------------------------------------------------------- lane-wise arithmetic, logic, compares

    public static void pcmpgtb(CpuState c, int d, int s) { binary(c, d, s, Sse::pcmpgtb); }
    public static void pcmpgtw(CpuState c, int d, int s) { binary(c, d, s, Sse::pcmpgtw); }
    public static void pcmpgtd(CpuState c, int d, int s) { binary(c, d, s, Sse::pcmpgtd); }
    public static void pcmpeqb(CpuState c, int d, int s) { binary(c, d, s, Sse::pcmpeqb); }
    public static void pcmpeqw(CpuState c, int d, int s) { binary(c, d, s, Sse::pcmpeqw); }
    public static void pcmpeqd(CpuState c, int d, int s) { binary(c, d, s, Sse::pcmpeqd); }
    public static void pand(CpuState c, int d, int s) { binary(c, d, s, Sse::pand); }
    public static void pandn(CpuState c, int d, int s) { binary(c, d, s, Sse::pandn); }
    public static void por(CpuState c, int d, int s) { binary(c, d, s, Sse::por); }
    public static void pxor(CpuState c, int d, int s) { binary(c, d, s, Sse::pxor); }
    public static void paddb(CpuState c, int d, int s) { binary(c, d, s, Sse::paddb); }
    public static void paddw(CpuState c, int d, int s) { binary(c, d, s, Sse::paddw); }
    public static void paddd(CpuState c, int d, int s) { binary(c, d, s, Sse::paddd); }
    public static void paddq(CpuState c, int d, int s) { binary(c, d, s, Sse::paddq); }
    public static void psubb(CpuState c, int d, int s) { binary(c, d, s, Sse::psubb); }
    public static void psubw(CpuState c, int d, int s) { binary(c, d, s, Sse::psubw); }
    public static void psubd(CpuState c, int d, int s) { binary(c, d, s, Sse::psubd); }
    public static void psubq(CpuState c, int d, int s) { binary(c, d, s, Sse::psubq); }
    public static void paddsb(CpuState c, int d, int s) { binary(c, d, s, Sse::paddsb); }
    public static void paddsw(CpuState c, int d, int s) { binary(c, d, s, Sse::paddsw); }
    public static void psubsb(CpuState c, int d, int s) { binary(c, d, s, Sse::psubsb); }
    public static void psubsw(CpuState c, int d, int s) { binary(c, d, s, Sse::psubsw); }
    public static void paddusb(CpuState c, int d, int s) { binary(c, d, s, Sse::paddusb); }
    public static void paddusw(CpuState c, int d, int s) { binary(c, d, s, Sse::paddusw); }
    public static void psubusb(CpuState c, int d, int s) { binary(c, d, s, Sse::psubusb); }
    public static void psubusw(CpuState c, int d, int s) { binary(c, d, s, Sse::psubusw); }
    public static void pmullw(CpuState c, int d, int s) { binary(c, d, s, Sse::pmullw); }
    public static void pmulhw(CpuState c, int d, int s) { binary(c, d, s, Sse::pmulhw); }
    public static void pmulhuw(CpuState c, int d, int s) { binary(c, d, s, Sse::pmulhuw); }
    public static void pmuludq(CpuState c, int d, int s) { binary(c, d, s, Sse::pmuludq); }
    public static void pmaddwd(CpuState c, int d, int s) { binary(c, d, s, Sse::pmaddwd); }
    public static void psadbw(CpuState c, int d, int s) { binary(c, d, s, Sse::psadbw); }
    public static void pavgb(CpuState c, int d, int s) { binary(c, d, s, Sse::pavgb); }
    public static void pavgw(CpuState c, int d, int s) { binary(c, d, s, Sse::pavgw); }
    public static void pminub(CpuState c, int d, int s) { binary(c, d, s, Sse::pminub); }
    public static void pmaxub(CpuState c, int d, int s) { binary(c, d, s, Sse::pmaxub); }
    public static void pminsw(CpuState c, int d, int s) { binary(c, d, s, Sse::pminsw); }
    public static void pmaxsw(CpuState c, int d, int s) { binary(c, d, s, Sse::pmaxsw); }

    // ---------------------------------------------------------------- shifts

    /** Shifts by an MMX register or m64: the count is the whole 64-bit source, as for the SSE2 forms. */
    public static void psllw(CpuState c, int d, int s) { binary(c, d, s, Sse::psllw); }
    public static void pslld(CpuState c, int d, int s) { binary(c, d, s, Sse::pslld); }
    public static void psllq(CpuState c, int d, int s) { binary(c, d, s, Sse::psllq); }
    public static void psrlw(CpuState c, int d, int s) { binary(c, d, s, Sse::psrlw); }
    public static void psrld(CpuState c, int d, int s) { binary(c, d, s, Sse::psrld); }
    public static void psrlq(CpuState c, int d, int s) { binary(c, d, s, Sse::psrlq); }
    public static void psraw(CpuState c, int d, int s) { binary(c, d, s, Sse::psraw); }
    public static void psrad(CpuState c, int d, int s) { binary(c, d, s, Sse::psrad); }

    private interface ShiftGroup {
        void apply(CpuState c, int ext, int rm, int imm);
    }

    /** 0F 71-73 /ext ib on MMn: the SSE2 group's operation when {@code defined} has bit {@code ext}, else #UD. */
    private static void shiftGroup(CpuState c, int ext, int n, int imm, int defined, String opcode, ShiftGroup op) {
        if ((defined >> ext & 1) == 0) throw new CpuException(GuestException.UD, opcode + " /" + ext + " is undefined");
        set(c, n, sse(c, mm(c, n), 0, (cc, t, u) -> op.apply(cc, ext, t, imm)));
    }

    /** 0F 71 /2 psrlw, /4 psraw, /6 psllw. */
    public static void grp71(CpuState c, int ext, int n, int imm) { shiftGroup(c, ext, n, imm, 0x54, "0F 71", Sse::grp71); }
    /** 0F 72 /2 psrld, /4 psrad, /6 pslld. */
    public static void grp72(CpuState c, int ext, int n, int imm) { shiftGroup(c, ext, n, imm, 0x54, "0F 72", Sse::grp72); }
    /** 0F 73 /2 psrlq, /6 psllq (the byte shifts /3 and /7 exist only for XMM registers). */
    public static void grp73(CpuState c, int ext, int n, int imm) { shiftGroup(c, ext, n, imm, 0x44, "0F 73", Sse::grp73); }

    // ---------------------------------------------------------------- SSSE3 on MMX registers

    public static void pshufb(CpuState c, int d, int s) { shuffle(c, d, s); }
    /** The horizontal operations pair up MMd's elements, then the source's: the 128-bit form on (MMd, source). */
    public static void phaddw(CpuState c, int d, int s) { pack(c, d, s, Sse::phaddw); }
    public static void phaddd(CpuState c, int d, int s) { pack(c, d, s, Sse::phaddd); }
    public static void phaddsw(CpuState c, int d, int s) { pack(c, d, s, Sse::phaddsw); }
    public static void phsubw(CpuState c, int d, int s) { pack(c, d, s, Sse::phsubw); }
    public static void phsubd(CpuState c, int d, int s) { pack(c, d, s, Sse::phsubd); }
    public static void phsubsw(CpuState c, int d, int s) { pack(c, d, s, Sse::phsubsw); }
    public static void pmaddubsw(CpuState c, int d, int s) { binary(c, d, s, Sse::pmaddubsw); }
    public static void psignb(CpuState c, int d, int s) { binary(c, d, s, Sse::psignb); }
    public static void psignw(CpuState c, int d, int s) { binary(c, d, s, Sse::psignw); }
    public static void psignd(CpuState c, int d, int s) { binary(c, d, s, Sse::psignd); }
    public static void pmulhrsw(CpuState c, int d, int s) { binary(c, d, s, Sse::pmulhrsw); }
    public static void pabsb(CpuState c, int d, int s) { binary(c, d, s, Sse::pabsb); }
    public static void pabsw(CpuState c, int d, int s) { binary(c, d, s, Sse::pabsw); }
    public static void pabsd(CpuState c, int d, int s) { binary(c, d, s, Sse::pabsd); }

    /** PALIGNR mm: the 128-bit concatenation MMd:source shifted right by imm bytes, its low quadword. */
    public static void palignr(CpuState c, int d, int s, int imm) {
        long hi = mm(c, d), lo = src(c, s);
        int n = imm & 0xff;
        long r = n >= 16 ? 0 : n >= 8 ? (n == 8 ? hi : hi >>> (8 * (n - 8))) : n == 0 ? lo : (lo >>> (8 * n)) | (hi << (64 - 8 * n));
        set(c, d, r);
    }
}
