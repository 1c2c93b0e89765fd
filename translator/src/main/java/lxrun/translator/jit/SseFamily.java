package lxrun.translator.jit;

import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;

import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * SSE and MMX rows: each calls the ops helper its row names, with register numbers and memory staged
 * in scratch register 16; an MMX row then switches the x87 unit to MMX mode.
 */
final class SseFamily {
    private SseFamily() {}

    private static final int SCRATCH = 16;

    static void sse(CodeGen g, Instruction in, Operand[] ops) {
        sseRow(g, in, ops);
        mmxTransition(g, in, ops);
    }

    static void sseStore(CodeGen g, Instruction in, Operand[] ops) {
        sseStoreRow(g, in, ops);
        mmxTransition(g, in, ops);
    }

    /** The register an XMM or MMX operand names: ModRM.reg for V/P, else ModRM.rm; MMX ignores REX.R/REX.B. */
    private static int vectorReg(Instruction in, Operand o) {
        int n = o.kind() == 'V' || o.kind() == 'P' ? in.reg : in.rm;
        return o.isMmx() ? n & 7 : n;
    }

    /**
     * SDM vol. 1 9.5.1: every MMX instruction (one naming an MMX register; EMMS does not) sets the x87 TOS to 0
     * and all tags valid. Emitted after the row's helper and store, so a faulting instruction leaves it undone.
     */
    private static void mmxTransition(CodeGen g, Instruction in, Operand[] ops) {
        for (Operand o : ops) {
            if (o.kind() == 'P' || (o.isMmx() && in.mod == 3)) {
                g.cpu();
                g.call(MMX, "transition", "(" + CPU_D + ")V");
                return;
            }
        }
    }

    /** Loads a memory operand of {@code bytes} into scratch register 16 and returns 16. */
    private static int sseSource(CodeGen g, Instruction in, Operand o) {
        if (in.mod == 3) return vectorReg(in, o);
        int a = g.ea(true);
        alignCheck(g, in, a, o.bytes(in.opSize));
        g.cpu();
        g.lload(a);
        g.iconst(o.bytes(in.opSize));
        g.call(SSE, "loadScratch", "(" + CPU_D + "JI)V");
        return SCRATCH;
    }

    /** Legacy SSE: a 16-byte memory operand must be 16-byte aligned (#GP) except for the movu* forms and a few more. */
    private static void alignCheck(CodeGen g, Instruction in, int ea, int bytes) {
        if (bytes != 16 || !in.entry.alignedMemory()) return;
        g.lload(ea);
        g.call(MISC, "checkAligned16", "(J)V");
    }

    private static void sseRow(CodeGen g, Instruction in, Operand[] ops) {
        String owner = OPS + in.entry.helperOwner(), name = in.entry.helperMethod(in.opSize);
        if (ops.length == 0) { // EMMS
            g.cpu();
            g.call(owner, name, "(" + CPU_D + ")V");
            return;
        }
        Operand d = ops[0], s = ops[1];
        boolean vd = d.kind() == 'V' || d.kind() == 'P';
        if (d.kind() == 'U' || d.kind() == 'N') { // group forms (0F 71-73 /reg ib): (cpu, ModRM.reg, rm, imm)
            g.cpu();
            g.iconst(in.reg & 7);
            g.iconst(vectorReg(in, d));
            g.iconst((int) (in.imm & 0xff));
            g.call(owner, name, "(" + CPU_D + "III)V");
        } else if (vd && s.isVector()) {
            int src = sseSource(g, in, s);
            g.cpu();
            g.iconst(vectorReg(in, d));
            g.iconst(src);
            g.call(owner, name, "(" + CPU_D + "II" + imm8(g, in, ops) + ")V");
        } else if (d.kind() == 'G' && s.isVector()) {
            int src = sseSource(g, in, s);
            g.cpu();
            g.iconst(src);
            g.call(owner, name, "(" + CPU_D + "I" + imm8(g, in, ops) + ")J");
            g.storeTop(g.loc(d));
        } else if (vd) {
            Loc v = g.loc(s);
            g.cpu();
            g.iconst(vectorReg(in, d));
            g.load(v);
            g.call(owner, name, "(" + CPU_D + "IJ" + imm8(g, in, ops) + ")V");
        } else {
            Loc dst = g.loc(d);
            g.cpu();
            g.iconst(vectorReg(in, s));
            g.call(owner, name, "(" + CPU_D + "I" + imm8(g, in, ops) + ")J");
            g.storeTop(dst);
        }
    }

    /** Pushes a third, immediate operand if the row has one; returns its descriptor part. */
    private static String imm8(CodeGen g, Instruction in, Operand[] ops) {
        if (ops.length < 3) return "";
        g.iconst((int) (in.imm & 0xff));
        return "I";
    }

    private static void sseStoreRow(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        if (in.mod == 3) {
            g.cpu();
            g.iconst(vectorReg(in, ops[0]));
            g.iconst(vectorReg(in, ops[1]));
            g.call(OPS + e.helperOwner(), e.helperMethod(in.opSize), "(" + CPU_D + "II)V");
            return;
        }
        int a = g.ea(true);
        alignCheck(g, in, a, e.sub());
        g.cpu();
        g.lload(a);
        g.iconst(vectorReg(in, ops[1]));
        if (ops[1].isMmx()) {
            g.call(MMX, "storeMem", "(" + CPU_D + "JI)V"); // 8 bytes
        } else {
            g.iconst(e.sub());
            g.call(SSE, "storeMem", "(" + CPU_D + "JII)V");
        }
    }
}
