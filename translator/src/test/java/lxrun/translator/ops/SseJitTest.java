package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.CodeCache;
import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.jit.BlockCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SSE encodings end to end (decoder, opcode table, emitter, helpers): memory forms, REX.W GPR forms,
 * the 66 0F 71-73 shift groups and the high-quadword store. The bytes are GNU as output of the listing
 * in each test.
 */
@ParameterizedClass(name = "tier threshold {0}")
@ValueSource(ints = {0, -1}) // every case translated as a region, and interpreted
class SseJitTest {
    private static final long CODE = 0x10000, DATA = 0x20000, STACK = 0x200000, STOP = 0xdead000;
    private final GuestMemory mem = new GuestMemory();
    private final CpuState cpu = new CpuState();
    private final CodeCache cache;

    SseJitTest(int tierThreshold) {
        cache = new CodeCache(mem, new BlockCompiler(), tierThreshold);
        cpu.mem = mem;
        mem.map(CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC, "code", 0);
        mem.map(DATA, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "data", 0);
        mem.map(STACK - 0x10000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "stack", 0);
    }

    @AfterEach
    void close() {
        mem.close();
    }

    private void run(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        mem.poke(CODE, b, 0, b.length);
        cpu.r[CpuState.RSP] = STACK - 8;
        mem.write64(STACK - 8, STOP);
        long rip = CODE;
        while (rip != STOP) rip = cache.lookup(rip).run(cpu);
    }

    private long xmm(int n, int half) {
        return cpu.xmm[2 * n + half];
    }

    @Test
    void memoryFormsGprFormsAndShiftGroups() {
        mem.write64(DATA, 0x3ff0000000000000L);      // 1.0
        mem.write32(DATA + 8, 0x40490fdb);            // pi (float)
        mem.write64(DATA + 16, 0x1122334455667788L);
        /*
         * mov $0x20000,%rbx; pcmpeqd %xmm0,%xmm0; movsd (%rbx),%xmm0; pcmpeqd %xmm1,%xmm1; movss 8(%rbx),%xmm1
         * pcmpeqd %xmm2,%xmm2; movhps (%rbx),%xmm2; movlps 16(%rbx),%xmm2; movhps %xmm2,24(%rbx); movlps %xmm2,32(%rbx)
         * mov $-3,%rcx; cvtsi2sdq %rcx,%xmm3; cvttsd2si %xmm3,%rax; cvttsd2si %xmm3,%edx; movq %xmm3,%rsi
         * movq %rsi,%xmm4; movd %xmm4,%edi; pcmpeqd %xmm5,%xmm5; psrlw $4,%xmm5; pcmpeqd %xmm6,%xmm6; pslldq $3,%xmm6
         * psrad $31,%xmm1; comisd %xmm0,%xmm3; setb %r8b; seta %r9b; movq %xmm3,40(%rbx); pinsrw $7,8(%rbx),%xmm4
         * pextrw $7,%xmm4,%r10d; movhlps %xmm2,%xmm7; movlhps %xmm0,%xmm7; addsd (%rbx),%xmm0; cvtsi2ssl %ecx,%xmm8
         * movmskps %xmm8,%r11d; ret
         */
        run("48c7c300000200660f76c0f20f1003660f76c9f30f104b08660f76d20f16130f1253100f1753180f13532048c7c1fdfffffff2480f2ad9"
                + "f2480f2cc3f20f2cd366480f7ede66480f6ee6660f7ee7660f76ed660f71d504660f76f6660f73fe03660f72e11f660f2fd8410f92c0"
                + "410f97c1660fd65b28660fc463080766440fc5d4070f12fa0f16f8f20f5803f3440f2ac1450f50d8c3");
        assertEquals(0x4000000000000000L, xmm(0, 0));
        assertEquals(0, xmm(0, 1), "movsd from memory zeroes the high quadword");
        assertEquals(0, xmm(1, 0), "movss from memory zeroes bits 32-127; psrad 31 of a positive lane");
        assertEquals(0, xmm(1, 1));
        assertEquals(0x1122334455667788L, xmm(2, 0));
        assertEquals(0x3ff0000000000000L, xmm(2, 1));
        assertEquals(0x3ff0000000000000L, mem.read64(DATA + 24), "movhps store writes the high quadword");
        assertEquals(0x1122334455667788L, mem.read64(DATA + 32));
        assertEquals(0xc008000000000000L, xmm(3, 0));
        assertEquals(-3L, cpu.r[CpuState.RAX]);
        assertEquals(0xfffffffdL, cpu.r[CpuState.RDX]);
        assertEquals(0xc008000000000000L, cpu.r[CpuState.RSI]);
        assertEquals(0xc008000000000000L, xmm(4, 0));
        assertEquals(0x0fdb000000000000L, xmm(4, 1), "pinsrw from memory into word 7");
        assertEquals(0, cpu.r[CpuState.RDI]);
        assertEquals(0x0fff0fff0fff0fffL, xmm(5, 0));
        assertEquals(0x0fff0fff0fff0fffL, xmm(5, 1));
        assertEquals(0xffffffffff000000L, xmm(6, 0));
        assertEquals(-1L, xmm(6, 1));
        assertEquals(1, cpu.r[CpuState.R8] & 0xff, "comisd: -3 < 1 sets CF");
        assertEquals(0, cpu.r[CpuState.R9] & 0xff);
        assertEquals(0xc008000000000000L, mem.read64(DATA + 40));
        assertEquals(0x0fdb, cpu.r[CpuState.R10]);
        assertEquals(0x3ff0000000000000L, xmm(7, 0));
        assertEquals(0x3ff0000000000000L, xmm(7, 1));
        assertEquals(0xc0400000L, xmm(8, 0));
        assertEquals(1, cpu.r[CpuState.R11]);
        assertEquals(0x1f80, cpu.mxcsr);
    }

    @Test
    void stringComparesUseTheBlocksCachedRegisters() {
        mem.poke(DATA, "ab".getBytes(), 0, 2);
        mem.poke(DATA + 16, "xxabyyyyyyyyyyab".getBytes(), 0, 16);
        /*
         * mov $0x20000,%ebx; movdqu (%rbx),%xmm1; movdqu 16(%rbx),%xmm2; mov $2,%eax; mov $9,%edx; mov $-1,%rcx
         * pcmpestri $0xc,%xmm2,%xmm1; mov %rcx,%rsi; setc %r8b; movabs $0x100000003,%rdx
         * pcmpestri $0xc,%xmm2,%xmm1; mov %ecx,%edi; pcmpestriq $0xc,%xmm2,%xmm1; mov %ecx,%r9d
         * pcmpistrm $0xc,%xmm2,%xmm1; add %rcx,%rax; ret
         * (equal ordered: "ab" in the haystack; the lengths and the index live in the block's register locals)
         */
        run("bb00000200f30f6f0bf30f6f5310b802000000ba0900000048c7c1ffffffff660f3a61ca0c4889ce410f92c048ba0300000001000000"
                + "660f3a61ca0c89cf66480f3a61ca0c4189c9660f3a62ca0c4801c8c3");
        assertEquals(2, cpu.r[CpuState.RSI], "index 2 written as ECX: the upper half of RCX cleared");
        assertEquals(1, cpu.r[CpuState.R8] & 0xff, "CF: a match");
        assertEquals(16, cpu.r[CpuState.RDI], "EDX = 3 without REX.W: the match at 2 is cut off, none found");
        assertEquals(2, cpu.r[CpuState.R9], "RDX = 0x100000003 with REX.W saturates to 16");
        assertEquals(0x4004, xmm(0, 0), "implicit lengths: matches at 2 and 14 as a bit mask");
        assertEquals(0, xmm(0, 1));
        assertEquals(4, cpu.r[CpuState.RAX]);
    }
}
