package lxrun.translator.jit;

import lxrun.runtime.mem.GuestMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the optimiser must leave out of a region's bytecode, read back with ASM from the class the JIT
 * generates for machine code assembled by GNU as (the bytes are in each test): a result that is right but
 * slow (a flag helper in a loop, a copy of the write-back per exit) fails here, not only in a benchmark.
 */
class RegionBytecodeTest {
    private static final long CODE = 0x10000;
    private final GuestMemory mem = new GuestMemory();

    @AfterEach
    void close() {
        mem.close();
    }

    /** The run method's calls ("Owner.name") and how many times it returns. */
    private record Shape(List<String> calls, int returns) {
        long count(String call) {
            return calls.stream().filter(call::equals).count();
        }
    }

    private Shape region(String hex, long entry, LongPredicate ran) {
        mem.map(CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, "code", 0);
        byte[] b = HexFormat.of().parseHex(hex);
        mem.poke(CODE, b, 0, b.length);
        byte[] cls = BlockCompiler.generate(new BlockCompiler().region(mem, entry, 32, ran), entry);
        List<String> calls = new ArrayList<>();
        int[] returns = {0};
        new ClassReader(cls).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                if (!name.equals("run")) return null;
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String n, String d, boolean itf) {
                        calls.add(owner.substring(owner.lastIndexOf('/') + 1) + "." + n);
                    }

                    @Override
                    public void visitInsn(int op) {
                        if (op == Opcodes.LRETURN) returns[0]++;
                    }
                };
            }
        }, 0);
        return new Shape(calls, returns[0]);
    }

    @Test
    void decJnzLoopUpdatesFlagsOnlyOnItsExitEdge() {
        // 1: add rax,rcx; dec ecx; jnz 1b; ret
        Shape s = region("4801c8ffc975f9c3", CODE, a -> true);
        assertEquals(0, s.count("Flags.cond"), "jnz decides from dec's result");
        assertEquals(1, s.count("Alu.dec"), "dec's flags only on the edge out of the loop: " + s.calls);
        assertEquals(1, s.count("Alu.add"), "add's CF survives dec to the loop's exit: " + s.calls);
    }

    @Test
    void compareAndBranchIsOneJvmComparison() {
        // cmp rax,rbx; jb 1f; xor eax,eax; ret; 1: xor ecx,ecx; ret
        Shape s = region("4839d8720331c0c331c9c3", CODE, a -> true);
        assertEquals(0, s.count("Flags.cond"));
        assertEquals(0, s.count("Alu.sub"), "both successors overwrite the flags before reading them: " + s.calls);
    }

    @Test
    void lockedAddIsACompareAndSwap() {
        // lock add [rdi],eax; ret
        Shape s = region("f00107c3", CODE, a -> true);
        assertTrue(s.calls.contains("GuestMemory.cas"), s.calls.toString());
        assertFalse(s.calls.contains("GuestMemory.write32"), s.calls.toString());
    }

    @Test
    void everyExitLeavesThroughOneWriteBack() {
        // test eax,eax; jne +0x40; ret (only the first block: both the jne's target and the ret are exits)
        Shape s = region("85c07540c3", CODE, a -> a == CODE);
        assertEquals(1, s.returns, "one LRETURN for the region's exits");
    }
}
