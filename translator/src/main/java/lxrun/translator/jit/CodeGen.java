package lxrun.translator.jit;

import lxrun.runtime.exec.EngineStats;
import lxrun.runtime.mem.GuestException;
import lxrun.translator.x86.Disassembler;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.FlagEffects;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Sem;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static lxrun.translator.jit.BlockCompiler.BLOCK;
import static lxrun.translator.jit.BlockCompiler.CPU;
import static lxrun.translator.jit.BlockCompiler.CPU_D;
import static org.objectweb.asm.Opcodes.*;

/**
 * Generates the method of one region: several guest blocks, jumps among them are JVM jumps. The block loop
 * ({@link #body}) sets up each instruction and hands it to its {@link Families family}; this class keeps
 * what spans instructions: the register cache, flag liveness, cmp/jcc fusion and the exits.
 *
 * <p>Locals: 1 the CpuState, 2 its register array, 3 guest memory, 4 the offset of the instruction being
 * executed (read by the exception handler for precise faults), 6 a back-edge countdown, then one long per
 * guest register the region uses (loaded at entry, written back at every exit), then per-instruction
 * temporaries. Arithmetic whose flags are overwritten before any read ({@link FlagLiveness}, over the
 * region's graph) is emitted without flag updates; a block's last flag writer may leave its update to the
 * edges that need it ({@link FlagFusion}).
 */
final class CodeGen extends Operands {
    static final int L_CPU = 1, L_R = 2, L_MEM = 3, L_IP = 4, L_TMP0 = 5, L_BACK_EDGES = 6, L_TEMPS = 7;
    /** Back edges taken between two checks of CpuState.interrupt (a volatile read costs a loop dearly). */
    private static final int CHECK_EVERY = 1024;

    /** The helper classes generated code calls. */
    static final String OPS = "lxrun/translator/ops/";
    static final String ALU = OPS + "Alu", SHIFTS = OPS + "Shifts", MULDIV = OPS + "MulDiv",
            BITS = OPS + "Bits", STR = OPS + "StringOps", MISC = OPS + "Misc", X87 = OPS + "X87", SSE = OPS + "Sse", MMX = OPS + "Mmx",
            FLAGS = "lxrun/runtime/cpu/Flags";

    private final long start;
    private final List<List<Instruction>> blocks;
    private final Map<Long, Label> blockLabels = new HashMap<>();
    private int blockIndex;
    private final Map<Long, Integer> blockOrder = new HashMap<>();
    /** Index of the current instruction in its block. */
    int insnIndex;
    /** Whether a later instruction may read the flags the current one writes (else it can skip them). */
    boolean flagsLive;
    /** JVM local caching each guest register the block uses, or -1; temporaries start at {@link #tempBase}. */
    private final int[] regLocal = new int[16];
    private int tempBase = L_TEMPS;
    private final RegionGraph graph;
    private final FlagLiveness liveness;

    CodeGen(MethodVisitor mv, long start, List<List<Instruction>> blocks) {
        super(mv);
        this.start = start;
        this.blocks = blocks;
        this.graph = new RegionGraph(blocks);
        this.liveness = FlagLiveness.of(graph);
        Arrays.fill(regLocal, -1);
        for (int b = 0; b < blocks.size(); b++) {
            long entry = blocks.get(b).get(0).address;
            blockLabels.put(entry, new Label());
            blockOrder.put(entry, b);
            for (Instruction i : blocks.get(b)) {
                for (int r : RegisterUse.registersUsed(i)) {
                    if (r >= 0 && regLocal[r] < 0) {
                        regLocal[r] = tempBase;
                        tempBase += 2;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ register cache

    /** Writes every cached register back to CpuState.r (before an exit, a helper that reads them, or a throw). */
    void flushRegisters() {
        flushRegisters(RegisterUse.ALL);
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
        flushRegisters(RegisterUse.NOT_STRING_REGS);
        boolean cached = false;
        for (int r : RegisterUse.STRING_REGS) cached |= regLocal[r] >= 0;
        if (!cached) return;
        Label done = new Label();
        mv.visitVarInsn(ALOAD, exception);
        mv.visitFieldInsn(GETFIELD, "lxrun/runtime/mem/GuestException", "stringProgress", "Z");
        mv.visitJumpInsn(IFNE, done);
        flushRegisters(RegisterUse.STRING_REGS);
        mv.visitLabel(done);
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

    @Override
    void regRead(int r) {
        if (regLocal[r] >= 0) {
            lload(regLocal[r]);
            return;
        }
        mv.visitVarInsn(ALOAD, L_R);
        iconst(r);
        mv.visitInsn(LALOAD);
    }

    @Override
    void regWriteTop(int r) {
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

    // ------------------------------------------------------------------ the region

    void prologue() {
        mv.visitVarInsn(ALOAD, L_CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "r", "[J");
        mv.visitVarInsn(ASTORE, L_R);
        mv.visitVarInsn(ALOAD, L_CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "mem", "L" + BlockCompiler.MEM + ";");
        mv.visitVarInsn(ASTORE, L_MEM);
        iconst(0);
        mv.visitVarInsn(ISTORE, L_IP);
        iconst(CHECK_EVERY);
        mv.visitVarInsn(ISTORE, L_BACK_EDGES);
        reloadRegisters(RegisterUse.ALL);
    }

    void body() {
        for (blockIndex = 0; blockIndex < blocks.size(); blockIndex++) {
            List<Instruction> insns = blocks.get(blockIndex);
            mv.visitLabel(blockLabels.get(insns.get(0).address));
            fused = null;
            pending = null;
            int pinned = tempBase;
            for (int i = 0; i < insns.size(); i++) {
                in = insns.get(i);
                insnIndex = i;
                long after = liveness.after(blockIndex, i);
                if (in.entry.sem() == Sem.INC || in.entry.sem() == Sem.DEC) after &= ~FlagEffects.CF; // passed through
                flagsLive = after != 0;
                defer = FlagFusion.deferrable(insns, i);
                nextLocal = pinned;
                iconst((int) (in.address - start));
                mv.visitVarInsn(ISTORE, L_IP);
                int[] sync = RegisterUse.helperRegisters(in);
                flushRegisters(sync);
                lockRetryPoint();
                emit();
                if (defer) pinned = nextLocal; // the branch after it still reads its temporaries
                reloadRegisters(sync);
                if (in.entry.sem() == Sem.CPUID) leaveIfInvalidated(in.next()); // serializing
            }
            Instruction last = insns.get(insns.size() - 1);
            if (!last.entry.has(Entry.BRANCH)) returnConst(last.next());
        }
        if (leave != null) {
            mv.visitLabel(leave);
            flushRegisters();
            mv.visitInsn(LRETURN);
        }
    }

    /** The current instruction, by its family; a Sem without one is #UD. */
    private void emit() {
        Family f = Families.BY_SEM.get(in.entry.sem());
        if (f == null) raise(GuestException.UD, "unsupported instruction at " + describe());
        else f.emit(this, in, in.entry.operands());
    }

    // ------------------------------------------------------------------ exits

    /**
     * Leaves the region for the guest address on top of the stack, through its one exit that writes the
     * registers back: an exit costs a jump instead of a copy of the write-back, which made cc1's regions
     * 9% smaller (2026-12-04), so HotSpot has less to compile.
     */
    void exit() {
        mv.visitJumpInsn(GOTO, leave());
    }

    /** Leaves for a target computed at run time (on the stack), counted as {@code kind} (EngineStats.EXIT_*) with --stats. */
    void exit(int kind) {
        countExit(kind);
        exit();
    }

    /** With --stats, counts a region exit of kind {@code kind}. */
    void countExit(int kind) {
        if (!EngineStats.ON) return;
        iconst(kind);
        call("lxrun/runtime/exec/EngineStats", "exit", "(I)V");
    }

    /** The region's one exit, entered with the guest address to continue at on the stack. */
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
    void returnConst(long target) {
        if (pending != null && (liveness.atEdge(graph.blockAt(target)) & FlagEffects.writes(pending.writer())) != 0) {
            materialize(pending);
        }
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
        countExit(EngineStats.EXIT_DIRECT);
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

    // ------------------------------------------------------------------ cmp/jcc fusion

    /** The flag writer just before the current instruction, for a Jcc to branch on its values ({@link FlagFusion}). */
    FlagFusion.Fused fused;
    /** The current instruction's flag update is left to the block's edges ({@link FlagFusion#deferrable}). */
    boolean defer;
    /** The deferred flag update of this block, made on each edge where a flag it writes is live. */
    FlagFusion.Pending pending;

    private void materialize(FlagFusion.Pending p) {
        cpu();
        lload(p.a());
        if (p.b() >= 0) lload(p.b());
        iconst(Operands.sizeIndex(p.bytes()));
        call(ALU, p.helper(), p.desc());
        mv.visitInsn(POP2);
    }

    /** Jumps to {@code taken} when condition {@code cc} holds. */
    void jumpIf(int cc, Label taken) {
        FlagFusion.Fused f = fused;
        if (f != null && f.index() == insnIndex - 1 && FlagFusion.fusable(f.kind(), cc)) {
            mv.visitJumpInsn(fusedCompare(f, cc), taken);
            return;
        }
        cond(cc);
        mv.visitJumpInsn(IFNE, taken);
    }

    /** Pushes an int whose sign answers condition {@code cc} (fusable for f) and returns the IFxx opcode. */
    private int fusedCompare(FlagFusion.Fused f, int cc) {
        boolean unsigned = cc == 2 || cc == 3 || cc == 6 || cc == 7;
        boolean signed = cc >= 12;
        if (f.kind() != FlagFusion.OPERANDS) {
            // a result against zero: ZF and SF; a logic result has OF = CF = 0 too, so L is S and LE "zero or negative"
            lload(f.a());
            signExtend(f.bytes());
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
        lload(f.a());
        if (signed) signExtend(f.bytes());
        else if (f.bytes() == 8 && unsigned) { lconst(Long.MIN_VALUE); mv.visitInsn(LXOR); }
        lload(f.b());
        if (signed) signExtend(f.bytes());
        else if (f.bytes() == 8 && unsigned) { lconst(Long.MIN_VALUE); mv.visitInsn(LXOR); }
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

    void cond(int cc) {
        cpu();
        iconst(cc);
        call(FLAGS, "cond", "(" + CPU_D + "I)Z");
    }

    // ------------------------------------------------------------------ traps

    void raise(int vector, String message) {
        iconst(vector);
        mv.visitLdcInsn(message);
        call(MISC, "raise", "(ILjava/lang/String;)Ljava/lang/RuntimeException;");
        mv.visitInsn(ATHROW);
    }

    /** INT3 (and INT 3): the trap is reported after the instruction, as hardware does. */
    void breakpoint() {
        iconst((int) (in.next() - start));
        mv.visitVarInsn(ISTORE, L_IP);
        raise(GuestException.BP, "int3");
    }

    String describe() {
        return String.format("0x%x: %s (%s)", in.address, Disassembler.format(in), in.hexBytes());
    }
}
