package lxrun.translator.x86;

/**
 * One row of the opcode table.
 *
 * @param mnemonic  as the disassembler prints it (alternatives by operand size: {@link #mnemonic(int)})
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
    /** Changes arithmetic flags (which ones, and whether earlier values survive: {@link FlagEffects}). */
    public static final int WRITES_FLAGS = 32;
    /** Memory operand required (mod == 3 is undefined). */
    public static final int MEM_ONLY = 64;
    /** Register operand required (mod != 3 is undefined). */
    public static final int REG_ONLY = 128;
    /** VEX-encoded with VEX.L = 0 required (the SDM's VEX.LZ / VEX.L0): L = 1 is #UD. */
    public static final int VEX_L0 = 256;

    /**
     * The mnemonic for an operand size: a row may name one per size, "cbw|cwde|cdqe" (16, 32, 64 bits) or
     * "cmpxchg8b|cmpxchg16b" (without and with REX.W).
     */
    public String mnemonic(int opSize) {
        if (mnemonic.indexOf('|') < 0) return mnemonic;
        String[] alt = mnemonic.split("\\|");
        int i = opSize == 8 ? alt.length - 1 : opSize == 4 && alt.length > 2 ? 1 : 0;
        return alt[i];
    }

    public boolean has(int attr) {
        return (attrs & attr) != 0;
    }

    /** RFLAGS bits the SDM leaves undefined after this instruction with this operand width and count. */
    public long undefinedFlags(int bits, long count) {
        return UndefinedFlags.mask(this, bits, count);
    }

    /** The {@code lxrun.translator.ops} class of an X87/SSE/BMI row's helper: the row's "Class.method", else by semantic class. */
    public String helperOwner() {
        int dot = helper.indexOf('.');
        if (dot >= 0) return helper.substring(0, dot);
        return switch (sem) {
            case X87 -> "X87";
            case BMI -> "Bits";
            default -> "Sse";
        };
    }

    /** The helper's method name, for an instruction with operand size {@code opSize} (see {@link #wideHelper}). */
    public String helperMethod(int opSize) {
        String m = helper.substring(helper.indexOf('.') + 1);
        return wideHelper(opSize) ? m + "_q" : m;
    }

    /**
     * True when REX.W selects the helper's 64-bit variant (named with "_q"): a GPR operand of size y, or the
     * implicit rAX/rDX lengths of PCMPESTRI/PCMPESTRM.
     */
    private boolean wideHelper(int opSize) {
        if (opSize != 8 || operands.length < 2 || (sem != Sem.SSE)) return false;
        for (Operand o : operands) if (!o.isVector() && o.size().equals("y")) return true;
        return helper.equals("SseStrings.pcmpestri") || helper.equals("SseStrings.pcmpestrm");
    }

    /** The SDM's SSE instructions whose 16-byte memory operand need not be aligned (the rest raise #GP). */
    private static final java.util.Set<String> UNALIGNED = java.util.Set.of("movups", "movupd", "movdqu", "lddqu",
            "pcmpestri", "pcmpestrm", "pcmpistri", "pcmpistrm");

    /** A 16-byte memory operand of this (legacy SSE) row must be 16-byte aligned. */
    public boolean alignedMemory() {
        return !UNALIGNED.contains(mnemonic);
    }

    public boolean hasModrm() {
        for (Operand o : operands) if (o.usesModrm()) return true;
        return false;
    }
}
