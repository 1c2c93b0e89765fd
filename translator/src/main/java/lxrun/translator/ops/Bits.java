package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;

/**
 * Bit tests, scans and counts (BT family, BSF/BSR, TZCNT/LZCNT/POPCNT), byte swaps (BSWAP, MOVBE) and
 * CRC32. Sources arrive zero-extended to their width; {@code size} is 0..3 for 8/16/32/64 bits; results
 * are returned for the store to mask.
 */
public final class Bits {
    private Bits() {}

    private static final long CF = Flags.CF, ZF = Flags.ZF;

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

    /** TZCNT: trailing zeros, the width for zero; CF = source zero, ZF = result zero (OF SF AF PF undefined). */
    public static long tzcnt(CpuState c, long src, int size) {
        long n = src == 0 ? 8 << size : Long.numberOfTrailingZeros(src);
        Alu.setFlags(c, (src == 0 ? CF : 0) | (n == 0 ? ZF : 0));
        return n;
    }

    /** LZCNT: leading zeros within the width; flags as TZCNT. */
    public static long lzcnt(CpuState c, long src, int size) {
        long n = Long.numberOfLeadingZeros(src) - (64 - (8 << size));
        Alu.setFlags(c, (src == 0 ? CF : 0) | (n == 0 ? ZF : 0));
        return n;
    }

    /** POPCNT: set bits; ZF = source zero, OF SF AF CF PF cleared. */
    public static long popcnt(CpuState c, long src, int size) {
        Alu.setFlags(c, src == 0 ? ZF : 0);
        return Long.bitCount(src);
    }

    /** BSWAP (32/64 bits) and MOVBE (also 16 bits). */
    public static long bswap(long v, int size) {
        return switch (size) {
            case 1 -> Short.reverseBytes((short) v) & 0xffffL;
            case 2 -> Integer.reverseBytes((int) v) & 0xffffffffL;
            default -> Long.reverseBytes(v);
        };
    }

    // ------------------------------------------------------------------ CRC32 (SSE4.2)

    /** CRC-32C (Castagnoli) polynomial 0x1EDC6F41, bit-reflected, as CRC32 uses it. */
    private static final int[] CRC32C = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) c = (c >>> 1) ^ ((c & 1) != 0 ? 0x82f63b78 : 0);
            CRC32C[i] = c;
        }
    }

    /**
     * CRC32: accumulates the {@code bytes} low bytes of {@code src}, lowest first, into the low 32 bits of
     * {@code crc}; no initial or final inversion (software applies those).
     */
    public static long crc32(long crc, long src, int bytes) {
        int c = (int) crc;
        for (int i = 0; i < bytes; i++) c = CRC32C[(c ^ (int) (src >>> (8 * i))) & 0xff] ^ (c >>> 8);
        return c & 0xffffffffL;
    }
}
