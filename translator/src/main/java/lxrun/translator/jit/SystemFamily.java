package lxrun.translator.jit;

import lxrun.runtime.exec.EngineStats;
import lxrun.runtime.mem.GuestException;
import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import org.objectweb.asm.Label;

import static lxrun.translator.jit.BlockCompiler.CPU;
import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * System and miscellaneous rows: SYSCALL, CPUID, RDTSC(P), FS/GS base access, NOP and fences, the
 * traps (UD, INT3, INT, HLT), LAHF/SAHF, the flag operations, string instructions and CMPXCHG8B/16B.
 */
final class SystemFamily {
    private SystemFamily() {}

    static void syscall(CodeGen g, Instruction in, Operand[] ops) {
        g.lconst(in.next());
        int next = g.storeTemp();
        g.regWrite64(1, next); // the CPU saves RIP in RCX and RFLAGS in R11
        g.cpu();
        g.mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "rflags", "()J", false);
        g.regWrite64(11, g.storeTemp());
        g.cpu();
        g.lload(next);
        g.mv.visitFieldInsn(PUTFIELD, CPU, "rip", "J");
        g.flushRegisters();
        g.countExit(EngineStats.EXIT_SYSCALL);
        g.cpu();
        g.call("lxrun/runtime/ps/ProcessLayer", "systemCall", "(" + CPU_D + ")V");
        g.cpu();
        g.mv.visitFieldInsn(GETFIELD, CPU, "rip", "J");
        g.mv.visitInsn(LRETURN);
    }

    /** An instruction whose ops.Misc helper takes the CpuState alone (CPUID, RDTSC, LAHF, SAHF). */
    static Family misc(String helper) {
        return (g, in, ops) -> {
            g.cpu();
            g.call(MISC, helper, "(" + CPU_D + ")V");
        };
    }

    static void rdtscp(CodeGen g, Instruction in, Operand[] ops) {
        g.cpu();
        g.call(MISC, "rdtsc", "(" + CPU_D + ")V");
        g.lconst(0); // TSC_AUX: Linux puts (NUMA node << 12) | CPU number there, 0 for the one CPU here
        g.regWriteTop(1);
    }

    /** RDFSBASE/RDGSBASE (sub 0, 1) and WRFSBASE/WRGSBASE (sub 2, 3); a non-canonical base is #GP. */
    static void fsgsBase(CodeGen g, Instruction in, Operand[] ops) {
        int kind = in.entry.sub();
        Loc r = g.loc(ops[0]);
        String field = (kind & 1) == 0 ? "fsBase" : "gsBase";
        if (kind < 2) {
            g.cpu();
            g.mv.visitFieldInsn(GETFIELD, CPU, field, "J");
            g.storeTop(r); // a 32-bit destination gets the low half, zero-extended
            return;
        }
        g.load(r);
        int v = g.storeTemp();
        Label canonical = new Label();
        g.lload(v);
        g.iconst(16);
        g.mv.visitInsn(LSHL);
        g.iconst(16);
        g.mv.visitInsn(LSHR);
        g.lload(v);
        g.mv.visitInsn(LCMP);
        g.mv.visitJumpInsn(IFEQ, canonical);
        g.raise(GuestException.GP, "non-canonical base at " + g.describe());
        g.mv.visitLabel(canonical);
        g.cpu();
        g.lload(v);
        g.mv.visitFieldInsn(PUTFIELD, CPU, field, "J");
    }

    static void nop(CodeGen g, Instruction in, Operand[] ops) {
    }

    static void ud(CodeGen g, Instruction in, Operand[] ops) {
        g.raise(GuestException.UD, "invalid instruction at " + g.describe());
    }

    static void int3(CodeGen g, Instruction in, Operand[] ops) {
        g.breakpoint();
    }

    static void intN(CodeGen g, Instruction in, Operand[] ops) {
        // only vector 3 (and 4, #OF, which Linux also reports as SIGSEGV) has a user-mode gate
        if ((in.imm & 0xff) == 3) g.breakpoint();
        else g.raise(GuestException.GP, "privileged instruction at " + g.describe());
    }

    static void hlt(CodeGen g, Instruction in, Operand[] ops) {
        g.raise(GuestException.GP, "privileged instruction at " + g.describe());
    }

    static void flagOp(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        g.cpu();
        g.iconst(e.sub());
        g.call(MISC, "flagOp", "(" + CPU_D + "I)V");
    }

    static void string(CodeGen g, Instruction in, Operand[] ops) {
        int kind = in.entry.sub();
        int bytes = 1;
        for (Operand o : ops) if (o.kind() == 'X' || o.kind() == 'Y') bytes = o.bytes(in.opSize);
        String[] names = {"movs", "cmps", "stos", "lods", "scas"};
        g.cpu();
        g.iconst(bytes);
        g.iconst(in.rep ? 1 : in.repne ? 2 : 0);
        g.iconst(in.adsize ? 1 : 0);
        g.lconst(0);
        g.addSegment(); // the source's segment base (FS/GS override), 0 without one
        g.call(STR, names[kind], "(" + CPU_D + "IIZJ)V");
    }

    static void cmpxchg16b(CodeGen g, Instruction in, Operand[] ops) {
        g.cpu();
        g.lload(g.ea(true));
        g.call(MISC, in.rexW ? "cmpxchg16b" : "cmpxchg8b", "(" + CPU_D + "J)V"); // 0F C7 /1 is cmpxchg8b without REX.W
    }
}
