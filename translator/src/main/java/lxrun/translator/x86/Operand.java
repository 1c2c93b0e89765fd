package lxrun.translator.x86;

/**
 * An operand spec: an addressing kind and a size code, as in the SDM's opcode map notation.
 *
 * <p>Kinds: E r/m (GPR or memory), G reg field (GPR), M memory only, I immediate, J relative branch,
 * O moffs, Z register in the opcode's low bits, A accumulator, C CL, K constant 1,
 * V reg field (XMM), W r/m (XMM or memory), U r/m (XMM only), P reg field (MMX), Q r/m (MMX or memory),
 * N r/m (MMX only), R r/m of a register-only form (GPR, e.g. RDFSBASE), B the GPR in VEX.vvvv,
 * X/Y string source/dest.
 * Sizes: b w d q (8 16 32 64), v (16/32/64 by prefixes), z (16/32, imm of v), y (32/64), t (80, x87),
 * and for XMM: ss sd ps pd x (128) dq; mb mw: a byte or word in memory but a 32-bit register (the SDM's
 * Rd/Mb and Rd/Mw of pextrb/pextrw/pinsrb).
 */
public record Operand(char kind, String size) {
    public boolean usesModrm() {
        return "EGMVWUNRPQ".indexOf(kind) >= 0;
    }

    public boolean isRm() {
        return "EMWUNRQ".indexOf(kind) >= 0;
    }

    public boolean isXmm() {
        return kind == 'V' || kind == 'W' || kind == 'U';
    }

    public boolean isMmx() {
        return kind == 'P' || kind == 'Q' || kind == 'N';
    }

    /** An XMM or MMX register operand (or its memory form): not a general register. */
    public boolean isVector() {
        return isXmm() || isMmx();
    }

    static Operand[] parse(String spec) {
        if (spec.isEmpty()) return new Operand[0];
        String[] parts = spec.split(",");
        Operand[] out = new Operand[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            out[i] = switch (p) {
                case "AL" -> new Operand('A', "b");
                case "rAX" -> new Operand('A', "v");
                case "eAX" -> new Operand('A', "y");
                case "CL" -> new Operand('C', "b");
                case "1" -> new Operand('K', "b");
                case "DX" -> new Operand('D', "w");
                default -> new Operand(p.charAt(0), p.substring(1));
            };
        }
        return out;
    }

    /** Size in bytes of a GPR/memory operand given the instruction's operand size. */
    public int bytes(int opSize) {
        return switch (size) {
            case "b", "mb" -> 1;
            case "w", "mw" -> 2;
            case "d", "ss" -> 4;
            case "q", "sd" -> 8;
            case "v" -> opSize;
            case "z" -> Math.min(opSize, 4);
            case "y" -> opSize == 8 ? 8 : 4;
            case "t" -> 10; // m80 (x87)
            case "x", "ps", "pd", "dq" -> 16;
            default -> opSize;
        };
    }

    /** Size in bytes of the operand when ModRM selects a register (differs from memory only for mb/mw). */
    public int regBytes(int opSize) {
        return size.equals("mb") || size.equals("mw") ? 4 : bytes(opSize);
    }
}
