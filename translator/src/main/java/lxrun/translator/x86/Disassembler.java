package lxrun.translator.x86;

/** Intel-syntax text of a decoded instruction, from the same opcode table rows; for errors and traces. */
public final class Disassembler {
    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
        "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
        "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
    private static final String[] R8REX = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
        "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};

    private Disassembler() {}

    public static String gpr(int r, int bytes, boolean rex) {
        return switch (bytes) {
            case 1 -> rex || r >= 8 ? R8REX[r] : R8[r];
            case 2 -> R16[r];
            case 4 -> R32[r];
            default -> R64[r];
        };
    }

    public static String format(Instruction in) {
        StringBuilder sb = new StringBuilder();
        if (in.lock) sb.append("lock ");
        if (in.entry.sem() == Sem.STRING && in.rep) sb.append(in.entry.sub() == OpcodeTable.CMPS || in.entry.sub() == OpcodeTable.SCAS ? "repe " : "rep ");
        if (in.entry.sem() == Sem.STRING && in.repne) sb.append("repne ");
        sb.append(in.entry.mnemonic(in.opSize));
        String sep = " ";
        for (Operand o : in.entry.operands()) {
            sb.append(sep).append(operand(in, o));
            sep = ", ";
        }
        return sb.toString();
    }

    private static String operand(Instruction in, Operand o) {
        int n = o.bytes(in.opSize);
        return switch (o.kind()) {
            case 'G' -> gpr(in.reg, n, in.rex);
            case 'Z' -> gpr(in.rm, n, in.rex);
            case 'A' -> gpr(0, n, in.rex);
            case 'C' -> "cl";
            case 'D' -> "dx";
            case 'K' -> "1";
            case 'V' -> "xmm" + in.reg;
            case 'I' -> o == in.entry.operands()[in.entry.operands().length - 1] && in.entry.operands().length > 1
                    && in.entry.operands()[in.entry.operands().length - 2].kind() == 'I'
                    ? hex(in.imm2) : hex(in.imm);
            case 'J' -> String.format("0x%x", in.next() + in.imm);
            case 'O' -> size(n) + "[" + String.format("0x%x", in.disp) + "]";
            case 'X' -> size(n) + "[rsi]";
            case 'Y' -> size(n) + "[rdi]";
            default -> in.mod == 3 ? (o.isXmm() ? "xmm" + in.rm : gpr(in.rm, n, in.rex)) : memory(in, o, n);
        };
    }

    private static String memory(Instruction in, Operand o, int n) {
        StringBuilder sb = new StringBuilder();
        if (o.kind() != 'M' || !o.size().isEmpty()) sb.append(size(n));
        if (in.segment == Instruction.SEG_FS) sb.append("fs:");
        if (in.segment == Instruction.SEG_GS) sb.append("gs:");
        sb.append('[');
        String plus = "";
        if (in.base == Instruction.RIP) {
            sb.append("rip");
            plus = "+";
        } else if (in.base >= 0) {
            sb.append(in.adsize ? R32[in.base] : R64[in.base]);
            plus = "+";
        }
        if (in.index >= 0) {
            sb.append(plus).append(in.adsize ? R32[in.index] : R64[in.index]);
            if (in.scale != 1) sb.append('*').append(in.scale);
            plus = "+";
        }
        if (in.disp != 0 || plus.isEmpty()) {
            if (in.disp < 0 && !plus.isEmpty()) sb.append(String.format("-0x%x", -in.disp));
            else sb.append(plus).append(String.format("0x%x", in.disp));
        }
        return sb.append(']').toString();
    }

    private static String size(int n) {
        return switch (n) {
            case 1 -> "byte ptr ";
            case 2 -> "word ptr ";
            case 4 -> "dword ptr ";
            case 8 -> "qword ptr ";
            case 10 -> "tbyte ptr ";
            case 16 -> "xmmword ptr ";
            default -> "";
        };
    }

    private static String hex(long v) {
        return v < 0 ? String.format("-0x%x", -v) : String.format("0x%x", v);
    }
}
