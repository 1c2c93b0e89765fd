package lxrun.translator.jit;

import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Sem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A region's control-flow graph: its blocks in emission order and, for each, the blocks its last instruction
 * can continue at. A successor outside the region, or one only known at run time (RET, an indirect jump, a
 * system call), is {@link #EXIT}: the dispatcher's side of the edge, where all guest state must be in
 * CpuState.
 */
final class RegionGraph {
    static final int EXIT = -1;

    final List<List<Instruction>> blocks;
    /** Per block, its successors' block indices (EXIT for leaving the region), in {@link #targets} order. */
    final int[][] successors;
    private final Map<Long, Integer> index = new HashMap<>();

    RegionGraph(List<List<Instruction>> blocks) {
        this.blocks = blocks;
        for (int b = 0; b < blocks.size(); b++) index.put(blocks.get(b).get(0).address, b);
        successors = new int[blocks.size()][];
        for (int b = 0; b < blocks.size(); b++) {
            Instruction last = blocks.get(b).get(blocks.get(b).size() - 1);
            long[] t = targets(last);
            int[] s = new int[t.length + (leavesToUnknown(last) ? 1 : 0)];
            for (int k = 0; k < t.length; k++) s[k] = blockAt(t[k]);
            if (s.length > t.length) s[t.length] = EXIT;
            successors[b] = s;
        }
    }

    /** The index of the block starting at {@code address}, or EXIT when the region has none. */
    int blockAt(long address) {
        Integer b = index.get(address);
        return b == null ? EXIT : b;
    }

    /**
     * The guest addresses a block ending with {@code last} continues at that are known now: a direct branch's
     * target (a direct call's too) and, unless the transfer is unconditional, the next instruction.
     */
    static long[] targets(Instruction last) {
        Sem sem = last.entry.sem();
        long target = last.next() + last.imm;
        return switch (sem) {
            case JCC, LOOP, JRCXZ -> new long[] {target, last.next()};
            case JMP, CALL -> new long[] {target};
            default -> last.entry.has(Entry.BRANCH) ? new long[0] : new long[] {last.next()};
        };
    }

    /** True when the block may continue at an address known only when it runs (or leaves for the kernel). */
    static boolean leavesToUnknown(Instruction last) {
        return last.entry.has(Entry.BRANCH) && targets(last).length == 0;
    }
}
