package lxrun.runtime.exec;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;

/**
 * Translated guest code entered at {@link #start}: running it executes guest instructions up to an exit
 * of the block (or region of blocks) and returns the guest address to continue at.
 */
public abstract class CompiledBlock {
    public final long start;
    /** The guest byte ranges it was made from, as [start, end) pairs: writes there invalidate it. */
    private final long[] ranges;
    /**
     * Set when its guest bytes were written (or unmapped): the code cache has dropped it, and a run in
     * progress leaves at its next jump (the translated code tests this field there). Volatile, so that a
     * thread running it sees a drop made by another thread within one jump: HotSpot may not hoist the test
     * out of a translated loop (on x86 a volatile read is a plain load).
     */
    public volatile boolean invalidated;
    /** The tier it was translated in, the guest instructions it holds and its class-file size (for --stats). */
    public final BlockTranslator.Tier tier;
    public final int instructions, classBytes;
    /**
     * Entries left before the code cache translates it again in the next tier; 0 in the last tier. Threads
     * count without synchronisation: a lost decrement only delays the promotion.
     */
    int untilPromotion;

    protected CompiledBlock(long start, long[] ranges, BlockTranslator.Tier tier, int instructions, int classBytes) {
        this.start = start;
        this.ranges = ranges;
        this.tier = tier;
        this.instructions = instructions;
        this.classBytes = classBytes;
    }

    /** The end of its first piece: the guest bytes from {@link #start} up to the first branch or the block limit. */
    public long firstPieceEnd() {
        return ranges[1];
    }

    /** The guest pages its pieces of code lie on (not the pages between two far-apart pieces). */
    public long[] pages() {
        java.util.TreeSet<Long> out = new java.util.TreeSet<>();
        for (int i = 0; i < ranges.length; i += 2) {
            for (long p = ranges[i] & ~GuestMemory.PAGE_MASK; p < ranges[i + 1]; p += GuestMemory.PAGE_SIZE) out.add(p);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** True when one of its pieces of guest code (a block, a trace's leg) starts at {@code a}: that code has run or will. */
    public boolean startsPiece(long a) {
        for (int i = 0; i < ranges.length; i += 2) if (ranges[i] == a) return true;
        return false;
    }

    /** True when [a, end) overlaps guest bytes it was translated from. */
    public boolean overlaps(long a, long end) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (a < ranges[i + 1] && end > ranges[i]) return true;
        }
        return false;
    }

    public abstract long run(CpuState cpu);
}
