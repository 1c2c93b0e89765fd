package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import lxrun.runtime.mem.GuestException;

/** MUL, IMUL (one-, two- and three-operand forms), DIV, IDIV. Division errors raise #DE. */
public final class MulDiv {
    private MulDiv() {}

    private static final int RAX = 0, RDX = 2;

    private static void mulFlags(CpuState c, long low, boolean overflow, int size) {
        c.ccOp = Flags.MUL * 4 + size;
        c.ccDst = low;
        c.ccSrc1 = overflow ? 1 : 0;
    }

    private static long sext(long v, int size) {
        int sh = 64 - (8 << size);
        return (v << sh) >> sh;
    }

    private static void setReg(CpuState c, int r, long v, int size) {
        switch (size) {
            case 0 -> c.r[r] = (c.r[r] & ~0xffL) | (v & 0xff);
            case 1 -> c.r[r] = (c.r[r] & ~0xffffL) | (v & 0xffff);
            case 2 -> c.r[r] = v & 0xffffffffL;
            default -> c.r[r] = v;
        }
    }

    /** The high half of the unsigned product of two 32-bit (size 2) or 64-bit (size 3) values: MULX. */
    public static long mulHigh(long a, long b, int size) {
        return size == 3 ? Math.unsignedMultiplyHigh(a, b) : (a * b) >>> 32;
    }

    /** MUL r/m: RDX:RAX = RAX * v (AX = AL * v for bytes). */
    public static void mul(CpuState c, long v, int size) {
        long a = c.r[RAX] & Flags.mask(size);
        switch (size) {
            case 0 -> {
                long p = a * v;
                c.r[RAX] = (c.r[RAX] & ~0xffffL) | (p & 0xffff);
                mulFlags(c, p, (p >>> 8) != 0, size);
            }
            case 1, 2 -> {
                long p = a * v;
                int bits = 8 << size;
                setReg(c, RAX, p, size);
                setReg(c, RDX, p >>> bits, size);
                mulFlags(c, p, (p >>> bits) != 0, size);
            }
            default -> {
                long hi = Math.unsignedMultiplyHigh(a, v);
                long lo = a * v;
                c.r[RAX] = lo;
                c.r[RDX] = hi;
                mulFlags(c, lo, hi != 0, size);
            }
        }
    }

    /** IMUL r/m (one operand): signed RDX:RAX = RAX * v. */
    public static void imul1(CpuState c, long v, int size) {
        long a = sext(c.r[RAX], size);
        long b = sext(v, size);
        switch (size) {
            case 0 -> {
                long p = a * b;
                c.r[RAX] = (c.r[RAX] & ~0xffffL) | (p & 0xffff);
                mulFlags(c, p, p != (byte) p, size);
            }
            case 1, 2 -> {
                long p = a * b;
                int bits = 8 << size;
                setReg(c, RAX, p, size);
                setReg(c, RDX, p >> bits, size);
                mulFlags(c, p, p != sext(p, size), size);
            }
            default -> {
                long hi = Math.multiplyHigh(a, b);
                long lo = a * b;
                c.r[RAX] = lo;
                c.r[RDX] = hi;
                mulFlags(c, lo, hi != (lo >> 63), size);
            }
        }
    }

    /** IMUL r, r/m (, imm): truncated signed product; CF=OF when it did not fit. */
    public static long imul(CpuState c, long a, long b, int size) {
        long sa = sext(a, size), sb = sext(b, size);
        long p = sa * sb;
        boolean of = size == 3 ? Math.multiplyHigh(sa, sb) != (p >> 63) : p != sext(p, size);
        mulFlags(c, p, of, size);
        return p;
    }

    private static CpuException divideError() {
        return new CpuException(GuestException.DE, "divide error");
    }

    /** DIV r/m: unsigned RDX:RAX / v; quotient to RAX, remainder to RDX. */
    public static void div(CpuState c, long v, int size) {
        if (v == 0) throw divideError();
        switch (size) {
            case 0 -> {
                long n = c.r[RAX] & 0xffff;
                long q = n / v, rem = n % v;
                if (q > 0xff) throw divideError();
                c.r[RAX] = (c.r[RAX] & ~0xffffL) | (rem << 8) | q;
            }
            case 1, 2 -> {
                int bits = 8 << size;
                long m = Flags.mask(size);
                long n = ((c.r[RDX] & m) << bits) | (c.r[RAX] & m);
                long q = Long.divideUnsigned(n, v), rem = Long.remainderUnsigned(n, v);
                if (Long.compareUnsigned(q, m) > 0) throw divideError(); // EDX >= 2^31: the quotient can have bit 63 set
                setReg(c, RAX, q, size);
                setReg(c, RDX, rem, size);
            }
            default -> {
                long hi = c.r[RDX], lo = c.r[RAX];
                if (Long.compareUnsigned(hi, v) >= 0) throw divideError();
                if (hi == 0) {
                    c.r[RAX] = Long.divideUnsigned(lo, v);
                    c.r[RDX] = Long.remainderUnsigned(lo, v);
                } else {
                    java.math.BigInteger n = new java.math.BigInteger(Long.toUnsignedString(hi)).shiftLeft(64)
                            .or(new java.math.BigInteger(Long.toUnsignedString(lo)));
                    java.math.BigInteger[] qr = n.divideAndRemainder(new java.math.BigInteger(Long.toUnsignedString(v)));
                    c.r[RAX] = qr[0].longValue();
                    c.r[RDX] = qr[1].longValue();
                }
            }
        }
    }

    /** IDIV r/m: signed RDX:RAX / v, quotient truncated toward zero. */
    public static void idiv(CpuState c, long v, int size) {
        long d = sext(v, size);
        if (d == 0) throw divideError();
        switch (size) {
            case 0 -> {
                long n = (short) c.r[RAX];
                long q = n / d, rem = n % d;
                if (q != (byte) q) throw divideError();
                c.r[RAX] = (c.r[RAX] & ~0xffffL) | ((rem & 0xff) << 8) | (q & 0xff);
            }
            case 1, 2 -> {
                int bits = 8 << size;
                long m = Flags.mask(size);
                long n = sext(((c.r[RDX] & m) << bits) | (c.r[RAX] & m), size == 1 ? 2 : 3);
                long q = n / d, rem = n % d;
                if (q != sext(q, size)) throw divideError();
                setReg(c, RAX, q, size);
                setReg(c, RDX, rem, size);
            }
            default -> {
                long hi = c.r[RDX], lo = c.r[RAX];
                if (hi == (lo >> 63)) {
                    if (lo == Long.MIN_VALUE && d == -1) throw divideError();
                    c.r[RAX] = lo / d;
                    c.r[RDX] = lo % d;
                } else {
                    java.math.BigInteger n = java.math.BigInteger.valueOf(hi).shiftLeft(64)
                            .or(new java.math.BigInteger(Long.toUnsignedString(lo)));
                    java.math.BigInteger[] qr = n.divideAndRemainder(java.math.BigInteger.valueOf(d));
                    if (qr[0].bitLength() > 63) throw divideError();
                    c.r[RAX] = qr[0].longValue();
                    c.r[RDX] = qr[1].longValue();
                }
            }
        }
    }
}
