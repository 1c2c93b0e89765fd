package lxrun.translator.jit;

import lxrun.runtime.mem.GuestException;
import lxrun.translator.x86.Disassembler;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static lxrun.translator.jit.BlockCompiler.BLOCK;
import static lxrun.translator.jit.BlockCompiler.CPU;
import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static lxrun.translator.jit.BlockCompiler.MEM;
import static org.objectweb.asm.Opcodes.*;

/**
 * Emits the bytecode of one block, instruction by instruction, from the opcode table's {@link Sem}.
 *
 * <p>Locals: 1 the CpuState, 2 its register array, 3 guest memory, 4 the offset of the instruction being
 * executed (read by the exception handler for precise faults), 6 a back-edge countdown, then one long per
 * guest register the region uses (loaded at entry, written back at every exit), then per-instruction
 * temporaries. The code is a region: several guest blocks, jumps among them are JVM jumps.
 * Every value is a {@code long} zero-extended to its operand width; stores mask to the width.
 * Arithmetic whose flags are overwritten before any read in the block is emitted without flag updates.
 */
final class Emitter {
    static final int L_CPU = 1, L_R = 2, L_MEM = 3, L_IP = 4, L_TMP0 = 5, L_BACK_EDGES = 6, L_TEMPS = 7;
    /** Back edges taken between two checks of CpuState.interrupt (a volatile read costs a loop dearly). */
    private static final int CHECK_EVERY = 1024;

    private static final String OPS = "lxrun/translator/ops/";
    private static final String ALU = OPS + "Alu", SHIFTS = OPS + "Shifts", MULDIV = OPS + "MulDiv",
            BITS = OPS + "Bits", STR = OPS + "StringOps", MISC = OPS + "Misc", X87 = OPS + "X87", SSE = OPS + "Sse", MMX = OPS + "Mmx",
            FLAGS = "lxrun/runtime/cpu/Flags";
    private static final String[] ALU_HELPERS = {"add", "or", "adc", "sbb", "and", "sub", "xor", "sub"};
    private static final int[] ALU_PLAIN = {LADD, LOR, -1, -1, LAND, LSUB, LXOR, -1};

    private final MethodVisitor mv;
    private final long start;
    private final List<List<Instruction>> blocks;
    private final Map<Long, Label> blockLabels = new java.util.HashMap<>();
    private int blockIndex;
    private final Map<Long, Integer> blockOrder = new java.util.HashMap<>();
    private Instruction in;
    private int nextLocal;
    private boolean flagsLive;
    /** JVM local caching each guest register the block uses, or -1; temporaries start at {@link #tempBase}. */
    private final int[] regLocal = new int[16];
    private int tempBase = L_TEMPS;
    Emitter(MethodVisitor mv, long start, List<List<Instruction>> blocks) {
        this.mv = mv;
        this.start = start;
        this.blocks = blocks;
        java.util.Arrays.fill(regLocal, -1);
        for (int b = 0; b < blocks.size(); b++) {
            long entry = blocks.get(b).get(0).address;
            blockLabels.put(entry, new Label());
            blockOrder.put(entry, b);
            for (Instruction i : blocks.get(b)) {
                for (int r : registersUsed(i)) {
                    if (r >= 0 && regLocal[r] < 0) {
                        regLocal[r] = tempBase;
                        tempBase += 2;
                    }
                }
            }
        }
    }

    /** The general registers an instruction's emitted bytecode reads or writes (not those its helpers touch). */
    private static List<Integer> registersUsed(Instruction i) {
        List<Integer> out = new java.util.ArrayList<>();
        for (Operand o : i.entry.operands()) {
            switch (o.kind()) {
                case 'G' -> out.add(i.reg);
                case 'Z' -> out.add(i.rm);
                case 'B' -> out.add(i.vvvv);
                case 'A' -> out.add(0);
                case 'C' -> out.add(1);
                default -> {
                    if (o.isRm() && !o.isVector() && i.mod == 3) out.add(i.rm);
                }
            }
        }
        if (i.isMem()) {
            if (i.base >= 0 && i.base != Instruction.RIP) out.add(i.base);
            out.add(i.index);
        }
        for (int k = 0, n = out.size(); k < n; k++) {
            int r = out.get(k);
            if (r >= 4 && r < 8) out.add(r - 4); // AH..BH when the operand is a byte
        }
        switch (i.entry.sem()) {
            case PUSH, POP, CALL, CALL_IND, RET, PUSHF, POPF -> out.add(4);
            case LEAVE -> { out.add(4); out.add(5); }
            case CBW, CMPXCHG -> out.add(0);
            case CWD -> { out.add(0); out.add(2); }
            case XLAT -> { out.add(0); out.add(3); }
            case LOOP, JRCXZ, RDTSCP -> out.add(1); // RDTSCP: ECX = TSC_AUX
            case MULX -> out.add(2);
            case SYSCALL -> { out.add(1); out.add(11); }
            default -> { }
        }
        return out;
    }

    private static final int[] NONE = {}, RAX_RDX = {0, 2}, STRING_REGS = {0, 1, 6, 7},
            NOT_STRING_REGS = {2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15}, RAX_TO_RBX = {0, 1, 2, 3},
            RAX_ONLY = {0}, RDI_ONLY = {7}, FRAME = {4, 5}, ALL = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
            RAX_TO_RDX = {0, 1, 2}, RCX_ONLY = {1};

    /** SSE helpers that use GPRs implicitly: the SSE4.2 string compares (lengths in rAX/rDX, index to ECX), MASKMOVDQU's [RDI]. */
    private static final Map<String, int[]> SSE_GPRS = Map.of(
            "SseStrings.pcmpestri", RAX_TO_RDX, "SseStrings.pcmpestrm", RAX_RDX, "SseStrings.pcmpistri", RCX_ONLY,
            "maskmovdqu", RDI_ONLY, "Mmx.maskmovq", RDI_ONLY);

    /**
     * The registers an instruction's helper reads or writes in CpuState.r: their cached copies are written
     * back before the helper runs and reloaded after it.
     */
    private static int[] helperRegisters(Instruction i) {
        return switch (i.entry.sem()) {
            case MUL1, IMUL1, DIV, IDIV, RDTSC, RDTSCP -> RAX_RDX;
            case STRING -> STRING_REGS;
            case CPUID, CMPXCHG16B -> RAX_TO_RBX;
            case LAHF, SAHF -> RAX_ONLY;
            case ENTER -> FRAME;
            case X87 -> "fnstsw_ax".equals(i.entry.helper()) ? RAX_ONLY : NONE;
            case SSE -> SSE_GPRS.getOrDefault(i.entry.helper(), NONE);
            default -> NONE;
        };
    }

    /** Retry point of a LOCK-prefixed (or XCHG with memory) instruction, and the local holding the value it read. */
    private Label lockRetry;
    private int lockOld;

    /** Writes every cached register back to CpuState.r (before an exit, a helper that reads them, or a throw). */
    void flushRegisters() {
        flushRegisters(ALL);
    }

    private void flushRegisters(int[] regs) {
        for (int r : regs) {
            if (regLocal[r] >= 0) {
                mv.visitVarInsn(ALOAD, L_R);
                iconst(r);
                lload(regLocal[r]);
                mv.visitInsn(LASTORE);
            }
        }
    }

    /**
     * The exception handler's write-back (exception in local {@code exception}): like {@link #flushRegisters()},
     * but when a string instruction faulted, its helper has left RAX/RCX/RSI/RDI in CpuState showing the
     * progress made (GuestException.stringProgress) and the cached copies are older.
     */
    void flushRegistersForException(int exception) {
        flushRegisters(NOT_STRING_REGS);
        boolean cached = false;
        for (int r : STRING_REGS) cached |= regLocal[r] >= 0;
        if (!cached) return;
        Label done = new Label();
        mv.visitVarInsn(ALOAD, exception);
        mv.visitFieldInsn(GETFIELD, "lxrun/runtime/mem/GuestException", "stringProgress", "Z");
        mv.visitJumpInsn(IFNE, done);
        flushRegisters(STRING_REGS);
        mv.visitLabel(done);
    }

    private void reloadRegisters() {
        reloadRegisters(ALL);
    }

    private void reloadRegisters(int[] regs) {
        for (int r : regs) {
            if (regLocal[r] >= 0) {
                mv.visitVarInsn(ALOAD, L_R);
                iconst(r);
                mv.visitInsn(LALOAD);
                mv.visitVarInsn(LSTORE, regLocal[r]);
            }
        }
    }

    void prologue() {
        mv.visitVarInsn(ALOAD, L_CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "r", "[J");
        mv.visitVarInsn(ASTORE, L_R);
        mv.visitVarInsn(ALOAD, L_CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "mem", "L" + MEM + ";");
        mv.visitVarInsn(ASTORE, L_MEM);
        iconst(0);
        mv.visitVarInsn(ISTORE, L_IP);
        iconst(CHECK_EVERY);
        mv.visitVarInsn(ISTORE, L_BACK_EDGES);
        reloadRegisters();
    }

    void body() {
        for (blockIndex = 0; blockIndex < blocks.size(); blockIndex++) {
            List<Instruction> insns = blocks.get(blockIndex);
            mv.visitLabel(blockLabels.get(insns.get(0).address));
            fused = null;
            boolean[] live = new boolean[insns.size()];
            boolean l = true; // flags are live at the end of a block
            for (int i = insns.size() - 1; i >= 0; i--) {
                live[i] = l;
                Entry e = insns.get(i).entry;
                if (e.has(Entry.READS_FLAGS)) l = true;
                else if (e.has(Entry.WRITES_FLAGS)) l = false;
            }
            for (int i = 0; i < insns.size(); i++) {
                in = insns.get(i);
                insnIndex = i;
                flagsLive = live[i];
                nextLocal = tempBase;
                iconst((int) (in.address - start));
                mv.visitVarInsn(ISTORE, L_IP);
                int[] sync = helperRegisters(in);
                flushRegisters(sync);
                lockRetry = null;
                if (in.lockedRmw()) {
                    // the whole instruction retries until its memory write succeeds as a compare-and-swap
                    lockRetry = new Label();
                    lockOld = -1;
                    mv.visitLabel(lockRetry);
                }
                emit();
                reloadRegisters(sync);
                if (in.entry.sem() == Sem.CPUID) leaveIfInvalidated(in.next()); // serializing
            }
            Instruction last = insns.get(insns.size() - 1);
            if (!last.entry.has(Entry.BRANCH)) returnConst(last.next());
        }
        if (leave != null) {
            mv.visitLabel(leave);
            exit();
        }
    }

    // ------------------------------------------------------------------ support check

    private static final Map<String, Boolean> HELPERS = new ConcurrentHashMap<>();

    /** False for rows that decode but have no emitter case or no helper yet: they raise #UD. */
    static boolean supported(Entry e) {
        return switch (e.sem()) {
            case X87 -> helperExists("X87", e.helper());
            case SSE, SSE_STORE -> helperExists(e.helperOwner(), e.helperMethod(4));
            case FXSAVE -> helperExists("X87", "fxsave");
            case FXRSTOR -> helperExists("X87", "fxrstor");
            case BMI -> helperExists("Bits", e.helper());
            default -> true;
        };
    }

    private static boolean helperExists(String cls, String name) {
        return HELPERS.computeIfAbsent(cls + "." + name, k -> {
            try {
                Class<?> c = Class.forName("lxrun.translator.ops." + cls);
                for (Method m : c.getMethods()) {
                    if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers())) return true;
                }
            } catch (ClassNotFoundException ignored) {
                // no such helper class yet
            }
            return false;
        });
    }

    // ------------------------------------------------------------------ bytecode helpers

    private int newLong() {
        int v = nextLocal;
        nextLocal += 2;
        return v;
    }

    private void iconst(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    private void lconst(long v) {
        if (v == 0) mv.visitInsn(LCONST_0);
        else if (v == 1) mv.visitInsn(LCONST_1);
        else mv.visitLdcInsn(v);
    }

    private int storeTemp() {
        int t = newLong();
        mv.visitVarInsn(LSTORE, t);
        return t;
    }

    private void lload(int local) {
        mv.visitVarInsn(LLOAD, local);
    }

    private void call(String owner, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    private void cpu() {
        mv.visitVarInsn(ALOAD, L_CPU);
    }

    private static long mask(int bytes) {
        return bytes == 8 ? -1L : (1L << (8 * bytes)) - 1;
    }

    private static int sizeIndex(int bytes) {
        return Integer.numberOfTrailingZeros(bytes);
    }

    private void maskTo(int bytes) {
        if (bytes < 8) {
            lconst(mask(bytes));
            mv.visitInsn(LAND);
        }
    }

    private void signExtend(int bytes) {
        if (bytes < 8) {
            iconst(64 - 8 * bytes);
            mv.visitInsn(LSHL);
            iconst(64 - 8 * bytes);
            mv.visitInsn(LSHR);
        }
    }

    private void regRead(int r) {
        if (regLocal[r] >= 0) {
            lload(regLocal[r]);
            return;
        }
        mv.visitVarInsn(ALOAD, L_R);
        iconst(r);
        mv.visitInsn(LALOAD);
    }

    private void regWrite64(int r, int local) {
        lload(local);
        regWriteTop(r);
    }

    /** Stores the long on top of the stack into register r. */
    private void regWriteTop(int r) {
        if (regLocal[r] >= 0) {
            mv.visitVarInsn(LSTORE, regLocal[r]);
            return;
        }
        int t = storeTemp();
        mv.visitVarInsn(ALOAD, L_R);
        iconst(r);
        lload(t);
        mv.visitInsn(LASTORE);
    }

    /** Leaves the block for {@code target} on top of the stack. */
    private void exit() {
        flushRegisters();
        mv.visitInsn(LRETURN);
    }

    // ------------------------------------------------------------------ operand locations

    private static final int REG = 0, MEMORY = 1, IMM = 2;

    /** Where an operand lives: a register (with width and high-byte flag), a memory address in a local, or an immediate. */
    private record Loc(int kind, int reg, boolean high, int ea, int bytes, long imm) {}

    private Loc reg(int r, int bytes) {
        if (bytes == 1 && !in.rex && r >= 4 && r < 8) return new Loc(REG, r - 4, true, 0, 1, 0);
        return new Loc(REG, r, false, 0, bytes, 0);
    }

    private Loc mem(int ea, int bytes) {
        return new Loc(MEMORY, 0, false, ea, bytes, 0);
    }

    private Loc loc(Operand o) {
        return loc(o, in.mod == 3 && o.isRm() ? o.regBytes(in.opSize) : o.bytes(in.opSize));
    }

    private Loc loc(Operand o, int bytes) {
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

    private void addSegment() {
        if (in.segment == Instruction.SEG_FS || in.segment == Instruction.SEG_GS) {
            cpu();
            mv.visitFieldInsn(GETFIELD, CPU, in.segment == Instruction.SEG_FS ? "fsBase" : "gsBase", "J");
            mv.visitInsn(LADD);
        }
    }

    /** Computes the effective address into a new local. */
    private int ea(boolean segment) {
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
    private void load(Loc l) {
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
    private void store(Loc l, int local) {
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

    private void storeTop(Loc l) {
        store(l, storeTemp());
    }

    // ------------------------------------------------------------------ stack

    private void push(int valueLocal, int bytes) {
        regRead(4);
        lconst(bytes);
        mv.visitInsn(LSUB);
        int sp = storeTemp();
        store(mem(sp, bytes), valueLocal);
        regWrite64(4, sp);
    }

    /** Pops into a new local and returns it. */
    private int pop(int bytes) {
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

    /** The region's shared exit, entered with the guest address to continue at on the stack. */
    private Label leave;

    private Label leave() {
        if (leave == null) leave = new Label();
        return leave;
    }

    /**
     * Continues at {@code target}: a jump inside the region if it starts one of its blocks (a loop stays
     * in the method, where C2 sees it), else an exit to the dispatcher. A jump to an earlier block may close
     * a loop, so it also checks now and then whether the thread is asked to leave translated code.
     *
     * <p>Self-modifying code: an in-region jump first leaves if this translation was invalidated, i.e. its
     * guest bytes were written while it ran (by itself, typically: a loop patching its own instructions);
     * the dispatcher then translates the new bytes. The SDM (Vol. 3, 8.1.3) promises modified code to run
     * only after a jump or a serializing instruction, so checking at jumps (and after CPUID) gives exactly
     * that; instructions after the store in the same straight-line block may still run their old bytes, as
     * on processors that had prefetched them. The cost is a field load and a branch per in-region jump.
     * A fault stays precise: the exception handler sees the state as of the faulting instruction, stale or
     * not, and the exit here is an ordinary exit after the jump.
     */
    private void returnConst(long target) {
        Label l = blockLabels.get(target);
        if (l != null) {
            leaveIfInvalidated(target);
            if (blockOrder.get(target) <= blockIndex) {
                Label stay = new Label();
                mv.visitIincInsn(L_BACK_EDGES, -1);
                mv.visitVarInsn(ILOAD, L_BACK_EDGES);
                mv.visitJumpInsn(IFNE, stay);
                iconst(CHECK_EVERY);
                mv.visitVarInsn(ISTORE, L_BACK_EDGES);
                cpu();
                mv.visitFieldInsn(GETFIELD, CPU, "interrupt", "Z");
                mv.visitJumpInsn(IFEQ, stay);
                lconst(target);
                mv.visitJumpInsn(GOTO, leave());
                mv.visitLabel(stay);
            }
            mv.visitJumpInsn(GOTO, l);
            return;
        }
        lconst(target);
        exit();
    }

    /** Leaves for {@code next} if this translation's guest bytes were written (see {@link #returnConst}). */
    private void leaveIfInvalidated(long next) {
        Label valid = new Label();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, BLOCK, "invalidated", "Z");
        mv.visitJumpInsn(IFEQ, valid);
        lconst(next);
        mv.visitJumpInsn(GOTO, leave());
        mv.visitLabel(valid);
    }

    /**
     * The operands of the compare (or subtraction, or test) just before this instruction, still in their
     * temporaries: a Jcc right after it branches on them directly instead of through the lazy flags.
     */
    private record Fused(int index, boolean test, int a, int b, int bytes) {}

    private Fused fused;
    private int insnIndex;

    /** Jumps to {@code taken} when condition {@code cc} holds. */
    private void jumpIf(int cc, Label taken) {
        Fused f = fused;
        if (f != null && f.index == insnIndex - 1) {
            int op = fusedCompare(f, cc);
            if (op >= 0) {
                mv.visitJumpInsn(op, taken);
                return;
            }
        }
        cond(cc);
        mv.visitJumpInsn(IFNE, taken);
    }

    /** Pushes an int whose sign answers condition {@code cc} and returns the IFxx opcode, or -1 if not fusable. */
    private int fusedCompare(Fused f, int cc) {
        boolean unsigned = cc == 2 || cc == 3 || cc == 6 || cc == 7;
        boolean signed = cc >= 12;
        if (f.test) {
            // TEST: compare the AND result with zero; OF = CF = 0 so L is S and LE is "zero or negative"
            if (cc != 4 && cc != 5 && cc != 8 && cc != 9 && !signed) return -1;
            lload(f.a);
            signExtend(f.bytes);
            lconst(0);
            mv.visitInsn(LCMP);
            return switch (cc) {
                case 4 -> IFEQ;
                case 5 -> IFNE;
                case 8, 12 -> IFLT;
                case 9, 13 -> IFGE;
                case 14 -> IFLE;
                default -> IFGT;
            };
        }
        if (cc != 4 && cc != 5 && !unsigned && !signed) return -1;
        lload(f.a);
        if (signed) signExtend(f.bytes);
        else if (f.bytes == 8 && unsigned) { lconst(Long.MIN_VALUE); mv.visitInsn(LXOR); }
        lload(f.b);
        if (signed) signExtend(f.bytes);
        else if (f.bytes == 8 && unsigned) { lconst(Long.MIN_VALUE); mv.visitInsn(LXOR); }
        mv.visitInsn(LCMP);
        return switch (cc) {
            case 4 -> IFEQ;
            case 5 -> IFNE;
            case 2, 12 -> IFLT;
            case 3, 13 -> IFGE;
            case 6, 14 -> IFLE;
            default -> IFGT;
        };
    }

    private void cond(int cc) {
        cpu();
        iconst(cc);
        call(FLAGS, "cond", "(" + CPU_D + "I)Z");
    }

    private void raise(int vector, String message) {
        iconst(vector);
        mv.visitLdcInsn(message);
        call(MISC, "raise", "(ILjava/lang/String;)Ljava/lang/RuntimeException;");
        mv.visitInsn(ATHROW);
    }

    /** INT3 (and INT 3): the trap is reported after the instruction, as hardware does. */
    private void breakpoint() {
        iconst((int) (in.next() - start));
        mv.visitVarInsn(ISTORE, L_IP);
        raise(GuestException.BP, "int3");
    }

    private String describe() {
        return String.format("0x%x: %s (%s)", in.address, Disassembler.format(in), in.hexBytes());
    }

    // ------------------------------------------------------------------ instructions

    private void emit() {
        Entry e = in.entry;
        Operand[] ops = e.operands();
        switch (e.sem()) {
            case MOV -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1], d.bytes);
                load(s);
                storeTop(d);
            }
            case MOVZX -> {
                Loc s = loc(ops[1]);
                Loc d = loc(ops[0]);
                load(s);
                storeTop(d);
            }
            case MOVSX -> {
                Loc s = loc(ops[1]);
                Loc d = loc(ops[0]);
                load(s);
                signExtend(s.bytes);
                storeTop(d);
            }
            case LEA -> {
                int a = ea(false);
                store(loc(ops[0]), a);
            }
            case ALU -> alu(ops, e.sub());
            case TEST -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1], d.bytes);
                load(d);
                load(s);
                mv.visitInsn(LAND);
                int r = storeTemp();
                if (!flagsLive) return;
                cpu();
                lload(r);
                iconst(sizeIndex(d.bytes));
                call(ALU, "logic", "(" + CPU_D + "JI)J");
                mv.visitInsn(POP2);
                fused = new Fused(insnIndex, true, r, r, d.bytes);
            }
            case INC, DEC -> {
                Loc d = loc(ops[0]);
                if (flagsLive) {
                    cpu();
                    load(d);
                    iconst(sizeIndex(d.bytes));
                    call(ALU, e.sem() == Sem.INC ? "inc" : "dec", "(" + CPU_D + "JI)J");
                } else {
                    load(d);
                    lconst(1);
                    mv.visitInsn(e.sem() == Sem.INC ? LADD : LSUB);
                }
                storeTop(d);
            }
            case NOT -> {
                Loc d = loc(ops[0]);
                load(d);
                lconst(-1);
                mv.visitInsn(LXOR);
                storeTop(d);
            }
            case NEG -> {
                Loc d = loc(ops[0]);
                if (flagsLive) {
                    cpu();
                    load(d);
                    iconst(sizeIndex(d.bytes));
                    call(ALU, "neg", "(" + CPU_D + "JI)J");
                } else {
                    load(d);
                    mv.visitInsn(LNEG);
                }
                storeTop(d);
            }
            case SHIFT -> shift(ops, e.sub());
            case SHLD, SHRD -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                Loc n = loc(ops[2], 1);
                cpu();
                load(d);
                load(s);
                load(n);
                iconst(sizeIndex(d.bytes));
                call(SHIFTS, e.sem() == Sem.SHLD ? "shld" : "shrd", "(" + CPU_D + "JJJI)J");
                storeTop(d);
            }
            case MUL1, IMUL1, DIV, IDIV -> {
                Loc s = loc(ops[0]);
                cpu();
                load(s);
                iconst(sizeIndex(s.bytes));
                String name = switch (e.sem()) {
                    case MUL1 -> "mul";
                    case IMUL1 -> "imul1";
                    case DIV -> "div";
                    default -> "idiv";
                };
                call(MULDIV, name, "(" + CPU_D + "JI)V");
            }
            case IMUL2, IMUL3 -> {
                Loc d = loc(ops[0]);
                Loc a = loc(ops[e.sem() == Sem.IMUL2 ? 0 : 1]);
                Loc b = loc(ops[e.sem() == Sem.IMUL2 ? 1 : 2], d.bytes);
                cpu();
                load(a);
                load(b);
                iconst(sizeIndex(d.bytes));
                call(MULDIV, "imul", "(" + CPU_D + "JJI)J");
                storeTop(d);
            }
            case PUSH -> {
                int bytes = in.opSize;
                Loc s = loc(ops[0], bytes);
                load(s);
                push(storeTemp(), bytes);
            }
            case POP -> {
                int bytes = in.opSize;
                int v = pop(bytes);
                store(loc(ops[0], bytes), v);
            }
            case PUSHF -> {
                cpu();
                call(MISC, "pushf", "(" + CPU_D + ")J");
                push(storeTemp(), in.opSize);
            }
            case POPF -> {
                int bytes = in.opSize;
                int v = pop(bytes);
                cpu();
                lload(v);
                iconst(bytes);
                call(MISC, "popf", "(" + CPU_D + "JI)V");
            }
            case LEAVE -> { // RSP = RBP, then pop RBP (with 66: BP, the rest of RBP stays)
                int n = in.opSize;
                regRead(5);
                int sp = storeTemp();
                load(mem(sp, n));
                int v = storeTemp();
                lload(sp);
                lconst(n);
                mv.visitInsn(LADD);
                mv.visitVarInsn(LSTORE, sp);
                regWrite64(4, sp);
                store(reg(5, n), v);
            }
            case ENTER -> {
                cpu();
                iconst((int) (in.imm & 0xffff));
                iconst((int) (in.imm2 & 0xff));
                iconst(in.opSize);
                call(MISC, "enter", "(" + CPU_D + "III)V");
            }
            case CBW -> {
                int n = in.opSize;
                Loc src = reg(0, n / 2);
                load(src);
                signExtend(n / 2);
                storeTop(reg(0, n));
            }
            case CWD -> {
                int n = in.opSize;
                load(reg(0, n));
                signExtend(n);
                iconst(63);
                mv.visitInsn(LSHR);
                storeTop(reg(2, n));
            }
            case LAHF -> { cpu(); call(MISC, "lahf", "(" + CPU_D + ")V"); }
            case SAHF -> { cpu(); call(MISC, "sahf", "(" + CPU_D + ")V"); }
            case FLAGOP -> {
                cpu();
                iconst(e.sub());
                call(MISC, "flagOp", "(" + CPU_D + "I)V");
            }
            case JCC -> {
                Label taken = new Label();
                jumpIf(e.sub(), taken);
                returnConst(in.next());
                mv.visitLabel(taken);
                returnConst(in.next() + in.imm);
            }
            case JMP -> returnConst(in.next() + in.imm);
            case JMP_IND -> {
                load(loc(ops[0], 8));
                exit();
            }
            case CALL -> {
                lconst(in.next());
                push(storeTemp(), 8);
                returnConst(in.next() + in.imm);
            }
            case CALL_IND -> {
                load(loc(ops[0], 8));
                int target = storeTemp();
                lconst(in.next());
                push(storeTemp(), 8);
                lload(target);
                exit();
            }
            case RET -> {
                int v = pop(8);
                if (in.imm != 0) {
                    regRead(4);
                    lconst(in.imm & 0xffff);
                    mv.visitInsn(LADD);
                    regWrite64(4, storeTemp());
                }
                lload(v);
                exit();
            }
            case LOOP -> {
                Loc cx = reg(1, in.adsize ? 4 : 8);
                load(cx);
                lconst(1);
                mv.visitInsn(LSUB);
                int n = storeTemp();
                store(cx, n);
                Label fall = new Label();
                lload(n);
                maskTo(cx.bytes);
                lconst(0);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFEQ, fall);
                if (e.sub() < 2) {
                    cond(e.sub() == 0 ? 5 : 4); // loopne: NE, loope: E
                    mv.visitJumpInsn(IFEQ, fall);
                }
                returnConst(in.next() + in.imm);
                mv.visitLabel(fall);
                returnConst(in.next());
            }
            case JRCXZ -> {
                Label fall = new Label();
                load(reg(1, in.adsize ? 4 : 8));
                lconst(0);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, fall);
                returnConst(in.next() + in.imm);
                mv.visitLabel(fall);
                returnConst(in.next());
            }
            case SETCC -> {
                Loc d = loc(ops[0]);
                cond(e.sub());
                mv.visitInsn(I2L);
                storeTop(d);
            }
            case CMOVCC -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                load(s); // the source is read (and may fault) whatever the condition
                int sv = storeTemp();
                Label no = new Label(), done = new Label();
                cond(e.sub());
                mv.visitJumpInsn(IFEQ, no);
                lload(sv);
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(no);
                load(d);
                mv.visitLabel(done);
                storeTop(d);
            }
            case XCHG -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                load(d);
                int dv = storeTemp();
                load(s);
                int sv = storeTemp();
                if (s.kind == MEMORY) {
                    store(s, dv);
                    store(d, sv);
                } else {
                    store(d, sv);
                    store(s, dv);
                }
            }
            case CMPXCHG -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                Loc acc = reg(0, d.bytes);
                load(d);
                int dv = storeTemp();
                load(acc);
                int av = storeTemp();
                cpu();
                lload(av);
                lload(dv);
                iconst(sizeIndex(d.bytes));
                call(ALU, "sub", "(" + CPU_D + "JJI)J");
                mv.visitInsn(POP2);
                Label ne = new Label(), done = new Label();
                lload(av);
                lload(dv);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, ne);
                load(s);
                storeTop(d);
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(ne);
                store(acc, dv);
                mv.visitLabel(done);
            }
            case XADD -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                load(d);
                int dv = storeTemp();
                cpu();
                lload(dv);
                load(s);
                iconst(sizeIndex(d.bytes));
                call(ALU, "add", "(" + CPU_D + "JJI)J");
                if (d.kind == MEMORY) {
                    storeTop(d); // first: a locked retry re-reads the source register
                    store(s, dv);
                } else {
                    int sum = storeTemp();
                    store(s, dv);
                    store(d, sum); // last: "xadd r, r" leaves the sum
                }
            }
            case BT -> bt(ops, e.sub());
            case BSF, BSR -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                // a zero source leaves the whole destination register alone, even with 32 bits (as AMD
                // documents and the CPU does): the helper gets and returns all 64 bits, an index fits in any width
                if (d.bytes == 4) d = reg(d.reg(), 8);
                cpu();
                load(s);
                load(d);
                iconst(sizeIndex(s.bytes));
                call(BITS, e.sem() == Sem.BSF ? "bsf" : "bsr", "(" + CPU_D + "JJI)J");
                storeTop(d);
            }
            case TZCNT, LZCNT, POPCNT -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                cpu();
                load(s);
                iconst(sizeIndex(s.bytes));
                String name = e.sem() == Sem.TZCNT ? "tzcnt" : e.sem() == Sem.LZCNT ? "lzcnt" : "popcnt";
                call(BITS, name, "(" + CPU_D + "JI)J");
                storeTop(d);
            }
            case BSWAP, MOVBE -> {
                Loc d = loc(ops[0]);
                Loc s = ops.length > 1 ? loc(ops[1]) : d;
                load(s);
                iconst(sizeIndex(d.bytes));
                call(BITS, "bswap", "(JI)J");
                storeTop(d);
            }
            case CRC32 -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                load(d);
                load(s);
                iconst(s.bytes);
                call(BITS, "crc32", "(JJI)J");
                storeTop(d); // the low 32 bits, zero-extended also with REX.W
            }
            case ADX -> {
                Loc d = loc(ops[0]);
                Loc s = loc(ops[1]);
                cpu();
                load(d);
                load(s);
                iconst(sizeIndex(d.bytes));
                call(ALU, e.sub() == 0 ? "adcx" : "adox", "(" + CPU_D + "JJI)J");
                storeTop(d);
            }
            case BMI -> bmi(ops, e);
            case MULX -> {
                Loc hi = loc(ops[0]);
                Loc lo = loc(ops[1]);
                load(reg(2, hi.bytes));
                int a = storeTemp();
                load(loc(ops[2]));
                int b = storeTemp();
                lload(a);
                lload(b);
                iconst(sizeIndex(hi.bytes));
                call(MULDIV, "mulHigh", "(JJI)J");
                int h = storeTemp();
                lload(a);
                lload(b);
                mv.visitInsn(LMUL);
                storeTop(lo);
                store(hi, h); // last: with the same register for both, the high half is what remains
            }
            case STRING -> string(ops, e.sub());
            case XLAT -> {
                regRead(3);
                load(reg(0, 1));
                mv.visitInsn(LADD);
                addSegment();
                load(mem(storeTemp(), 1));
                storeTop(reg(0, 1));
            }
            case SYSCALL -> {
                lconst(in.next());
                int next = storeTemp();
                regWrite64(1, next); // the CPU saves RIP in RCX and RFLAGS in R11
                cpu();
                mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "rflags", "()J", false);
                regWrite64(11, storeTemp());
                cpu();
                lload(next);
                mv.visitFieldInsn(PUTFIELD, CPU, "rip", "J");
                flushRegisters();
                cpu();
                call("lxrun/runtime/ps/ProcessLayer", "systemCall", "(" + CPU_D + ")V");
                cpu();
                mv.visitFieldInsn(GETFIELD, CPU, "rip", "J");
                mv.visitInsn(LRETURN);
            }
            case CPUID -> { cpu(); call(MISC, "cpuid", "(" + CPU_D + ")V"); }
            case RDTSC -> { cpu(); call(MISC, "rdtsc", "(" + CPU_D + ")V"); }
            case RDTSCP -> {
                cpu();
                call(MISC, "rdtsc", "(" + CPU_D + ")V");
                lconst(0); // TSC_AUX: Linux puts (NUMA node << 12) | CPU number there, 0 for the one CPU here
                regWriteTop(1);
            }
            case RDFSBASE -> fsgsBase(ops, e.sub());
            case NOP, FENCE -> { }
            case UD -> raise(GuestException.UD, "invalid instruction at " + describe());
            case INT3 -> breakpoint();
            case INT -> {
                // only vector 3 (and 4, #OF, which Linux also reports as SIGSEGV) has a user-mode gate
                if ((in.imm & 0xff) == 3) breakpoint();
                else raise(GuestException.GP, "privileged instruction at " + describe());
            }
            case HLT -> raise(GuestException.GP, "privileged instruction at " + describe());
            case X87 -> {
                cpu();
                if (in.isMem()) {
                    lload(ea(true));
                    call(X87, e.helper(), "(" + CPU_D + "J)V");
                } else {
                    iconst(in.rm & 7);
                    call(X87, e.helper(), "(" + CPU_D + "I)V");
                }
            }
            case FXSAVE, FXRSTOR -> {
                int a = ea(true);
                lload(a);
                call(MISC, "checkAligned16", "(J)V"); // #GP: the 512-byte area must be 16-byte aligned
                cpu();
                lload(a);
                call(X87, e.sem() == Sem.FXSAVE ? "fxsave" : "fxrstor", "(" + CPU_D + "J)V");
            }
            case LDMXCSR -> {
                Loc m = loc(ops[0], 4);
                cpu();
                load(m);
                call(MISC, "ldmxcsr", "(" + CPU_D + "J)V"); // #GP for reserved bits
            }
            case STMXCSR -> {
                Loc m = loc(ops[0], 4);
                cpu();
                mv.visitFieldInsn(GETFIELD, CPU, "mxcsr", "I");
                mv.visitInsn(I2L);
                storeTop(m);
            }
            case CMPXCHG16B -> {
                cpu();
                lload(ea(true));
                call(MISC, in.rexW ? "cmpxchg16b" : "cmpxchg8b", "(" + CPU_D + "J)V"); // 0F C7 /1 is cmpxchg8b without REX.W
            }
            case SSE -> {
                sse(ops);
                mmxTransition(ops);
            }
            case SSE_STORE -> {
                sseStore(ops, e);
                mmxTransition(ops);
            }
            default -> raise(GuestException.UD, "unsupported instruction at " + describe());
        }
    }

    private void alu(Operand[] ops, int op) {
        Loc d = loc(ops[0]);
        Loc s = loc(ops[1], d.bytes);
        if (!flagsLive && op == OpcodeTable.CMP) {
            // nothing reads the flags: a compare has no effect, but its memory operand may still fault
            if (d.kind == MEMORY) { load(d); mv.visitInsn(POP2); }
            if (s.kind == MEMORY) { load(s); mv.visitInsn(POP2); }
            return;
        }
        if (!flagsLive && ALU_PLAIN[op] >= 0) {
            load(d);
            load(s);
            mv.visitInsn(ALU_PLAIN[op]);
        } else {
            load(d);
            int a = storeTemp();
            load(s);
            int b = storeTemp();
            cpu();
            lload(a);
            lload(b);
            iconst(sizeIndex(d.bytes));
            call(ALU, ALU_HELPERS[op], "(" + CPU_D + "JJI)J");
            if (op == OpcodeTable.CMP || op == OpcodeTable.SUB) fused = new Fused(insnIndex, false, a, b, d.bytes);
        }
        if (op == OpcodeTable.CMP) mv.visitInsn(POP2);
        else storeTop(d);
    }

    private void shift(Operand[] ops, int kind) {
        Loc d = loc(ops[0]);
        Loc n = loc(ops[1], 1);
        int bits = 8 * d.bytes;
        if (!flagsLive && n.kind == IMM && (kind == OpcodeTable.SHL || kind == OpcodeTable.SAL
                || kind == OpcodeTable.SHR || kind == OpcodeTable.SAR)) {
            int count = (int) (n.imm & (bits == 64 ? 63 : 31));
            if (count == 0) {
                // no change, but a 32-bit register destination is still written (zero-extended)
                if (d.kind == REG && d.bytes == 4) {
                    load(d);
                    storeTop(d);
                }
                return;
            }
            load(d);
            if (kind == OpcodeTable.SAR) signExtend(d.bytes);
            if (count >= bits) {
                // only 8- and 16-bit operands get here; x86 shifts them out completely (SAR fills with sign)
                if (kind == OpcodeTable.SAR) {
                    iconst(63);
                    mv.visitInsn(LSHR);
                } else {
                    mv.visitInsn(POP2);
                    lconst(0);
                }
            } else {
                iconst(count);
                mv.visitInsn(kind == OpcodeTable.SAR ? LSHR : kind == OpcodeTable.SHR ? LUSHR : LSHL);
            }
            storeTop(d);
            return;
        }
        if (!flagsLive && n.kind == IMM && (kind == OpcodeTable.ROL || kind == OpcodeTable.ROR)) {
            int count = (int) (n.imm & (bits == 64 ? 63 : 31));
            if (count == 0) {
                if (d.kind == REG && d.bytes == 4) {
                    load(d);
                    storeTop(d);
                }
                return;
            }
            int r = kind == OpcodeTable.ROL ? count % bits : (bits - count % bits) % bits; // as a left rotation
            load(d);
            int v = storeTemp();
            lload(v);
            iconst(r);
            mv.visitInsn(LSHL);
            lload(v);
            iconst((bits - r) % 64);
            mv.visitInsn(LUSHR);
            if (r == 0) mv.visitInsn(POP2); // a rotation by a multiple of the width: the value itself
            else mv.visitInsn(LOR);
            storeTop(d);
            return;
        }
        cpu();
        iconst(kind);
        load(d);
        load(n);
        iconst(sizeIndex(d.bytes));
        call(SHIFTS, "shift", "(" + CPU_D + "IJJI)J");
        storeTop(d);
    }

    /** A Sem.BMI row: its ops.Bits helper gets the sources in row order and the size (see {@link Sem#BMI}). */
    private void bmi(Operand[] ops, Entry e) {
        Loc d = loc(ops[0]);
        StringBuilder desc = new StringBuilder("(");
        if (e.has(Entry.WRITES_FLAGS)) {
            cpu();
            desc.append(CPU_D);
        }
        for (int k = 1; k < ops.length; k++) {
            load(loc(ops[k], ops[k].kind() == 'I' ? 1 : d.bytes));
            desc.append('J');
        }
        iconst(sizeIndex(d.bytes));
        call(BITS, e.helper(), desc.append("I)J").toString());
        storeTop(d);
    }

    /** RDFSBASE/RDGSBASE (sub 0, 1) and WRFSBASE/WRGSBASE (sub 2, 3); a non-canonical base is #GP. */
    private void fsgsBase(Operand[] ops, int kind) {
        Loc r = loc(ops[0]);
        String field = (kind & 1) == 0 ? "fsBase" : "gsBase";
        if (kind < 2) {
            cpu();
            mv.visitFieldInsn(GETFIELD, CPU, field, "J");
            storeTop(r); // a 32-bit destination gets the low half, zero-extended
            return;
        }
        load(r);
        int v = storeTemp();
        Label canonical = new Label();
        lload(v);
        iconst(16);
        mv.visitInsn(LSHL);
        iconst(16);
        mv.visitInsn(LSHR);
        lload(v);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, canonical);
        raise(GuestException.GP, "non-canonical base at " + describe());
        mv.visitLabel(canonical);
        cpu();
        lload(v);
        mv.visitFieldInsn(PUTFIELD, CPU, field, "J");
    }

    private void bt(Operand[] ops, int kind) {
        Loc d = loc(ops[0]);
        int bits = 8 * d.bytes;
        int bit;
        if (ops[1].kind() == 'I') {
            lconst(in.imm & (bits - 1));
            bit = storeTemp();
        } else {
            load(loc(ops[1]));
            if (d.kind == MEMORY) {
                // a register bit offset addresses memory beyond the operand: signed, in operand-size units
                signExtend(d.bytes);
                int off = storeTemp();
                lload(d.ea);
                lload(off);
                iconst(Integer.numberOfTrailingZeros(bits));
                mv.visitInsn(LSHR);
                iconst(Integer.numberOfTrailingZeros(d.bytes));
                mv.visitInsn(LSHL);
                mv.visitInsn(LADD);
                d = mem(storeTemp(), d.bytes);
                lload(off);
            }
            lconst(bits - 1);
            mv.visitInsn(LAND);
            bit = storeTemp();
        }
        cpu();
        load(d);
        lload(bit);
        iconst(kind);
        call(BITS, "bt", "(" + CPU_D + "JJI)J");
        if (kind == 0) mv.visitInsn(POP2);
        else storeTop(d);
    }

    private void string(Operand[] ops, int kind) {
        int bytes = 1;
        for (Operand o : ops) if (o.kind() == 'X' || o.kind() == 'Y') bytes = o.bytes(in.opSize);
        String[] names = {"movs", "cmps", "stos", "lods", "scas"};
        cpu();
        iconst(bytes);
        iconst(in.rep ? 1 : in.repne ? 2 : 0);
        iconst(in.adsize ? 1 : 0);
        lconst(0);
        addSegment(); // the source's segment base (FS/GS override), 0 without one
        call(STR, names[kind], "(" + CPU_D + "IIZJ)V");
    }

    // ------------------------------------------------------------------ SSE

    private static final int SCRATCH = 16;

    /** The register an XMM or MMX operand names: ModRM.reg for V/P, else ModRM.rm; MMX ignores REX.R/REX.B. */
    private int vectorReg(Operand o) {
        int n = o.kind() == 'V' || o.kind() == 'P' ? in.reg : in.rm;
        return o.isMmx() ? n & 7 : n;
    }

    /**
     * SDM vol. 1 9.5.1: every MMX instruction (one naming an MMX register; EMMS does not) sets the x87 TOS to 0
     * and all tags valid. Emitted after the row's helper and store, so a faulting instruction leaves it undone.
     */
    private void mmxTransition(Operand[] ops) {
        for (Operand o : ops) {
            if (o.kind() == 'P' || (o.isMmx() && in.mod == 3)) {
                cpu();
                call(MMX, "transition", "(" + CPU_D + ")V");
                return;
            }
        }
    }

    /** Loads a memory operand of {@code bytes} into scratch register 16 and returns 16. */
    private int sseSource(Operand o) {
        if (in.mod == 3) return vectorReg(o);
        int a = ea(true);
        alignCheck(a, o.bytes(in.opSize));
        cpu();
        lload(a);
        iconst(o.bytes(in.opSize));
        call(SSE, "loadScratch", "(" + CPU_D + "JI)V");
        return SCRATCH;
    }

    /** Legacy SSE: a 16-byte memory operand must be 16-byte aligned (#GP) except for the movu* forms and a few more. */
    private void alignCheck(int ea, int bytes) {
        if (bytes != 16 || !in.entry.alignedMemory()) return;
        lload(ea);
        call(MISC, "checkAligned16", "(J)V");
    }

    private void sse(Operand[] ops) {
        String owner = OPS + in.entry.helperOwner(), name = in.entry.helperMethod(in.opSize);
        if (ops.length == 0) { // EMMS
            cpu();
            call(owner, name, "(" + CPU_D + ")V");
            return;
        }
        Operand d = ops[0], s = ops[1];
        boolean vd = d.kind() == 'V' || d.kind() == 'P';
        if (d.kind() == 'U' || d.kind() == 'N') { // group forms (0F 71-73 /reg ib): (cpu, ModRM.reg, rm, imm)
            cpu();
            iconst(in.reg & 7);
            iconst(vectorReg(d));
            iconst((int) (in.imm & 0xff));
            call(owner, name, "(" + CPU_D + "III)V");
        } else if (vd && s.isVector()) {
            int src = sseSource(s);
            cpu();
            iconst(vectorReg(d));
            iconst(src);
            call(owner, name, "(" + CPU_D + "II" + imm8(ops) + ")V");
        } else if (d.kind() == 'G' && s.isVector()) {
            int src = sseSource(s);
            cpu();
            iconst(src);
            call(owner, name, "(" + CPU_D + "I" + imm8(ops) + ")J");
            storeTop(loc(d));
        } else if (vd) {
            Loc v = loc(s);
            cpu();
            iconst(vectorReg(d));
            load(v);
            call(owner, name, "(" + CPU_D + "IJ" + imm8(ops) + ")V");
        } else {
            Loc dst = loc(d);
            cpu();
            iconst(vectorReg(s));
            call(owner, name, "(" + CPU_D + "I" + imm8(ops) + ")J");
            storeTop(dst);
        }
    }

    /** Pushes a third, immediate operand if the row has one; returns its descriptor part. */
    private String imm8(Operand[] ops) {
        if (ops.length < 3) return "";
        iconst((int) (in.imm & 0xff));
        return "I";
    }

    private void sseStore(Operand[] ops, Entry e) {
        if (in.mod == 3) {
            cpu();
            iconst(vectorReg(ops[0]));
            iconst(vectorReg(ops[1]));
            call(OPS + e.helperOwner(), e.helperMethod(in.opSize), "(" + CPU_D + "II)V");
            return;
        }
        int a = ea(true);
        alignCheck(a, e.sub());
        cpu();
        lload(a);
        iconst(vectorReg(ops[1]));
        if (ops[1].isMmx()) {
            call(MMX, "storeMem", "(" + CPU_D + "JI)V"); // 8 bytes
        } else {
            iconst(e.sub());
            call(SSE, "storeMem", "(" + CPU_D + "JII)V");
        }
    }
}
