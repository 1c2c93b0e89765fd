package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;

/**
 * Integer arithmetic that sets the lazy flags. Operands arrive zero-extended to their width; results are
 * returned unmasked (the store masks them). {@code size} is 0..3 for 8/16/32/64 bits.
 */
public final class Alu {
    private Alu() {}

    public static long add(CpuState c, long a, long b, int size) {
        long d = a + b;
        c.ccOp = Flags.ADD * 4 + size;
        c.ccSrc1 = a;
        c.ccSrc2 = b;
        c.ccDst = d;
        return d;
    }

    public static long sub(CpuState c, long a, long b, int size) {
        long d = a - b;
        c.ccOp = Flags.SUB * 4 + size;
        c.ccSrc1 = a;
        c.ccSrc2 = b;
        c.ccDst = d;
        return d;
    }

    public static long adc(CpuState c, long a, long b, int size) {
        boolean cf = Flags.cf(c);
        long d = a + b + (cf ? 1 : 0);
        c.ccOp = (cf ? Flags.ADC : Flags.ADD) * 4 + size;
        c.ccSrc1 = a;
        c.ccSrc2 = b;
        c.ccDst = d;
        return d;
    }

    public static long sbb(CpuState c, long a, long b, int size) {
        boolean cf = Flags.cf(c);
        long d = a - b - (cf ? 1 : 0);
        c.ccOp = (cf ? Flags.SBB : Flags.SUB) * 4 + size;
        c.ccSrc1 = a;
        c.ccSrc2 = b;
        c.ccDst = d;
        return d;
    }

    /** ADCX: a + b + CF with the carry out in CF alone; the other flags keep their values. */
    public static long adcx(CpuState c, long a, long b, int size) {
        return addWithCarryIn(c, Flags.CF, a, b, size);
    }

    /** ADOX: as ADCX with OF as the carry in and out. */
    public static long adox(CpuState c, long a, long b, int size) {
        return addWithCarryIn(c, Flags.OF, a, b, size);
    }

    /** An unsigned add of 32 or 64 bits whose carry in and out is the one status flag {@code flag}. */
    private static long addWithCarryIn(CpuState c, long flag, long a, long b, int size) {
        long f = Flags.materialize(c);
        long in = (f & flag) != 0 ? 1 : 0;
        long d = a + b + in;
        boolean out = size == 3 ? Long.compareUnsigned(d, a) < 0 || (in != 0 && d == a) : (d >>> 32) != 0;
        setFlags(c, (f & ~flag) | (out ? flag : 0));
        return d;
    }

    public static long logic(CpuState c, long d, int size) {
        c.ccOp = Flags.LOGIC * 4 + size;
        c.ccDst = d;
        return d;
    }

    public static long and(CpuState c, long a, long b, int size) {
        return logic(c, a & b, size);
    }

    public static long or(CpuState c, long a, long b, int size) {
        return logic(c, a | b, size);
    }

    public static long xor(CpuState c, long a, long b, int size) {
        return logic(c, a ^ b, size);
    }

    public static long inc(CpuState c, long a, int size) {
        long cf = Flags.cf(c) ? 1 : 0;
        long d = (a + 1) & Flags.mask(size);
        c.ccOp = Flags.INC * 4 + size;
        c.ccSrc1 = a;
        c.ccSrc2 = cf;
        c.ccDst = d;
        return d;
    }

    public static long dec(CpuState c, long a, int size) {
        long cf = Flags.cf(c) ? 1 : 0;
        long d = (a - 1) & Flags.mask(size);
        c.ccOp = Flags.DEC * 4 + size;
        c.ccSrc1 = a;
        c.ccSrc2 = cf;
        c.ccDst = d;
        return d;
    }

    public static long neg(CpuState c, long a, int size) {
        return sub(c, 0, a, size);
    }

    /** The status flags after an operation whose flags were set eagerly (CF OF SF ZF AF PF). */
    public static void setFlags(CpuState c, long flags) {
        c.ccOp = Flags.CC_EFLAGS;
        c.ccDst = flags & Flags.STATUS_MASK;
    }

    static long szp(long d, int size) {
        long m = Flags.mask(size);
        long f = (d & m) == 0 ? Flags.ZF : 0;
        f |= ((d >>> (8 * (1 << size) - 1)) & 1) != 0 ? Flags.SF : 0;
        f |= (Long.bitCount(d & 0xff) & 1) == 0 ? Flags.PF : 0;
        return f;
    }
}
