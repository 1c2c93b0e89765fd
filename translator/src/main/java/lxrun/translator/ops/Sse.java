package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;

/**
 * SSE/SSE2 semantics, one static method per opcode-table row (see SseRows for the signatures).
 * XMMn is {@code c.xmm[2n]} (low quadword) and {@code c.xmm[2n+1]} (high); register 16 is scratch
 * for memory operands.
 */
public final class Sse {
    private Sse() {}

    // ---------------------------------------------------------------- memory operands

    /** Loads {@code n} bytes (4, 8 or 16) at {@code ea} into the scratch register, zero-extended. */
    public static void loadScratch(CpuState c, long ea, int n) {
        GuestMemory m = c.mem;
        long[] x = c.xmm;
        switch (n) {
            case 4 -> { x[32] = m.read32(ea) & 0xffffffffL; x[33] = 0; }
            case 8 -> { x[32] = m.read64(ea); x[33] = 0; }
            default -> {
                long hi = m.read64(ea + 8); // read both halves before changing state: the access faults whole
                x[32] = m.read64(ea);
                x[33] = hi;
            }
        }
    }

    /** Stores the low {@code n} bytes (4, 8 or 16) of XMM{@code src} at {@code ea}. */
    public static void storeMem(CpuState c, long ea, int src, int n) {
        GuestMemory m = c.mem;
        long[] x = c.xmm;
        switch (n) {
            case 4 -> m.write32(ea, (int) x[2 * src]);
            case 8 -> m.write64(ea, x[2 * src]);
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
    public static long pmovmskb(CpuState c, int s) {
        return byteSigns(c.xmm[2 * s]) | (byteSigns(c.xmm[2 * s + 1]) << 8);
    }

    private static long byteSigns(long v) {
        long r = 0;
        for (int i = 0; i < 8; i++) r |= ((v >>> (8 * i + 7)) & 1) << i;
        return r;
    }
}
