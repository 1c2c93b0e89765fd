package lxrun.translator.jit;

import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which guest registers an instruction touches: those its emitted bytecode reads or writes (they get a JVM
 * local in the region) and those its helper reads or writes in CpuState.r (written back before the helper
 * runs and reloaded after it).
 */
final class RegisterUse {
    private RegisterUse() {}

    /** Register sets CodeGen writes back and reloads: all, a string instruction's and the others. */
    static final int[] ALL = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, STRING_REGS = {0, 1, 6, 7},
            NOT_STRING_REGS = {2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int[] NONE = {}, RAX_RDX = {0, 2}, RAX_TO_RBX = {0, 1, 2, 3}, RAX_ONLY = {0}, RDI_ONLY = {7},
            FRAME = {4, 5}, RAX_TO_RDX = {0, 1, 2}, RCX_ONLY = {1};

    /** SSE helpers that use GPRs implicitly: the SSE4.2 string compares (lengths in rAX/rDX, index to ECX), MASKMOVDQU's [RDI]. */
    private static final Map<String, int[]> SSE_GPRS = Map.of(
            "SseStrings.pcmpestri", RAX_TO_RDX, "SseStrings.pcmpestrm", RAX_RDX, "SseStrings.pcmpistri", RCX_ONLY,
            "maskmovdqu", RDI_ONLY, "Mmx.maskmovq", RDI_ONLY);

    /** The general registers an instruction's emitted bytecode reads or writes (not those its helpers touch). */
    static List<Integer> registersUsed(Instruction i) {
        List<Integer> out = new ArrayList<>();
        for (Operand o : i.entry.operands()) {
            switch (o.kind()) {
                case 'G' -> out.add(i.reg);
                case 'Z' -> out.add(i.rm);
                case 'B' -> out.add(i.vvvv);
                case 'A' -> out.add(0);
                case 'C' -> out.add(1);
                default -> {
                    if (o.isRm() && !o.isVector() && i.mod == 3) out.add(i.rm);
                }
            }
        }
        if (i.isMem()) {
            if (i.base >= 0 && i.base != Instruction.RIP) out.add(i.base);
            out.add(i.index);
        }
        for (int k = 0, n = out.size(); k < n; k++) {
            int r = out.get(k);
            if (r >= 4 && r < 8) out.add(r - 4); // AH..BH when the operand is a byte
        }
        switch (i.entry.sem()) {
            case PUSH, POP, CALL, CALL_IND, RET, PUSHF, POPF -> out.add(4);
            case LEAVE -> { out.add(4); out.add(5); }
            case CBW, CMPXCHG -> out.add(0);
            case CWD -> { out.add(0); out.add(2); }
            case XLAT -> { out.add(0); out.add(3); }
            case LOOP, JRCXZ, RDTSCP -> out.add(1); // RDTSCP: ECX = TSC_AUX
            case MULX -> out.add(2);
            case SYSCALL -> { out.add(1); out.add(11); }
            default -> { }
        }
        return out;
    }

    /** The registers an instruction's helper reads or writes in CpuState.r. */
    static int[] helperRegisters(Instruction i) {
        return switch (i.entry.sem()) {
            case MUL1, IMUL1, DIV, IDIV, RDTSC, RDTSCP -> RAX_RDX;
            case STRING -> STRING_REGS;
            case CPUID, CMPXCHG16B -> RAX_TO_RBX;
            case LAHF, SAHF -> RAX_ONLY;
            case ENTER -> FRAME;
            case X87 -> "fnstsw_ax".equals(i.entry.helper()) ? RAX_ONLY : NONE;
            case SSE -> SSE_GPRS.getOrDefault(i.entry.helper(), NONE);
            default -> NONE;
        };
    }
}
