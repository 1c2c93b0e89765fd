package lxrun.translator.jit;

import lxrun.translator.x86.FlagEffects;
import lxrun.translator.x86.Instruction;

import java.util.List;

/**
 * Which status flags are live (may be read before being overwritten) after each instruction of a region,
 * over its whole control-flow graph: a flag update that every path overwrites before reading is dead, and the
 * code generator leaves it out. All flags are live where the region exits, since the code there is unknown.
 *
 * <p>Backward dataflow to a fixed point: live-in(b) = reads ∪ (live-out − writes) instruction by instruction
 * from live-out(b) = ∪ live-in(successors). The per-row masks are {@link FlagEffects}'.
 */
final class FlagLiveness {
    private final RegionGraph graph;
    private final long[] liveIn;
    private final long[][] after;

    private FlagLiveness(RegionGraph graph) {
        this.graph = graph;
        int n = graph.blocks.size();
        liveIn = new long[n];
        after = new long[n][];
        for (int b = 0; b < n; b++) after[b] = new long[graph.blocks.get(b).size()];
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int b = n - 1; b >= 0; b--) {
                long live = liveOut(b);
                List<Instruction> insns = graph.blocks.get(b);
                for (int i = insns.size() - 1; i >= 0; i--) {
                    after[b][i] = live;
                    Instruction in = insns.get(i);
                    live = FlagEffects.reads(in) | (live & ~FlagEffects.writes(in));
                }
                if (live != liveIn[b]) {
                    liveIn[b] = live;
                    changed = true;
                }
            }
        }
    }

    static FlagLiveness of(RegionGraph graph) {
        return new FlagLiveness(graph);
    }

    /** Flags live on entry to block {@code succ}, or all of them for {@link RegionGraph#EXIT}. */
    long atEdge(int succ) {
        return succ == RegionGraph.EXIT ? FlagEffects.ALL : liveIn[succ];
    }

    /** Flags live at the end of block {@code b}: on entry to any of its successors. */
    long liveOut(int b) {
        long out = 0;
        for (int s : graph.successors[b]) out |= atEdge(s);
        return out;
    }

    /** Flags live right after instruction {@code i} of block {@code b}. */
    long after(int b, int i) {
        return after[b][i];
    }
}
