package lxrun.translator.x86;

/**
 * An operand spec: an addressing kind and a size code, as in the SDM's opcode map notation.
 *
 * <p>Kinds: E r/m (GPR or memory), G reg field (GPR), M memory only, I immediate, J relative branch,
 * O moffs, Z register in the opcode's low bits, A accumulator, C CL, K constant 1,
 * V reg field (XMM), W r/m (XMM or memory), U r/m (XMM only), N r/m (GPR only), X/Y string source/dest.
 * Sizes: b w d q (8 16 32 64), v (16/32/64 by prefixes), z (16/32, imm of v), y (32/64), t (80, x87),
 * and for XMM: ss sd ps pd x (128) dq.
 */
public record Operand(char kind, String size) {
    public boolean usesModrm() {
        return "EGMVWUNR".indexOf(kind) >= 0;
    }

    public boolean isRm() {
        return "EMWUNR".indexOf(kind) >= 0;
    }

    public boolean isXmm() {
        return kind == 'V' || kind == 'W' || kind == 'U';
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
            case "b" -> 1;
            case "w" -> 2;
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
}
