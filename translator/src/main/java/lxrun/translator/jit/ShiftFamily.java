package lxrun.translator.jit;

import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * Shifts and rotations (the group-2 rows) and the double shifts SHLD/SHRD.
 */
final class ShiftFamily {
    private ShiftFamily() {}

    static void shift(CodeGen g, Instruction in, Operand[] ops) {
        int kind = in.entry.sub();
        Loc d = g.loc(ops[0]);
        Loc n = g.loc(ops[1], 1);
        int bits = 8 * d.bytes();
        if (!g.flagsLive && n.kind() == IMM && (kind == OpcodeTable.SHL || kind == OpcodeTable.SAL
                || kind == OpcodeTable.SHR || kind == OpcodeTable.SAR)) {
            int count = (int) (n.imm() & (bits == 64 ? 63 : 31));
            if (count == 0) {
                countZero(g, d);
                return;
            }
            g.load(d);
            if (kind == OpcodeTable.SAR) g.signExtend(d.bytes());
            if (count >= bits) {
                // only 8- and 16-bit operands get here; x86 shifts them out completely (SAR fills with sign)
                if (kind == OpcodeTable.SAR) {
                    g.iconst(63);
                    g.mv.visitInsn(LSHR);
                } else {
                    g.mv.visitInsn(POP2);
                    g.lconst(0);
                }
            } else {
                g.iconst(count);
                g.mv.visitInsn(kind == OpcodeTable.SAR ? LSHR : kind == OpcodeTable.SHR ? LUSHR : LSHL);
            }
            g.storeTop(d);
            return;
        }
        if (!g.flagsLive && n.kind() == IMM && (kind == OpcodeTable.ROL || kind == OpcodeTable.ROR)) {
            int count = (int) (n.imm() & (bits == 64 ? 63 : 31));
            if (count == 0) {
                countZero(g, d);
                return;
            }
            int r = kind == OpcodeTable.ROL ? count % bits : (bits - count % bits) % bits; // as a left rotation
            g.load(d);
            int v = g.storeTemp();
            g.lload(v);
            g.iconst(r);
            g.mv.visitInsn(LSHL);
            g.lload(v);
            g.iconst((bits - r) % 64);
            g.mv.visitInsn(LUSHR);
            if (r == 0) g.mv.visitInsn(POP2); // a rotation by a multiple of the width: the value itself
            else g.mv.visitInsn(LOR);
            g.storeTop(d);
            return;
        }
        g.cpu();
        g.iconst(kind);
        g.load(d);
        g.load(n);
        g.iconst(sizeIndex(d.bytes()));
        g.call(SHIFTS, "shift", "(" + CPU_D + "IJJI)J");
        g.storeTop(d);
    }

    static void shiftDouble(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        Loc n = g.loc(ops[2], 1);
        g.cpu();
        g.load(d);
        g.load(s);
        g.load(n);
        g.iconst(sizeIndex(d.bytes()));
        g.call(SHIFTS, e.sem() == Sem.SHLD ? "shld" : "shrd", "(" + CPU_D + "JJJI)J");
        g.storeTop(d);
    }

    /** A count of 0 changes nothing, but a 32-bit register destination is still written (zero-extended). */
    private static void countZero(CodeGen g, Loc d) {
        if (d.kind() == REG && d.bytes() == 4) {
            g.load(d);
            g.storeTop(d);
        }
    }
}
