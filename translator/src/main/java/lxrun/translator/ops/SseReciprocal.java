package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;

/**
 * RCPPS/RCPSS/RSQRTPS/RSQRTSS: the SDM only bounds their relative error (1.5 * 2^-12) and Intel and AMD
 * return different approximations, so no emulator can be bit-exact with every CPU. We return the
 * correctly rounded single-precision value, which is within the bound, with the special cases the SDM
 * fixes: zero and denormal sources give an infinity of their sign, NaNs are quietened, tiny results are
 * flushed to zero, negative sources of RSQRT give the default NaN. No MXCSR flags are raised and MXCSR
 * modes (DAZ, FTZ, rounding) do not apply.
 */
public final class SseReciprocal {
    private SseReciprocal() {}

    private static final int SIGN = 0x80000000, INF = 0x7f800000, QUIET = 0x00400000, DEFAULT_NAN = 0xffc00000;

    static int rcp(int x) {
        int sign = x & SIGN, exp = (x >>> 23) & 0xff;
        if (exp == 0xff) return (x & 0x7fffff) != 0 ? x | QUIET : sign;
        if (exp == 0) return sign | INF; // zero or denormal
        double r = 1.0 / Float.intBitsToFloat(x);
        if (Math.abs(r) < Float.MIN_NORMAL) return sign; // tiny results are always flushed
        return Float.floatToRawIntBits((float) r);
    }

    static int rsqrt(int x) {
        int sign = x & SIGN, exp = (x >>> 23) & 0xff;
        if (exp == 0xff && (x & 0x7fffff) != 0) return x | QUIET;
        if (exp == 0) return sign | INF; // zero or denormal
        if (sign != 0) return DEFAULT_NAN;
        if (exp == 0xff) return 0;
        return Float.floatToRawIntBits((float) (1.0 / Math.sqrt(Float.intBitsToFloat(x))));
    }

    private interface Lane {
        int apply(int x);
    }

    private static void packed(CpuState c, Lane op, int d, int s) {
        long[] x = c.xmm;
        long lo = x[2 * s], hi = x[2 * s + 1];
        x[2 * d] = (op.apply((int) lo) & 0xffffffffL) | ((long) op.apply((int) (lo >>> 32)) << 32);
        x[2 * d + 1] = (op.apply((int) hi) & 0xffffffffL) | ((long) op.apply((int) (hi >>> 32)) << 32);
    }

    private static void scalar(CpuState c, Lane op, int d, int s) {
        long[] x = c.xmm;
        x[2 * d] = (x[2 * d] & 0xffffffff00000000L) | (op.apply((int) x[2 * s]) & 0xffffffffL);
    }

    public static void rcpps(CpuState c, int d, int s) { packed(c, SseReciprocal::rcp, d, s); }

    public static void rcpss(CpuState c, int d, int s) { scalar(c, SseReciprocal::rcp, d, s); }

    public static void rsqrtps(CpuState c, int d, int s) { packed(c, SseReciprocal::rsqrt, d, s); }

    public static void rsqrtss(CpuState c, int d, int s) { scalar(c, SseReciprocal::rsqrt, d, s); }
}
