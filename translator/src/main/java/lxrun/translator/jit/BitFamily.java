package lxrun.translator.jit;

import lxrun.translator.jit.Operands.Loc;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.CodeGen.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * Bit operations: BT/BTS/BTR/BTC, bit scans and counts, byte swaps (BSWAP, MOVBE), CRC32 and BMI.
 */
final class BitFamily {
    private BitFamily() {}

    static void bt(CodeGen g, Instruction in, Operand[] ops) {
        int kind = in.entry.sub();
        Loc d = g.loc(ops[0]);
        int bits = 8 * d.bytes();
        int bit;
        if (ops[1].kind() == 'I') {
            g.lconst(in.imm & (bits - 1));
            bit = g.storeTemp();
        } else {
            g.load(g.loc(ops[1]));
            if (d.kind() == MEMORY) {
                // a register bit offset addresses memory beyond the operand: signed, in operand-size units
                g.signExtend(d.bytes());
                int off = g.storeTemp();
                g.lload(d.ea());
                g.lload(off);
                g.iconst(Integer.numberOfTrailingZeros(bits));
                g.mv.visitInsn(LSHR);
                g.iconst(Integer.numberOfTrailingZeros(d.bytes()));
                g.mv.visitInsn(LSHL);
                g.mv.visitInsn(LADD);
                d = g.mem(g.storeTemp(), d.bytes());
                g.lload(off);
            }
            g.lconst(bits - 1);
            g.mv.visitInsn(LAND);
            bit = g.storeTemp();
        }
        g.cpu();
        g.load(d);
        g.lload(bit);
        g.iconst(kind);
        g.call(BITS, "bt", "(" + CPU_D + "JJI)J");
        if (kind == 0) g.mv.visitInsn(POP2);
        else g.storeTop(d);
    }

    static void bitScan(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        // a zero source leaves the whole destination register alone, even with 32 bits (as AMD
        // documents and the CPU does): the helper gets and returns all 64 bits, an index fits in any width
        if (d.bytes() == 4) d = g.reg(d.reg(), 8);
        g.cpu();
        g.load(s);
        g.load(d);
        g.iconst(sizeIndex(s.bytes()));
        g.call(BITS, e.sem() == Sem.BSF ? "bsf" : "bsr", "(" + CPU_D + "JJI)J");
        g.storeTop(d);
    }

    static void count(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        g.cpu();
        g.load(s);
        g.iconst(sizeIndex(s.bytes()));
        String name = e.sem() == Sem.TZCNT ? "tzcnt" : e.sem() == Sem.LZCNT ? "lzcnt" : "popcnt";
        g.call(BITS, name, "(" + CPU_D + "JI)J");
        g.storeTop(d);
    }

    static void bswap(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        Loc s = ops.length > 1 ? g.loc(ops[1]) : d;
        g.load(s);
        g.iconst(sizeIndex(d.bytes()));
        g.call(BITS, "bswap", "(JI)J");
        g.storeTop(d);
    }

    static void crc32(CodeGen g, Instruction in, Operand[] ops) {
        Loc d = g.loc(ops[0]);
        Loc s = g.loc(ops[1]);
        g.load(d);
        g.load(s);
        g.iconst(s.bytes());
        g.call(BITS, "crc32", "(JJI)J");
        g.storeTop(d); // the low 32 bits, zero-extended also with REX.W
    }

    /** A Sem.BMI row: its ops.Bits helper gets the sources in row order and the size (see {@link Sem#BMI}). */
    static void bmi(CodeGen g, Instruction in, Operand[] ops) {
        Entry e = in.entry;
        Loc d = g.loc(ops[0]);
        StringBuilder desc = new StringBuilder("(");
        if (e.has(Entry.WRITES_FLAGS)) {
            g.cpu();
            desc.append(CPU_D);
        }
        for (int k = 1; k < ops.length; k++) {
            g.load(g.loc(ops[k], ops[k].kind() == 'I' ? 1 : d.bytes()));
            desc.append('J');
        }
        g.iconst(sizeIndex(d.bytes()));
        g.call(BITS, e.helper(), desc.append("I)J").toString());
        g.storeTop(d);
    }
}
