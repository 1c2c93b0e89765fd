package lxrun.translator.x86;

/**
 * One row of the opcode table.
 *
 * @param mnemonic  as the disassembler prints it
 * @param operands  operand specs in the SDM's appendix-A notation, destination first ("Ev,Gv", "Vsd,Wsd")
 * @param sem       which emitter implements it
 * @param sub       a small parameter for that emitter (ALU op, shift kind, store size...)
 * @param helper    for X87/SSE/BMI rows: the name of the static method in ops that implements it
 * @param attrs     {@link #D64} default 64-bit operand size, {@link #F64} forced 64-bit, {@link #LOCKABLE}...
 */
public record Entry(String mnemonic, Operand[] operands, Sem sem, int sub, String helper, int attrs) {
    /** Operand size defaults to 64 bits in long mode (push, pop, near branches). */
    public static final int D64 = 1;
    /** Operand size is always 64 bits (near branches ignore 66). */
    public static final int F64 = 2;
    /** Accepts a LOCK prefix (with a memory destination). */
    public static final int LOCKABLE = 4;
    /** Ends a basic block. */
    public static final int BRANCH = 8;
    /** Reads the arithmetic flags. */
    public static final int READS_FLAGS = 16;
    /** Writes all six arithmetic flags without reading them (so earlier flag results are dead). */
    public static final int WRITES_FLAGS = 32;
    /** Memory operand required (mod == 3 is undefined). */
    public static final int MEM_ONLY = 64;
    /** Register operand required (mod != 3 is undefined). */
    public static final int REG_ONLY = 128;
    /** VEX-encoded with VEX.L = 0 required (the SDM's VEX.LZ / VEX.L0): L = 1 is #UD. */
    public static final int VEX_L0 = 256;

    /**
     * The mnemonic for an operand size: a row whose name changes with the size lists the names as
     * "a|b" (32|64 bits) or "a|b|c" (16|32|64 bits).
     */
    public String mnemonic(int opSize) {
        String[] names = mnemonic.split("\\|");
        if (names.length == 1) return mnemonic;
        int i = opSize == 8 ? names.length - 1 : opSize == 4 ? names.length - 2 : 0;
        return names[Math.max(i, 0)];
    }

    public boolean has(int attr) {
        return (attrs & attr) != 0;
    }

    /** RFLAGS bits the SDM leaves undefined after this instruction with this operand width and count. */
    public long undefinedFlags(int bits, long count) {
        return UndefinedFlags.mask(this, bits, count);
    }

    public boolean hasModrm() {
        for (Operand o : operands) if (o.usesModrm()) return true;
        return false;
    }
}
