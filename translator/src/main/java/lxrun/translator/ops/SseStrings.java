package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;

/**
 * The SSE4.2 packed string compares PCMPESTRI, PCMPESTRM, PCMPISTRI, PCMPISTRM (SDM Vol. 2B, and Vol. 2A
 * 4.1 "Imm8 Control Byte Operation for PCMPESTRI / PCMPESTRM / PCMPISTRI / PCMPISTRM"). Signatures as
 * for any {@code Vx,Wx,Ib} row: src1 is the register operand, src2 the register or memory operand.
 *
 * <p>imm8[1:0] element format (unsigned bytes, unsigned words, signed bytes, signed words), imm8[3:2]
 * aggregation (equal any, ranges, equal each, equal ordered) giving IntRes1, imm8[5:4] polarity giving
 * IntRes2, imm8[6] the output selection (most significant index / byte-word mask). Elements at or past a
 * string's length are invalid; each aggregation forces the compare result of invalid elements as the
 * SDM's table "Comparison Result for Each Element Pair" says.
 */
public final class SseStrings {
    private SseStrings() {}

    public static void pcmpestri(CpuState c, int d, int s, int imm) {
        index(c, imm, compare(c, d, s, imm, explicit(c.r[0], false, imm), explicit(c.r[2], false, imm)));
    }

    public static void pcmpestri_q(CpuState c, int d, int s, int imm) {
        index(c, imm, compare(c, d, s, imm, explicit(c.r[0], true, imm), explicit(c.r[2], true, imm)));
    }

    public static void pcmpestrm(CpuState c, int d, int s, int imm) {
        mask(c, imm, compare(c, d, s, imm, explicit(c.r[0], false, imm), explicit(c.r[2], false, imm)));
    }

    public static void pcmpestrm_q(CpuState c, int d, int s, int imm) {
        mask(c, imm, compare(c, d, s, imm, explicit(c.r[0], true, imm), explicit(c.r[2], true, imm)));
    }

    public static void pcmpistri(CpuState c, int d, int s, int imm) {
        index(c, imm, compare(c, d, s, imm, implicit(c.xmm, d, imm), implicit(c.xmm, s, imm)));
    }

    public static void pcmpistrm(CpuState c, int d, int s, int imm) {
        mask(c, imm, compare(c, d, s, imm, implicit(c.xmm, d, imm), implicit(c.xmm, s, imm)));
    }

    /** 16 byte or 8 word elements. */
    private static int count(int imm) {
        return (imm & 1) != 0 ? 8 : 16;
    }

    /** Element k of XMM r, sign- or zero-extended as imm8[1:0] says. */
    private static int element(long[] x, int r, int k, int imm) {
        int bits = (imm & 1) != 0 ? 16 : 8;
        long v = x[2 * r + (k * bits >>> 6)] >>> (k * bits & 63);
        if ((imm & 2) != 0) return bits == 16 ? (short) v : (byte) v;
        return (int) v & ((1 << bits) - 1);
    }

    /** An explicit length: the absolute value of EAX/EDX (RAX/RDX with REX.W), saturated to the element count. */
    private static int explicit(long v, boolean wide, int imm) {
        int n = count(imm);
        if (!wide) v = (int) v;
        if (v < 0) v = -v; // Long.MIN_VALUE stays negative: saturated below
        return v < 0 || v > n ? n : (int) v;
    }

    /** An implicit length: the index of the first zero element, or the element count. */
    private static int implicit(long[] x, int r, int imm) {
        int n = count(imm);
        for (int k = 0; k < n; k++) if (element(x, r, k, imm) == 0) return k;
        return n;
    }

    /** IntRes2 of src1 = XMM d (length l1) against src2 = XMM s (length l2); sets CF ZF SF OF, clears AF PF. */
    private static int compare(CpuState c, int d, int s, int imm, int l1, int l2) {
        int n = count(imm);
        int[] a = new int[n], b = new int[n];
        for (int k = 0; k < n; k++) {
            a[k] = element(c.xmm, d, k, imm);
            b[k] = element(c.xmm, s, k, imm);
        }
        int res1 = switch ((imm >>> 2) & 3) {
            case 0 -> equalAny(a, l1, b, l2);
            case 1 -> ranges(a, l1, b, l2);
            case 2 -> equalEach(a, l1, b, l2);
            default -> equalOrdered(a, l1, b, l2);
        };
        int all = (1 << n) - 1;
        int res2 = switch ((imm >>> 4) & 3) {
            case 1 -> ~res1 & all; // negative polarity
            case 3 -> res1 ^ ((1 << l2) - 1); // masked negative: only the valid elements of src2 are negated
            default -> res1;
        };
        long f = (res2 != 0 ? Flags.CF : 0) | (l2 < n ? Flags.ZF : 0) | (l1 < n ? Flags.SF : 0) | ((res2 & 1) != 0 ? Flags.OF : 0);
        Flags.set(c, Flags.STATUS_MASK, f);
        return res2;
    }

    /** Bit j: src2[j] is one of the characters of src1 (invalid elements never match). */
    private static int equalAny(int[] a, int l1, int[] b, int l2) {
        int r = 0;
        for (int j = 0; j < l2; j++) {
            for (int i = 0; i < l1; i++) {
                if (a[i] == b[j]) {
                    r |= 1 << j;
                    break;
                }
            }
        }
        return r;
    }

    /** Bit j: src2[j] lies in one of the ranges src1[2k] <= x <= src1[2k+1] (both bounds valid). */
    private static int ranges(int[] a, int l1, int[] b, int l2) {
        int r = 0;
        for (int j = 0; j < l2; j++) {
            for (int i = 0; i + 1 < l1; i += 2) {
                if (a[i] <= b[j] && b[j] <= a[i + 1]) {
                    r |= 1 << j;
                    break;
                }
            }
        }
        return r;
    }

    /** Bit i: src1[i] == src2[i], or both are invalid (one invalid: false). */
    private static int equalEach(int[] a, int l1, int[] b, int l2) {
        int r = 0;
        for (int i = 0; i < a.length; i++) {
            boolean va = i < l1, vb = i < l2;
            if (va && vb ? a[i] == b[i] : !va && !vb) r |= 1 << i;
        }
        return r;
    }

    /**
     * Bit j: src1 occurs in src2 at j, as far as src2 reaches (a match cut off by the register's end counts).
     * An invalid src1 element matches anything; a valid one never matches an invalid src2 element.
     */
    private static int equalOrdered(int[] a, int l1, int[] b, int l2) {
        int r = 0, n = a.length;
        for (int j = 0; j < n; j++) {
            boolean m = true;
            for (int i = 0; i < Math.min(l1, n - j) && m; i++) m = j + i < l2 && a[i] == b[j + i];
            if (m) r |= 1 << j;
        }
        return r;
    }

    /** The I forms: ECX = index of the least (imm8[6] = 0) or most significant set bit, or the count if none. */
    private static void index(CpuState c, int imm, int res) {
        int i = res == 0 ? count(imm) : (imm & 0x40) != 0 ? 31 - Integer.numberOfLeadingZeros(res) : Integer.numberOfTrailingZeros(res);
        c.r[1] = i; // a 32-bit destination: the upper half of RCX is cleared
    }

    /** The M forms: XMM0 = IntRes2 as a bit mask (imm8[6] = 0) or expanded to a byte/word mask. */
    private static void mask(CpuState c, int imm, int res) {
        long lo = res, hi = 0;
        if ((imm & 0x40) != 0) {
            int n = count(imm), bits = 128 / n;
            long ones = (1L << bits) - 1;
            lo = 0;
            for (int k = 0; k < n; k++) {
                if ((res >>> k & 1) == 0) continue;
                int sh = k * bits;
                if (sh < 64) lo |= ones << sh;
                else hi |= ones << (sh - 64);
            }
        }
        c.xmm[0] = lo;
        c.xmm[1] = hi;
    }
}
