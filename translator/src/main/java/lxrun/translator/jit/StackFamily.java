package lxrun.translator.jit;

import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;

import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * The stack: PUSH, POP, PUSHF, POPF, LEAVE, ENTER (CALL and RET are branches).
 */
final class StackFamily {
    private StackFamily() {}

    static void push(CodeGen g, Instruction in, Operand[] ops) {
        int bytes = in.opSize;
        Loc s = g.loc(ops[0], bytes);
        g.load(s);
        g.push(g.storeTemp(), bytes);
    }

    static void pop(CodeGen g, Instruction in, Operand[] ops) {
        int bytes = in.opSize;
        int v = g.pop(bytes);
        g.store(g.loc(ops[0], bytes), v);
    }

    static void pushf(CodeGen g, Instruction in, Operand[] ops) {
        g.cpu();
        g.call(MISC, "pushf", "(" + CPU_D + ")J");
        g.push(g.storeTemp(), in.opSize);
    }

    static void popf(CodeGen g, Instruction in, Operand[] ops) {
        int bytes = in.opSize;
        int v = g.pop(bytes);
        g.cpu();
        g.lload(v);
        g.iconst(bytes);
        g.call(MISC, "popf", "(" + CPU_D + "JI)V");
    }

    static void leave(CodeGen g, Instruction in, Operand[] ops) {
        // RSP = RBP, then pop RBP (with 66: BP, the rest of RBP stays)
        int n = in.opSize;
        g.regRead(5);
        int sp = g.storeTemp();
        g.load(g.mem(sp, n));
        int v = g.storeTemp();
        g.lload(sp);
        g.lconst(n);
        g.mv.visitInsn(LADD);
        g.mv.visitVarInsn(LSTORE, sp);
        g.regWrite64(4, sp);
        g.store(g.reg(5, n), v);
    }

    static void enter(CodeGen g, Instruction in, Operand[] ops) {
        g.cpu();
        g.iconst((int) (in.imm & 0xffff));
        g.iconst((int) (in.imm2 & 0xff));
        g.iconst(in.opSize);
        g.call(MISC, "enter", "(" + CPU_D + "III)V");
    }
}
