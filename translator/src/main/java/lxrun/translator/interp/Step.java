package lxrun.translator.interp;

import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

/**
 * One instruction decoded for the interpreter: its operands located once (register, width, high byte,
 * memory, immediate) by the rules the block compiler's emitter applies per translation, so running it
 * again costs no decoding.
 */
final class Step {
    static final int REG = 0, MEM = 1, IMM = 2;

    /** An operand: a register (with the AH..BH flag), a memory operand (its address is computed when it runs) or an immediate. */
    record Loc(int kind, int reg, boolean high, int bytes, long imm) {
        boolean isMem() {
            return kind == MEM;
        }
    }

    final Instruction in;
    final Sem sem;
    final int sub;
    final long address, next;
    /** The operands as the instruction's semantics use them, each at the width it is read or written with. */
    final Loc d, s, t;
    /** A memory operand is moffs (an absolute address plus the segment base), not ModRM-addressed. */
    final boolean moffs;
    /** Executed as a compare-and-swap loop: LOCK with a memory destination, or XCHG with memory. */
    final boolean locked;

    Step(Instruction in, boolean locked) {
        this.in = in;
        this.sem = in.entry.sem();
        this.sub = in.entry.sub();
        this.address = in.address;
        this.next = in.next();
        this.locked = locked;
        Operand[] o = in.entry.operands();
        boolean m = false;
        for (Operand op : o) m |= op.kind() == 'O';
        moffs = m;
        Loc[] n = new Loc[o.length]; // at their natural widths
        for (int i = 0; i < o.length; i++) n[i] = loc(o[i], in.mod == 3 && o[i].isRm() ? o[i].regBytes(in.opSize) : o[i].bytes(in.opSize));
        Loc a = n.length > 0 ? n[0] : null, b = n.length > 1 ? n[1] : null, c = n.length > 2 ? n[2] : null;
        int w = a != null ? a.bytes : 0;
        switch (sem) {
            case MOV, ALU, TEST, IMUL2 -> b = loc(o[1], w); // the source at the destination's width
            case IMUL3 -> c = loc(o[2], w);
            case PUSH, POP -> a = loc(o[0], in.opSize);
            case SHIFT -> b = loc(o[1], 1);
            case SHLD, SHRD -> c = loc(o[2], 1);
            case JMP_IND, CALL_IND -> a = loc(o[0], 8);
            case BSF, BSR -> { if (w == 4) a = reg(in.reg, 8); } // a zero source leaves all 64 bits alone
            default -> { }
        }
        d = a;
        s = b;
        t = c;
    }

    Loc reg(int r, int bytes) {
        if (bytes == 1 && !in.rex && r >= 4 && r < 8) return new Loc(REG, r - 4, true, 1, 0);
        return new Loc(REG, r, false, bytes, 0);
    }

    private Loc loc(Operand o, int bytes) {
        return switch (o.kind()) {
            case 'G' -> reg(in.reg, bytes);
            case 'Z' -> reg(in.rm, bytes);
            case 'B' -> reg(in.vvvv, bytes);
            case 'A' -> reg(0, bytes);
            case 'C' -> reg(1, 1);
            case 'K' -> new Loc(IMM, 0, false, bytes, 1);
            case 'I' -> new Loc(IMM, 0, false, bytes, in.imm);
            case 'O' -> new Loc(MEM, 0, false, bytes, 0);
            default -> in.mod == 3 ? reg(in.rm, bytes) : new Loc(MEM, 0, false, bytes, 0);
        };
    }
}
