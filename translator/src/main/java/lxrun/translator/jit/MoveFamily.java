package lxrun.translator.jit;

import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import org.objectweb.asm.Label;

import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * Moves: MOV and its zero- and sign-extending forms, LEA, XCHG, the rAX sign extensions (CBW, CWD),
 * XLAT and the conditional CMOVcc and SETcc.
 */
final class MoveFamily {
    private MoveFamily() {}

    static void mov(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1], d.bytes());
        g.load(s);
        g.storeTop(d);
    }

    static void movzx(CodeGen g, Instruction in, Operand[] ops) {
        Loc s = g.loc(ops[1]);
        Loc d = g.loc(ops[0]);
        g.load(s);
        g.storeTop(d);
    }

    static void movsx(CodeGen g, Instruction in, Operand[] ops) {
        Loc s = g.loc(ops[1]);
        Loc d = g.loc(ops[0]);
        g.load(s);
        g.signExtend(s.bytes());
        g.storeTop(d);
    }

    static void lea(CodeGen g, Instruction in, Operand[] ops) {
        int a = g.ea(false);
        g.store(g.loc(ops[0]), a);
    }

    static void xchg(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        g.load(d);
        int dv = g.storeTemp();
        g.load(s);
        int sv = g.storeTemp();
        if (s.kind() == MEMORY) {
            g.store(s, dv);
            g.store(d, sv);
        } else {
            g.store(d, sv);
            g.store(s, dv);
        }
    }

    static void cbw(CodeGen g, Instruction in, Operand[] ops) {
        int n = in.opSize;
        Loc src = g.reg(0, n / 2);
        g.load(src);
        g.signExtend(n / 2);
        g.storeTop(g.reg(0, n));
    }

    static void cwd(CodeGen g, Instruction in, Operand[] ops) {
        int n = in.opSize;
        g.load(g.reg(0, n));
        g.signExtend(n);
        g.iconst(63);
        g.mv.visitInsn(LSHR);
        g.storeTop(g.reg(2, n));
    }

    static void xlat(CodeGen g, Instruction in, Operand[] ops) {
        g.regRead(3);
        g.load(g.reg(0, 1));
        g.mv.visitInsn(LADD);
        g.addSegment();
        g.load(g.mem(g.storeTemp(), 1));
        g.storeTop(g.reg(0, 1));
    }

    static void cmovcc(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        g.load(s); // the source is read (and may fault) whatever the condition
        int sv = g.storeTemp();
        Label no = new Label(), done = new Label();
        g.cond(e.sub());
        g.mv.visitJumpInsn(IFEQ, no);
        g.lload(sv);
        g.mv.visitJumpInsn(GOTO, done);
        g.mv.visitLabel(no);
        g.load(d);
        g.mv.visitLabel(done);
        g.storeTop(d);
    }

    static void setcc(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        g.cond(e.sub());
        g.mv.visitInsn(I2L);
        g.storeTop(d);
    }
}
