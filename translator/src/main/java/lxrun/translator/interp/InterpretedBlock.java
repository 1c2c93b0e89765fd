package lxrun.translator.interp;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.BlockTranslator;
import lxrun.runtime.exec.CompiledBlock;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Sem;

import java.util.List;

/** A guest block in the first tier: its instructions decoded once, run by the {@link Interpreter}. */
public final class InterpretedBlock extends CompiledBlock {
    final Step[] steps;

    private InterpretedBlock(List<Instruction> insns) {
        super(insns.get(0).address, new long[] {insns.get(0).address, insns.get(insns.size() - 1).next()},
                BlockTranslator.Tier.INTERPRETER, insns.size(), 0);
        steps = new Step[insns.size()];
        for (int i = 0; i < steps.length; i++) steps[i] = new Step(insns.get(i), lockedRmw(insns.get(i)));
    }

    /** The block as the interpreter runs it. */
    public static InterpretedBlock of(List<Instruction> insns) {
        return new InterpretedBlock(insns);
    }

    /** LOCK with a memory destination (or XCHG with memory, locked without the prefix): a compare-and-swap loop. */
    static boolean lockedRmw(Instruction i) {
        if (!i.isMem()) return false;
        Sem sem = i.entry.sem();
        if (sem == Sem.XCHG) return true;
        return i.lock && i.entry.has(Entry.LOCKABLE) && sem != Sem.CMPXCHG16B;
    }

    @Override
    public long run(CpuState cpu) {
        return Interpreter.run(this, cpu);
    }
}
