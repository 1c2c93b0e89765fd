package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;

/**
 * Shifts and rotates (SDM vol. 2B "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR", "SHLD", "SHRD"). The count is
 * masked to 5 bits (6 for 64-bit operands); a masked count of zero leaves value and flags unchanged.
 * Flags are set eagerly: OF is defined for count 1 and set as hardware does for larger counts.
 */
public final class Shifts {
    private Shifts() {}

    public static long shift(CpuState c, int kind, long v, long count, int size) {
        int bits = 8 << size;
        int n = (int) (count & (size == 3 ? 63 : 31));
        if (n == 0) return v;
        long m = Flags.mask(size);
        v &= m;
        long f = kind <= 3 ? Flags.materialize(c) : 0; // rotates keep SF ZF AF PF; shifts set them all
        long d;
        long cf, of;
        switch (kind) {
            case 4, 6 -> { // SHL/SAL
                d = n >= 64 ? 0 : (v << n) & m;
                cf = n <= bits ? (v >>> (bits - n)) & 1 : 0;
                of = ((d >>> (bits - 1)) & 1) ^ cf;
                f = Alu.szp(d, size) | (cf != 0 ? Flags.CF : 0) | (of != 0 ? Flags.OF : 0);
            }
            case 5 -> { // SHR
                d = n >= 64 ? 0 : v >>> n;
                cf = n <= bits ? (v >>> (n - 1)) & 1 : 0;
                of = (v >>> (bits - 1)) & 1;
                f = Alu.szp(d, size) | (cf != 0 ? Flags.CF : 0) | (of != 0 ? Flags.OF : 0);
            }
            case 7 -> { // SAR
                long s = (v << (64 - bits)) >> (64 - bits);
                d = (s >> Math.min(n, 63)) & m;
                cf = (s >> Math.min(n - 1, 63)) & 1;
                f = Alu.szp(d, size) | (cf != 0 ? Flags.CF : 0);
            }
            case 0 -> { // ROL
                int r = n % bits;
                d = r == 0 ? v : ((v << r) | (v >>> (bits - r))) & m;
                cf = d & 1;
                of = ((d >>> (bits - 1)) & 1) ^ cf;
                f = (f & ~(Flags.CF | Flags.OF)) | (cf != 0 ? Flags.CF : 0) | (of != 0 ? Flags.OF : 0);
            }
            case 1 -> { // ROR
                int r = n % bits;
                d = r == 0 ? v : ((v >>> r) | (v << (bits - r))) & m;
                cf = (d >>> (bits - 1)) & 1;
                of = cf ^ ((d >>> (bits - 2)) & 1);
                f = (f & ~(Flags.CF | Flags.OF)) | (cf != 0 ? Flags.CF : 0) | (of != 0 ? Flags.OF : 0);
            }
            case 2 -> { // RCL: rotate through carry, a (bits+1)-bit rotation
                int r = n % (bits + 1);
                long carry = f & Flags.CF;
                d = v;
                for (int i = 0; i < r; i++) {
                    long out = (d >>> (bits - 1)) & 1;
                    d = ((d << 1) | carry) & m;
                    carry = out;
                }
                of = ((d >>> (bits - 1)) & 1) ^ carry;
                f = (f & ~(Flags.CF | Flags.OF)) | carry | (of != 0 ? Flags.OF : 0);
            }
            default -> { // RCR
                int r = n % (bits + 1);
                long carry = f & Flags.CF;
                d = v;
                of = ((d >>> (bits - 1)) & 1) ^ carry;
                for (int i = 0; i < r; i++) {
                    long out = d & 1;
                    d = (d >>> 1) | (carry << (bits - 1));
                    carry = out;
                }
                f = (f & ~(Flags.CF | Flags.OF)) | carry | (of != 0 ? Flags.OF : 0);
            }
        }
        Alu.setFlags(c, f);
        return d;
    }

    /** SHLD: shift {@code dst} left, filling from the high bits of {@code src}. */
    public static long shld(CpuState c, long dst, long src, long count, int size) {
        int bits = 8 << size;
        int n = (int) (count & (size == 3 ? 63 : 31));
        if (n == 0) return dst;
        long m = Flags.mask(size);
        dst &= m;
        src &= m;
        long d, cf;
        if (size == 1 && n > 16) { // 16-bit with count > 16: result undefined; mimic hardware's 32-bit funnel
            long wide = (dst << 16) | src;
            long r = ((wide << n) | (dst << (n - 16))) ;
            d = (r >>> 16) & m;
            cf = (wide >>> (32 - n)) & 1;
        } else {
            d = ((dst << n) | (n == 64 ? 0 : src >>> (bits - n))) & m;
            cf = (dst >>> (bits - n)) & 1;
        }
        long of = ((d ^ dst) >>> (bits - 1)) & 1;
        Alu.setFlags(c, Alu.szp(d, size) | (cf != 0 ? Flags.CF : 0) | (of != 0 ? Flags.OF : 0));
        return d;
    }

    /** SHRD: shift {@code dst} right, filling from the low bits of {@code src}. */
    public static long shrd(CpuState c, long dst, long src, long count, int size) {
        int bits = 8 << size;
        int n = (int) (count & (size == 3 ? 63 : 31));
        if (n == 0) return dst;
        long m = Flags.mask(size);
        dst &= m;
        src &= m;
        long d = n >= bits ? (src >>> (n - bits)) & m : ((dst >>> n) | (src << (bits - n))) & m;
        long cf = n > bits ? (src >>> (n - bits - 1)) & 1 : (dst >>> (n - 1)) & 1;
        long of = ((d ^ dst) >>> (bits - 1)) & 1;
        Alu.setFlags(c, Alu.szp(d, size) | (cf != 0 ? Flags.CF : 0) | (of != 0 ? Flags.OF : 0));
        return d;
    }
}
