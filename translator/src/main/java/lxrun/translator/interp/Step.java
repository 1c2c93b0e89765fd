package lxrun.translator.interp;

import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

/**
 * One instruction decoded for the interpreter, self-contained and small (a compiler's start-up runs 10^5
 * blocks once, so what the interpreter keeps per instruction is most of its memory): the fields of the
 * encoding it reads, and its operands located once (register, width, high byte, memory, immediate) by the
 * rules the block compiler's emitter applies, packed in an int each.
 */
final class Step {
    /** Operand kinds, in the low two bits of a packed location. */
    static final int REG = 0, MEM = 1, IMM = 2, ONE = 3;
    static final int NONE = -1;

    final Entry entry;
    final Sem sem;
    final int sub;
    final long address, next, imm, imm2, disp;
    /** The address of the instruction the trace holds after this one (the target of a followed JMP or CALL). */
    final long follow;
    final byte base, index, scaleShift, segment, opSize, mod, reg, rm;
    final boolean mem, adsize, rep, repne, rexW, rex;
    /** A memory operand is moffs (an absolute address plus the segment base), not ModRM-addressed. */
    final boolean moffs;
    /** Executed as a compare-and-swap loop: LOCK with a memory destination, or XCHG with memory. */
    final boolean locked;
    /** The operands as the instruction's semantics use them, each at the width it is read or written with. */
    final int d, s, t;
    /** The ops helper of an SSE, x87 or BMI row; null for the others. */
    final Helper helper;

    Step(Instruction in, long follow) {
        this.follow = follow;
        entry = in.entry;
        sem = in.entry.sem();
        sub = in.entry.sub();
        address = in.address;
        next = in.next();
        imm = in.imm;
        imm2 = in.imm2;
        disp = in.disp;
        base = (byte) in.base;
        index = (byte) in.index;
        scaleShift = (byte) Integer.numberOfTrailingZeros(in.scale);
        segment = (byte) in.segment;
        opSize = (byte) in.opSize;
        mod = (byte) in.mod;
        reg = (byte) in.reg;
        rm = (byte) in.rm;
        mem = in.isMem();
        adsize = in.adsize;
        rep = in.rep;
        repne = in.repne;
        rexW = in.rexW;
        rex = in.rex;
        locked = in.lockedRmw();
        helper = Helper.of(in);
        Operand[] o = in.entry.operands();
        boolean m = false;
        for (Operand op : o) m |= op.kind() == 'O';
        moffs = m;
        int[] n = new int[o.length]; // at their natural widths
        for (int i = 0; i < o.length; i++) n[i] = loc(in, o[i], in.mod == 3 && o[i].isRm() ? o[i].regBytes(in.opSize) : o[i].bytes(in.opSize));
        int a = n.length > 0 ? n[0] : NONE, b = n.length > 1 ? n[1] : NONE, c = n.length > 2 ? n[2] : NONE;
        int w = a != NONE ? bytes(a) : 0;
        switch (sem) {
            case MOV, ALU, TEST, IMUL2 -> b = loc(in, o[1], w); // the source at the destination's width
            case IMUL3 -> c = loc(in, o[2], w);
            case PUSH, POP -> a = loc(in, o[0], in.opSize);
            case SHIFT -> b = loc(in, o[1], 1);
            case SHLD, SHRD -> c = loc(in, o[2], 1);
            case JMP_IND, CALL_IND -> a = loc(in, o[0], 8);
            case BSF, BSR -> { if (w == 4) a = reg(in.reg, 8); } // a zero source leaves all 64 bits alone
            case BMI -> { // sources at the destination's width, an immediate as its byte
                b = loc(in, o[1], o[1].kind() == 'I' ? 1 : w);
                if (o.length > 2) c = loc(in, o[2], o[2].kind() == 'I' ? 1 : w);
            }
            default -> { }
        }
        d = a;
        s = b;
        t = c;
    }

    // ------------------------------------------------------------------ packed locations

    private static int pack(int kind, int reg, boolean high, int bytes) {
        return kind | reg << 2 | (high ? 1 << 7 : 0) | bytes << 8;
    }

    static int kind(int l) {
        return l & 3;
    }

    static int reg(int l) {
        return l >>> 2 & 31;
    }

    static boolean high(int l) {
        return (l & 1 << 7) != 0;
    }

    static int bytes(int l) {
        return l >>> 8;
    }

    static boolean isMem(int l) {
        return (l & 3) == MEM;
    }

    /** General register {@code r} at a width; without REX, byte registers 4-7 are AH, CH, DH, BH. */
    int reg(int r, int bytes) {
        if (bytes == 1 && !rex && r >= 4 && r < 8) return pack(REG, r - 4, true, 1);
        return pack(REG, r, false, bytes);
    }

    private int loc(Instruction in, Operand o, int bytes) {
        return switch (o.kind()) {
            case 'G' -> reg(in.reg, bytes);
            case 'Z' -> reg(in.rm, bytes);
            case 'B' -> reg(in.vvvv, bytes);
            case 'A' -> reg(0, bytes);
            case 'C' -> reg(1, 1);
            case 'K' -> pack(ONE, 0, false, bytes);
            case 'I' -> pack(IMM, 0, false, bytes);
            case 'O' -> pack(MEM, 0, false, bytes);
            default -> in.mod == 3 ? reg(in.rm, bytes) : pack(MEM, 0, false, bytes);
        };
    }
}
