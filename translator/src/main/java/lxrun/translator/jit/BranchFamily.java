package lxrun.translator.jit;

import lxrun.runtime.exec.EngineStats;
import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import org.objectweb.asm.Label;

import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * The instructions that end a block: jumps, calls, returns, LOOP and JRCXZ; they continue through
 * {@link CodeGen#returnConst} (a jump inside the region or an exit) or {@link CodeGen#exit}.
 */
final class BranchFamily {
    private BranchFamily() {}

    static void jcc(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Label taken = new Label();
        g.jumpIf(e.sub(), taken);
        g.returnConst(in.next());
        g.mv.visitLabel(taken);
        g.returnConst(in.next() + in.imm);
    }

    static void jmp(CodeGen g, Instruction in, Operand[] ops) {
        g.returnConst(in.next() + in.imm);
    }

    static void jmpIndirect(CodeGen g, Instruction in, Operand[] ops) {
        g.load(g.loc(ops[0], 8));
        g.exit(EngineStats.EXIT_INDIRECT);
    }

    static void callDirect(CodeGen g, Instruction in, Operand[] ops) {
        g.lconst(in.next());
        g.push(g.storeTemp(), 8);
        g.returnConst(in.next() + in.imm);
    }

    static void callIndirect(CodeGen g, Instruction in, Operand[] ops) {
        g.load(g.loc(ops[0], 8));
        int target = g.storeTemp();
        g.lconst(in.next());
        g.push(g.storeTemp(), 8);
        g.lload(target);
        g.exit(EngineStats.EXIT_INDIRECT);
    }

    static void ret(CodeGen g, Instruction in, Operand[] ops) {
        int v = g.pop(8);
        if (in.imm != 0) {
            g.regRead(4);
            g.lconst(in.imm & 0xffff);
            g.mv.visitInsn(LADD);
            g.regWrite64(4, g.storeTemp());
        }
        g.lload(v);
        g.exit(EngineStats.EXIT_RETURN);
    }

    static void loop(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc cx = g.reg(1, in.adsize ? 4 : 8);
        g.load(cx);
        g.lconst(1);
        g.mv.visitInsn(LSUB);
        int n = g.storeTemp();
        g.store(cx, n);
        Label fall = new Label();
        g.lload(n);
        g.maskTo(cx.bytes());
        g.lconst(0);
        g.mv.visitInsn(LCMP);
        g.mv.visitJumpInsn(IFEQ, fall);
        if (e.sub() < 2) {
            g.cond(e.sub() == 0 ? 5 : 4); // loopne: NE, loope: E
            g.mv.visitJumpInsn(IFEQ, fall);
        }
        g.returnConst(in.next() + in.imm);
        g.mv.visitLabel(fall);
        g.returnConst(in.next());
    }

    static void jrcxz(CodeGen g, Instruction in, Operand[] ops) {
        Label fall = new Label();
        g.load(g.reg(1, in.adsize ? 4 : 8));
        g.lconst(0);
        g.mv.visitInsn(LCMP);
        g.mv.visitJumpInsn(IFNE, fall);
        g.returnConst(in.next() + in.imm);
        g.mv.visitLabel(fall);
        g.returnConst(in.next());
    }
}
