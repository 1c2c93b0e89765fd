package lxrun.translator.x86;

import lxrun.runtime.cpu.Flags;

/**
 * The opcode table's column of RFLAGS bits the SDM leaves undefined, per mnemonic (and, for shifts, per
 * count): {@link Entry#undefinedFlags}. The instruction-level harness masks exactly these before comparing
 * translated and native results; the translator may compute anything for them.
 */
public final class UndefinedFlags {
    private UndefinedFlags() {}

    private static final long CF = Flags.CF, PF = Flags.PF, AF = Flags.AF, ZF = Flags.ZF, SF = Flags.SF, OF = Flags.OF;
    public static final long ALL = CF | PF | AF | ZF | SF | OF;

    /**
     * Undefined status flags of one execution.
     *
     * @param e     the row
     * @param bits  operand width in bits (for shifts)
     * @param count the shift/rotate count as the instruction sees it before masking (imm8, 1, or CL)
     */
    public static long mask(Entry e, int bits, long count) {
        String mn = e.mnemonic();
        switch (mn) {
            case "and", "or", "xor", "test":
                return AF;
            case "mul", "imul":
                return SF | ZF | AF | PF;
            case "div", "idiv":
                return ALL;
            case "bsf", "bsr":
                return CF | OF | SF | AF | PF;
            case "bt", "bts", "btr", "btc", "lzcnt", "tzcnt":
                return OF | SF | AF | PF;
            case "andn", "blsi", "blsmsk", "blsr", "bzhi":
                return AF | PF;
            case "bextr":
                return AF | SF | PF;
            default:
                break;
        }
        int n = (int) (count & (bits == 64 ? 63 : 31));
        switch (mn) {
            case "shl", "sal", "shr", "sar":
                if (n == 0) return 0;
                return AF | (n != 1 ? OF : 0);
            case "rol", "ror", "rcl", "rcr":
                if (n == 0) return 0;
                return n != 1 ? OF : 0;
            case "shld", "shrd":
                if (n == 0) return 0;
                if (n > bits) return ALL; // the result is undefined as well (see resultUndefined)
                return AF | (n != 1 ? OF : 0);
            default:
                return 0;
        }
    }

    /** True when the SDM leaves the destination itself undefined (SHLD/SHRD of 16 bits by more than 16). */
    public static boolean resultUndefined(Entry e, int bits, long count) {
        String mn = e.mnemonic();
        if (mn.equals("shld") || mn.equals("shrd")) {
            int n = (int) (count & (bits == 64 ? 63 : 31));
            return n > bits;
        }
        return false;
    }
}
