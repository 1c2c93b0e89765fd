package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;

/** Bit tests and scans: BT/BTS/BTR/BTC, BSF/BSR, BSWAP. */
public final class Bits {
    private Bits() {}

    /** BT family on {@code v}: CF = the bit; kind 0 test, 1 set, 2 reset, 3 complement; returns the new value. */
    public static long bt(CpuState c, long v, long bit, int kind) {
        long mask = 1L << bit;
        Flags.set(c, Flags.CF, (v & mask) != 0 ? Flags.CF : 0);
        return switch (kind) {
            case 1 -> v | mask;
            case 2 -> v & ~mask;
            case 3 -> v ^ mask;
            default -> v;
        };
    }

    /** BSF: index of the lowest set bit; source zero sets ZF and leaves the destination. */
    public static long bsf(CpuState c, long src, long dst, int size) {
        src &= Flags.mask(size);
        Alu.setFlags(c, src == 0 ? Flags.ZF : 0);
        return src == 0 ? dst : Long.numberOfTrailingZeros(src);
    }

    public static long bsr(CpuState c, long src, long dst, int size) {
        src &= Flags.mask(size);
        Alu.setFlags(c, src == 0 ? Flags.ZF : 0);
        return src == 0 ? dst : 63 - Long.numberOfLeadingZeros(src);
    }

    public static long bswap(long v, int size) {
        return size == 3 ? Long.reverseBytes(v) : Integer.reverseBytes((int) v) & 0xffffffffL;
    }
}
