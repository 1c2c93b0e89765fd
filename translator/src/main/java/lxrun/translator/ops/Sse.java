package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;

/**
 * SSE/SSE2/SSE3 semantics, one static method per opcode-table row (see SseRows for the signatures).
 * XMMn is {@code c.xmm[2n]} (low quadword) and {@code c.xmm[2n+1]} (high); register 16 is scratch
 * for memory operands.
 */
public final class Sse {
    private Sse() {}

    // ---------------------------------------------------------------- memory operands

    /** Loads {@code n} bytes (2, 4, 8 or 16) at {@code ea} into the scratch register, zero-extended. */
    public static void loadScratch(CpuState c, long ea, int n) {
        GuestMemory m = c.mem;
        long[] x = c.xmm;
        switch (n) {
            case 2 -> { x[32] = m.read16(ea) & 0xffffL; x[33] = 0; } // pmovsxbq/pmovzxbq
            case 4 -> { x[32] = m.read32(ea) & 0xffffffffL; x[33] = 0; }
            case 8 -> { x[32] = m.read64(ea); x[33] = 0; }
            default -> {
                long hi = m.read64(ea + 8); // read both halves before changing state: the access faults whole
                x[32] = m.read64(ea);
                x[33] = hi;
            }
        }
    }

    /** Stores the low {@code n} bytes (4, 8 or 16) of XMM{@code src} at {@code ea}; {@code 0x108}: its high quadword. */
    public static void storeMem(CpuState c, long ea, int src, int n) {
        GuestMemory m = c.mem;
        long[] x = c.xmm;
        switch (n) {
            case 4 -> m.write32(ea, (int) x[2 * src]);
            case 8 -> m.write64(ea, x[2 * src]);
            case 0x108 -> m.write64(ea, x[2 * src + 1]); // movhps/movhpd store: the high quadword
            default -> {
                if (!m.accessible(ea, 16, GuestMemory.PROT_WRITE)) m.write64(ea + 8, 0); // raises the fault
                m.write64(ea, x[2 * src]);
                m.write64(ea + 8, x[2 * src + 1]);
            }
        }
    }

    // ---------------------------------------------------------------- moves

    public static void mov128(CpuState c, int d, int s) {
        c.xmm[2 * d] = c.xmm[2 * s];
        c.xmm[2 * d + 1] = c.xmm[2 * s + 1];
    }

    /** MOVSS xmm, xmm/m32: from memory zero the rest; between registers keep bits 32-127 of the destination. */
    public static void movss(CpuState c, int d, int s) {
        if (s == 16) {
            mov128(c, d, s);
        } else {
            movss_rr(c, d, s);
        }
    }

    public static void movss_rr(CpuState c, int d, int s) {
        c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (c.xmm[2 * s] & 0xffffffffL);
    }

    public static void movsd(CpuState c, int d, int s) {
        if (s == 16) {
            mov128(c, d, s);
        } else {
            movsd_rr(c, d, s);
        }
    }

    public static void movsd_rr(CpuState c, int d, int s) {
        c.xmm[2 * d] = c.xmm[2 * s];
    }

    /** MOVD/MOVQ xmm, r/m32/64: zero-extends into the whole register. */
    public static void movd_to_xmm(CpuState c, int d, long v) {
        c.xmm[2 * d] = v;
        c.xmm[2 * d + 1] = 0;
    }

    public static long movd_from_xmm(CpuState c, int s) {
        return c.xmm[2 * s];
    }

    /** MOVQ xmm, xmm/m64: low quadword, high cleared. */
    public static void movq(CpuState c, int d, int s) {
        c.xmm[2 * d] = c.xmm[2 * s];
        c.xmm[2 * d + 1] = 0;
    }

    // ---------------------------------------------------------------- integer logic and compares

    public static void pxor(CpuState c, int d, int s) {
        c.xmm[2 * d] ^= c.xmm[2 * s];
        c.xmm[2 * d + 1] ^= c.xmm[2 * s + 1];
    }

    public static void por(CpuState c, int d, int s) {
        c.xmm[2 * d] |= c.xmm[2 * s];
        c.xmm[2 * d + 1] |= c.xmm[2 * s + 1];
    }

    public static void pand(CpuState c, int d, int s) {
        c.xmm[2 * d] &= c.xmm[2 * s];
        c.xmm[2 * d + 1] &= c.xmm[2 * s + 1];
    }

    public static void pandn(CpuState c, int d, int s) {
        c.xmm[2 * d] = ~c.xmm[2 * d] & c.xmm[2 * s];
        c.xmm[2 * d + 1] = ~c.xmm[2 * d + 1] & c.xmm[2 * s + 1];
    }

    /** Lane-wise equality of 64-bit words split into lanes of {@code bits}: all-ones where equal. */
    static long cmpeq(long a, long b, int bits) {
        long r = 0;
        long m = bits == 64 ? -1L : (1L << bits) - 1;
        for (int i = 0; i < 64; i += bits) {
            if (((a >>> i) & m) == ((b >>> i) & m)) r |= m << i;
        }
        return r;
    }

    public static void pcmpeqb(CpuState c, int d, int s) {
        c.xmm[2 * d] = cmpeq(c.xmm[2 * d], c.xmm[2 * s], 8);
        c.xmm[2 * d + 1] = cmpeq(c.xmm[2 * d + 1], c.xmm[2 * s + 1], 8);
    }

    public static void pcmpeqw(CpuState c, int d, int s) {
        c.xmm[2 * d] = cmpeq(c.xmm[2 * d], c.xmm[2 * s], 16);
        c.xmm[2 * d + 1] = cmpeq(c.xmm[2 * d + 1], c.xmm[2 * s + 1], 16);
    }

    public static void pcmpeqd(CpuState c, int d, int s) {
        c.xmm[2 * d] = cmpeq(c.xmm[2 * d], c.xmm[2 * s], 32);
        c.xmm[2 * d + 1] = cmpeq(c.xmm[2 * d + 1], c.xmm[2 * s + 1], 32);
    }

    /** PMOVMSKB r32, xmm: the top bit of each byte. */
    /** MASKMOVDQU: stores the bytes of XMM{@code d} whose mask byte in XMM{@code s} has its top bit set, at [RDI]. */
    public static void maskmovdqu(CpuState c, int d, int s) {
        long rdi = c.r[7];
        for (int i = 0; i < 16; i++) {
            long mask = c.xmm[2 * s + (i >> 3)] >>> (8 * (i & 7));
            if ((mask & 0x80) != 0) c.mem.write8(rdi + i, (int) (c.xmm[2 * d + (i >> 3)] >>> (8 * (i & 7))));
        }
    }

    public static long pmovmskb(CpuState c, int s) {
        return byteSigns(c.xmm[2 * s]) | (byteSigns(c.xmm[2 * s + 1]) << 8);
    }

    private static long byteSigns(long v) {
        long r = 0;
        for (int i = 0; i < 8; i++) r |= ((v >>> (8 * i + 7)) & 1) << i;
        return r;
    }

    /** 64-bit forms (REX.W) of the GPR moves: the value is already the whole register. */
    public static void movd_to_xmm_q(CpuState c, int d, long v) {
        movd_to_xmm(c, d, v);
    }

    public static long movd_from_xmm_q(CpuState c, int s) {
        return c.xmm[2 * s];
    }

    /** 0F 12: MOVLPS/MOVLPD xmm, m64 (scratch) or MOVHLPS xmm, xmm (register form). */
    public static void movlps(CpuState c, int d, int s) {
        c.xmm[2 * d] = s == 16 ? c.xmm[32] : c.xmm[2 * s + 1];
    }

    /** 66 0F 12: MOVLPD xmm, m64 (memory only). */
    public static void movlpd(CpuState c, int d, int s) {
        c.xmm[2 * d] = c.xmm[2 * s];
    }

    /** 0F 16: MOVHPS xmm, m64 and MOVLHPS xmm, xmm: both copy the source's low quadword to the high one. */
    public static void movhps(CpuState c, int d, int s) {
        c.xmm[2 * d + 1] = c.xmm[2 * s];
    }

    /** SSE3 MOVDDUP: the low quadword to both halves. */
    public static void movddup(CpuState c, int d, int s) {
        long v = c.xmm[2 * s];
        c.xmm[2 * d] = v;
        c.xmm[2 * d + 1] = v;
    }

    /** SSE3 MOVSLDUP: the even singles duplicated. */
    public static void movsldup(CpuState c, int d, int s) {
        long lo = c.xmm[2 * s] & 0xffffffffL, hi = c.xmm[2 * s + 1] & 0xffffffffL;
        c.xmm[2 * d] = lo | (lo << 32);
        c.xmm[2 * d + 1] = hi | (hi << 32);
    }

    /** SSE3 MOVSHDUP: the odd singles duplicated. */
    public static void movshdup(CpuState c, int d, int s) {
        long lo = c.xmm[2 * s] >>> 32, hi = c.xmm[2 * s + 1] >>> 32;
        c.xmm[2 * d] = lo | (lo << 32);
        c.xmm[2 * d + 1] = hi | (hi << 32);
    }

    /** Register forms of the 8-byte stores (0F 13 / 0F 17 are memory-only; kept for completeness). */
    public static void movlps_st(CpuState c, int d, int s) {
        c.xmm[2 * d] = c.xmm[2 * s];
    }

    public static void movhps_st(CpuState c, int d, int s) {
        c.xmm[2 * d] = c.xmm[2 * s + 1];
    }

    /** 66 0F D6 MOVQ xmm/m64, xmm register form: low quadword, high cleared. */
    public static void movq_st(CpuState c, int d, int s) {
        c.xmm[2 * d] = c.xmm[2 * s];
        c.xmm[2 * d + 1] = 0;
    }

    public static long movmskps(CpuState c, int s) {
        long lo = c.xmm[2 * s], hi = c.xmm[2 * s + 1];
        return ((lo >>> 31) & 1) | ((lo >>> 62) & 2) | (((hi >>> 31) & 1) << 2) | (((hi >>> 63) & 1) << 3);
    }

    public static long movmskpd(CpuState c, int s) {
        return (c.xmm[2 * s] >>> 63) | ((c.xmm[2 * s + 1] >>> 63) << 1);
    }

    // ================================================================ MXCSR

    static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20, DAZ = 0x40, FZ = 0x8000;
    static final int RN = 0, RD = 1, RU = 2, RZ = 3;

    private static int rc(CpuState c) {
        return (c.mxcsr >>> 13) & 3;
    }

    // ================================================================ lanes

    static int f32(long[] x, int r, int i) {
        return (int) (x[2 * r + (i >> 1)] >>> ((i & 1) * 32));
    }

    static void set32(long[] x, int r, int i, int v) {
        int k = 2 * r + (i >> 1), sh = (i & 1) * 32;
        x[k] = (x[k] & ~(0xffffffffL << sh)) | ((v & 0xffffffffL) << sh);
    }

    // ================================================================ single precision core

    static boolean nanF(int a) {
        return (a & 0x7fffffff) > 0x7f800000;
    }

    static boolean snanF(int a) {
        return nanF(a) && (a & 0x00400000) == 0;
    }

    static boolean denF(int a) {
        return (a & 0x7f800000) == 0 && (a & 0x007fffff) != 0;
    }

    static boolean nanD(long a) {
        return (a & 0x7fffffffffffffffL) > 0x7ff0000000000000L;
    }

    static boolean snanD(long a) {
        return nanD(a) && (a & 0x0008000000000000L) == 0;
    }

    static boolean denD(long a) {
        return (a & 0x7ff0000000000000L) == 0 && (a & 0x000fffffffffffffL) != 0;
    }

    static final int DEFAULT_NAN_F = 0xffc00000;
    static final long DEFAULT_NAN_D = 0xfff8000000000000L;

    private static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MIN = 4, MAX = 5, SQRT = 6;

    /** Rounds {@code d} (whose exact value differs from it with sign {@code e}) to float in mode {@code rc}. */
    static float roundF(double d, int e, int rc) {
        float f = (float) d;
        int dir;
        if ((double) f != d) {
            dir = d > f ? 1 : -1;
            if (rc == RN && e != 0 && !Float.isInfinite(f)) {
                float other = dir > 0 ? Math.nextUp(f) : Math.nextDown(f);
                if (((double) f + (double) other) / 2 == d) { // a tie that was not one: go to the exact value's side
                    if ((e > 0) == (other > f)) f = other;
                }
                return f;
            }
        } else {
            dir = e;
        }
        if (dir == 0 || rc == RN) return f;
        return directed(f, dir, rc);
    }

    private static float directed(float f, int dir, int rc) {
        switch (rc) {
            case RD -> { if (dir < 0) f = Math.nextDown(f); }
            case RU -> { if (dir > 0) f = Math.nextUp(f); }
            default -> {
                if (f > 0 && dir < 0 || f == Float.POSITIVE_INFINITY) f = Math.nextDown(f);
                else if (f < 0 && dir > 0 || f == Float.NEGATIVE_INFINITY) f = Math.nextUp(f);
            }
        }
        return f;
    }

    /**
     * Rounds an exact-or-nearly result to single precision with the MXCSR's rounding, overflow, underflow,
     * precision and flush-to-zero rules. {@code d} is the value rounded to double, {@code e} the sign of
     * (exact - d).
     */
    static int finishF(CpuState c, double d, int e) {
        int rc = rc(c);
        float f = roundF(d, e, rc);
        boolean inexact = e != 0 || (double) f != d;
        if (!inexact) {
            if (f != 0 && Math.abs(f) < Float.MIN_NORMAL && (c.mxcsr & FZ) != 0) {
                c.mxcsr |= UE | PE;
                return Float.floatToRawIntBits(f) & 0x80000000;
            }
            return Float.floatToRawIntBits(f);
        }
        int fl = PE;
        double ad = Math.abs(d);
        if (ad >= 0x1p127) {
            float g = roundF(d * 0x1p-8, e, rc);
            if (Math.abs(g) >= 0x1p120f) fl |= OE;
        } else if (ad < 0x1p-125) {
            float g = roundF(d * 0x1p64, e, rc);
            if (Math.abs(g) < 0x1p-62f) {
                fl |= UE;
                if ((c.mxcsr & FZ) != 0) {
                    c.mxcsr |= fl;
                    return d < 0 || (d == 0 && e < 0) ? 0x80000000 : 0;
                }
            }
        }
        c.mxcsr |= fl;
        return Float.floatToRawIntBits(f);
    }

    private static int quietF(int a) {
        return a | 0x00400000;
    }

    private static int dazF(CpuState c, int a) {
        return (c.mxcsr & DAZ) != 0 && denF(a) ? a & 0x80000000 : a;
    }

    private static long dazD(CpuState c, long a) {
        return (c.mxcsr & DAZ) != 0 && denD(a) ? a & 0x8000000000000000L : a;
    }

    private static int sgn(double v) {
        return v > 0 ? 1 : v < 0 ? -1 : 0;
    }

    /** One single-precision lane: {@code a op b} (for SQRT, {@code sqrt(b)}). */
    /** {@link #fastD} for single precision. */
    private static float fastF(int op, float a, float b) {
        if ((Math.abs(a) < Float.MIN_NORMAL && a != 0) || (Math.abs(b) < Float.MIN_NORMAL && b != 0)) return Float.NaN;
        float r = switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            default -> a / b;
        };
        float m = Math.abs(r);
        if (m > Float.MIN_NORMAL && m <= Float.MAX_VALUE) return r;
        if (r == 0 && (op <= SUB || a == 0 || (op == MUL && b == 0))) return r;
        return Float.NaN;
    }

    static int opF(CpuState c, int op, int a, int b) {
        if (op <= DIV && (c.mxcsr & FAST_MXCSR_MASK) == PE) {
            float r = fastF(op, Float.intBitsToFloat(a), Float.intBitsToFloat(b));
            if (r == r) return Float.floatToRawIntBits(r);
        }
        a = dazF(c, a);
        b = dazF(c, b);
        if (op == SQRT) a = b;
        boolean na = nanF(a), nb = nanF(b);
        if (op == MIN || op == MAX) {
            if (na || nb) {
                c.mxcsr |= IE;
                return b;
            }
            if (denF(a) || denF(b)) c.mxcsr |= DE;
            float fa = Float.intBitsToFloat(a), fb = Float.intBitsToFloat(b);
            return op == MIN ? (fa < fb ? a : b) : (fa > fb ? a : b);
        }
        if (na || nb) {
            if (snanF(a) || snanF(b)) c.mxcsr |= IE;
            return quietF(na ? a : b);
        }
        // invalid and divide-by-zero take precedence over the denormal-operand flag
        int den = denF(a) || denF(b) ? DE : 0;
        double da = Float.intBitsToFloat(a), db = Float.intBitsToFloat(b);
        double d;
        int e = 0;
        switch (op) {
            case ADD, SUB -> {
                if (op == SUB) db = -db;
                if (Double.isInfinite(da) && Double.isInfinite(db) && da != db) return invalidF(c);
                c.mxcsr |= den;
                d = da + db;
                if (!Double.isInfinite(d)) e = twoSumErr(da, db, d);
                if (d == 0 && e == 0) d = zeroSum(da, db, rc(c));
            }
            case MUL -> {
                if ((da == 0 && Double.isInfinite(db)) || (db == 0 && Double.isInfinite(da))) return invalidF(c);
                c.mxcsr |= den;
                d = da * db;
            }
            case DIV -> {
                if ((da == 0 && db == 0) || (Double.isInfinite(da) && Double.isInfinite(db))) return invalidF(c);
                if (db == 0 && !Double.isInfinite(da)) {
                    c.mxcsr |= ZE;
                    return (a ^ b) & 0x80000000 | 0x7f800000;
                }
                c.mxcsr |= den;
                d = da / db;
                if (!Double.isInfinite(da)) e = sgn(Math.fma(-d, db, da)) * sgn(db);
            }
            default -> { // SQRT
                if (da < 0) return invalidF(c);
                c.mxcsr |= den;
                d = Math.sqrt(da);
                if (!Double.isInfinite(da)) e = sgn(Math.fma(-d, d, da));
            }
        }
        return finishF(c, d, e);
    }

    /** The sign of an exact zero sum: -0 only for (-0)+(-0), or in round-down unless both are +0. */
    private static double zeroSum(double a, double b, int rc) {
        if (isNeg(a) && isNeg(b) && a == 0 && b == 0) return -0.0;
        if (a == 0 && b == 0 && !isNeg(a) && !isNeg(b)) return 0.0;
        return rc == RD ? -0.0 : 0.0;
    }

    private static boolean isNeg(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }

    private static int invalidF(CpuState c) {
        c.mxcsr |= IE;
        return DEFAULT_NAN_F;
    }

    private static long invalidD(CpuState c) {
        c.mxcsr |= IE;
        return DEFAULT_NAN_D;
    }

    /** Sign of the rounding error of {@code s = a + b} (exact - s), by Knuth's TwoSum. */
    private static int twoSumErr(double a, double b, double s) {
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        return sgn(err);
    }

    // ================================================================ double precision core

    private static double fl(long b) {
        return Double.longBitsToDouble(b);
    }

    /** Rounds the round-to-nearest result {@code r} (exact - r has sign {@code e}) in mode rc. */
    private static double directedD(double r, int e, int rc) {
        if (e == 0 || rc == RN) return r;
        switch (rc) {
            case RD -> { if (e < 0) r = Math.nextDown(r); }
            case RU -> { if (e > 0) r = Math.nextUp(r); }
            default -> {
                if (r > 0 && e < 0) r = Math.nextDown(r);
                else if (r < 0 && e > 0) r = Math.nextUp(r);
            }
        }
        return r;
    }

    /** The round-to-nearest double result of op and the sign of its error. */
    private static double rawD(int op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case MUL -> a * b;
            case DIV -> a / b;
            default -> Math.sqrt(b);
        };
    }

    private static final double SAFE = 0x1p-900;

    private static int residD(int op, double a, double b, double r) {
        switch (op) {
            case ADD:
                return twoSumErr(a, b, r);
            case MUL:
                if (Math.abs(r) >= SAFE) return sgn(Math.fma(a, b, -r));
                break;
            case DIV:
                if (Math.abs(a) >= SAFE && Math.abs(r) >= SAFE && Math.abs(b) >= SAFE) return sgn(Math.fma(-r, b, a)) * sgn(b);
                break;
            default:
                if (b >= SAFE) return sgn(Math.fma(-r, r, b));
                break;
        }
        java.math.BigDecimal A = new java.math.BigDecimal(a), B = new java.math.BigDecimal(b), R = new java.math.BigDecimal(r);
        return switch (op) {
            case MUL -> A.multiply(B).compareTo(R);
            case DIV -> A.compareTo(R.multiply(B)) * B.signum();
            default -> B.compareTo(R.multiply(R));
        };
    }

    /**
     * Rounding of op(a, b) in mode rc with the result scaled by 2^k (operands scaled exactly), for the
     * overflow and tininess checks that x86 makes with the exponent unbounded.
     */
    private static double scaledD(int op, double a, double b, int k, int rc) {
        switch (op) {
            case ADD -> { a = Math.scalb(a, k); b = Math.scalb(b, k); }
            case MUL -> { a = Math.scalb(a, k / 2); b = Math.scalb(b, k - k / 2); }
            case DIV -> { a = Math.scalb(a, k / 2); b = Math.scalb(b, k / 2 - k); }
            default -> b = Math.scalb(b, 2 * k);
        }
        double r = rawD(op, a, b);
        return directedD(r, residD(op, a, b, r), rc);
    }

    /** MXCSR bits that must be exactly PE for {@link #fastD}: round to nearest, no DAZ/FZ, inexact already raised. */
    private static final int FAST_MXCSR_MASK = PE | DAZ | FZ | 0x6000;

    /**
     * The common case without the exception analysis: round to nearest, PE already set (sticky, so an
     * inexact result changes nothing), normal or zero operands and a normal result (no DE, UE, OE, IE or
     * ZE can arise). Then the JVM's IEEE double arithmetic is the SSE result bit for bit. NaN if not.
     */
    private static double fastD(int op, double a, double b) {
        if ((Math.abs(a) < Double.MIN_NORMAL && a != 0) || (Math.abs(b) < Double.MIN_NORMAL && b != 0)) return Double.NaN;
        double r = switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            default -> a / b;
        };
        double m = Math.abs(r);
        if (m > Double.MIN_NORMAL && m <= Double.MAX_VALUE) return r;
        // a zero is exact only from cancellation or a zero operand, never from underflow
        if (r == 0 && (op <= SUB || a == 0 || (op == MUL && b == 0))) return r;
        return Double.NaN;
    }

    /** One double-precision lane: {@code a op b} (for SQRT, {@code sqrt(b)}). */
    static long opD(CpuState c, int op, long a, long b) {
        if (op <= DIV && (c.mxcsr & FAST_MXCSR_MASK) == PE) {
            double r = fastD(op, fl(a), fl(b));
            if (r == r) return Double.doubleToRawLongBits(r);
        }
        a = dazD(c, a);
        b = dazD(c, b);
        if (op == SQRT) a = b;
        boolean na = nanD(a), nb = nanD(b);
        if (op == MIN || op == MAX) {
            if (na || nb) {
                c.mxcsr |= IE;
                return b;
            }
            if (denD(a) || denD(b)) c.mxcsr |= DE;
            double fa = fl(a), fb = fl(b);
            return op == MIN ? (fa < fb ? a : b) : (fa > fb ? a : b);
        }
        if (na || nb) {
            if (snanD(a) || snanD(b)) c.mxcsr |= IE;
            return (na ? a : b) | 0x0008000000000000L;
        }
        int den = denD(a) || denD(b) ? DE : 0; // set after the invalid and divide-by-zero checks
        double da = fl(a), db = fl(b);
        int rc = rc(c);
        switch (op) {
            case ADD, SUB -> {
                if (op == SUB) db = -db;
                op = ADD;
                if (Double.isInfinite(da) && Double.isInfinite(db) && da != db) return invalidD(c);
                c.mxcsr |= den;
                if (Double.isInfinite(da) || Double.isInfinite(db)) return Double.doubleToRawLongBits(da + db);
                double r = da + db;
                if (r == 0 && twoSumErr(da, db, r) == 0) return Double.doubleToRawLongBits(zeroSum(da, db, rc));
            }
            case MUL -> {
                if ((da == 0 && Double.isInfinite(db)) || (db == 0 && Double.isInfinite(da))) return invalidD(c);
                c.mxcsr |= den;
                if (Double.isInfinite(da) || Double.isInfinite(db) || da == 0 || db == 0) return Double.doubleToRawLongBits(da * db);
            }
            case DIV -> {
                if ((da == 0 && db == 0) || (Double.isInfinite(da) && Double.isInfinite(db))) return invalidD(c);
                if (db == 0 && !Double.isInfinite(da)) {
                    c.mxcsr |= ZE;
                    return (a ^ b) & 0x8000000000000000L | 0x7ff0000000000000L;
                }
                c.mxcsr |= den;
                if (Double.isInfinite(da) || Double.isInfinite(db) || da == 0) return Double.doubleToRawLongBits(da / db);
            }
            default -> {
                if (db < 0) return invalidD(c);
                c.mxcsr |= den;
                if (Double.isInfinite(db) || db == 0) return Double.doubleToRawLongBits(Math.sqrt(db));
            }
        }
        double r = rawD(op, da, db);
        if (Double.isInfinite(r)) { // overflow in round-to-nearest: decide with the exponent unbounded
            int k = op == ADD ? -4 : -1100;
            double g = scaledD(op, da, db, k, rc);
            if (Math.abs(g) >= Math.scalb(1.0, 1024 + k)) {
                c.mxcsr |= OE | PE;
                boolean neg = r < 0;
                double big = switch (rc) {
                    case RN -> Double.POSITIVE_INFINITY;
                    case RZ -> Double.MAX_VALUE;
                    case RD -> neg ? Double.POSITIVE_INFINITY : Double.MAX_VALUE;
                    default -> neg ? Double.MAX_VALUE : Double.POSITIVE_INFINITY;
                };
                return Double.doubleToRawLongBits(neg ? -big : big);
            }
            c.mxcsr |= PE;
            return Double.doubleToRawLongBits(Math.scalb(g, -k));
        }
        int e = residD(op, da, db, r);
        double nearest = r; // e is the sign of (exact - nearest)
        r = directedD(r, e, rc);
        if (e == 0) {
            if (r != 0 && Math.abs(r) < Double.MIN_NORMAL && (c.mxcsr & FZ) != 0) {
                c.mxcsr |= UE | PE;
                return Double.doubleToRawLongBits(r) & 0x8000000000000000L;
            }
            return Double.doubleToRawLongBits(r);
        }
        int f = PE;
        if (Double.isInfinite(r)) {
            f |= OE;
        } else if (Math.abs(r) == Double.MAX_VALUE) {
            int k = op == ADD ? -4 : -1100;
            if (Math.abs(scaledD(op, da, db, k, rc)) >= Math.scalb(1.0, 1024 + k)) f |= OE;
        } else if (Math.abs(r) <= Double.MIN_NORMAL) {
            boolean tiny = Math.abs(r) < Double.MIN_NORMAL || Math.abs(scaledD(op, da, db, 64, rc)) < 0x1p-958;
            if (tiny) {
                f |= UE;
                if ((c.mxcsr & FZ) != 0) {
                    c.mxcsr |= f;
                    // flushed to a zero of the exact result's sign (not of r, which directed rounding may have made zero)
                    return (nearest < 0 || (nearest == 0 && e < 0)) ? 0x8000000000000000L : 0;
                }
            }
        }
        c.mxcsr |= f;
        return Double.doubleToRawLongBits(r);
    }

    // ================================================================ arithmetic rows

    private static void scalarF(CpuState c, int op, int d, int s) {
        long[] x = c.xmm;
        set32(x, d, 0, opF(c, op, f32(x, d, 0), f32(x, s, 0)));
    }

    private static void packedF(CpuState c, int op, int d, int s) {
        packedF(c, op, op, d, s);
    }

    /** Even lanes {@code even}, odd lanes {@code odd} (different only for ADDSUBPS). */
    private static void packedF(CpuState c, int even, int odd, int d, int s) {
        long[] x = c.xmm;
        int b0 = f32(x, s, 0), b1 = f32(x, s, 1), b2 = f32(x, s, 2), b3 = f32(x, s, 3);
        int r0 = opF(c, even, f32(x, d, 0), b0), r1 = opF(c, odd, f32(x, d, 1), b1);
        int r2 = opF(c, even, f32(x, d, 2), b2), r3 = opF(c, odd, f32(x, d, 3), b3);
        setPs(x, d, r0, r1, r2, r3);
    }

    private static void setPs(long[] x, int d, int r0, int r1, int r2, int r3) {
        x[2 * d] = (r0 & 0xffffffffL) | ((long) r1 << 32);
        x[2 * d + 1] = (r2 & 0xffffffffL) | ((long) r3 << 32);
    }

    private static void scalarD(CpuState c, int op, int d, int s) {
        c.xmm[2 * d] = opD(c, op, c.xmm[2 * d], c.xmm[2 * s]);
    }

    private static void packedD(CpuState c, int op, int d, int s) {
        packedD(c, op, op, d, s);
    }

    /** The low lane {@code lo}, the high lane {@code hi} (different only for ADDSUBPD). */
    private static void packedD(CpuState c, int lo, int hi, int d, int s) {
        long[] x = c.xmm;
        long b0 = x[2 * s], b1 = x[2 * s + 1];
        long r0 = opD(c, lo, x[2 * d], b0), r1 = opD(c, hi, x[2 * d + 1], b1);
        x[2 * d] = r0;
        x[2 * d + 1] = r1;
    }

    public static void addss(CpuState c, int d, int s) { scalarF(c, ADD, d, s); }
    public static void subss(CpuState c, int d, int s) { scalarF(c, SUB, d, s); }
    public static void mulss(CpuState c, int d, int s) { scalarF(c, MUL, d, s); }
    public static void divss(CpuState c, int d, int s) { scalarF(c, DIV, d, s); }
    public static void minss(CpuState c, int d, int s) { scalarF(c, MIN, d, s); }
    public static void maxss(CpuState c, int d, int s) { scalarF(c, MAX, d, s); }
    public static void sqrtss(CpuState c, int d, int s) { scalarF(c, SQRT, d, s); }
    public static void addps(CpuState c, int d, int s) { packedF(c, ADD, d, s); }
    public static void subps(CpuState c, int d, int s) { packedF(c, SUB, d, s); }
    public static void mulps(CpuState c, int d, int s) { packedF(c, MUL, d, s); }
    public static void divps(CpuState c, int d, int s) { packedF(c, DIV, d, s); }
    public static void minps(CpuState c, int d, int s) { packedF(c, MIN, d, s); }
    public static void maxps(CpuState c, int d, int s) { packedF(c, MAX, d, s); }
    public static void sqrtps(CpuState c, int d, int s) { packedF(c, SQRT, d, s); }
    public static void addsd(CpuState c, int d, int s) { scalarD(c, ADD, d, s); }
    public static void subsd(CpuState c, int d, int s) { scalarD(c, SUB, d, s); }
    public static void mulsd(CpuState c, int d, int s) { scalarD(c, MUL, d, s); }
    public static void divsd(CpuState c, int d, int s) { scalarD(c, DIV, d, s); }
    public static void minsd(CpuState c, int d, int s) { scalarD(c, MIN, d, s); }
    public static void maxsd(CpuState c, int d, int s) { scalarD(c, MAX, d, s); }
    public static void sqrtsd(CpuState c, int d, int s) { scalarD(c, SQRT, d, s); }
    public static void addpd(CpuState c, int d, int s) { packedD(c, ADD, d, s); }
    public static void subpd(CpuState c, int d, int s) { packedD(c, SUB, d, s); }
    public static void mulpd(CpuState c, int d, int s) { packedD(c, MUL, d, s); }
    public static void divpd(CpuState c, int d, int s) { packedD(c, DIV, d, s); }
    public static void minpd(CpuState c, int d, int s) { packedD(c, MIN, d, s); }
    public static void maxpd(CpuState c, int d, int s) { packedD(c, MAX, d, s); }
    public static void sqrtpd(CpuState c, int d, int s) { packedD(c, SQRT, d, s); }

    // ---------------------------------------------------------------- SSE3: alternating and horizontal

    /** ADDSUBPS/PD: even lanes subtract, odd lanes add, each exactly as subps/addps (subpd/addpd) would. */
    public static void addsubps(CpuState c, int d, int s) { packedF(c, SUB, ADD, d, s); }
    public static void addsubpd(CpuState c, int d, int s) { packedD(c, SUB, ADD, d, s); }

    /** HADDPS/HSUBPS: each result lane combines a pair of adjacent lanes, lower op upper; dst pairs first, then src. */
    private static void horizontalF(CpuState c, int op, int d, int s) {
        long[] x = c.xmm;
        int a0 = f32(x, d, 0), a1 = f32(x, d, 1), a2 = f32(x, d, 2), a3 = f32(x, d, 3);
        int b0 = f32(x, s, 0), b1 = f32(x, s, 1), b2 = f32(x, s, 2), b3 = f32(x, s, 3);
        setPs(x, d, opF(c, op, a0, a1), opF(c, op, a2, a3), opF(c, op, b0, b1), opF(c, op, b2, b3));
    }

    /** HADDPD/HSUBPD: dst low op dst high, then src low op src high. */
    private static void horizontalD(CpuState c, int op, int d, int s) {
        long[] x = c.xmm;
        long b0 = x[2 * s], b1 = x[2 * s + 1];
        x[2 * d] = opD(c, op, x[2 * d], x[2 * d + 1]);
        x[2 * d + 1] = opD(c, op, b0, b1);
    }

    public static void haddps(CpuState c, int d, int s) { horizontalF(c, ADD, d, s); }
    public static void hsubps(CpuState c, int d, int s) { horizontalF(c, SUB, d, s); }
    public static void haddpd(CpuState c, int d, int s) { horizontalD(c, ADD, d, s); }
    public static void hsubpd(CpuState c, int d, int s) { horizontalD(c, SUB, d, s); }

    // ================================================================ compares

    /** CMPccPS predicate on one single lane: all-ones or zero. Predicates 1, 2, 5, 6 signal on QNaN. */
    static boolean cmpF(CpuState c, int a, int b, int pred) {
        a = dazF(c, a);
        b = dazF(c, b);
        boolean un = nanF(a) || nanF(b);
        if (un) {
            if (snanF(a) || snanF(b) || ((pred & 3) == 1 || (pred & 3) == 2)) c.mxcsr |= IE;
        } else if (denF(a) || denF(b)) {
            c.mxcsr |= DE;
        }
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        return pred(un, x == y, x < y, pred);
    }

    static boolean cmpD(CpuState c, long a, long b, int pred) {
        a = dazD(c, a);
        b = dazD(c, b);
        boolean un = nanD(a) || nanD(b);
        if (un) {
            if (snanD(a) || snanD(b) || ((pred & 3) == 1 || (pred & 3) == 2)) c.mxcsr |= IE;
        } else if (denD(a) || denD(b)) {
            c.mxcsr |= DE;
        }
        double x = fl(a), y = fl(b);
        return pred(un, x == y, x < y, pred);
    }

    private static boolean pred(boolean un, boolean eq, boolean lt, int pred) {
        return switch (pred & 7) {
            case 0 -> !un && eq;
            case 1 -> !un && lt;
            case 2 -> !un && (lt || eq);
            case 3 -> un;
            case 4 -> un || !eq;
            case 5 -> un || !lt;
            case 6 -> un || !(lt || eq);
            default -> !un;
        };
    }

    public static void cmpss(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        set32(x, d, 0, cmpF(c, f32(x, d, 0), f32(x, s, 0), imm) ? -1 : 0);
    }

    public static void cmpps(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        int b0 = f32(x, s, 0), b1 = f32(x, s, 1), b2 = f32(x, s, 2), b3 = f32(x, s, 3);
        long r0 = cmpF(c, f32(x, d, 0), b0, imm) ? 0xffffffffL : 0, r1 = cmpF(c, f32(x, d, 1), b1, imm) ? 0xffffffffL : 0;
        long r2 = cmpF(c, f32(x, d, 2), b2, imm) ? 0xffffffffL : 0, r3 = cmpF(c, f32(x, d, 3), b3, imm) ? 0xffffffffL : 0;
        x[2 * d] = r0 | (r1 << 32);
        x[2 * d + 1] = r2 | (r3 << 32);
    }

    public static void cmpsd(CpuState c, int d, int s, int imm) {
        c.xmm[2 * d] = cmpD(c, c.xmm[2 * d], c.xmm[2 * s], imm) ? -1L : 0;
    }

    public static void cmppd(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        long b0 = x[2 * s], b1 = x[2 * s + 1];
        long r0 = cmpD(c, x[2 * d], b0, imm) ? -1L : 0, r1 = cmpD(c, x[2 * d + 1], b1, imm) ? -1L : 0;
        x[2 * d] = r0;
        x[2 * d + 1] = r1;
    }

    private static void comiFlags(CpuState c, boolean un, boolean eq, boolean lt) {
        long f = un ? Flags.ZF | Flags.PF | Flags.CF : eq ? Flags.ZF : lt ? Flags.CF : 0;
        Flags.set(c, Flags.STATUS_MASK, f);
    }

    private static void comiF(CpuState c, int a, int b, boolean signalQuiet) {
        a = dazF(c, a);
        b = dazF(c, b);
        boolean un = nanF(a) || nanF(b);
        if (un) {
            if (signalQuiet || snanF(a) || snanF(b)) c.mxcsr |= IE;
        } else if (denF(a) || denF(b)) {
            c.mxcsr |= DE;
        }
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        comiFlags(c, un, x == y, x < y);
    }

    private static void comiD(CpuState c, long a, long b, boolean signalQuiet) {
        a = dazD(c, a);
        b = dazD(c, b);
        boolean un = nanD(a) || nanD(b);
        if (un) {
            if (signalQuiet || snanD(a) || snanD(b)) c.mxcsr |= IE;
        } else if (denD(a) || denD(b)) {
            c.mxcsr |= DE;
        }
        double x = fl(a), y = fl(b);
        comiFlags(c, un, x == y, x < y);
    }

    public static void comiss(CpuState c, int d, int s) { comiF(c, f32(c.xmm, d, 0), f32(c.xmm, s, 0), true); }
    public static void ucomiss(CpuState c, int d, int s) { comiF(c, f32(c.xmm, d, 0), f32(c.xmm, s, 0), false); }
    public static void comisd(CpuState c, int d, int s) { comiD(c, c.xmm[2 * d], c.xmm[2 * s], true); }
    public static void ucomisd(CpuState c, int d, int s) { comiD(c, c.xmm[2 * d], c.xmm[2 * s], false); }

    // ================================================================ bitwise float rows

    public static void andps(CpuState c, int d, int s) { pand(c, d, s); }
    public static void andnps(CpuState c, int d, int s) { pandn(c, d, s); }
    public static void orps(CpuState c, int d, int s) { por(c, d, s); }
    public static void xorps(CpuState c, int d, int s) { pxor(c, d, s); }

    // ================================================================ conversions

    /** float to double: exact; SNaN quieted with IE, denormal input DE (unless DAZ). */
    static long f2d(CpuState c, int a) {
        a = dazF(c, a);
        if (nanF(a)) {
            if (snanF(a)) c.mxcsr |= IE;
            return ((long) (a & 0x80000000) << 32) | 0x7ff8000000000000L | ((long) (a & 0x003fffff) << 29);
        }
        if (denF(a)) c.mxcsr |= DE;
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a));
    }

    /** double to float with MXCSR rounding. */
    static int d2f(CpuState c, long a) {
        a = dazD(c, a);
        if (nanD(a)) {
            if (snanD(a)) c.mxcsr |= IE;
            return (int) ((a >>> 32) & 0x80000000L) | 0x7fc00000 | (int) ((a >>> 29) & 0x003fffff);
        }
        if (denD(a)) c.mxcsr |= DE;
        double d = fl(a);
        if (Double.isInfinite(d) || d == 0) return Float.floatToRawIntBits((float) d);
        return finishF(c, d, 0);
    }

    /** Float-to-integer conversion with rounding mode rc; out of range or NaN: the integer indefinite with IE. */
    static long d2i(CpuState c, double d, int rc, boolean q) {
        if (Double.isNaN(d)) {
            c.mxcsr |= IE;
            return q ? Long.MIN_VALUE : 0x80000000L;
        }
        double r = toIntegral(d, rc);
        if (q ? (r >= 0x1p63 || r < -0x1p63) : (r >= 0x1p31 || r < -0x1p31)) {
            c.mxcsr |= IE;
            return q ? Long.MIN_VALUE : 0x80000000L;
        }
        if (r != d) c.mxcsr |= PE;
        return q ? (long) r : ((long) r) & 0xffffffffL;
    }

    /** {@code d} rounded to an integral value in mode rc (exact; the sign of a zero is kept). */
    static double toIntegral(double d, int rc) {
        return switch (rc) {
            case RN -> Math.rint(d);
            case RD -> Math.floor(d);
            case RU -> Math.ceil(d);
            default -> d < 0 ? Math.ceil(d) : Math.floor(d);
        };
    }

    private static long cvtF(CpuState c, int a, int rc, boolean q) {
        a = dazF(c, a);
        return d2i(c, Float.intBitsToFloat(a), rc, q);
    }

    private static long cvtD(CpuState c, long a, int rc, boolean q) {
        a = dazD(c, a);
        return d2i(c, fl(a), rc, q);
    }

    public static long cvtss2si(CpuState c, int s) { return cvtF(c, f32(c.xmm, s, 0), rc(c), false); }
    public static long cvtss2si_q(CpuState c, int s) { return cvtF(c, f32(c.xmm, s, 0), rc(c), true); }
    public static long cvttss2si(CpuState c, int s) { return cvtF(c, f32(c.xmm, s, 0), RZ, false); }
    public static long cvttss2si_q(CpuState c, int s) { return cvtF(c, f32(c.xmm, s, 0), RZ, true); }
    public static long cvtsd2si(CpuState c, int s) { return cvtD(c, c.xmm[2 * s], rc(c), false); }
    public static long cvtsd2si_q(CpuState c, int s) { return cvtD(c, c.xmm[2 * s], rc(c), true); }
    public static long cvttsd2si(CpuState c, int s) { return cvtD(c, c.xmm[2 * s], RZ, false); }
    public static long cvttsd2si_q(CpuState c, int s) { return cvtD(c, c.xmm[2 * s], RZ, true); }

    /** Signed 64-bit integer to float in mode rc. */
    static int l2f(CpuState c, long v) {
        float f = (float) v;
        int dir = f >= 0x1p63f ? -1 : Long.compare(v, (long) f);
        if (dir != 0) {
            c.mxcsr |= PE;
            f = directedInt(f, dir, rc(c));
        }
        return Float.floatToRawIntBits(f);
    }

    private static float directedInt(float f, int dir, int rc) {
        return rc == RN ? f : directed(f, dir, rc);
    }

    static long l2d(CpuState c, long v) {
        double d = (double) v;
        int dir = d >= 0x1p63 ? -1 : Long.compare(v, (long) d);
        if (dir != 0) {
            c.mxcsr |= PE;
            d = directedD(d, dir, rc(c));
        }
        return Double.doubleToRawLongBits(d);
    }

    public static void cvtsi2ss(CpuState c, int d, long v) { set32(c.xmm, d, 0, l2f(c, (int) v)); }
    public static void cvtsi2ss_q(CpuState c, int d, long v) { set32(c.xmm, d, 0, l2f(c, v)); }
    public static void cvtsi2sd(CpuState c, int d, long v) { c.xmm[2 * d] = l2d(c, (int) v); }
    public static void cvtsi2sd_q(CpuState c, int d, long v) { c.xmm[2 * d] = l2d(c, v); }

    public static void cvtss2sd(CpuState c, int d, int s) { c.xmm[2 * d] = f2d(c, f32(c.xmm, s, 0)); }
    public static void cvtsd2ss(CpuState c, int d, int s) { set32(c.xmm, d, 0, d2f(c, c.xmm[2 * s])); }

    public static void cvtps2pd(CpuState c, int d, int s) {
        int a0 = f32(c.xmm, s, 0), a1 = f32(c.xmm, s, 1);
        long r0 = f2d(c, a0), r1 = f2d(c, a1);
        c.xmm[2 * d] = r0;
        c.xmm[2 * d + 1] = r1;
    }

    public static void cvtpd2ps(CpuState c, int d, int s) {
        long a0 = c.xmm[2 * s], a1 = c.xmm[2 * s + 1];
        int r0 = d2f(c, a0), r1 = d2f(c, a1);
        c.xmm[2 * d] = (r0 & 0xffffffffL) | ((long) r1 << 32);
        c.xmm[2 * d + 1] = 0;
    }

    public static void cvtdq2ps(CpuState c, int d, int s) {
        long[] x = c.xmm;
        int a0 = f32(x, s, 0), a1 = f32(x, s, 1), a2 = f32(x, s, 2), a3 = f32(x, s, 3);
        x[2 * d] = (l2f(c, a0) & 0xffffffffL) | ((long) l2f(c, a1) << 32);
        x[2 * d + 1] = (l2f(c, a2) & 0xffffffffL) | ((long) l2f(c, a3) << 32);
    }

    public static void cvtdq2pd(CpuState c, int d, int s) {
        int a0 = f32(c.xmm, s, 0), a1 = f32(c.xmm, s, 1);
        c.xmm[2 * d] = Double.doubleToRawLongBits(a0);
        c.xmm[2 * d + 1] = Double.doubleToRawLongBits(a1);
    }

    private static void ps2dq(CpuState c, int d, int s, int rc) {
        long[] x = c.xmm;
        int a0 = f32(x, s, 0), a1 = f32(x, s, 1), a2 = f32(x, s, 2), a3 = f32(x, s, 3);
        x[2 * d] = cvtF(c, a0, rc, false) | (cvtF(c, a1, rc, false) << 32);
        x[2 * d + 1] = cvtF(c, a2, rc, false) | (cvtF(c, a3, rc, false) << 32);
    }

    public static void cvtps2dq(CpuState c, int d, int s) { ps2dq(c, d, s, rc(c)); }
    public static void cvttps2dq(CpuState c, int d, int s) { ps2dq(c, d, s, RZ); }

    private static void pd2dq(CpuState c, int d, int s, int rc) {
        long a0 = c.xmm[2 * s], a1 = c.xmm[2 * s + 1];
        c.xmm[2 * d] = cvtD(c, a0, rc, false) | (cvtD(c, a1, rc, false) << 32);
        c.xmm[2 * d + 1] = 0;
    }

    public static void cvtpd2dq(CpuState c, int d, int s) { pd2dq(c, d, s, rc(c)); }
    public static void cvttpd2dq(CpuState c, int d, int s) { pd2dq(c, d, s, RZ); }

    // ================================================================ shuffles and unpacks

    public static void unpcklps(CpuState c, int d, int s) {
        long[] x = c.xmm;
        long a = x[2 * d], b = x[2 * s];
        x[2 * d + 1] = (a >>> 32) | (b & 0xffffffff00000000L);
        x[2 * d] = (a & 0xffffffffL) | (b << 32);
    }

    public static void unpckhps(CpuState c, int d, int s) {
        long[] x = c.xmm;
        long a = x[2 * d + 1], b = x[2 * s + 1];
        x[2 * d] = (a & 0xffffffffL) | (b << 32);
        x[2 * d + 1] = (a >>> 32) | (b & 0xffffffff00000000L);
    }

    public static void unpcklpd(CpuState c, int d, int s) {
        c.xmm[2 * d + 1] = c.xmm[2 * s];
    }

    public static void unpckhpd(CpuState c, int d, int s) {
        long b = c.xmm[2 * s + 1];
        c.xmm[2 * d] = c.xmm[2 * d + 1];
        c.xmm[2 * d + 1] = b;
    }

    public static void shufps(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        int r0 = f32(x, d, imm & 3), r1 = f32(x, d, (imm >> 2) & 3), r2 = f32(x, s, (imm >> 4) & 3), r3 = f32(x, s, (imm >> 6) & 3);
        x[2 * d] = (r0 & 0xffffffffL) | ((long) r1 << 32);
        x[2 * d + 1] = (r2 & 0xffffffffL) | ((long) r3 << 32);
    }

    public static void shufpd(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        long r0 = x[2 * d + (imm & 1)], r1 = x[2 * s + ((imm >> 1) & 1)];
        x[2 * d] = r0;
        x[2 * d + 1] = r1;
    }

    public static void pshufd(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        int r0 = f32(x, s, imm & 3), r1 = f32(x, s, (imm >> 2) & 3), r2 = f32(x, s, (imm >> 4) & 3), r3 = f32(x, s, (imm >> 6) & 3);
        x[2 * d] = (r0 & 0xffffffffL) | ((long) r1 << 32);
        x[2 * d + 1] = (r2 & 0xffffffffL) | ((long) r3 << 32);
    }

    private static long shuf16(long v, int imm) {
        long r = 0;
        for (int i = 0; i < 4; i++) r |= ((v >>> (16 * ((imm >> (2 * i)) & 3))) & 0xffff) << (16 * i);
        return r;
    }

    public static void pshuflw(CpuState c, int d, int s, int imm) {
        c.xmm[2 * d + 1] = c.xmm[2 * s + 1];
        c.xmm[2 * d] = shuf16(c.xmm[2 * s], imm);
    }

    public static void pshufhw(CpuState c, int d, int s, int imm) {
        c.xmm[2 * d] = c.xmm[2 * s];
        c.xmm[2 * d + 1] = shuf16(c.xmm[2 * s + 1], imm);
    }

    /** Interleaves the lanes of {@code bits} of two quadwords: a0 b0 a1 b1 ... (as two quadwords: low, high). */
    private static void interleave(CpuState c, int d, long a, long b, int bits) {
        long m = (1L << bits) - 1;
        long lo = 0, hi = 0;
        int n = 64 / bits; // lanes per quadword
        for (int i = 0; i < n; i++) {
            long va = (a >>> (bits * i)) & m, vb = (b >>> (bits * i)) & m;
            int pos = 2 * i; // lane index in the 128-bit result
            if (pos < n) {
                lo |= va << (bits * pos) | vb << (bits * (pos + 1));
            } else {
                hi |= va << (bits * (pos - n)) | vb << (bits * (pos - n + 1));
            }
        }
        c.xmm[2 * d] = lo;
        c.xmm[2 * d + 1] = hi;
    }

    public static void punpcklbw(CpuState c, int d, int s) { interleave(c, d, c.xmm[2 * d], c.xmm[2 * s], 8); }
    public static void punpcklwd(CpuState c, int d, int s) { interleave(c, d, c.xmm[2 * d], c.xmm[2 * s], 16); }
    public static void punpckldq(CpuState c, int d, int s) { unpcklps(c, d, s); }
    public static void punpcklqdq(CpuState c, int d, int s) { unpcklpd(c, d, s); }
    public static void punpckhbw(CpuState c, int d, int s) { interleave(c, d, c.xmm[2 * d + 1], c.xmm[2 * s + 1], 8); }
    public static void punpckhwd(CpuState c, int d, int s) { interleave(c, d, c.xmm[2 * d + 1], c.xmm[2 * s + 1], 16); }
    public static void punpckhdq(CpuState c, int d, int s) { unpckhps(c, d, s); }
    public static void punpckhqdq(CpuState c, int d, int s) { unpckhpd(c, d, s); }

    private static long sat(long v, long lo, long hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    /** Packs the signed lanes of {@code bits} of a 64-bit word into lanes of half the width, saturated. */
    private static long pack(long v, int bits, long lo, long hi) {
        long r = 0;
        int half = bits / 2;
        long m = (1L << half) - 1;
        for (int i = 0; i < 64 / bits; i++) {
            long lane = (v << (64 - bits * (i + 1))) >> (64 - bits);
            r |= (sat(lane, lo, hi) & m) << (half * i);
        }
        return r;
    }

    private static void pack(CpuState c, int d, int s, int bits, long lo, long hi) {
        long[] x = c.xmm;
        int sh = 32;
        long r0 = pack(x[2 * d], bits, lo, hi) | pack(x[2 * d + 1], bits, lo, hi) << sh;
        long r1 = pack(x[2 * s], bits, lo, hi) | pack(x[2 * s + 1], bits, lo, hi) << sh;
        x[2 * d] = r0;
        x[2 * d + 1] = r1;
    }

    public static void packsswb(CpuState c, int d, int s) { pack(c, d, s, 16, -128, 127); }
    public static void packuswb(CpuState c, int d, int s) { pack(c, d, s, 16, 0, 255); }
    public static void packssdw(CpuState c, int d, int s) { pack(c, d, s, 32, -32768, 32767); }

    // ================================================================ integer arithmetic

    private interface LaneOp {
        long apply(long a, long b);
    }

    /** Applies op to each lane of {@code bits}; lanes are passed sign-extended, the result is masked. */
    private static long lanes(long a, long b, int bits, LaneOp op) {
        if (bits == 64) return op.apply(a, b);
        long m = (1L << bits) - 1, r = 0;
        for (int i = 0; i < 64; i += bits) {
            long va = (a << (64 - bits - i)) >> (64 - bits), vb = (b << (64 - bits - i)) >> (64 - bits);
            r |= (op.apply(va, vb) & m) << i;
        }
        return r;
    }

    private static void lanes(CpuState c, int d, int s, int bits, LaneOp op) {
        long[] x = c.xmm;
        long b0 = x[2 * s], b1 = x[2 * s + 1];
        x[2 * d] = lanes(x[2 * d], b0, bits, op);
        x[2 * d + 1] = lanes(x[2 * d + 1], b1, bits, op);
    }

    public static void paddb(CpuState c, int d, int s) { lanes(c, d, s, 8, Long::sum); }
    public static void paddw(CpuState c, int d, int s) { lanes(c, d, s, 16, Long::sum); }
    public static void paddd(CpuState c, int d, int s) { lanes(c, d, s, 32, Long::sum); }
    public static void paddq(CpuState c, int d, int s) { lanes(c, d, s, 64, Long::sum); }
    public static void psubb(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> a - b); }
    public static void psubw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> a - b); }
    public static void psubd(CpuState c, int d, int s) { lanes(c, d, s, 32, (a, b) -> a - b); }
    public static void psubq(CpuState c, int d, int s) { lanes(c, d, s, 64, (a, b) -> a - b); }
    public static void paddsb(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> sat(a + b, -128, 127)); }
    public static void paddsw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> sat(a + b, -32768, 32767)); }
    public static void psubsb(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> sat(a - b, -128, 127)); }
    public static void psubsw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> sat(a - b, -32768, 32767)); }
    public static void paddusb(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> sat((a & 0xff) + (b & 0xff), 0, 0xff)); }
    public static void paddusw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> sat((a & 0xffff) + (b & 0xffff), 0, 0xffff)); }
    public static void psubusb(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> sat((a & 0xff) - (b & 0xff), 0, 0xff)); }
    public static void psubusw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> sat((a & 0xffff) - (b & 0xffff), 0, 0xffff)); }
    public static void pmullw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> a * b); }
    public static void pmulhw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> (a * b) >> 16); }
    public static void pmulhuw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> ((a & 0xffff) * (b & 0xffff)) >>> 16); }
    public static void pmuludq(CpuState c, int d, int s) { lanes(c, d, s, 64, (a, b) -> (a & 0xffffffffL) * (b & 0xffffffffL)); }
    public static void pavgb(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> ((a & 0xff) + (b & 0xff) + 1) >> 1); }
    public static void pavgw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> ((a & 0xffff) + (b & 0xffff) + 1) >> 1); }
    public static void pminub(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> Math.min(a & 0xff, b & 0xff)); }
    public static void pmaxub(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> Math.max(a & 0xff, b & 0xff)); }
    public static void pminsw(CpuState c, int d, int s) { lanes(c, d, s, 16, Math::min); }
    public static void pmaxsw(CpuState c, int d, int s) { lanes(c, d, s, 16, Math::max); }
    public static void pcmpgtb(CpuState c, int d, int s) { lanes(c, d, s, 8, (a, b) -> a > b ? -1 : 0); }
    public static void pcmpgtw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> a > b ? -1 : 0); }
    public static void pcmpgtd(CpuState c, int d, int s) { lanes(c, d, s, 32, (a, b) -> a > b ? -1 : 0); }
    public static void pcmpgtq(CpuState c, int d, int s) { lanes(c, d, s, 64, (a, b) -> a > b ? -1 : 0); } // SSE4.2

    public static void pmaddwd(CpuState c, int d, int s) {
        lanes(c, d, s, 32, (a, b) -> (long) (short) a * (short) b + (long) (short) (a >> 16) * (short) (b >> 16));
    }

    public static void psadbw(CpuState c, int d, int s) {
        lanes(c, d, s, 64, (a, b) -> {
            long sum = 0;
            for (int i = 0; i < 64; i += 8) sum += Math.abs(((a >>> i) & 0xff) - ((b >>> i) & 0xff));
            return sum;
        });
    }

    public static long pextrw(CpuState c, int s, int imm) {
        return (c.xmm[2 * s + ((imm >> 2) & 1)] >>> (16 * (imm & 3))) & 0xffff;
    }

    public static void pinsrw(CpuState c, int d, long v, int imm) {
        int k = 2 * d + ((imm >> 2) & 1), sh = 16 * (imm & 3);
        c.xmm[k] = (c.xmm[k] & ~(0xffffL << sh)) | ((v & 0xffff) << sh);
    }

    // ================================================================ shifts

    private static long shl(long v, int bits, long n) {
        if (n >= bits || n < 0) return 0;
        return lanes(v, 0, bits, (a, b) -> a << n);
    }

    private static long shr(long v, int bits, long n) {
        if (n >= bits || n < 0) return 0;
        long m = bits == 64 ? -1L : (1L << bits) - 1;
        return lanes(v, 0, bits, (a, b) -> (a & m) >>> n);
    }

    private static long sar(long v, int bits, long n) {
        long k = n >= bits || n < 0 ? bits - 1 : n;
        return lanes(v, 0, bits, (a, b) -> a >> k);
    }

    private static void shift(CpuState c, int d, long n, int bits, int kind) {
        long[] x = c.xmm;
        for (int k = 2 * d; k <= 2 * d + 1; k++) {
            x[k] = kind == 0 ? shl(x[k], bits, n) : kind == 1 ? shr(x[k], bits, n) : sar(x[k], bits, n);
        }
    }

    public static void psllw(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 16, 0); }
    public static void pslld(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 32, 0); }
    public static void psllq(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 64, 0); }
    public static void psrlw(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 16, 1); }
    public static void psrld(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 32, 1); }
    public static void psrlq(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 64, 1); }
    public static void psraw(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 16, 2); }
    public static void psrad(CpuState c, int d, int s) { shift(c, d, c.xmm[2 * s], 32, 2); }

    public static void psllw_i(CpuState c, int d, int imm) { shift(c, d, imm, 16, 0); }
    public static void pslld_i(CpuState c, int d, int imm) { shift(c, d, imm, 32, 0); }
    public static void psllq_i(CpuState c, int d, int imm) { shift(c, d, imm, 64, 0); }
    public static void psrlw_i(CpuState c, int d, int imm) { shift(c, d, imm, 16, 1); }
    public static void psrld_i(CpuState c, int d, int imm) { shift(c, d, imm, 32, 1); }
    public static void psrlq_i(CpuState c, int d, int imm) { shift(c, d, imm, 64, 1); }
    public static void psraw_i(CpuState c, int d, int imm) { shift(c, d, imm, 16, 2); }
    public static void psrad_i(CpuState c, int d, int imm) { shift(c, d, imm, 32, 2); }

    /** PSRLDQ: the whole register right by {@code imm} bytes. */
    public static void psrldq_i(CpuState c, int d, int imm) {
        long lo = c.xmm[2 * d], hi = c.xmm[2 * d + 1];
        int n = imm > 16 ? 16 : imm;
        int bits = 8 * n;
        if (bits == 0) return;
        if (bits < 64) {
            lo = (lo >>> bits) | (hi << (64 - bits));
            hi = hi >>> bits;
        } else {
            lo = bits < 128 ? hi >>> (bits - 64) : 0;
            hi = 0;
        }
        c.xmm[2 * d] = lo;
        c.xmm[2 * d + 1] = hi;
    }

    public static void pslldq_i(CpuState c, int d, int imm) {
        long lo = c.xmm[2 * d], hi = c.xmm[2 * d + 1];
        int n = imm > 16 ? 16 : imm;
        int bits = 8 * n;
        if (bits == 0) return;
        if (bits < 64) {
            hi = (hi << bits) | (lo >>> (64 - bits));
            lo = lo << bits;
        } else {
            hi = bits < 128 ? lo << (bits - 64) : 0;
            lo = 0;
        }
        c.xmm[2 * d] = lo;
        c.xmm[2 * d + 1] = hi;
    }

    private static CpuException ud(String what, int ext) {
        return new CpuException(GuestException.UD, what + " /" + ext + " is undefined");
    }

    /** 66 0F 71 /ext ib: word shifts by immediate (/2 psrlw, /4 psraw, /6 psllw). */
    public static void grp71(CpuState c, int ext, int rm, int imm) {
        switch (ext) {
            case 2 -> psrlw_i(c, rm, imm);
            case 4 -> psraw_i(c, rm, imm);
            case 6 -> psllw_i(c, rm, imm);
            default -> throw ud("66 0F 71", ext);
        }
    }

    /** 66 0F 72 /ext ib: doubleword shifts by immediate (/2 psrld, /4 psrad, /6 pslld). */
    public static void grp72(CpuState c, int ext, int rm, int imm) {
        switch (ext) {
            case 2 -> psrld_i(c, rm, imm);
            case 4 -> psrad_i(c, rm, imm);
            case 6 -> pslld_i(c, rm, imm);
            default -> throw ud("66 0F 72", ext);
        }
    }

    /** 66 0F 73 /ext ib: /2 psrlq, /3 psrldq, /6 psllq, /7 pslldq. */
    public static void grp73(CpuState c, int ext, int rm, int imm) {
        switch (ext) {
            case 2 -> psrlq_i(c, rm, imm);
            case 3 -> psrldq_i(c, rm, imm);
            case 6 -> psllq_i(c, rm, imm);
            case 7 -> pslldq_i(c, rm, imm);
            default -> throw ud("66 0F 73", ext);
        }
    }

    // ================================================================ SSSE3 / SSE4.1 lanes

    /** Lane {@code i} of {@code bits} (8-64) of XMM{@code r}, sign-extended. */
    static long lane(long[] x, int r, int bits, int i) {
        int per = 64 / bits, sh = (i % per) * bits;
        long q = x[2 * r + i / per];
        return bits == 64 ? q : (q << (64 - bits - sh)) >> (64 - bits);
    }

    private interface LaneFn {
        long at(int i);
    }

    /** Sets XMM{@code d} to the lanes of {@code bits} computed by {@code f}; all are computed before d changes. */
    private static void build(CpuState c, int d, int bits, LaneFn f) {
        long m = bits == 64 ? -1L : (1L << bits) - 1;
        int per = 64 / bits;
        long lo = 0, hi = 0;
        for (int i = 0; i < per; i++) lo |= (f.at(i) & m) << (i * bits);
        for (int i = 0; i < per; i++) hi |= (f.at(per + i) & m) << (i * bits);
        c.xmm[2 * d] = lo;
        c.xmm[2 * d + 1] = hi;
    }

    /** PHADD/PHSUB: op on adjacent pairs, the destination's pairs giving the low half, the source's the high. */
    private static void horizontal(CpuState c, int d, int s, int bits, LaneOp op) {
        long[] x = c.xmm;
        int half = 64 / bits;
        build(c, d, bits, i -> {
            int r = i < half ? d : s, k = 2 * (i % half);
            return op.apply(lane(x, r, bits, k), lane(x, r, bits, k + 1));
        });
    }

    private interface Pick {
        boolean source(int i);
    }

    /** Lanes of {@code bits} taken from the source where {@code pick} says so, else kept from the destination. */
    private static void blend(CpuState c, int d, int s, int bits, Pick pick) {
        long[] x = c.xmm;
        build(c, d, bits, i -> lane(x, pick.source(i) ? s : d, bits, i));
    }

    /** PMOVSX/PMOVZX: the low lanes of {@code from} bits widened to {@code to} bits. */
    private static void widen(CpuState c, int d, int s, int from, int to, boolean signed) {
        long[] x = c.xmm;
        long m = (1L << from) - 1;
        build(c, d, to, i -> signed ? lane(x, s, from, i) : lane(x, s, from, i) & m);
    }

    // ---------------------------------------------------------------- SSSE3

    /** PSHUFB: each destination byte from the byte of the old destination that the source byte selects, or 0 if its bit 7 is set. */
    public static void pshufb(CpuState c, int d, int s) {
        long[] x = c.xmm;
        build(c, d, 8, i -> {
            long sel = lane(x, s, 8, i);
            return sel < 0 ? 0 : lane(x, d, 8, (int) sel & 15);
        });
    }

    public static void phaddw(CpuState c, int d, int s) { horizontal(c, d, s, 16, Long::sum); }
    public static void phaddd(CpuState c, int d, int s) { horizontal(c, d, s, 32, Long::sum); }
    public static void phaddsw(CpuState c, int d, int s) { horizontal(c, d, s, 16, (a, b) -> sat(a + b, -32768, 32767)); }
    public static void phsubw(CpuState c, int d, int s) { horizontal(c, d, s, 16, (a, b) -> a - b); }
    public static void phsubd(CpuState c, int d, int s) { horizontal(c, d, s, 32, (a, b) -> a - b); }
    public static void phsubsw(CpuState c, int d, int s) { horizontal(c, d, s, 16, (a, b) -> sat(a - b, -32768, 32767)); }

    /** PMADDUBSW: unsigned destination bytes times signed source bytes, adjacent products summed with signed saturation. */
    public static void pmaddubsw(CpuState c, int d, int s) {
        long[] x = c.xmm;
        build(c, d, 16, i -> sat((lane(x, d, 8, 2 * i) & 0xff) * lane(x, s, 8, 2 * i)
                + (lane(x, d, 8, 2 * i + 1) & 0xff) * lane(x, s, 8, 2 * i + 1), -32768, 32767));
    }

    private static long sign(long a, long b) {
        return b < 0 ? -a : b == 0 ? 0 : a;
    }

    public static void psignb(CpuState c, int d, int s) { lanes(c, d, s, 8, Sse::sign); }
    public static void psignw(CpuState c, int d, int s) { lanes(c, d, s, 16, Sse::sign); }
    public static void psignd(CpuState c, int d, int s) { lanes(c, d, s, 32, Sse::sign); }

    /** PMULHRSW: the signed product scaled by 2^-15 with rounding. */
    public static void pmulhrsw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> ((a * b >> 14) + 1) >> 1); }

    private static void pabs(CpuState c, int d, int s, int bits) {
        long[] x = c.xmm;
        build(c, d, bits, i -> Math.abs(lane(x, s, bits, i)));
    }

    public static void pabsb(CpuState c, int d, int s) { pabs(c, d, s, 8); }
    public static void pabsw(CpuState c, int d, int s) { pabs(c, d, s, 16); }
    public static void pabsd(CpuState c, int d, int s) { pabs(c, d, s, 32); }

    /**
     * PALIGNR: destination:source as 32 bytes shifted right by imm bytes, the low 16 kept. Whole quadword
     * shifts rather than byte lanes: glibc's SSSE3 memmove runs on it.
     */
    public static void palignr(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        long[] q = {x[2 * s], x[2 * s + 1], x[2 * d], x[2 * d + 1], 0};
        int n = 8 * Math.min(imm, 32);
        x[2 * d] = bitsAt(q, n);
        x[2 * d + 1] = bitsAt(q, n + 64);
    }

    /** The 64 bits at bit offset {@code off} of the little-endian quadwords q[0..3] (zero beyond them). */
    private static long bitsAt(long[] q, int off) {
        int w = off >> 6, b = off & 63;
        if (w >= 4) return 0;
        return b == 0 ? q[w] : (q[w] >>> b) | (q[w + 1] << (64 - b));
    }

    // ---------------------------------------------------------------- SSE4.1 integer

    /** PBLENDVB/BLENDVPS/BLENDVPD: the source lane where the implicit mask XMM0's lane has its top bit set. */
    public static void pblendvb(CpuState c, int d, int s) { blend(c, d, s, 8, i -> lane(c.xmm, 0, 8, i) < 0); }
    public static void blendvps(CpuState c, int d, int s) { blend(c, d, s, 32, i -> lane(c.xmm, 0, 32, i) < 0); }
    public static void blendvpd(CpuState c, int d, int s) { blend(c, d, s, 64, i -> lane(c.xmm, 0, 64, i) < 0); }

    /** BLENDPS/BLENDPD/PBLENDW: the source lane where bit i of imm8 is set. */
    public static void blendps(CpuState c, int d, int s, int imm) { blend(c, d, s, 32, i -> (imm >> i & 1) != 0); }
    public static void blendpd(CpuState c, int d, int s, int imm) { blend(c, d, s, 64, i -> (imm >> i & 1) != 0); }
    public static void pblendw(CpuState c, int d, int s, int imm) { blend(c, d, s, 16, i -> (imm >> i & 1) != 0); }

    /** PTEST: ZF = (dst AND src) == 0, CF = (src AND NOT dst) == 0; AF, OF, PF, SF cleared. */
    public static void ptest(CpuState c, int d, int s) {
        long[] x = c.xmm;
        boolean zf = ((x[2 * d] & x[2 * s]) | (x[2 * d + 1] & x[2 * s + 1])) == 0;
        boolean cf = ((~x[2 * d] & x[2 * s]) | (~x[2 * d + 1] & x[2 * s + 1])) == 0;
        Flags.set(c, Flags.STATUS_MASK, (zf ? Flags.ZF : 0) | (cf ? Flags.CF : 0));
    }

    public static void pmovsxbw(CpuState c, int d, int s) { widen(c, d, s, 8, 16, true); }
    public static void pmovsxbd(CpuState c, int d, int s) { widen(c, d, s, 8, 32, true); }
    public static void pmovsxbq(CpuState c, int d, int s) { widen(c, d, s, 8, 64, true); }
    public static void pmovsxwd(CpuState c, int d, int s) { widen(c, d, s, 16, 32, true); }
    public static void pmovsxwq(CpuState c, int d, int s) { widen(c, d, s, 16, 64, true); }
    public static void pmovsxdq(CpuState c, int d, int s) { widen(c, d, s, 32, 64, true); }
    public static void pmovzxbw(CpuState c, int d, int s) { widen(c, d, s, 8, 16, false); }
    public static void pmovzxbd(CpuState c, int d, int s) { widen(c, d, s, 8, 32, false); }
    public static void pmovzxbq(CpuState c, int d, int s) { widen(c, d, s, 8, 64, false); }
    public static void pmovzxwd(CpuState c, int d, int s) { widen(c, d, s, 16, 32, false); }
    public static void pmovzxwq(CpuState c, int d, int s) { widen(c, d, s, 16, 64, false); }
    public static void pmovzxdq(CpuState c, int d, int s) { widen(c, d, s, 32, 64, false); }

    /** PMULDQ: signed products of the even doublewords. */
    public static void pmuldq(CpuState c, int d, int s) { lanes(c, d, s, 64, (a, b) -> (long) (int) a * (int) b); }
    public static void pmulld(CpuState c, int d, int s) { lanes(c, d, s, 32, (a, b) -> a * b); }
    public static void pcmpeqq(CpuState c, int d, int s) { lanes(c, d, s, 64, (a, b) -> a == b ? -1 : 0); }
    public static void packusdw(CpuState c, int d, int s) { pack(c, d, s, 32, 0, 65535); }
    public static void pminsb(CpuState c, int d, int s) { lanes(c, d, s, 8, Math::min); }
    public static void pminsd(CpuState c, int d, int s) { lanes(c, d, s, 32, Math::min); }
    public static void pmaxsb(CpuState c, int d, int s) { lanes(c, d, s, 8, Math::max); }
    public static void pmaxsd(CpuState c, int d, int s) { lanes(c, d, s, 32, Math::max); }
    public static void pminuw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> Math.min(a & 0xffff, b & 0xffff)); }
    public static void pmaxuw(CpuState c, int d, int s) { lanes(c, d, s, 16, (a, b) -> Math.max(a & 0xffff, b & 0xffff)); }
    public static void pminud(CpuState c, int d, int s) { lanes(c, d, s, 32, (a, b) -> Math.min(a & 0xffffffffL, b & 0xffffffffL)); }
    public static void pmaxud(CpuState c, int d, int s) { lanes(c, d, s, 32, (a, b) -> Math.max(a & 0xffffffffL, b & 0xffffffffL)); }

    /** PHMINPOSUW: the smallest unsigned word (the lowest index among equals) and its index; the rest zero. */
    public static void phminposuw(CpuState c, int d, int s) {
        long min = 0x10000;
        int at = 0;
        for (int i = 0; i < 8; i++) {
            long v = lane(c.xmm, s, 16, i) & 0xffff;
            if (v < min) {
                min = v;
                at = i;
            }
        }
        c.xmm[2 * d] = min | ((long) at << 16);
        c.xmm[2 * d + 1] = 0;
    }

    /**
     * MPSADBW: eight sums of absolute differences of 4 bytes: the destination bytes from offset 4*imm[2]+i
     * against the source's dword imm[1:0].
     */
    public static void mpsadbw(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        int a = 4 * (imm >> 2 & 1), b = 4 * (imm & 3);
        build(c, d, 16, i -> {
            long sum = 0;
            for (int j = 0; j < 4; j++) sum += Math.abs((lane(x, d, 8, a + i + j) & 0xff) - (lane(x, s, 8, b + j) & 0xff));
            return sum;
        });
    }

    public static long pextrb(CpuState c, int s, int imm) { return lane(c.xmm, s, 8, imm & 15) & 0xff; }
    public static long pextrd(CpuState c, int s, int imm) { return lane(c.xmm, s, 32, imm & 3) & 0xffffffffL; }
    public static long pextrd_q(CpuState c, int s, int imm) { return c.xmm[2 * s + (imm & 1)]; } // PEXTRQ
    public static long extractps(CpuState c, int s, int imm) { return pextrd(c, s, imm); }

    /** Replaces lane {@code i} of {@code bits} of XMM{@code d} with the low bits of {@code v}. */
    private static void insert(CpuState c, int d, int bits, int i, long v) {
        int per = 64 / bits, k = 2 * d + i / per, sh = (i % per) * bits;
        long m = bits == 64 ? -1L : ((1L << bits) - 1) << sh;
        c.xmm[k] = (c.xmm[k] & ~m) | ((v << sh) & m);
    }

    public static void pinsrb(CpuState c, int d, long v, int imm) { insert(c, d, 8, imm & 15, v); }
    public static void pinsrd(CpuState c, int d, long v, int imm) { insert(c, d, 32, imm & 3, v); }
    public static void pinsrd_q(CpuState c, int d, long v, int imm) { insert(c, d, 64, imm & 1, v); } // PINSRQ

    /**
     * INSERTPS: the source single imm[7:6] (a memory operand is the single itself) into destination lane
     * imm[5:4], then the lanes set in imm[3:0] zeroed.
     */
    public static void insertps(CpuState c, int d, int s, int imm) {
        long v = lane(c.xmm, s, 32, s == 16 ? 0 : imm >> 6 & 3);
        insert(c, d, 32, imm >> 4 & 3, v);
        for (int i = 0; i < 4; i++) if ((imm >> i & 1) != 0) insert(c, d, 32, i, 0);
    }

    // ---------------------------------------------------------------- SSE4.1 floating point

    /**
     * ROUNDSS/ROUNDPS lane: to an integral value in mode imm[1:0], or MXCSR.RC when imm[2] is set; a signalling NaN is
     * quieted with IE; an inexact result raises PE unless imm[3] suppresses it. No denormal exception.
     */
    static int integralF(CpuState c, int a, int imm) {
        a = dazF(c, a);
        if (nanF(a)) {
            if (snanF(a)) c.mxcsr |= IE;
            return quietF(a);
        }
        double v = Float.intBitsToFloat(a), r = toIntegral(v, (imm & 4) != 0 ? rc(c) : imm & 3);
        if (r != v && (imm & 8) == 0) c.mxcsr |= PE;
        return Float.floatToRawIntBits((float) r);
    }

    static long integralD(CpuState c, long a, int imm) {
        a = dazD(c, a);
        if (nanD(a)) {
            if (snanD(a)) c.mxcsr |= IE;
            return a | 0x0008000000000000L;
        }
        double v = fl(a), r = toIntegral(v, (imm & 4) != 0 ? rc(c) : imm & 3);
        if (r != v && (imm & 8) == 0) c.mxcsr |= PE;
        return Double.doubleToRawLongBits(r);
    }

    public static void roundss(CpuState c, int d, int s, int imm) { set32(c.xmm, d, 0, integralF(c, f32(c.xmm, s, 0), imm)); }
    public static void roundsd(CpuState c, int d, int s, int imm) { c.xmm[2 * d] = integralD(c, c.xmm[2 * s], imm); }

    public static void roundps(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        build(c, d, 32, i -> integralF(c, (int) lane(x, s, 32, i), imm));
    }

    public static void roundpd(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        build(c, d, 64, i -> integralD(c, lane(x, s, 64, i), imm));
    }

    /**
     * DPPS (SDM pseudo-code): the products of the lanes selected by imm[7:4] (else +0), summed as
     * (p0 + p1) + (p2 + p3), each step rounded with MXCSR flags; the sum goes to the lanes of imm[3:0], +0 elsewhere.
     */
    public static void dpps(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        int[] p = new int[4];
        for (int i = 0; i < 4; i++) p[i] = (imm >> (4 + i) & 1) != 0 ? opF(c, MUL, f32(x, d, i), f32(x, s, i)) : 0;
        int sum = opF(c, ADD, opF(c, ADD, p[0], p[1]), opF(c, ADD, p[2], p[3]));
        build(c, d, 32, i -> (imm >> i & 1) != 0 ? sum : 0);
    }

    /** DPPD: as DPPS for two doubles. */
    public static void dppd(CpuState c, int d, int s, int imm) {
        long[] x = c.xmm;
        long p0 = (imm & 0x10) != 0 ? opD(c, MUL, x[2 * d], x[2 * s]) : 0;
        long p1 = (imm & 0x20) != 0 ? opD(c, MUL, x[2 * d + 1], x[2 * s + 1]) : 0;
        long sum = opD(c, ADD, p0, p1);
        build(c, d, 64, i -> (imm >> i & 1) != 0 ? sum : 0);
    }
}
