package lxrun.runtime.cpu;

/**
 * Lazy evaluation of the six arithmetic flags from the last flag-setting operation.
 *
 * <p>{@code ccOp = kind * 4 + size} where size 0..3 is 8/16/32/64 bits. The operands are stored unmasked;
 * evaluation masks to the width. Kinds and what {@code ccSrc1/ccSrc2} hold:
 * ADD/ADC/SUB/SBB: the two operands (ADC/SBB only with a carry-in of one, else ADD/SUB);
 * LOGIC: nothing (CF=OF=AF=0); INC/DEC: src1 the operand, src2 the carry flag from before;
 * MUL: src1 = 1 when the result overflowed (CF=OF). EFLAGS: ccDst holds the flags themselves.
 */
public final class Flags {
    public static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
    public static final long STATUS_MASK = CF | PF | AF | ZF | SF | OF;

    public static final int ADD = 0, ADC = 1, SUB = 2, SBB = 3, LOGIC = 4, INC = 5, DEC = 6, MUL = 7, EFLAGS = 8;
    public static final int CC_EFLAGS = EFLAGS * 4;

    /** Condition codes in the order of the low nibble of Jcc/SETcc/CMOVcc opcodes. */
    public static final int O = 0, NO = 1, B = 2, AE = 3, E = 4, NE = 5, BE = 6, A = 7,
            S = 8, NS = 9, P = 10, NP = 11, L = 12, GE = 13, LE = 14, G = 15;

    private static final long[] MASK = {0xffL, 0xffffL, 0xffffffffL, -1L};
    private static final int[] SIGN_SHIFT = {7, 15, 31, 63};

    private Flags() {}

    public static long mask(int size) {
        return MASK[size];
    }

    private static long parity(long v) {
        return (Long.bitCount(v & 0xff) & 1) == 0 ? PF : 0;
    }

    /** The status flags (CF PF AF ZF SF OF) as RFLAGS bits. */
    public static long materialize(CpuState c) {
        int op = c.ccOp;
        int kind = op >>> 2, size = op & 3;
        long m = MASK[size];
        int sh = SIGN_SHIFT[size];
        long d = c.ccDst & m, a = c.ccSrc1 & m, b = c.ccSrc2 & m;
        long f;
        switch (kind) {
            case ADD, ADC -> {
                f = (kind == ADD ? Long.compareUnsigned(d, a) < 0 : Long.compareUnsigned(d, a) <= 0) ? CF : 0;
                f |= (((a ^ d) & (b ^ d)) >>> sh & 1) != 0 ? OF : 0;
                f |= (a ^ b ^ d) & AF;
            }
            case SUB, SBB -> {
                f = (kind == SUB ? Long.compareUnsigned(a, b) < 0 : Long.compareUnsigned(a, b) <= 0) ? CF : 0;
                f |= (((a ^ b) & (a ^ d)) >>> sh & 1) != 0 ? OF : 0;
                f |= (a ^ b ^ d) & AF;
            }
            case LOGIC -> f = 0;
            case INC -> {
                f = c.ccSrc2 & CF;
                f |= d == (1L << sh) ? OF : 0;
                f |= (a ^ d) & AF;
            }
            case DEC -> {
                f = c.ccSrc2 & CF;
                f |= d == ((1L << sh) - 1 & m) ? OF : 0;
                f |= (a ^ d) & AF;
            }
            case MUL -> f = c.ccSrc1 != 0 ? CF | OF : 0;
            default -> {
                return c.ccDst & STATUS_MASK;
            }
        }
        f |= d == 0 ? ZF : 0;
        f |= (d >>> sh & 1) != 0 ? SF : 0;
        f |= parity(d);
        return f;
    }

    public static boolean cf(CpuState c) {
        int op = c.ccOp;
        int kind = op >>> 2;
        long m = MASK[op & 3];
        return switch (kind) {
            case ADD -> Long.compareUnsigned(c.ccDst & m, c.ccSrc1 & m) < 0;
            case SUB -> Long.compareUnsigned(c.ccSrc1 & m, c.ccSrc2 & m) < 0;
            case LOGIC -> false;
            case EFLAGS -> (c.ccDst & CF) != 0;
            default -> (materialize(c) & CF) != 0;
        };
    }

    /** Evaluates condition {@code cc} (0..15) against the current lazy flags. */
    public static boolean cond(CpuState c, int cc) {
        int op = c.ccOp;
        if (op >>> 2 == SUB) {
            // cmp/sub: decide from the operands without building RFLAGS
            int size = op & 3;
            long m = MASK[size];
            int sh = 63 - SIGN_SHIFT[size];
            long a = c.ccSrc1, b = c.ccSrc2;
            switch (cc) {
                case E: return ((a - b) & m) == 0;
                case NE: return ((a - b) & m) != 0;
                case B: return Long.compareUnsigned(a & m, b & m) < 0;
                case AE: return Long.compareUnsigned(a & m, b & m) >= 0;
                case BE: return Long.compareUnsigned(a & m, b & m) <= 0;
                case A: return Long.compareUnsigned(a & m, b & m) > 0;
                case L: return (a << sh) < (b << sh);
                case GE: return (a << sh) >= (b << sh);
                case LE: return (a << sh) <= (b << sh);
                case G: return (a << sh) > (b << sh);
                default: break;
            }
        } else if (op >>> 2 == LOGIC) {
            int sh = 63 - SIGN_SHIFT[op & 3];
            long d = c.ccDst << sh;
            switch (cc) {
                case E: return d == 0;
                case NE: return d != 0;
                case S, L: return d < 0;
                case NS, GE: return d >= 0;
                case LE: return d <= 0;
                case G: return d > 0;
                default: break;
            }
        }
        return condOf(materialize(c), cc);
    }

    public static boolean condOf(long f, int cc) {
        boolean r = switch (cc >>> 1) {
            case 0 -> (f & OF) != 0;
            case 1 -> (f & CF) != 0;
            case 2 -> (f & ZF) != 0;
            case 3 -> (f & (CF | ZF)) != 0;
            case 4 -> (f & SF) != 0;
            case 5 -> (f & PF) != 0;
            case 6 -> ((f & SF) != 0) != ((f & OF) != 0);
            default -> (f & ZF) != 0 || (((f & SF) != 0) != ((f & OF) != 0));
        };
        return r ^ ((cc & 1) != 0);
    }

    /** Replaces selected status flags, keeping the others (SAHF, shifts, rotates, BT...). */
    public static void set(CpuState c, long which, long values) {
        long f = materialize(c);
        c.ccDst = (f & ~which) | (values & which);
        c.ccOp = CC_EFLAGS;
    }
}
