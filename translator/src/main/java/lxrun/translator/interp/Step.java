package lxrun.translator.interp;

import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

/**
 * One instruction decoded for the interpreter, self-contained and small (a compiler's start-up runs 10^5
 * blocks once, so what the interpreter keeps per instruction is most of its memory): the fields of the
 * encoding it reads, and its operands located once (register, width, high byte, memory, immediate) by the
 * rules the block compiler's emitter applies, packed in a short each.
 */
final class Step {
    /** Operand kinds, in the low two bits of a packed location. */
    static final int REG = 0, MEM = 1, IMM = 2, ONE = 3;
    static final int NONE = -1;

    final Entry entry;
    final Sem sem;
    final int sub;
    /** ENTER's two immediates share imm: the frame size in bits 0-15, the nesting level in 16-23. */
    final long address, imm, disp;
    final byte length, base, index, scaleShift, segment, opSize, mod, reg, rm;
    final boolean mem, adsize, rep, repne, rexW, rex;
    /** Executed as a compare-and-swap loop: LOCK with a memory destination, or XCHG with memory. */
    final boolean locked;
    /** The operands as the instruction's semantics use them, each at the width it is read or written with. */
    final short d, s, t;
    /** The ops helper of an SSE, x87 or BMI row; null for the others. */
    final Helper helper;

    /**
     * The fast form of this instruction, or {@link #GENERIC}: the common shapes (measured on cc1 and
     * python3: all but about 5% of the instructions cc1 runs) with their registers and width
     * resolved here, so the interpreter's loop runs them without asking operand kinds and widths.
     * A register written is a 32- or 64-bit one (no partial-register merge), but for SETcc's low byte; no
     * AH-BH operands.
     */
    final byte form;
    /** Destination and source register numbers of a fast form. */
    final byte rd, rs;
    /** Size index (0-3 for 8-64 bits) of the operation's width. */
    final byte size;

    static final int GENERIC = 0, MOV_RR = 1, MOV_RI = 2, MOV_RM = 3, MOV_MR = 4, MOV_MI = 5, MOVZX_RM = 6,
            MOVZX_RR = 7, MOVSX_RM = 8, MOVSX_RR = 9, LEA = 10, PUSH_R = 11, POP_R = 12, ALU_RR = 13, ALU_RI = 14,
            ALU_RM = 15, ALU_MR = 16, ALU_MI = 17, TEST_RR = 18, TEST_RI = 19, TEST_MR = 20, TEST_MI = 21, JCC = 22,
            JMP = 23, CALL = 24, RET = 25, JMP_IND_R = 26, JMP_IND_M = 27, CALL_IND_R = 28, CALL_IND_M = 29,
            SHIFT_RI = 30, INC_R = 31, DEC_R = 32, SETCC_R = 33, CMOV_RR = 34;

    Step(Instruction in) {
        entry = in.entry;
        sem = in.entry.sem();
        sub = in.entry.sub();
        address = in.address;
        length = (byte) in.length;
        imm = sem == Sem.ENTER ? in.imm & 0xffff | (in.imm2 & 0xff) << 16 : in.imm;
        byte b0 = (byte) in.base;
        long disp0 = in.disp;
        index = (byte) in.index;
        scaleShift = (byte) Integer.numberOfTrailingZeros(in.scale);
        segment = (byte) in.segment;
        opSize = (byte) in.opSize;
        mod = (byte) in.mod;
        reg = (byte) in.reg;
        rm = (byte) in.rm;
        mem = in.isMem();
        // RIP-relative: the address is known now (with 67, EIP-relative, truncated like any 32-bit address)
        if (in.base == Instruction.RIP) {
            b0 = -1;
            disp0 = in.next() + in.disp;
        }
        base = b0;
        disp = disp0;
        adsize = in.adsize;
        rep = in.rep;
        repne = in.repne;
        rexW = in.rexW;
        rex = in.rex;
        locked = in.lockedRmw();
        helper = Helper.of(in);
        Operand[] o = in.entry.operands();
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
        d = (short) a;
        s = (short) b;
        t = (short) c;
        form = (byte) form(this);
        rd = (byte) (a != NONE ? reg(a) : 0);
        rs = (byte) (b != NONE ? reg(b) : 0);
        size = (byte) Integer.numberOfTrailingZeros(a != NONE ? bytes(a) : 8);
    }

    /** The address of the next instruction. */
    long next() {
        return address + length;
    }

    /** A direct branch's target. */
    long target() {
        return address + length + imm;
    }

    /** Where the trace goes on after this step: a JMP's target (a trace follows each JMP it holds), else the next instruction. */
    long follow() {
        return form == JMP ? target() : next();
    }

    /** The mask of the operation's width. */
    long mask() {
        return -1L >>> (64 - (8 << size));
    }

    /** A fast form's immediate at its width. */
    long value() {
        return imm & mask();
    }

    /** The fast form of {@code st} (its operands located), or GENERIC. */
    private static int form(Step st) {
        int d = st.d, s = st.s;
        int w = d != NONE ? bytes(d) : 0;
        boolean wide = w >= 4, rD = d != NONE && kind(d) == REG, mD = d != NONE && kind(d) == MEM;
        int ks = s != NONE ? kind(s) : -1;
        switch (st.sem) { // direct branches and RET: their operand is a displacement or an immediate
            case JCC: return JCC;
            case JMP: return JMP;
            case CALL: return CALL;
            case RET: return RET;
            default: break;
        }
        // the other forms' register operands are plain 32/64-bit ones or sources read whole
        if (d == NONE || st.locked || st.adsize && st.mem || rD && high(d) || ks == REG && high(s)) return GENERIC;
        return switch (st.sem) {
            case MOV -> !wide ? GENERIC : rD ? (ks == REG ? MOV_RR : ks == IMM ? MOV_RI : ks == MEM ? MOV_RM : GENERIC)
                    : mD ? (ks == REG ? MOV_MR : ks == IMM ? MOV_MI : GENERIC) : GENERIC;
            case MOVZX -> wide && rD && bytes(s) < 4 ? (ks == REG ? MOVZX_RR : ks == MEM ? MOVZX_RM : GENERIC) : GENERIC;
            case MOVSX -> wide && rD ? (ks == REG ? MOVSX_RR : ks == MEM ? MOVSX_RM : GENERIC) : GENERIC;
            case LEA -> wide && rD ? LEA : GENERIC;
            case PUSH -> rD && w == 8 ? PUSH_R : GENERIC;
            case POP -> rD && w == 8 ? POP_R : GENERIC;
            case ALU -> {
                boolean store = st.sub != OpcodeTable.CMP;
                if (rD && (wide || !store)) yield ks == REG ? ALU_RR : ks == IMM ? ALU_RI : ks == MEM ? ALU_RM : GENERIC;
                yield mD ? (ks == REG ? ALU_MR : ks == IMM ? ALU_MI : GENERIC) : GENERIC;
            }
            case TEST -> rD ? (ks == REG ? TEST_RR : ks == IMM ? TEST_RI : GENERIC) : mD ? (ks == REG ? TEST_MR : ks == IMM ? TEST_MI : GENERIC) : GENERIC;
            case JMP_IND -> rD ? JMP_IND_R : mD ? JMP_IND_M : GENERIC;
            case CALL_IND -> rD ? CALL_IND_R : mD ? CALL_IND_M : GENERIC;
            case SHIFT -> wide && rD && (ks == IMM || ks == ONE) ? SHIFT_RI : GENERIC;
            case INC -> wide && rD ? INC_R : GENERIC;
            case DEC -> wide && rD ? DEC_R : GENERIC;
            case SETCC -> rD ? SETCC_R : GENERIC;
            case CMOVCC -> wide && rD && ks == REG ? CMOV_RR : GENERIC;
            default -> GENERIC;
        };
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
