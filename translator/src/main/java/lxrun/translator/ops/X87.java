package lxrun.translator.ops;

import java.math.BigDecimal;
import java.math.MathContext;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import lxrun.runtime.cpu.X87State;

import static lxrun.translator.ops.F80.*;

/**
 * The x87 instructions (the rows of {@code X87Rows}), over the register file of {@link X87State} and the
 * software extended arithmetic of {@link F80}. Memory forms take the effective address; every memory read
 * happens before any FPU state changes, so a fault leaves the FPU as it was.
 *
 * <p>Status word: the exception flags are sticky; C1 reports round-up (or stack overflow), C0/C2/C3 are
 * set by compares, FXAM, FPREM and the transcendental range checks and otherwise left alone; ES/B reflect
 * unmasked pending exceptions. Stack overflow/underflow give IE+SF and the real indefinite, as with IM
 * masked. Exact vs approximate: see {@link F80}; compared with the real CPU by {@code X87HardwareTest}.
 */
public final class X87 {
    private X87() {}

    // ------------------------------------------------------------ stack helpers

    static int phys(X87State f, int i) {
        return (f.top + i) & 7;
    }

    static boolean empty(X87State f, int i) {
        return (f.tags & (1 << phys(f, i))) == 0;
    }

    static int se(X87State f, int i) {
        return f.signExp[phys(f, i)];
    }

    static long m(X87State f, int i) {
        return f.mant[phys(f, i)];
    }

    static void put(X87State f, int i, int se, long m) {
        int p = phys(f, i);
        f.signExp[p] = se & 0xffff;
        f.mant[p] = m;
        f.tags |= 1 << p;
    }

    static void putRes(X87State f, int i) {
        put(f, i, f.rse, f.rm);
    }

    static void pop(X87State f) {
        f.tags &= ~(1 << f.top);
        f.top = (f.top + 1) & 7;
    }

    /** Clears the scratch exception accumulator. */
    static X87State begin(CpuState c) {
        X87State f = c.fpu;
        f.exc = 0;
        return f;
    }

    /** Commits the accumulated exceptions; C1 takes the round-up / overflow indication. */
    static void end(X87State f) {
        int sw = (f.sw & ~C1) | (f.exc & (0x7f | C1));
        if ((sw & 0x3f & ~f.cw) != 0) sw |= ES | 0x8000;
        f.sw = sw;
    }

    /** Commits with explicit condition codes (C0-C3 replaced). */
    static void endCc(X87State f, int cc) {
        f.sw = (f.sw & ~(C0 | C1 | C2 | C3)) | cc;
        f.exc &= ~C1;
        int sw = f.sw | (f.exc & 0x7f);
        if ((sw & 0x3f & ~f.cw) != 0) sw |= ES | 0x8000;
        f.sw = sw;
    }

    static void underflow(X87State f) {
        f.exc = (f.exc & ~C1) | IE | SF;
    }

    static void overflowStack(X87State f) {
        f.exc |= IE | SF | C1;
    }

    /** Pushes a value (stack overflow replaces it with the indefinite). */
    static void push(X87State f, int se, long m) {
        int t = (f.top - 1) & 7;
        if ((f.tags & (1 << t)) != 0) {
            // the stack fault replaces the exceptions of the operand, which is not examined (as this CPU
            // does); a source underflow already reported stays the one reported (C1 = 0)
            if ((f.exc & SF) == 0) f.exc = IE | SF | C1;
            se = IND_SE;
            m = IND_M;
        }
        f.top = t;
        f.signExp[t] = se & 0xffff;
        f.mant[t] = m;
        f.tags |= 1 << t;
    }

    // ------------------------------------------------------------ arithmetic core

    static final int ADD = 0, MUL = 1, SUB = 4, SUBR = 5, DIV = 6, DIVR = 7;

    static void op(X87State f, int op, int ase, long am, int bse, long bm) {
        switch (op) {
            case ADD -> F80.add(f, ase, am, bse, bm);
            case MUL -> F80.mul(f, ase, am, bse, bm);
            case SUB -> F80.sub(f, ase, am, bse, bm);
            case SUBR -> F80.sub(f, bse, bm, ase, am);
            case DIV -> F80.div(f, ase, am, bse, bm);
            default -> F80.div(f, bse, bm, ase, am);
        }
    }

    /** ST(dst) = ST(dst) op (se, m), with ST(dst) checked for emptiness. */
    static void arithMem(CpuState c, int op, int bse, long bm, int pre) {
        X87State f = c.fpu;
        f.exc = pre;
        if (empty(f, 0)) {
            f.exc = 0;
            underflow(f);
            put(f, 0, IND_SE, IND_M);
        } else {
            op(f, op, se(f, 0), m(f, 0), bse, bm);
            putRes(f, 0);
        }
        end(f);
    }

    /** ST(d) = ST(d) op ST(s); pop afterwards if asked. */
    static void arithReg(CpuState c, int op, int d, int s, boolean popAfter) {
        X87State f = begin(c);
        if (empty(f, d) || empty(f, s)) {
            underflow(f);
            put(f, d, IND_SE, IND_M);
        } else {
            op(f, op, se(f, d), m(f, d), se(f, s), m(f, s));
            putRes(f, d);
        }
        if (popAfter) pop(f);
        end(f);
    }

    /** Operand from memory as extended, keeping SNaNs signaling; returns the DE flag in f.exc. */
    static void m32(X87State f, int bits) {
        int e = (bits >>> 23) & 0xff;
        F80.fromFloat(f, bits);
        if (e == 0xff && (bits & 0x400000) == 0 && (bits & 0x7fffff) != 0) {
            f.exc &= ~IE;
            f.rm &= ~(1L << 62);
        }
    }

    static void m64(X87State f, long bits) {
        int e = (int) (bits >>> 52) & 0x7ff;
        F80.fromDouble(f, bits);
        if (e == 0x7ff && (bits & 0x8000000000000L) == 0 && (bits & 0xfffffffffffffL) != 0) {
            f.exc &= ~IE;
            f.rm &= ~(1L << 62);
        }
    }

    private static void arithM32(CpuState c, long ea, int op) {
        int v = c.mem.read32(ea);
        X87State f = c.fpu;
        f.exc = 0;
        m32(f, v);
        int pre = f.exc & DE;
        arithMemDeferDE(c, op, f.rse, f.rm, pre);
    }

    private static void arithM64(CpuState c, long ea, int op) {
        long v = c.mem.read64(ea);
        X87State f = c.fpu;
        f.exc = 0;
        m64(f, v);
        int pre = f.exc & DE;
        arithMemDeferDE(c, op, f.rse, f.rm, pre);
    }

    /** A memory denormal raises DE unless ST0 is a NaN (QNaN handling precedes #D). */
    private static void arithMemDeferDE(CpuState c, int op, int bse, long bm, int pre) {
        X87State f = c.fpu;
        if (pre != 0 && !empty(f, 0) && cls(se(f, 0), m(f, 0)) >= QNAN) pre = 0;
        arithMem(c, op, bse, bm, pre);
    }

    private static void arithInt(CpuState c, long v, int op) {
        X87State f = c.fpu;
        f.exc = 0;
        F80.fromLong(f, v);
        arithMem(c, op, f.rse, f.rm, 0);
    }

    public static void fadd_m32(CpuState c, long ea) { arithM32(c, ea, ADD); }
    public static void fmul_m32(CpuState c, long ea) { arithM32(c, ea, MUL); }
    public static void fsub_m32(CpuState c, long ea) { arithM32(c, ea, SUB); }
    public static void fsubr_m32(CpuState c, long ea) { arithM32(c, ea, SUBR); }
    public static void fdiv_m32(CpuState c, long ea) { arithM32(c, ea, DIV); }
    public static void fdivr_m32(CpuState c, long ea) { arithM32(c, ea, DIVR); }
    public static void fadd_m64(CpuState c, long ea) { arithM64(c, ea, ADD); }
    public static void fmul_m64(CpuState c, long ea) { arithM64(c, ea, MUL); }
    public static void fsub_m64(CpuState c, long ea) { arithM64(c, ea, SUB); }
    public static void fsubr_m64(CpuState c, long ea) { arithM64(c, ea, SUBR); }
    public static void fdiv_m64(CpuState c, long ea) { arithM64(c, ea, DIV); }
    public static void fdivr_m64(CpuState c, long ea) { arithM64(c, ea, DIVR); }
    public static void fiadd_m32(CpuState c, long ea) { arithInt(c, c.mem.read32(ea), ADD); }
    public static void fimul_m32(CpuState c, long ea) { arithInt(c, c.mem.read32(ea), MUL); }
    public static void fisub_m32(CpuState c, long ea) { arithInt(c, c.mem.read32(ea), SUB); }
    public static void fisubr_m32(CpuState c, long ea) { arithInt(c, c.mem.read32(ea), SUBR); }
    public static void fidiv_m32(CpuState c, long ea) { arithInt(c, c.mem.read32(ea), DIV); }
    public static void fidivr_m32(CpuState c, long ea) { arithInt(c, c.mem.read32(ea), DIVR); }
    public static void fiadd_m16(CpuState c, long ea) { arithInt(c, (short) c.mem.read16(ea), ADD); }
    public static void fimul_m16(CpuState c, long ea) { arithInt(c, (short) c.mem.read16(ea), MUL); }
    public static void fisub_m16(CpuState c, long ea) { arithInt(c, (short) c.mem.read16(ea), SUB); }
    public static void fisubr_m16(CpuState c, long ea) { arithInt(c, (short) c.mem.read16(ea), SUBR); }
    public static void fidiv_m16(CpuState c, long ea) { arithInt(c, (short) c.mem.read16(ea), DIV); }
    public static void fidivr_m16(CpuState c, long ea) { arithInt(c, (short) c.mem.read16(ea), DIVR); }

    // D8 register forms: ST(0) = ST(0) op ST(i)
    public static void fadd_st0_sti(CpuState c, int i) { arithReg(c, ADD, 0, i, false); }
    public static void fmul_st0_sti(CpuState c, int i) { arithReg(c, MUL, 0, i, false); }
    public static void fsub_st0_sti(CpuState c, int i) { arithReg(c, SUB, 0, i, false); }
    public static void fsubr_st0_sti(CpuState c, int i) { arithReg(c, SUBR, 0, i, false); }
    public static void fdiv_st0_sti(CpuState c, int i) { arithReg(c, DIV, 0, i, false); }
    public static void fdivr_st0_sti(CpuState c, int i) { arithReg(c, DIVR, 0, i, false); }
    // DC register forms: ST(i) = ST(i) op ST(0) (fsub: ST(i) - ST(0); fsubr: ST(0) - ST(i))
    public static void fadd_sti_st0(CpuState c, int i) { arithReg(c, ADD, i, 0, false); }
    public static void fmul_sti_st0(CpuState c, int i) { arithReg(c, MUL, i, 0, false); }
    public static void fsub_sti_st0(CpuState c, int i) { arithReg(c, SUB, i, 0, false); }
    public static void fsubr_sti_st0(CpuState c, int i) { arithReg(c, SUBR, i, 0, false); }
    public static void fdiv_sti_st0(CpuState c, int i) { arithReg(c, DIV, i, 0, false); }
    public static void fdivr_sti_st0(CpuState c, int i) { arithReg(c, DIVR, i, 0, false); }
    // DE: the same then pop
    public static void faddp(CpuState c, int i) { arithReg(c, ADD, i, 0, true); }
    public static void fmulp(CpuState c, int i) { arithReg(c, MUL, i, 0, true); }
    public static void fsubp(CpuState c, int i) { arithReg(c, SUB, i, 0, true); }
    public static void fsubrp(CpuState c, int i) { arithReg(c, SUBR, i, 0, true); }
    public static void fdivp(CpuState c, int i) { arithReg(c, DIV, i, 0, true); }
    public static void fdivrp(CpuState c, int i) { arithReg(c, DIVR, i, 0, true); }

    // ------------------------------------------------------------ compares

    static int ccOf(int r) {
        return switch (r) {
            case LT -> C0;
            case EQ -> C3;
            case GT -> 0;
            default -> C0 | C2 | C3;
        };
    }

    /** Compares ST(0) with (se, m): sets C0/C2/C3 and pops {@code pops} times. */
    static void comSw(CpuState c, int bse, long bm, boolean srcEmpty, boolean quiet, int pops, int pre) {
        X87State f = c.fpu;
        f.exc = pre;
        int r;
        if (empty(f, 0) || srcEmpty) {
            f.exc = 0;
            underflow(f);
            r = UN;
        } else {
            r = F80.compare(f, se(f, 0), m(f, 0), bse, bm, quiet);
        }
        for (int k = 0; k < pops; k++) pop(f);
        endCc(f, ccOf(r));
    }

    private static void comM32(CpuState c, long ea, int pops) {
        int v = c.mem.read32(ea);
        X87State f = c.fpu;
        f.exc = 0;
        m32(f, v);
        int pre = f.exc & DE;
        if (pre != 0 && !empty(f, 0) && cls(se(f, 0), m(f, 0)) >= QNAN) pre = 0;
        comSw(c, f.rse, f.rm, false, false, pops, pre);
    }

    private static void comM64(CpuState c, long ea, int pops) {
        long v = c.mem.read64(ea);
        X87State f = c.fpu;
        f.exc = 0;
        m64(f, v);
        int pre = f.exc & DE;
        if (pre != 0 && !empty(f, 0) && cls(se(f, 0), m(f, 0)) >= QNAN) pre = 0;
        comSw(c, f.rse, f.rm, false, false, pops, pre);
    }

    private static void icom(CpuState c, long v, int pops) {
        X87State f = c.fpu;
        f.exc = 0;
        F80.fromLong(f, v);
        comSw(c, f.rse, f.rm, false, false, pops, 0);
    }

    public static void fcom_m32(CpuState c, long ea) { comM32(c, ea, 0); }
    public static void fcomp_m32(CpuState c, long ea) { comM32(c, ea, 1); }
    public static void fcom_m64(CpuState c, long ea) { comM64(c, ea, 0); }
    public static void fcomp_m64(CpuState c, long ea) { comM64(c, ea, 1); }
    public static void ficom_m32(CpuState c, long ea) { icom(c, c.mem.read32(ea), 0); }
    public static void ficomp_m32(CpuState c, long ea) { icom(c, c.mem.read32(ea), 1); }
    public static void ficom_m16(CpuState c, long ea) { icom(c, (short) c.mem.read16(ea), 0); }
    public static void ficomp_m16(CpuState c, long ea) { icom(c, (short) c.mem.read16(ea), 1); }

    private static void comReg(CpuState c, int i, boolean quiet, int pops) {
        X87State f = c.fpu;
        comSw(c, se(f, i), m(f, i), empty(f, i), quiet, pops, 0);
    }

    public static void fcom_st0_sti(CpuState c, int i) { comReg(c, i, false, 0); }
    public static void fcomp_st0_sti(CpuState c, int i) { comReg(c, i, false, 1); }
    public static void fcom2_sti_st0(CpuState c, int i) { comReg(c, i, false, 0); }
    public static void fcomp3_sti_st0(CpuState c, int i) { comReg(c, i, false, 1); }
    public static void fcom2(CpuState c, int i) { comReg(c, i, false, 0); }
    public static void fcomp3(CpuState c, int i) { comReg(c, i, false, 1); }
    public static void fcompp(CpuState c, int i) { comReg(c, 1, false, 2); }
    public static void fucom(CpuState c, int i) { comReg(c, i, true, 0); }
    public static void fucomp(CpuState c, int i) { comReg(c, i, true, 1); }
    public static void fucompp(CpuState c, int i) { comReg(c, 1, true, 2); }

    public static void ftst(CpuState c, int i) {
        comSw(c, 0, 0, false, false, 0, 0);
    }

    private static void comi(CpuState c, int i, boolean quiet, boolean popAfter) {
        X87State f = begin(c);
        int r;
        if (empty(f, 0) || empty(f, i)) {
            underflow(f);
            r = UN;
        } else {
            r = F80.compare(f, se(f, 0), m(f, 0), se(f, i), m(f, i), quiet);
        }
        long fl = switch (r) {
            case LT -> Flags.CF;
            case EQ -> Flags.ZF;
            case GT -> 0;
            default -> Flags.ZF | Flags.PF | Flags.CF;
        };
        Flags.set(c, Flags.ZF | Flags.PF | Flags.CF | Flags.OF | Flags.SF | Flags.AF, fl);
        if (popAfter) pop(f);
        endKeepingC1(f);
    }

    /** Commits for rows whose C1 is only "set to 0 if stack underflow occurred" (FCOMI, FCMOVcc): else unchanged. */
    private static void endKeepingC1(X87State f) {
        int c1 = (f.exc & SF) != 0 ? 0 : f.sw & C1;
        end(f);
        f.sw = (f.sw & ~C1) | c1;
    }

    public static void fcomi(CpuState c, int i) { comi(c, i, false, false); }
    public static void fucomi(CpuState c, int i) { comi(c, i, true, false); }
    public static void fcomip(CpuState c, int i) { comi(c, i, false, true); }
    public static void fucomip(CpuState c, int i) { comi(c, i, true, true); }

    private static void fcmov(CpuState c, int i, boolean cond) {
        X87State f = begin(c);
        if (empty(f, 0) || empty(f, i)) {
            // the hardware checks the source (and ST0) regardless of the condition
            underflow(f);
            put(f, 0, IND_SE, IND_M);
        } else if (cond) {
            put(f, 0, se(f, i), m(f, i));
        }
        endKeepingC1(f);
    }

    public static void fcmovb(CpuState c, int i) { fcmov(c, i, Flags.cond(c, Flags.B)); }
    public static void fcmove(CpuState c, int i) { fcmov(c, i, Flags.cond(c, Flags.E)); }
    public static void fcmovbe(CpuState c, int i) { fcmov(c, i, Flags.cond(c, Flags.BE)); }
    public static void fcmovu(CpuState c, int i) { fcmov(c, i, Flags.cond(c, 10)); }
    public static void fcmovnb(CpuState c, int i) { fcmov(c, i, Flags.cond(c, Flags.B + 1)); }
    public static void fcmovne(CpuState c, int i) { fcmov(c, i, Flags.cond(c, Flags.E + 1)); }
    public static void fcmovnbe(CpuState c, int i) { fcmov(c, i, Flags.cond(c, Flags.BE + 1)); }
    public static void fcmovnu(CpuState c, int i) { fcmov(c, i, Flags.cond(c, 11)); }

    // ------------------------------------------------------------ loads and stores

    public static void fld_m32(CpuState c, long ea) {
        int v = c.mem.read32(ea);
        X87State f = begin(c);
        F80.fromFloat(f, v);
        push(f, f.rse, f.rm);
        end(f);
    }

    public static void fld_m64(CpuState c, long ea) {
        long v = c.mem.read64(ea);
        X87State f = begin(c);
        F80.fromDouble(f, v);
        push(f, f.rse, f.rm);
        end(f);
    }

    public static void fld_m80(CpuState c, long ea) {
        long mm = c.mem.read64(ea);
        int s = c.mem.read16(ea + 8);
        X87State f = begin(c);
        push(f, s, mm);
        end(f);
    }

    public static void fld_sti(CpuState c, int i) {
        X87State f = begin(c);
        int s;
        long mm;
        if (empty(f, i)) {
            underflow(f);
            s = IND_SE;
            mm = IND_M;
        } else {
            s = se(f, i);
            mm = m(f, i);
        }
        push(f, s, mm);
        end(f);
    }

    private static void ild(CpuState c, long v) {
        X87State f = begin(c);
        F80.fromLong(f, v);
        push(f, f.rse, f.rm);
        end(f);
    }

    public static void fild_m16(CpuState c, long ea) { ild(c, (short) c.mem.read16(ea)); }
    public static void fild_m32(CpuState c, long ea) { ild(c, c.mem.read32(ea)); }
    public static void fild_m64(CpuState c, long ea) { ild(c, c.mem.read64(ea)); }

    private static void st32(CpuState c, long ea, boolean popAfter) {
        X87State f = begin(c);
        int v;
        if (empty(f, 0)) {
            underflow(f);
            v = 0xffc00000;
        } else {
            v = F80.toFloat(f, se(f, 0), m(f, 0));
        }
        c.mem.write32(ea, v);
        if (popAfter) pop(f);
        end(f);
    }

    private static void st64(CpuState c, long ea, boolean popAfter) {
        X87State f = begin(c);
        long v;
        if (empty(f, 0)) {
            underflow(f);
            v = 0xfff8000000000000L;
        } else {
            v = F80.toDouble(f, se(f, 0), m(f, 0));
        }
        c.mem.write64(ea, v);
        if (popAfter) pop(f);
        end(f);
    }

    public static void fst_m32(CpuState c, long ea) { st32(c, ea, false); }
    public static void fstp_m32(CpuState c, long ea) { st32(c, ea, true); }
    public static void fst_m64(CpuState c, long ea) { st64(c, ea, false); }
    public static void fstp_m64(CpuState c, long ea) { st64(c, ea, true); }

    public static void fstp_m80(CpuState c, long ea) {
        X87State f = begin(c);
        int s;
        long mm;
        if (empty(f, 0)) {
            underflow(f);
            s = IND_SE;
            mm = IND_M;
        } else {
            s = se(f, 0);
            mm = m(f, 0);
        }
        c.mem.write64(ea, mm);
        c.mem.write16(ea + 8, s);
        pop(f);
        end(f);
    }

    public static void fst_sti(CpuState c, int i) {
        X87State f = begin(c);
        if (empty(f, 0)) {
            underflow(f);
            put(f, i, IND_SE, IND_M);
        } else {
            put(f, i, se(f, 0), m(f, 0));
        }
        end(f);
    }

    public static void fstp_sti(CpuState c, int i) {
        fst_sti(c, i);
        pop(c.fpu);
    }

    private static long ist(CpuState c, int bits, boolean trunc, boolean popAfter) {
        X87State f = begin(c);
        long v;
        if (empty(f, 0)) {
            underflow(f);
            v = 1L << (bits - 1);
        } else {
            v = F80.toInt(f, se(f, 0), m(f, 0), bits, trunc ? RC_ZERO : rounding(f.cw));
        }
        return v;
    }

    private static void istDone(CpuState c, boolean popAfter) {
        X87State f = c.fpu;
        if (popAfter) pop(f);
        end(f);
    }

    private static void ist16(CpuState c, long ea, boolean trunc, boolean popAfter) {
        long v = ist(c, 16, trunc, popAfter);
        c.mem.write16(ea, (int) v);
        istDone(c, popAfter);
    }

    private static void ist32(CpuState c, long ea, boolean trunc, boolean popAfter) {
        long v = ist(c, 32, trunc, popAfter);
        c.mem.write32(ea, (int) v);
        istDone(c, popAfter);
    }

    private static void ist64(CpuState c, long ea, boolean trunc, boolean popAfter) {
        long v = ist(c, 64, trunc, popAfter);
        c.mem.write64(ea, v);
        istDone(c, popAfter);
    }

    public static void fist_m16(CpuState c, long ea) { ist16(c, ea, false, false); }
    public static void fistp_m16(CpuState c, long ea) { ist16(c, ea, false, true); }
    public static void fisttp_m16(CpuState c, long ea) { ist16(c, ea, true, true); }
    public static void fist_m32(CpuState c, long ea) { ist32(c, ea, false, false); }
    public static void fistp_m32(CpuState c, long ea) { ist32(c, ea, false, true); }
    public static void fisttp_m32(CpuState c, long ea) { ist32(c, ea, true, true); }
    public static void fistp_m64(CpuState c, long ea) { ist64(c, ea, false, true); }
    public static void fisttp_m64(CpuState c, long ea) { ist64(c, ea, true, true); }

    public static void fbld(CpuState c, long ea) {
        long lo = c.mem.read64(ea);
        int hi = c.mem.read16(ea + 8);
        X87State f = begin(c);
        long v = 0;
        int[] bytes = new int[9];
        for (int k = 0; k < 8; k++) bytes[k] = (int) (lo >>> (8 * k)) & 0xff;
        bytes[8] = hi & 0xff;
        for (int k = 8; k >= 0; k--) v = v * 100 + ((bytes[k] >>> 4) & 15) * 10 + (bytes[k] & 15);
        F80.fromLong(f, v);
        int s = f.rse | ((hi & 0x8000) != 0 ? 0x8000 : 0);
        push(f, s, f.rm);
        end(f);
    }

    public static void fbstp(CpuState c, long ea) {
        X87State f = begin(c);
        long lo;
        int hi;
        boolean bad;
        long v = 0;
        int s = 0;
        if (empty(f, 0)) {
            underflow(f);
            bad = true;
        } else {
            s = sign(se(f, 0));
            int k = cls(se(f, 0), m(f, 0));
            if (k >= INF) {
                f.exc |= IE;
                bad = true;
            } else {
                v = F80.toInt(f, se(f, 0), m(f, 0), 64, rounding(f.cw));
                if (v < 0) v = -v;
                bad = (f.exc & IE) != 0 || v < 0 || v > 999_999_999_999_999_999L; // v < 0: -2^63 stays negative
                if (bad) f.exc = (f.exc | IE) & ~(PE | C1);
            }
        }
        if (bad) {
            lo = 0xC000000000000000L;
            hi = 0xffff;
        } else {
            lo = 0;
            for (int k = 0; k < 9; k++) {
                int d = (int) (v % 100);
                v /= 100;
                int b = ((d / 10) << 4) | (d % 10);
                if (k < 8) lo |= (long) b << (8 * k);
                else s = (s << 15) | b;
            }
            hi = s;
        }
        c.mem.write64(ea, lo);
        c.mem.write16(ea + 8, hi);
        pop(f);
        end(f);
    }

    // ------------------------------------------------------------ control

    public static void fldcw(CpuState c, long ea) {
        int v = c.mem.read16(ea) & 0xffff;
        X87State f = c.fpu;
        f.cw = v | 0x40;
        f.exc = 0;
        int sw = f.sw & ~(ES | 0x8000);
        if ((sw & 0x3f & ~f.cw) != 0) sw |= ES | 0x8000;
        f.sw = sw;
    }

    public static void fnstcw(CpuState c, long ea) {
        c.mem.write16(ea, c.fpu.cw);
    }

    public static void fnstsw_m16(CpuState c, long ea) {
        c.mem.write16(ea, c.fpu.statusWord());
    }

    public static void fnstsw_ax(CpuState c, int i) {
        c.r[0] = (c.r[0] & ~0xffffL) | (c.fpu.statusWord() & 0xffff);
    }

    public static void fnclex(CpuState c, int i) {
        c.fpu.sw &= ~(0xff | 0x8000);
    }

    public static void fninit(CpuState c, int i) {
        X87State f = c.fpu;
        f.cw = 0x037f;
        f.sw = 0;
        f.top = 0;
        f.tags = 0;
    }

    public static void fnop(CpuState c, int i) {}

    public static void ffree(CpuState c, int i) {
        X87State f = c.fpu;
        f.tags &= ~(1 << phys(f, i));
        f.sw &= ~C1; // the SDM leaves C0-C3 undefined; this CPU clears C1 only
    }

    public static void fdecstp(CpuState c, int i) {
        X87State f = c.fpu;
        f.top = (f.top - 1) & 7;
        f.sw &= ~C1;
    }

    public static void fincstp(CpuState c, int i) {
        X87State f = c.fpu;
        f.top = (f.top + 1) & 7;
        f.sw &= ~C1;
    }

    public static void fxch(CpuState c, int i) {
        X87State f = begin(c);
        if (empty(f, 0) || empty(f, i)) {
            underflow(f);
            if (empty(f, 0)) put(f, 0, IND_SE, IND_M);
            if (empty(f, i)) put(f, i, IND_SE, IND_M);
        }
        int s0 = se(f, 0), si = se(f, i);
        long m0 = m(f, 0), mi = m(f, i);
        put(f, 0, si, mi);
        put(f, i, s0, m0);
        end(f);
    }

    /** Two-bit tag of physical register p: 0 valid, 1 zero, 2 special, 3 empty. */
    static int tag2(X87State f, int p) {
        if ((f.tags & (1 << p)) == 0) return 3;
        int k = cls(f.signExp[p], f.mant[p]);
        return switch (k) {
            case ZERO -> 1;
            case NORMAL -> 0;
            default -> 2;
        };
    }

    static int fullTags(X87State f) {
        int t = 0;
        for (int p = 0; p < 8; p++) t |= tag2(f, p) << (2 * p);
        return t;
    }

    static void storeEnv(CpuState c, long ea) {
        X87State f = c.fpu;
        c.mem.write32(ea, 0xffff0000 | f.cw);
        c.mem.write32(ea + 4, 0xffff0000 | f.statusWord());
        c.mem.write32(ea + 8, 0xffff0000 | fullTags(f));
        c.mem.write32(ea + 12, 0);
        c.mem.write32(ea + 16, 0);
        c.mem.write32(ea + 20, 0);
        c.mem.write32(ea + 24, 0xffff0000);
    }

    static void loadEnv(X87State f, int cw, int sw, int tw) {
        f.cw = cw & 0xffff;
        f.top = (sw >> 11) & 7;
        f.sw = sw & ~0x3800 & 0xffff;
        int t = 0;
        for (int p = 0; p < 8; p++) if (((tw >> (2 * p)) & 3) != 3) t |= 1 << p;
        f.tags = t;
    }

    public static void fnstenv(CpuState c, long ea) {
        storeEnv(c, ea);
        c.fpu.cw |= 0x3f;
    }

    public static void fldenv(CpuState c, long ea) {
        int cw = c.mem.read16(ea), sw = c.mem.read16(ea + 4), tw = c.mem.read16(ea + 8);
        loadEnv(c.fpu, cw, sw, tw);
    }

    public static void fnsave(CpuState c, long ea) {
        X87State f = c.fpu;
        // probe the whole area first so a fault leaves memory and state consistent
        c.mem.write8(ea + 107, 0);
        storeEnv(c, ea);
        for (int i = 0; i < 8; i++) {
            int p = phys(f, i);
            c.mem.write64(ea + 28 + 10L * i, f.mant[p]);
            c.mem.write16(ea + 36 + 10L * i, f.signExp[p]);
        }
        fninit(c, 0);
    }

    public static void frstor(CpuState c, long ea) {
        int cw = c.mem.read16(ea), sw = c.mem.read16(ea + 4), tw = c.mem.read16(ea + 8);
        long[] mm = new long[8];
        int[] ss = new int[8];
        for (int i = 0; i < 8; i++) {
            mm[i] = c.mem.read64(ea + 28 + 10L * i);
            ss[i] = c.mem.read16(ea + 36 + 10L * i) & 0xffff;
        }
        X87State f = c.fpu;
        loadEnv(f, cw, sw, tw);
        for (int i = 0; i < 8; i++) {
            int p = phys(f, i);
            f.mant[p] = mm[i];
            f.signExp[p] = ss[i];
        }
    }

    public static void fxsave(CpuState c, long ea) {
        X87State f = c.fpu;
        c.mem.write8(ea + 511, 0);
        c.mem.write8(ea, 0);
        c.mem.write16(ea, f.cw);
        c.mem.write16(ea + 2, f.statusWord());
        c.mem.write16(ea + 4, f.tags & 0xff);
        c.mem.write16(ea + 6, 0);
        c.mem.write64(ea + 8, 0);
        c.mem.write64(ea + 16, 0);
        c.mem.write32(ea + 24, c.mxcsr);
        c.mem.write32(ea + 28, 0xffbf);
        for (int i = 0; i < 8; i++) {
            int p = phys(f, i);
            c.mem.write64(ea + 32 + 16L * i, f.mant[p]);
            c.mem.write16(ea + 40 + 16L * i, f.signExp[p]);
            c.mem.write16(ea + 42 + 16L * i, 0);
            c.mem.write32(ea + 44 + 16L * i, 0);
        }
        for (int n = 0; n < 16; n++) {
            c.mem.write64(ea + 160 + 16L * n, c.xmm[2 * n]);
            c.mem.write64(ea + 168 + 16L * n, c.xmm[2 * n + 1]);
        }
    }

    public static void fxrstor(CpuState c, long ea) {
        int cw = c.mem.read16(ea) & 0xffff, sw = c.mem.read16(ea + 2) & 0xffff, tw = c.mem.read8(ea + 4) & 0xff;
        int mx = c.mem.read32(ea + 24);
        long[] mm = new long[8];
        int[] ss = new int[8];
        for (int i = 0; i < 8; i++) {
            mm[i] = c.mem.read64(ea + 32 + 16L * i);
            ss[i] = c.mem.read16(ea + 40 + 16L * i) & 0xffff;
        }
        long[] x = new long[32];
        for (int n = 0; n < 32; n++) x[n] = c.mem.read64(ea + 160 + 8L * n);
        if ((mx & ~0xffbf) != 0) throw new lxrun.runtime.mem.GuestFault(ea, 0, false);
        X87State f = c.fpu;
        f.cw = cw;
        f.top = (sw >> 11) & 7;
        f.sw = sw & ~0x3800;
        f.tags = tw;
        for (int i = 0; i < 8; i++) {
            int p = phys(f, i);
            f.mant[p] = mm[i];
            f.signExp[p] = ss[i];
        }
        c.mxcsr = mx;
        System.arraycopy(x, 0, c.xmm, 0, 32);
    }

    // ------------------------------------------------------------ unary operations on ST(0)

    /** Runs {@code body} on a non-empty ST(0); an empty one gives the stack-underflow indefinite. */
    private interface Unary {
        void run(X87State f, int se, long m);
    }

    private static void unary(CpuState c, Unary body) {
        X87State f = begin(c);
        if (empty(f, 0)) {
            underflow(f);
            put(f, 0, IND_SE, IND_M);
        } else {
            body.run(f, se(f, 0), m(f, 0));
            putRes(f, 0);
        }
        end(f);
    }

    public static void fchs(CpuState c, int i) {
        unary(c, (f, s, mm) -> {
            f.rse = s ^ 0x8000;
            f.rm = mm;
        });
    }

    public static void fabs(CpuState c, int i) {
        unary(c, (f, s, mm) -> {
            f.rse = s & 0x7fff;
            f.rm = mm;
        });
    }

    public static void fsqrt(CpuState c, int i) {
        unary(c, F80::sqrt);
    }

    public static void frndint(CpuState c, int i) {
        unary(c, F80::roundInt);
    }

    public static void fxam(CpuState c, int i) {
        X87State f = c.fpu;
        int s = se(f, 0);
        int cc = (s & 0x8000) != 0 ? C1 : 0;
        if (empty(f, 0)) {
            cc |= C3 | C0;
        } else {
            cc |= switch (cls(s, m(f, 0))) {
                case UNSUPPORTED -> 0;
                case QNAN, SNAN -> C0;
                case NORMAL -> C2;
                case INF -> C2 | C0;
                case ZERO -> C3;
                default -> C3 | C2;
            };
        }
        f.sw = (f.sw & ~(C0 | C1 | C2 | C3)) | cc;
    }

    private static void ldConst(CpuState c, int se, long m) {
        X87State f = begin(c);
        push(f, se, m);
        end(f);
    }

    public static void fld1(CpuState c, int i) { ldConst(c, 0x3fff, INT); }
    public static void fldz(CpuState c, int i) { ldConst(c, 0, 0); }

    private static void ldConstR(CpuState c, int which) {
        X87State f = c.fpu;
        int rc = rounding(f.cw);
        int k = which * 4 + rc;
        ldConst(c, CONST_SE[k], CONST_M[k]);
    }

    private static final int[] CONST_SE = new int[20];
    private static final long[] CONST_M = new long[20];

    static {
        X87State t = new X87State();
        for (int w = 0; w < 5; w++) {
            for (int rc = 0; rc < 4; rc++) {
                t.cw = 0x037f | (rc << 10);
                F80.constant(t, w);
                CONST_SE[w * 4 + rc] = t.rse;
                CONST_M[w * 4 + rc] = t.rm;
            }
        }
    }

    public static void fldpi(CpuState c, int i) { ldConstR(c, 0); }
    public static void fldl2t(CpuState c, int i) { ldConstR(c, 1); }
    public static void fldl2e(CpuState c, int i) { ldConstR(c, 2); }
    public static void fldlg2(CpuState c, int i) { ldConstR(c, 3); }
    public static void fldln2(CpuState c, int i) { ldConstR(c, 4); }

    // ------------------------------------------------------------ two-operand specials

    /** ST(0) = g(ST(0), ST(1)) without popping. */
    private interface Binary {
        int run(X87State f, int ase, long am, int bse, long bm);
    }

    private static void st0st1(CpuState c, Binary body, boolean setCc) {
        X87State f = begin(c);
        int cc;
        if (empty(f, 0) || empty(f, 1)) {
            underflow(f);
            put(f, 0, IND_SE, IND_M);
            cc = f.sw & (C0 | C3); // no quotient: C0/C3 (undefined) stay, as on this CPU; C1 = 0 for the underflow
        } else {
            cc = body.run(f, se(f, 0), m(f, 0), se(f, 1), m(f, 1));
            if (cc < 0) cc = f.sw & (C0 | C3); // NaN or invalid: no quotient bits either
            putRes(f, 0);
        }
        if (setCc) endCc(f, cc);
        else end(f);
    }

    public static void fscale(CpuState c, int i) {
        st0st1(c, (f, a, am, b, bm) -> {
            F80.scale(f, a, am, b, bm);
            return 0;
        }, false);
    }

    public static void fprem(CpuState c, int i) {
        st0st1(c, (f, a, am, b, bm) -> F80.prem(f, a, am, b, bm, false), true);
    }

    public static void fprem1(CpuState c, int i) {
        st0st1(c, (f, a, am, b, bm) -> F80.prem(f, a, am, b, bm, true), true);
    }

    public static void fxtract(CpuState c, int i) {
        X87State f = begin(c);
        if (empty(f, 0)) {
            underflow(f);
            put(f, 0, IND_SE, IND_M);
            push(f, IND_SE, IND_M);
        } else if (!empty(f, 7)) {
            overflowStack(f);
            put(f, 0, IND_SE, IND_M);
            push(f, IND_SE, IND_M);
        } else {
            long[] sig = new long[2];
            F80.extract(f, se(f, 0), m(f, 0), sig);
            putRes(f, 0);
            push(f, (int) sig[0], sig[1]);
        }
        end(f);
    }

    // ------------------------------------------------------------ transcendental

    private static final MathContext MC = new MathContext(60);

    /** |x| >= 2^63 for the trig range check. */
    private static boolean outOfTrigRange(int se, long m) {
        return (se & 0x7fff) >= 16383 + 63;
    }

    private static void trig(CpuState c, int kind) {
        // kind 0 sin, 1 cos, 2 tan (push 1), 3 sincos (push cos)
        X87State f = begin(c);
        boolean pushes = kind >= 2;
        int keep = f.sw & (C0 | C3); // the SDM leaves C0/C3 undefined: this CPU keeps them
        if (empty(f, 0)) {
            underflow(f);
            put(f, 0, IND_SE, IND_M);
            if (pushes) push(f, IND_SE, IND_M);
            endCc(f, keep);
            return;
        }
        if (pushes && !empty(f, 7)) {
            overflowStack(f);
            put(f, 0, IND_SE, IND_M);
            push(f, IND_SE, IND_M);
            endCc(f, keep | C1);
            return;
        }
        int s = se(f, 0);
        long mm = m(f, 0);
        int k = cls(s, mm);
        if (k >= QNAN) {
            F80.nan1(f, s, mm);
            putRes(f, 0);
            if (pushes) push(f, f.rse, f.rm);
            endCc(f, keep);
            return;
        }
        if (k == INF) {
            F80.indefinite(f);
            putRes(f, 0);
            if (pushes) push(f, IND_SE, IND_M);
            endCc(f, keep);
            return;
        }
        if (outOfTrigRange(s, mm)) {
            endCc(f, C2 | keep);
            return;
        }
        if (k == DENORMAL) f.exc |= DE;
        int rc = rounding(f.cw);
        int r1se, r2se = 0;
        long r1m, r2m = 0;
        if (k == ZERO) {
            if (kind == 1) {
                r1se = 0x3fff;
                r1m = INT;
            } else {
                r1se = s;
                r1m = mm;
            }
            if (kind == 2) {
                r2se = 0x3fff;
                r2m = INT;
            } else if (kind == 3) {
                r2se = 0x3fff;
                r2m = INT;
            }
        } else {
            BigDecimal x = F80.toBig(s, mm);
            BigDecimal[] sc = F80.Trans.sincosHw(x);
            BigDecimal v = switch (kind) {
                case 0, 3 -> sc[0];
                case 1 -> sc[1];
                default -> sc[0].divide(sc[1], F80.Trans.M);
            };
            F80.fromBig(f, v, 64, rc);
            r1se = f.rse;
            r1m = f.rm;
            if (kind == 2) {
                r2se = 0x3fff;
                r2m = INT;
            } else if (kind == 3) {
                F80.fromBig(f, sc[1], 64, rc);
                r2se = f.rse;
                r2m = f.rm;
            }
        }
        put(f, 0, r1se, r1m);
        if (pushes) push(f, r2se, r2m);
        endCc(f, keep | (f.exc & C1));
    }

    public static void fsin(CpuState c, int i) { trig(c, 0); }
    public static void fcos(CpuState c, int i) { trig(c, 1); }
    public static void fptan(CpuState c, int i) { trig(c, 2); }
    public static void fsincos(CpuState c, int i) { trig(c, 3); }

    public static void f2xm1(CpuState c, int i) {
        unary(c, (f, s, mm) -> {
            int k = cls(s, mm);
            if (k >= QNAN) {
                F80.nan1(f, s, mm);
            } else if (k == ZERO) {
                f.rse = s;
                f.rm = mm;
            } else if (k == INF) {
                if ((s & 0x8000) != 0) {
                    f.rse = 0xbfff;
                    f.rm = INT;
                } else {
                    f.rse = s;
                    f.rm = mm;
                }
            } else {
                if (k == DENORMAL) f.exc |= DE;
                BigDecimal x = F80.toBig(s, mm);
                if (x.abs().compareTo(BigDecimal.ONE) > 0) {
                    // out of range: the hardware leaves ST(0) alone and reports PE
                    f.exc |= PE;
                    f.rse = s;
                    f.rm = mm;
                    return;
                }
                BigDecimal v = F80.Trans.expm1(x.multiply(F80.Trans.LN2, F80.Trans.M));
                F80.fromBig(f, v, 64, rounding(f.cw));
            }
        });
    }

    /** ST(1) = g(ST(0), ST(1)), pop. */
    private static void st1pop(CpuState c, Binary body) {
        X87State f = begin(c);
        if (empty(f, 0) || empty(f, 1)) {
            underflow(f);
            put(f, 1, IND_SE, IND_M);
        } else {
            body.run(f, se(f, 0), m(f, 0), se(f, 1), m(f, 1));
            putRes(f, 1);
        }
        pop(f);
        end(f);
    }

    public static void fpatan(CpuState c, int i) {
        st1pop(c, (f, xs, xm, ys, ym) -> {
            int kx = cls(xs, xm), ky = cls(ys, ym);
            if (kx >= QNAN || ky >= QNAN) {
                F80.nan2(f, ys, ym, xs, xm);
                return 0;
            }
            if (kx == DENORMAL || ky == DENORMAL) f.exc |= DE;
            int rc = rounding(f.cw);
            int sy = ys & 0x8000, sx = xs & 0x8000;
            BigDecimal pi = F80.Trans.PI;
            BigDecimal v;
            if (ky == ZERO) {
                if (sx == 0) {
                    f.rse = sy;
                    f.rm = 0;
                    return 0;
                }
                v = pi;
            } else if (ky == INF) {
                if (kx == INF) v = sx == 0 ? pi.divide(BigDecimal.valueOf(4), F80.Trans.M)
                        : pi.multiply(BigDecimal.valueOf(3)).divide(BigDecimal.valueOf(4), F80.Trans.M);
                else v = pi.divide(BigDecimal.valueOf(2), F80.Trans.M);
            } else if (kx == INF) {
                if (sx == 0) {
                    f.rse = sy;
                    f.rm = 0;
                    return 0;
                }
                v = pi;
            } else if (kx == ZERO) {
                v = pi.divide(BigDecimal.valueOf(2), F80.Trans.M);
            } else {
                v = F80.Trans.atan2(F80.toBig(ys & 0x7fff, ym), F80.toBig(xs, xm));
            }
            if (sy != 0) v = v.negate();
            F80.fromBig(f, v, 64, rc);
            return 0;
        });
    }

    public static void fyl2x(CpuState c, int i) {
        st1pop(c, (f, xs, xm, ys, ym) -> {
            int kx = cls(xs, xm), ky = cls(ys, ym);
            if (kx >= QNAN || ky >= QNAN) {
                F80.nan2(f, xs, xm, ys, ym);
                return 0;
            }
            int sx = xs & 0x8000, sy = ys & 0x8000;
            if (sx != 0 && kx != ZERO) {
                F80.indefinite(f);
                return 0;
            }
            if (kx == DENORMAL || ky == DENORMAL) f.exc |= DE;
            if (kx == ZERO) {
                if (ky == ZERO) {
                    F80.indefinite(f);
                    return 0;
                }
                f.exc &= ~DE;
                if (ky != INF) f.exc |= ZE;
                f.rse = (sy ^ 0x8000) | 0x7fff;
                f.rm = INT;
                return 0;
            }
            if (kx == INF) {
                if (ky == ZERO) {
                    F80.indefinite(f);
                    return 0;
                }
                f.rse = sy | 0x7fff;
                f.rm = INT;
                return 0;
            }
            boolean one = xs == 0x3fff && xm == INT;
            if (ky == INF) {
                if (one) {
                    F80.indefinite(f);
                    return 0;
                }
                boolean below1 = (xs & 0x7fff) < 0x3fff;
                f.rse = (below1 ? sy ^ 0x8000 : sy) | 0x7fff;
                f.rm = INT;
                return 0;
            }
            if (ky == ZERO || one) {
                boolean below1 = (xs & 0x7fff) < 0x3fff;
                f.rse = below1 ? sy ^ 0x8000 : sy;
                f.rm = 0;
                return 0;
            }
            BigDecimal l = F80.Trans.ln(F80.toBig(xs, xm)).divide(F80.Trans.LN2, F80.Trans.M);
            F80.fromBig(f, l.multiply(F80.toBig(ys, ym), F80.Trans.M), 64, rounding(f.cw));
            return 0;
        });
    }

    public static void fyl2xp1(CpuState c, int i) {
        st1pop(c, (f, xs, xm, ys, ym) -> {
            int kx = cls(xs, xm), ky = cls(ys, ym);
            if (kx >= QNAN || ky >= QNAN) {
                F80.nan2(f, xs, xm, ys, ym);
                return 0;
            }
            int sx = xs & 0x8000, sy = ys & 0x8000;
            if (kx == INF && sx != 0) { // log of -inf: invalid before a denormal ST(1) is looked at
                F80.indefinite(f);
                return 0;
            }
            if (kx == DENORMAL || ky == DENORMAL) f.exc |= DE;
            if (kx == ZERO) {
                if (ky == INF) {
                    F80.indefinite(f);
                    return 0;
                }
                f.rse = sx ^ sy;
                f.rm = 0;
                return 0;
            }
            if (ky == ZERO) {
                if (kx == INF) {
                    F80.indefinite(f);
                    return 0;
                }
                f.rse = sx ^ sy;
                f.rm = 0;
                return 0;
            }
            if (kx == INF || ky == INF) {
                f.rse = (sx ^ sy) | 0x7fff;
                f.rm = INT;
                return 0;
            }
            BigDecimal x = F80.toBig(xs, xm);
            if (x.compareTo(BigDecimal.ONE.negate()) <= 0) {
                // out of range: the hardware returns x and reports PE
                f.exc |= PE;
                f.rse = xs;
                f.rm = xm;
                return 0;
            }
            BigDecimal l = F80.Trans.ln1p(x).divide(F80.Trans.LN2, F80.Trans.M);
            F80.fromBig(f, l.multiply(F80.toBig(ys, ym), F80.Trans.M), 64, rounding(f.cw));
            return 0;
        });
    }
}
