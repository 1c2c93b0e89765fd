package lxrun.runtime.cpu;

/**
 * The x87 FPU: eight 80-bit registers kept as (64-bit significand, 16-bit sign+exponent) pairs, indexed
 * physically; ST(i) is register (top + i) & 7. Control, status and tag words as FNSTENV/FXSAVE show them.
 */
public final class X87State {
    public final long[] mant = new long[8];
    public final int[] signExp = new int[8];
    public int top;
    /** Abridged tag: bit i set when physical register i holds a value (FXSAVE's form). */
    public int tags;
    public int cw = 0x037f;
    /** Status word bits other than TOP (C0-C3, exception flags). */
    public int sw;

    /**
     * Scratch used by the translator's software 80-bit arithmetic (lxrun.translator.ops.F80): the last result
     * as significand / sign+exponent, and the exception and C1 bits it raised. Not architectural state.
     */
    public long rm;
    public int rse;
    public int exc;

    public void copyFrom(X87State o) {
        System.arraycopy(o.mant, 0, mant, 0, 8);
        System.arraycopy(o.signExp, 0, signExp, 0, 8);
        top = o.top;
        tags = o.tags;
        cw = o.cw;
        sw = o.sw;
    }

    public int statusWord() {
        return (sw & ~0x3800) | (top << 11);
    }
}
