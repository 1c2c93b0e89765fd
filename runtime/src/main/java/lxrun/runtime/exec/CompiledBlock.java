package lxrun.runtime.exec;

import lxrun.runtime.cpu.CpuState;

/**
 * Translated guest code starting at {@link #start}: running it executes guest instructions up to the
 * end of the block (or a region of blocks) and returns the guest address to continue at.
 */
public abstract class CompiledBlock {
    public final long start;
    /** Guest bytes [start, end) this translation was made from; writes there invalidate it. */
    public final long end;

    protected CompiledBlock(long start, long end) {
        this.start = start;
        this.end = end;
    }

    public abstract long run(CpuState cpu);
}
