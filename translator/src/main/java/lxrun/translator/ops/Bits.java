package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;

/**
 * Bit tests, scans and counts (BT family, BSF/BSR, TZCNT/LZCNT/POPCNT), byte swaps (BSWAP, MOVBE), CRC32
 * and the BMI1/BMI2 operations. Sources arrive zero-extended to their width; {@code size} is 0..3 for
 * 8/16/32/64 bits; results are returned for the store to mask.
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

    // ------------------------------------------------------------------ BMI1 / BMI2 (size 2 or 3)

    private static int bits(int size) {
        return 8 << size;
    }

    /** ZF SF from the result, CF as given, OF cleared (AF PF undefined): the flags of BLSR, BLSI, BZHI. */
    private static long blsFlags(CpuState c, long result, boolean cf, int size) {
        Alu.setFlags(c, Alu.szp(result, size) | (cf ? CF : 0));
        return result;
    }

    /** ANDN: ~a & b; SF ZF from the result, CF OF cleared (AF PF undefined). */
    public static long andn(CpuState c, long a, long b, int size) {
        return Alu.logic(c, ~a & b, size);
    }

    /** BLSR: src & (src - 1), clears the lowest set bit; CF = source zero. */
    public static long blsr(CpuState c, long src, int size) {
        return blsFlags(c, src & (src - 1), src == 0, size);
    }

    /** BLSMSK: src ^ (src - 1), a mask up to the lowest set bit; CF = source zero, ZF cleared (the result is never zero). */
    public static long blsmsk(CpuState c, long src, int size) {
        return blsFlags(c, (src ^ (src - 1)) & Flags.mask(size), src == 0, size);
    }

    /** BLSI: src & -src, the lowest set bit; CF = source not zero. */
    public static long blsi(CpuState c, long src, int size) {
        return blsFlags(c, src & -src, src != 0, size);
    }

    /** BEXTR: LEN = ctl[15:8] bits of src from START = ctl[7:0]; ZF from the result, CF OF cleared (AF SF PF undefined). */
    public static long bextr(CpuState c, long src, long ctl, int size) {
        int start = (int) (ctl & 0xff), len = (int) ((ctl >>> 8) & 0xff);
        long v = start >= bits(size) ? 0 : src >>> start;
        if (len < 64) v &= (1L << len) - 1;
        return Alu.logic(c, v, size);
    }

    /** BZHI: src with the bits from index ctl[7:0] up cleared; CF = the index is beyond the width. */
    public static long bzhi(CpuState c, long src, long ctl, int size) {
        int n = (int) (ctl & 0xff);
        boolean beyond = n >= bits(size);
        return blsFlags(c, beyond ? src : src & ((1L << n) - 1), beyond, size);
    }

    /** PDEP: the low bits of src deposited, in order, at the set bits of mask. */
    public static long pdep(long src, long mask, int size) {
        long out = 0;
        for (long m = mask; m != 0; m &= m - 1, src >>>= 1) {
            if ((src & 1) != 0) out |= m & -m;
        }
        return out;
    }

    /** PEXT: the bits of src at the set bits of mask, gathered into the low bits. */
    public static long pext(long src, long mask, int size) {
        long out = 0;
        int k = 0;
        for (long m = mask; m != 0; m &= m - 1, k++) {
            if ((src & m & -m) != 0) out |= 1L << k;
        }
        return out;
    }

    /** RORX: rotate right by imm8 modulo the width. */
    public static long rorx(long src, long imm, int size) {
        return size == 3 ? Long.rotateRight(src, (int) imm) : Integer.rotateRight((int) src, (int) imm) & 0xffffffffL;
    }

    /** SARX/SHLX/SHRX: shifts by a register count modulo the width. */
    public static long sarx(long src, long count, int size) {
        return size == 3 ? src >> count : (long) ((int) src >> count);
    }

    public static long shlx(long src, long count, int size) {
        return size == 3 ? src << count : src << (count & 31);
    }

    public static long shrx(long src, long count, int size) {
        return src >>> (count & (bits(size) - 1));
    }
}
