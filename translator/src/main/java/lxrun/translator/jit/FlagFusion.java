package lxrun.translator.jit;

import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Sem;

import java.util.List;

/**
 * Which flag writers a conditional branch can decide from directly, and which can leave their lazy-flags
 * update to the block's edges. A pass of its own: {@link CodeGen} asks it per instruction.
 *
 * <p>A writer is fused with the Jcc right after it when the condition follows from values still in JVM
 * locals: a cmp/sub's operands (every equality, unsigned and signed condition), a logic result (OF = CF = 0:
 * also the signed ones), an add/inc/dec result (ZF and SF only).
 *
 * <p>Deferred: a block's last flag writer, when only a direct jump or a branch fused with it follows, does
 * not update CpuState's lazy flags itself; each edge out of the block does, when {@link FlagLiveness} says a
 * flag it writes is read there. A loop's back edge, where the next iteration overwrites the flags first,
 * then costs no flag update at all; the exit edge still leaves exact flags. Nothing between the writer and
 * the edges can fault, so a signal handler never sees the flags missing.
 */
final class FlagFusion {
    private FlagFusion() {}

    /** Fused kinds: a cmp/sub's operands; a logic result; an add/inc/dec result. */
    static final int OPERANDS = 0, LOGIC = 1, RESULT = 2;

    /** The values of the flag writer just before a Jcc, still in their temporaries. */
    record Fused(int index, int kind, int a, int b, int bytes) {}

    /** A deferred flag update: the lazy-flags helper of {@code writer} and the temporaries holding its inputs (b: -1 for none). */
    record Pending(Instruction writer, String helper, String desc, int a, int b, int bytes) {}

    /** The fused kind of a flag writer whose update can be deferred, or -1. */
    static int kind(Instruction w) {
        return switch (w.entry.sem()) {
            case ALU -> switch (w.entry.sub()) {
                case OpcodeTable.CMP, OpcodeTable.SUB -> OPERANDS;
                case OpcodeTable.AND, OpcodeTable.OR, OpcodeTable.XOR -> LOGIC;
                case OpcodeTable.ADD -> RESULT;
                default -> -1;
            };
            case TEST -> LOGIC;
            case INC, DEC -> RESULT;
            default -> -1;
        };
    }

    /** True when condition {@code cc} (the SDM's tttn) can be decided from a fused writer of kind {@code kind}. */
    static boolean fusable(int kind, int cc) {
        boolean zs = cc == 4 || cc == 5 || cc == 8 || cc == 9;
        boolean signed = cc >= 12;
        boolean unsigned = cc == 2 || cc == 3 || cc == 6 || cc == 7;
        return switch (kind) {
            case OPERANDS -> cc == 4 || cc == 5 || signed || unsigned;
            case LOGIC -> zs || signed;
            default -> zs;
        };
    }

    /** True when instruction {@code i} of the block can leave its flag update to the block's edges. */
    static boolean deferrable(List<Instruction> insns, int i) {
        int kind = kind(insns.get(i));
        if (kind < 0) return false;
        int n = insns.size();
        if (i == n - 1) return true;
        if (i != n - 2) return false;
        Instruction t = insns.get(n - 1);
        return t.entry.sem() == Sem.JMP || t.entry.sem() == Sem.JCC && fusable(kind, t.entry.sub());
    }
}
