package lxrun.translator.x86;

/** One decoded instruction: its row in the opcode table plus everything the encoding said. */
public final class Instruction {
    public static final int SEG_NONE = 0, SEG_FS = 4, SEG_GS = 5;
    /** Pseudo base register for RIP-relative addressing. */
    public static final int RIP = 16;

    public long address;
    public int length;
    public byte[] bytes;
    public Entry entry;
    public int opcode;

    public boolean lock, rep, repne, opsize, adsize;
    public int segment;
    public boolean rex, rexW;
    /** VEX-encoded (C4/C5): W (operand size 64 like REX.W), L (vector length 256), vvvv (register, un-inverted). */
    public boolean vex, vexW, vexL;
    public int vvvv;
    /** Operand size in bytes (2, 4, 8; byte operands are sized by their spec). */
    public int opSize;

    public boolean hasModrm;
    public int mod, reg, rm;
    /** Memory operand: base register (-1 none, RIP), index (-1 none), scale 1/2/4/8, displacement. */
    public int base = -1, index = -1, scale = 1;
    public long disp;
    public long imm, imm2;

    public boolean isMem() {
        return hasModrm && mod != 3;
    }

    /** Executed as a compare-and-swap loop: LOCK with a memory destination, or XCHG with memory (locked without the prefix). */
    public boolean lockedRmw() {
        if (!isMem()) return false;
        Sem sem = entry.sem();
        if (sem == Sem.XCHG) return true;
        return lock && entry.has(Entry.LOCKABLE) && sem != Sem.CMPXCHG16B;
    }

    public long next() {
        return address + length;
    }

    public String hexBytes() {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
