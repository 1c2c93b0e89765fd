package lxrun.runtime.cpu;

import lxrun.runtime.mem.GuestMemory;

/**
 * The architectural state of one guest thread: what the trap frame and the FX save area hold on hardware.
 *
 * <p>The arithmetic flags are lazy (the technique of Bochs and QEMU): an instruction that sets them stores
 * its kind and operands in {@code ccOp/ccDst/ccSrc1/ccSrc2}; {@link Flags} derives any flag on demand.
 * Translated code reads and writes these fields directly.
 */
public final class CpuState {
    // register numbers in ModRM/REX order
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    public static final int R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    public final long[] r = new long[16];
    public long rip;

    /** Lazy flag state: see {@link Flags}. */
    public int ccOp = Flags.CC_EFLAGS;
    public long ccDst, ccSrc1, ccSrc2;
    /** RFLAGS bits that are not arithmetic status flags (DF, TF, IF, AC, ID...) with bit 1 always set. */
    public long sysFlags = 0x202;

    public long fsBase, gsBase;

    /**
     * XMM0-15 as (low, high) 64-bit halves: xmm[2n] is the low quadword of XMMn; slots 16 and 17 are the
     * translator's scratch (16: memory operands; 17: MMX operands staged for the SSE lane arithmetic).
     */
    public final long[] xmm = new long[36];
    public int mxcsr = 0x1f80;

    /** The x87 unit; its register file is kept as 80-bit values (see X87State). */
    public final X87State fpu = new X87State();

    /**
     * Set when the thread must leave translated code (it is being terminated): the dispatch loop checks
     * it between blocks and translated loops check it on their back edges.
     */
    public volatile boolean interrupt;

    public GuestMemory mem;
    /** The runtime's PicoThread that owns this state (kept untyped so the cpu package stays leaf). */
    public Object owner;

    public long rflags() {
        return Flags.materialize(this) | sysFlags;
    }

    public void setRflags(long f) {
        ccOp = Flags.CC_EFLAGS;
        ccDst = f & Flags.STATUS_MASK;
        sysFlags = (f & ~Flags.STATUS_MASK & 0x3f7fd5L) | 0x2;
    }

    public boolean df() {
        return (sysFlags & Flags.DF) != 0;
    }

    public void copyFrom(CpuState o) {
        System.arraycopy(o.r, 0, r, 0, 16);
        rip = o.rip;
        ccOp = o.ccOp;
        ccDst = o.ccDst;
        ccSrc1 = o.ccSrc1;
        ccSrc2 = o.ccSrc2;
        sysFlags = o.sysFlags;
        fsBase = o.fsBase;
        gsBase = o.gsBase;
        System.arraycopy(o.xmm, 0, xmm, 0, 32);
        mxcsr = o.mxcsr;
        fpu.copyFrom(o.fpu);
    }
}
