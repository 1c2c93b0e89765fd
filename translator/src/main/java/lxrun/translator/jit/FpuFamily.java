package lxrun.translator.jit;

import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

import static lxrun.translator.jit.BlockCompiler.CPU;
import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * The x87 rows (each an ops.X87 helper), FXSAVE/FXRSTOR and the MXCSR loads and stores.
 */
final class FpuFamily {
    private FpuFamily() {}

    static void x87(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        g.cpu();
        if (in.isMem()) {
            g.lload(g.ea(true));
            g.call(X87, e.helper(), "(" + CPU_D + "J)V");
        } else {
            g.iconst(in.rm & 7);
            g.call(X87, e.helper(), "(" + CPU_D + "I)V");
        }
    }

    static void fxsaveFxrstor(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        int a = g.ea(true);
        g.lload(a);
        g.call(MISC, "checkAligned16", "(J)V"); // #GP: the 512-byte area must be 16-byte aligned
        g.cpu();
        g.lload(a);
        g.call(X87, e.sem() == Sem.FXSAVE ? "fxsave" : "fxrstor", "(" + CPU_D + "J)V");
    }

    static void ldmxcsr(CodeGen g, Instruction in, Operand[] ops) {
        Loc m = g.loc(ops[0], 4);
        g.cpu();
        g.load(m);
        g.call(MISC, "ldmxcsr", "(" + CPU_D + "J)V"); // #GP for reserved bits
    }

    static void stmxcsr(CodeGen g, Instruction in, Operand[] ops) {
        Loc m = g.loc(ops[0], 4);
        g.cpu();
        g.mv.visitFieldInsn(GETFIELD, CPU, "mxcsr", "I");
        g.mv.visitInsn(I2L);
        g.storeTop(m);
    }
}
