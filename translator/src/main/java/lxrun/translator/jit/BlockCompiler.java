package lxrun.translator.jit;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.exec.BlockTranslator;
import lxrun.runtime.exec.BlockTranslator.Tier;
import lxrun.runtime.exec.CompiledBlock;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.interp.InterpretedBlock;
import lxrun.translator.x86.Decoder;
import lxrun.translator.x86.Disassembler;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Sem;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V1_5;

/**
 * The JIT: decodes a guest basic block and compiles it into one JVM method, {@code long run(CpuState)},
 * of a hidden class. See the package documentation for the design and where region compilation fits.
 * {@code -Dlxrun.jit.dump=DIR} also writes each region's class to DIR as {@code <hex start address>.class}, for javap.
 */
public final class BlockCompiler implements BlockTranslator {
    /** Blocks stop after this many instructions. */
    static final int MAX_INSNS = 64;
    /**
     * A region starts with this many instructions at most (its last block may take it over), and halves until
     * its class is small enough. Measured on 2026-12-04 over scripts/bench: 32 against 256 cut cc1's wall
     * time by a third and its compiler-thread time by half (HotSpot's compile time grows faster than a
     * method's size, and most of a large region is warm, not hot); the loop rows stayed within run-to-run
     * noise.
     */
    static final int MAX_REGION_INSNS = 32;
    /**
     * Class-file size above which a region is recompiled smaller: the method must stay below HotSpot's
     * 8000-byte HugeMethodLimit or it is never JIT-compiled (the class file adds a constant pool to it).
     */
    static final int MAX_CLASS_BYTES = 9000;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String TIER = "Llxrun/runtime/exec/BlockTranslator$Tier;";
    private static final String CTOR_D = "(J[J" + TIER + "II)V";
    private static final MethodType CTOR =
            MethodType.methodType(void.class, long.class, long[].class, BlockTranslator.Tier.class, int.class, int.class);
    static final String BLOCK = "lxrun/runtime/exec/CompiledBlock";
    static final String CPU = "lxrun/runtime/cpu/CpuState";
    static final String MEM = "lxrun/runtime/mem/GuestMemory";
    static final String CPU_D = "L" + CPU + ";";

    /** Where {@code -Dlxrun.jit.dump} writes the classes it defines, or null. */
    private static final String DUMP = System.getProperty("lxrun.jit.dump");

    private final Decoder decoder = new Decoder();

    @Override
    public synchronized CompiledBlock translate(GuestMemory mem, long rip, Tier tier, LongPredicate ran) {
        if (tier == Tier.INTERPRETER) return InterpretedBlock.of(decodeBlock(mem, rip), a -> decodeLeg(mem, a), MAX_INSNS, ran);
        for (int budget = MAX_REGION_INSNS; ; budget /= 2) {
            List<List<Instruction>> blocks = region(mem, rip, budget, ran);
            byte[] bytes = generate(blocks, rip);
            if (bytes.length <= MAX_CLASS_BYTES || blocks.size() == 1) {
                if (DUMP != null) dump(rip, bytes);
                return define(blocks, rip, tier, bytes);
            }
        }
    }

    private static void dump(long rip, byte[] bytes) {
        try {
            Path dir = Files.createDirectories(Path.of(DUMP));
            Files.write(dir.resolve(Long.toHexString(rip) + ".class"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("lxrun.jit.dump", e);
        }
    }

    /** Defines the hidden class of a translation and instantiates it. */
    private static CompiledBlock define(List<List<Instruction>> blocks, long rip, Tier tier, byte[] bytes) {
        long[] ranges = new long[2 * blocks.size()];
        int insns = 0;
        for (int i = 0; i < blocks.size(); i++) {
            List<Instruction> b = blocks.get(i);
            ranges[2 * i] = b.get(0).address;
            ranges[2 * i + 1] = b.get(b.size() - 1).next();
            insns += b.size();
        }
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
            MethodHandle ctor = hidden.findConstructor(hidden.lookupClass(), CTOR);
            return (CompiledBlock) ctor.invoke(rip, ranges, tier, insns, bytes.length);
        } catch (Throwable t) {
            throw new IllegalStateException("translation of block at 0x" + Long.toHexString(rip) + " failed", t);
        }
    }

    /**
     * The blocks reachable from {@code rip} through direct jumps, conditional branches and fall-through
     * (not calls or returns) that {@code ran} says have run, breadth first, up to {@code budget} instructions: compiled into one method,
     * a loop among them runs inside it, where HotSpot can compile it as a loop.
     */
    List<List<Instruction>> region(GuestMemory mem, long rip, int budget, LongPredicate ran) {
        List<List<Instruction>> blocks = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Long> work = new java.util.ArrayDeque<>();
        work.add(rip);
        int total = 0;
        while (!work.isEmpty() && total < budget) { // a budget of 1: the entry block alone
            long pc = work.poll();
            if (!seen.add(pc) || (!blocks.isEmpty() && !ran.test(pc))) continue;
            List<Instruction> b;
            if (blocks.isEmpty()) {
                b = decodeBlock(mem, pc); // the entry's exceptions are the caller's
            } else {
                try {
                    b = decodeBlock(mem, pc);
                } catch (GuestException e) {
                    continue; // raised when (if) execution gets there
                }
            }
            blocks.add(b);
            total += b.size();
            Instruction last = b.get(b.size() - 1);
            Sem sem = last.entry.sem();
            if (sem == Sem.JCC || sem == Sem.JMP || sem == Sem.LOOP || sem == Sem.JRCXZ) work.add(last.next() + last.imm);
            if (!last.entry.has(Entry.BRANCH) || sem == Sem.JCC || sem == Sem.LOOP || sem == Sem.JRCXZ) {
                work.add(last.next());
            }
        }
        return blocks;
    }

    /**
     * Decodes up to the first branch. An undecodable or unfetchable instruction ends the block before it;
     * if it is the first one, the exception is raised now, at its address.
     */
    List<Instruction> decodeBlock(GuestMemory mem, long rip) {
        List<Instruction> insns = new ArrayList<>();
        long pc = rip;
        while (insns.size() < MAX_INSNS) {
            Instruction in;
            try {
                in = decoder.decode(mem, pc);
                if (!HelperCheck.supported(in.entry)) throw undefined(mem, pc, in, "not implemented");
            } catch (GuestException e) {
                if (insns.isEmpty()) {
                    e.rip = pc;
                    if (e instanceof CpuException && e.vector() == GuestException.UD && e.getMessage() == null) {
                        throw undefined(mem, pc, null, null);
                    }
                    throw e;
                }
                break;
            }
            insns.add(in);
            pc = in.next();
            if (in.entry.has(Entry.BRANCH)) break;
        }
        return insns;
    }

    /** The block at {@code a} as a trace's next leg, or null if it cannot be decoded now (it faults when run). */
    private List<Instruction> decodeLeg(GuestMemory mem, long a) {
        try {
            return decodeBlock(mem, a);
        } catch (GuestException e) {
            return null;
        }
    }

    /** True when the translator implements the row (false: it decodes but raises SIGILL "not implemented"). */
    public static boolean implemented(Entry e) {
        return HelperCheck.supported(e);
    }

    /** #UD with the one line the user sees: address, bytes and, when decodable, the disassembly. */
    static CpuException undefined(GuestMemory mem, long pc, Instruction in, String why) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("invalid or unsupported instruction at 0x%x:", pc));
        int n = in != null ? in.length : 0;
        if (n == 0) {
            while (n < 15 && mem.protAt(pc + n) != 0) n++;
            n = Math.min(n, 8);
        }
        for (int i = 0; i < n; i++) sb.append(String.format(" %02x", mem.protAt(pc + i) != 0 ? peek(mem, pc + i) : 0));
        if (in != null) sb.append(" (").append(Disassembler.format(in)).append(')');
        if (why != null) sb.append(": ").append(why);
        CpuException e = new CpuException(GuestException.UD, sb.toString());
        e.rip = pc;
        return e;
    }

    private static int peek(GuestMemory mem, long a) {
        try {
            return mem.read8(a);
        } catch (GuestException e) {
            return 0;
        }
    }

    /** The class file of the region made of {@code blocks} (package-private for the bytecode tests). */
    static byte[] generate(List<List<Instruction>> blocks, long start) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        String name = "lxrun/translator/jit/Block";
        cw.visit(V1_5, ACC_PUBLIC | ACC_FINAL, name, null, BLOCK, null);

        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", CTOR_D, null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitVarInsn(LLOAD, 1);
        init.visitVarInsn(ALOAD, 3);
        init.visitVarInsn(ALOAD, 4);
        init.visitVarInsn(ILOAD, 5);
        init.visitVarInsn(ILOAD, 6);
        init.visitMethodInsn(INVOKESPECIAL, BLOCK, "<init>", CTOR_D, false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "run", "(" + CPU_D + ")J", null, null);
        mv.visitCode();
        Label tryStart = new Label(), tryEnd = new Label(), handler = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, "lxrun/runtime/mem/GuestException");
        CodeGen em = new CodeGen(mv, start, blocks);
        em.prologue();
        mv.visitLabel(tryStart);
        em.body();
        mv.visitLabel(tryEnd);
        // a guest exception: record which instruction raised it (ip holds its offset from the block start)
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, CodeGen.L_TMP0);
        em.flushRegistersForException(CodeGen.L_TMP0); // the guest state as of the faulting instruction
        mv.visitVarInsn(ALOAD, CodeGen.L_TMP0);
        mv.visitLdcInsn(start);
        mv.visitVarInsn(ILOAD, CodeGen.L_IP);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, "lxrun/runtime/mem/GuestException", "rip", "J");
        mv.visitVarInsn(ALOAD, CodeGen.L_TMP0);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
