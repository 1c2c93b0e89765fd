package lxrun.translator.jit;

import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import static lxrun.translator.jit.BlockCompiler.CPU;
import static lxrun.translator.jit.BlockCompiler.MEM;
import static lxrun.translator.jit.CodeGen.L_CPU;
import static lxrun.translator.jit.CodeGen.L_MEM;
import static org.objectweb.asm.Opcodes.*;

/**
 * Operands of the instruction being emitted: where each lives ({@link Loc}), its effective address, loads
 * and stores with x86's widths and partial-register rules, push and pop, and the compare-and-swap store of
 * a LOCK-prefixed instruction. Under them, the bytecode primitives every emitter uses. Registers are read and
 * written through {@link #regRead}/{@link #regWriteTop}, which {@link CodeGen} implements with its register cache.
 * Every value is a {@code long} zero-extended to its operand width; stores mask to the width.
 */
abstract class Operands {
    static final int REG = 0, MEMORY = 1, IMM = 2;

    /** Where an operand lives: a register (with width and high-byte flag), a memory address in a local, or an immediate. */
    record Loc(int kind, int reg, boolean high, int ea, int bytes, long imm) {}

    final MethodVisitor mv;
    /** The instruction being emitted. */
    Instruction in;
    /** The next free JVM local for this instruction's temporaries. */
    int nextLocal;
    /** Retry point of a LOCK-prefixed (or XCHG with memory) instruction, and the local holding the value it read. */
    private Label lockRetry;
    private int lockOld;

    Operands(MethodVisitor mv) {
        this.mv = mv;
    }

    /** Pushes guest register r (all 64 bits). */
    abstract void regRead(int r);

    /** Stores the long on top of the stack into register r. */
    abstract void regWriteTop(int r);

    /**
     * Marks where the current instruction starts over if it is a locked read-modify-write: the whole
     * instruction retries until its memory write succeeds as a compare-and-swap.
     */
    void lockRetryPoint() {
        lockRetry = null;
        if (in.lockedRmw()) {
            lockRetry = new Label();
            lockOld = -1;
            mv.visitLabel(lockRetry);
        }
    }

    // ------------------------------------------------------------------ bytecode primitives

    int newLong() {
        int v = nextLocal;
        nextLocal += 2;
        return v;
    }

    void iconst(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    void lconst(long v) {
        if (v == 0) mv.visitInsn(LCONST_0);
        else if (v == 1) mv.visitInsn(LCONST_1);
        else mv.visitLdcInsn(v);
    }

    int storeTemp() {
        int t = newLong();
        mv.visitVarInsn(LSTORE, t);
        return t;
    }

    void lload(int local) {
        mv.visitVarInsn(LLOAD, local);
    }

    void call(String owner, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    void cpu() {
        mv.visitVarInsn(ALOAD, L_CPU);
    }

    static long mask(int bytes) {
        return bytes == 8 ? -1L : (1L << (8 * bytes)) - 1;
    }

    static int sizeIndex(int bytes) {
        return Integer.numberOfTrailingZeros(bytes);
    }

    void maskTo(int bytes) {
        if (bytes < 8) {
            lconst(mask(bytes));
            mv.visitInsn(LAND);
        }
    }

    void signExtend(int bytes) {
        if (bytes < 8) {
            iconst(64 - 8 * bytes);
            mv.visitInsn(LSHL);
            iconst(64 - 8 * bytes);
            mv.visitInsn(LSHR);
        }
    }

    void regWrite64(int r, int local) {
        lload(local);
        regWriteTop(r);
    }

    // ------------------------------------------------------------------ operand locations

    Loc reg(int r, int bytes) {
        if (bytes == 1 && !in.rex && r >= 4 && r < 8) return new Loc(REG, r - 4, true, 0, 1, 0);
        return new Loc(REG, r, false, 0, bytes, 0);
    }

    Loc mem(int ea, int bytes) {
        return new Loc(MEMORY, 0, false, ea, bytes, 0);
    }

    Loc loc(Operand o) {
        return loc(o, in.mod == 3 && o.isRm() ? o.regBytes(in.opSize) : o.bytes(in.opSize));
    }

    Loc loc(Operand o, int bytes) {
        return switch (o.kind()) {
            case 'G' -> reg(in.reg, bytes);
            case 'Z' -> reg(in.rm, bytes);
            case 'B' -> reg(in.vvvv, bytes);
            case 'A' -> reg(0, bytes);
            case 'C' -> reg(1, 1);
            case 'K' -> new Loc(IMM, 0, false, 0, bytes, 1);
            case 'I' -> new Loc(IMM, 0, false, 0, bytes, in.imm);
            case 'O' -> {
                lconst(in.disp);
                addSegment();
                yield mem(storeTemp(), bytes);
            }
            default -> in.mod == 3 ? reg(in.rm, bytes) : mem(ea(true), bytes);
        };
    }

    void addSegment() {
        if (in.segment == Instruction.SEG_FS || in.segment == Instruction.SEG_GS) {
            cpu();
            mv.visitFieldInsn(GETFIELD, CPU, in.segment == Instruction.SEG_FS ? "fsBase" : "gsBase", "J");
            mv.visitInsn(LADD);
        }
    }

    /** Computes the effective address into a new local. */
    int ea(boolean segment) {
        if (in.base == Instruction.RIP) {
            lconst(in.next() + in.disp);
        } else {
            boolean any = false;
            if (in.base >= 0) {
                regRead(in.base);
                any = true;
            }
            if (in.index >= 0) {
                regRead(in.index);
                if (in.scale > 1) {
                    iconst(Integer.numberOfTrailingZeros(in.scale));
                    mv.visitInsn(LSHL);
                }
                if (any) mv.visitInsn(LADD);
                any = true;
            }
            if (in.disp != 0 || !any) {
                lconst(in.disp);
                if (any) mv.visitInsn(LADD);
            }
            if (in.adsize) maskTo(4);
        }
        if (segment) addSegment();
        return storeTemp();
    }

    /** Pushes the operand's value, zero-extended; an immediate is masked to {@code bytes}. */
    void load(Loc l) {
        switch (l.kind) {
            case REG -> {
                regRead(l.reg);
                if (l.high) {
                    iconst(8);
                    mv.visitInsn(LUSHR);
                }
                maskTo(l.bytes);
            }
            case MEMORY -> {
                mv.visitVarInsn(ALOAD, L_MEM);
                lload(l.ea);
                switch (l.bytes) {
                    case 1 -> { mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read8", "(J)I", false); mv.visitInsn(I2L); }
                    case 2 -> { mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read16", "(J)I", false); mv.visitInsn(I2L); }
                    case 4 -> { mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read32", "(J)I", false); mv.visitInsn(I2L); maskTo(4); }
                    default -> mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read64", "(J)J", false);
                }
                if (lockRetry != null && lockOld < 0) {
                    mv.visitInsn(DUP2);
                    lockOld = newLong();
                    mv.visitVarInsn(LSTORE, lockOld);
                }
            }
            default -> lconst(l.imm & mask(l.bytes));
        }
    }

    /** Stores the long in {@code local} to the operand, with x86's partial-register rules. */
    void store(Loc l, int local) {
        if (l.kind == MEMORY && lockRetry != null && lockOld >= 0) {
            mv.visitVarInsn(ALOAD, L_MEM);
            lload(l.ea);
            iconst(l.bytes);
            lload(lockOld);
            lload(local);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "cas", "(JIJJ)Z", false);
            mv.visitJumpInsn(IFEQ, lockRetry);
            return;
        }
        if (l.kind == MEMORY) {
            mv.visitVarInsn(ALOAD, L_MEM);
            lload(l.ea);
            lload(local);
            switch (l.bytes) {
                case 1 -> { mv.visitInsn(L2I); mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "write8", "(JI)V", false); }
                case 2 -> { mv.visitInsn(L2I); mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "write16", "(JI)V", false); }
                case 4 -> { mv.visitInsn(L2I); mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "write32", "(JI)V", false); }
                default -> mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "write64", "(JJ)V", false);
            }
            return;
        }
        if (l.bytes >= 4) {
            lload(local);
            maskTo(l.bytes); // a 32-bit write zero-extends into the full register
        } else {
            long m = l.high ? 0xff00L : mask(l.bytes);
            regRead(l.reg);
            lconst(~m);
            mv.visitInsn(LAND);
            lload(local);
            if (l.high) {
                lconst(0xff);
                mv.visitInsn(LAND);
                iconst(8);
                mv.visitInsn(LSHL);
            } else {
                lconst(m);
                mv.visitInsn(LAND);
            }
            mv.visitInsn(LOR);
        }
        regWriteTop(l.reg);
    }

    void storeTop(Loc l) {
        store(l, storeTemp());
    }

    // ------------------------------------------------------------------ stack

    void push(int valueLocal, int bytes) {
        regRead(4);
        lconst(bytes);
        mv.visitInsn(LSUB);
        int sp = storeTemp();
        store(mem(sp, bytes), valueLocal);
        regWrite64(4, sp);
    }

    /** Pops into a new local and returns it. */
    int pop(int bytes) {
        regRead(4);
        int sp = storeTemp();
        load(mem(sp, bytes));
        int v = storeTemp();
        lload(sp);
        lconst(bytes);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, sp);
        regWrite64(4, sp);
        return v;
    }
}
