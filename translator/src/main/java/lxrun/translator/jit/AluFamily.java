package lxrun.translator.jit;

import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;
import org.objectweb.asm.Label;

import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * Integer arithmetic: the ALU group, TEST, INC/DEC, NOT, NEG, CMPXCHG, XADD, ADCX/ADOX and the
 * multiplications and divisions. Flag updates nobody reads ({@link CodeGen#flagsLive}) are left out; a
 * deferred one ({@link CodeGen#defer}) computes the plain result and leaves its inputs for the edges.
 */
final class AluFamily {
    private AluFamily() {}

    private static final String[] ALU_HELPERS = {"add", "or", "adc", "sbb", "and", "sub", "xor", "sub"};
    /** The JVM opcode of an ALU op whose flags nobody reads, or -1 when it still needs its helper. */
    private static final int[] ALU_PLAIN = {LADD, LOR, -1, -1, LAND, LSUB, LXOR, -1};

    static void alu(CodeGen g, Instruction in, Operand[] ops) {
        int op = in.entry.sub();
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1], d.bytes());
        if (g.defer) {
            g.load(d);
            int a = g.storeTemp();
            g.load(s);
            int b = g.storeTemp();
            g.pending = new FlagFusion.Pending(in, ALU_HELPERS[op], "(" + CPU_D + "JJI)J", a, b, d.bytes());
            if (op == OpcodeTable.CMP) {
                g.fused = new FlagFusion.Fused(g.insnIndex, FlagFusion.OPERANDS, a, b, d.bytes());
                return;
            }
            g.lload(a);
            g.lload(b);
            g.mv.visitInsn(ALU_PLAIN[op]);
            int r = g.storeTemp();
            g.store(d, r);
            g.fused = op == OpcodeTable.SUB ? new FlagFusion.Fused(g.insnIndex, FlagFusion.OPERANDS, a, b, d.bytes())
                    : new FlagFusion.Fused(g.insnIndex, FlagFusion.kind(in), r, r, d.bytes());
            return;
        }
        if (!g.flagsLive && op == OpcodeTable.CMP) {
            // nothing reads the flags: a compare has no effect, but its memory operand may still fault
            if (d.kind() == MEMORY) { g.load(d); g.mv.visitInsn(POP2); }
            if (s.kind() == MEMORY) { g.load(s); g.mv.visitInsn(POP2); }
            return;
        }
        if (!g.flagsLive && ALU_PLAIN[op] >= 0) {
            g.load(d);
            g.load(s);
            g.mv.visitInsn(ALU_PLAIN[op]);
        } else {
            g.load(d);
            int a = g.storeTemp();
            g.load(s);
            int b = g.storeTemp();
            g.cpu();
            g.lload(a);
            g.lload(b);
            g.iconst(sizeIndex(d.bytes()));
            g.call(ALU, ALU_HELPERS[op], "(" + CPU_D + "JJI)J");
            if (op == OpcodeTable.CMP || op == OpcodeTable.SUB) g.fused = new FlagFusion.Fused(g.insnIndex, FlagFusion.OPERANDS, a, b, d.bytes());
        }
        if (op == OpcodeTable.CMP) g.mv.visitInsn(POP2);
        else g.storeTop(d);
    }

    static void test(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1], d.bytes());
        g.load(d);
        g.load(s);
        g.mv.visitInsn(LAND);
        int r = g.storeTemp();
        g.fused = new FlagFusion.Fused(g.insnIndex, FlagFusion.LOGIC, r, r, d.bytes());
        if (g.defer) g.pending = new FlagFusion.Pending(in, "logic", "(" + CPU_D + "JI)J", r, -1, d.bytes());
        if (!g.flagsLive || g.defer) return;
        g.cpu();
        g.lload(r);
        g.iconst(sizeIndex(d.bytes()));
        g.call(ALU, "logic", "(" + CPU_D + "JI)J");
        g.mv.visitInsn(POP2);
    }

    static void incDec(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        String helper = e.sem() == Sem.INC ? "inc" : "dec";
        if (g.defer) {
            g.load(d);
            int a = g.storeTemp();
            g.lload(a);
            g.lconst(1);
            g.mv.visitInsn(e.sem() == Sem.INC ? LADD : LSUB);
            int r = g.storeTemp();
            g.store(d, r);
            g.pending = new FlagFusion.Pending(in, helper, "(" + CPU_D + "JI)J", a, -1, d.bytes());
            g.fused = new FlagFusion.Fused(g.insnIndex, FlagFusion.RESULT, r, r, d.bytes());
            return;
        }
        if (g.flagsLive) {
            g.cpu();
            g.load(d);
            g.iconst(sizeIndex(d.bytes()));
            g.call(ALU, helper, "(" + CPU_D + "JI)J");
        } else {
            g.load(d);
            g.lconst(1);
            g.mv.visitInsn(e.sem() == Sem.INC ? LADD : LSUB);
        }
        g.storeTop(d);
    }

    static void not(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        g.load(d);
        g.lconst(-1);
        g.mv.visitInsn(LXOR);
        g.storeTop(d);
    }

    static void neg(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        if (g.flagsLive) {
            g.cpu();
            g.load(d);
            g.iconst(sizeIndex(d.bytes()));
            g.call(ALU, "neg", "(" + CPU_D + "JI)J");
        } else {
            g.load(d);
            g.mv.visitInsn(LNEG);
        }
        g.storeTop(d);
    }

    static void cmpxchg(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        Loc acc = g.reg(0, d.bytes());
        g.load(d);
        int dv = g.storeTemp();
        g.load(acc);
        int av = g.storeTemp();
        g.cpu();
        g.lload(av);
        g.lload(dv);
        g.iconst(sizeIndex(d.bytes()));
        g.call(ALU, "sub", "(" + CPU_D + "JJI)J");
        g.mv.visitInsn(POP2);
        Label ne = new Label(), done = new Label();
        g.lload(av);
        g.lload(dv);
        g.mv.visitInsn(LCMP);
        g.mv.visitJumpInsn(IFNE, ne);
        g.load(s);
        g.storeTop(d);
        g.mv.visitJumpInsn(GOTO, done);
        g.mv.visitLabel(ne);
        g.store(acc, dv);
        g.mv.visitLabel(done);
    }

    static void xadd(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        g.load(d);
        int dv = g.storeTemp();
        g.cpu();
        g.lload(dv);
        g.load(s);
        g.iconst(sizeIndex(d.bytes()));
        g.call(ALU, "add", "(" + CPU_D + "JJI)J");
        if (d.kind() == MEMORY) {
            g.storeTop(d); // first: a locked retry re-reads the source register
            g.store(s, dv);
        } else {
            int sum = g.storeTemp();
            g.store(s, dv);
            g.store(d, sum); // last: "xadd r, r" leaves the sum
        }
    }

    static void adx(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        g.cpu();
        g.load(d);
        g.load(s);
        g.iconst(sizeIndex(d.bytes()));
        g.call(ALU, e.sub() == 0 ? "adcx" : "adox", "(" + CPU_D + "JJI)J");
        g.storeTop(d);
    }

    /** MUL, IMUL, DIV and IDIV with one operand: rDX:rAX by the helper. */
    static void mulDiv(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc s = g.loc(ops[0]);
        g.cpu();
        g.load(s);
        g.iconst(sizeIndex(s.bytes()));
        String name = switch (e.sem()) {
            case MUL1 -> "mul";
            case IMUL1 -> "imul1";
            case DIV -> "div";
            default -> "idiv";
        };
        g.call(MULDIV, name, "(" + CPU_D + "JI)V");
    }

    /** IMUL with two or three operands. */
    static void imul(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        Loc a = g.loc(ops[e.sem() == Sem.IMUL2 ? 0 : 1]);
        Loc b = g.loc(ops[e.sem() == Sem.IMUL2 ? 1 : 2], d.bytes());
        g.cpu();
        g.load(a);
        g.load(b);
        g.iconst(sizeIndex(d.bytes()));
        g.call(MULDIV, "imul", "(" + CPU_D + "JJI)J");
        g.storeTop(d);
    }

    static void mulx(CodeGen g, Instruction in, Operand[] ops) {
        Loc hi = g.loc(ops[0]);
        Loc lo = g.loc(ops[1]);
        g.load(g.reg(2, hi.bytes()));
        int a = g.storeTemp();
        g.load(g.loc(ops[2]));
        int b = g.storeTemp();
        g.lload(a);
        g.lload(b);
        g.iconst(sizeIndex(hi.bytes()));
        g.call(MULDIV, "mulHigh", "(JJI)J");
        int h = g.storeTemp();
        g.lload(a);
        g.lload(b);
        g.mv.visitInsn(LMUL);
        g.storeTop(lo);
        g.store(hi, h); // last: with the same register for both, the high half is what remains
    }
}
