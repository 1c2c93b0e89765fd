package lxrun.translator.x86;

import lxrun.runtime.cpu.Flags;

/**
 * The opcode table's flag masks: which status flags (CF PF AF ZF SF OF, as RFLAGS bits) an instruction reads
 * and which it always overwrites. Liveness passes read these; an instruction's flags may be left uncomputed
 * when none of those it writes is read before being overwritten.
 *
 * <p>Conservative where a row is not sure: a flag written only sometimes (a shift by CL, which may be 0; a
 * REP string compare, which may run 0 times) is not "overwritten"; a row marked as reading flags without a
 * finer rule reads all six. A row that passes a flag through (INC and DEC keep CF) neither reads nor writes it.
 */
public final class FlagEffects {
    private FlagEffects() {}

    public static final long CF = Flags.CF, PF = Flags.PF, AF = Flags.AF, ZF = Flags.ZF, SF = Flags.SF, OF = Flags.OF;
    public static final long ALL = Flags.STATUS_MASK;

    /** The flags condition code {@code cc} (0..15, the SDM's tttn) tests. */
    public static long condition(int cc) {
        return switch (cc >>> 1) {
            case 0 -> OF;
            case 1 -> CF;
            case 2 -> ZF;
            case 3 -> CF | ZF;
            case 4 -> SF;
            case 5 -> PF;
            case 6 -> SF | OF;
            default -> ZF | SF | OF;
        };
    }

    /** Flags whose incoming values the instruction's result depends on (or shows: PUSHF, a signal frame). */
    public static long reads(Instruction in) {
        Entry e = in.entry;
        return switch (e.sem()) {
            case JCC, SETCC, CMOVCC -> condition(e.sub());
            case LOOP -> e.sub() < 2 ? ZF : 0;
            case ALU -> e.sub() == OpcodeTable.ADC || e.sub() == OpcodeTable.SBB ? CF : 0;
            case SHIFT -> e.sub() == OpcodeTable.RCL || e.sub() == OpcodeTable.RCR ? CF : 0;
            case INC, DEC -> 0;
            case FLAGOP -> e.sub() == OpcodeTable.CMC ? CF : 0;
            case ADX -> e.sub() == 0 ? CF : OF;
            case X87 -> e.helper() != null && e.helper().startsWith("fcmov") ? CF | ZF | PF : 0;
            // RFLAGS goes to R11, or into the signal frame a handler may read and return through
            case SYSCALL, INT3, INT, UD, HLT -> ALL;
            default -> e.has(Entry.READS_FLAGS) ? ALL : 0;
        };
    }

    /**
     * Flags the instruction overwrites whatever their earlier values (every time it completes). Flags the
     * SDM leaves undefined count as overwritten only where they are defined to be set or cleared: BT keeps ZF,
     * SAHF keeps OF, MUL and DIV may keep what they do not define (a row's {@link Entry#WRITES_FLAGS} mark says
     * only that it changes flags).
     */
    public static long writes(Instruction in) {
        Entry e = in.entry;
        if (!e.has(Entry.WRITES_FLAGS)) {
            return switch (e.sem()) {
                case INC, DEC -> ALL & ~CF;
                case FLAGOP -> e.sub() <= OpcodeTable.CMC ? CF : 0;
                case ADX -> e.sub() == 0 ? CF : OF;
                default -> 0;
            };
        }
        return switch (e.sem()) {
            case ALU, TEST, NEG, CMPXCHG, XADD, POPF, POPCNT, SSE -> ALL;
            case STRING -> in.rep || in.repne ? 0 : ALL; // a repeat count of 0 changes nothing
            case SAHF -> SF | ZF | AF | PF | CF;
            case BT -> CF;
            case BSF, BSR -> ZF;
            case TZCNT, LZCNT -> CF | ZF;
            case MUL1, IMUL1, IMUL2, IMUL3 -> CF | OF;
            case BMI -> "bextr".equals(e.helper()) ? ZF | CF | OF : ZF | SF | CF | OF;
            default -> 0; // DIV, IDIV: all six undefined
        };
    }
}
