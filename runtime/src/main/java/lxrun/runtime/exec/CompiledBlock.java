package lxrun.runtime.exec;

import lxrun.runtime.cpu.CpuState;

/**
 * Translated guest code entered at {@link #start}: running it executes guest instructions up to an exit
 * of the block (or region of blocks) and returns the guest address to continue at.
 */
public abstract class CompiledBlock {
    public final long start;
    /** Guest bytes [low, high) this translation was made from; writes there invalidate it. */
    public final long low, high;

    protected CompiledBlock(long start, long low, long high) {
        this.start = start;
        this.low = low;
        this.high = high;
    }

    public abstract long run(CpuState cpu);
}
