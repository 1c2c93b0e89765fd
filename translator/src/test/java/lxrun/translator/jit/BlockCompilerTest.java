package lxrun.translator.jit;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import lxrun.runtime.exec.CodeCache;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestFault;
import lxrun.runtime.mem.GuestMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs machine code (assembled by GNU as; the bytes are in each test) through the JIT and checks the
 * architectural results the SDM defines. The code returns to {@link #STOP}, where the run ends.
 */
@ParameterizedClass(name = "tier threshold {0}")
@ValueSource(ints = {0, -1}) // every case translated as a region, and interpreted
class BlockCompilerTest {
    private static final long CODE = 0x10000, STACK = 0x200000, STOP = 0xdead000;
    private final GuestMemory mem = new GuestMemory();
    private final CpuState cpu = new CpuState();
    private final CodeCache cache;

    BlockCompilerTest(int tierThreshold) {
        cache = new CodeCache(mem, new BlockCompiler(), tierThreshold);
        cpu.mem = mem;
        mem.map(CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC, "code", 0);
        mem.map(STACK - 0x10000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "stack", 0);
    }

    @AfterEach
    void close() {
        mem.close();
    }

    private void load(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        mem.poke(CODE, b, 0, b.length);
    }

    private void run() {
        cpu.r[CpuState.RSP] = STACK - 8;
        mem.write64(STACK - 8, STOP);
        long rip = CODE;
        while (rip != STOP) rip = cache.lookup(rip).run(cpu);
    }

    @Test
    void loopSumsOneToHundred() {
        // xor eax,eax; mov ecx,100; 1: add rax,rcx; dec ecx; jnz 1b; ret
        load("31c0b9640000004801c8ffc975f9c3");
        run();
        assertEquals(5050, cpu.r[CpuState.RAX]);
        assertEquals(0, cpu.r[CpuState.RCX]);
    }

    @Test
    void divisionShiftsAndBitScans() {
        // mov rax,-1; cqo; mov rcx,7; idiv rcx; imul rax,rax,1000; mov r8,rdx; shl rdx,60; setc bl;
        // sar rdx,62; bsr r9,rcx; bswap ecx; ret
        load("48c7c0ffffffff489948c7c10700000048f7f94869c0e80300004989d048c1e23c0f92c348c1fa3e4c0fbdc90fc9c3");
        run();
        assertEquals(0, cpu.r[CpuState.RAX]); // -1 / 7 truncates toward zero
        assertEquals(-1, cpu.r[CpuState.R8]); // remainder keeps the dividend's sign
        assertEquals(1, cpu.r[CpuState.RBX]); // CF = last bit shifted out (bit 4 of all-ones)
        assertEquals(-1, cpu.r[CpuState.RDX]); // 0xf000... sar 62
        assertEquals(2, cpu.r[CpuState.R9]);
        assertEquals(0x07000000L, cpu.r[CpuState.RCX]); // 32-bit bswap zero-extends
    }

    @Test
    void addSetsAllSixFlags() {
        // mov al,1; add al,0xff; ret  ->  al = 0 with CF ZF AF PF set, SF OF clear
        load("b00104ffc3");
        run();
        long f = cpu.rflags();
        assertEquals(0, cpu.r[CpuState.RAX] & 0xff);
        assertEquals(Flags.CF | Flags.ZF | Flags.AF | Flags.PF, f & Flags.STATUS_MASK);
    }

    @Test
    void signedOverflowOfSubtraction() {
        // mov eax,0x80000000; sub eax,1; ret -> 0x7fffffff, OF set, SF clear, CF clear
        load("b80000008083e801c3");
        run();
        assertEquals(0x7fffffffL, cpu.r[CpuState.RAX]);
        long f = cpu.rflags();
        assertTrue((f & Flags.OF) != 0);
        assertEquals(0, f & (Flags.SF | Flags.CF | Flags.ZF));
    }

    @Test
    void faultIsPreciseToTheInstruction() {
        // mov rax,1; mov rbx,[0]; ret
        load("48c7c001000000488b1c2500000000c3");
        GuestFault f = assertThrows(GuestFault.class, this::run);
        assertEquals(CODE + 7, f.rip);
        assertEquals(0, f.address);
        assertEquals(1, cpu.r[CpuState.RAX]); // the instruction before the fault completed
    }

    @Test
    void loopPatchingItsOwnInstructionRunsTheNewBytes() {
        // xor eax,eax; mov ecx,10; 1: add eax,1; inc byte [rip-7] (the add's immediate); dec ecx; jnz 1b; ret
        load("31c0b90a00000083c001fe05f9ffffffffc975f3c3");
        run();
        assertEquals(55, cpu.r[CpuState.RAX]); // 1 + 2 + ... + 10: every iteration runs the patched add
    }

    @Test
    void repMovsbFaultShowsTheProgressMade() {
        // mov eax,7; mov rcx,rcx; mov rsi,rsi; mov rdi,rdi (the block caches them); rep movsb; ret
        load("b8070000004889c94889f64889fff3a4c3");
        cpu.r[CpuState.RSI] = STACK - 0x8000;
        cpu.r[CpuState.RDI] = STACK - 40; // the copy runs into the unmapped page above the stack
        cpu.r[CpuState.RCX] = 100;
        GuestFault f = assertThrows(GuestFault.class, this::run);
        assertEquals(STACK, f.address);
        assertEquals(CODE + 14, f.rip);
        assertEquals(STACK, cpu.r[CpuState.RDI]);
        assertEquals(STACK - 0x8000 + 40, cpu.r[CpuState.RSI]);
        assertEquals(60, cpu.r[CpuState.RCX]);
        assertEquals(7, cpu.r[CpuState.RAX]);
    }

    @Test
    void divideByZeroRaisesDivideError() {
        // xor ecx,ecx; div ecx; ret
        load("31c9f7f1c3");
        CpuException e = assertThrows(CpuException.class, this::run);
        assertEquals(GuestException.DE, e.vector());
        assertEquals(CODE + 2, e.rip);
    }

    @Test
    void ud2RaisesInvalidOpcodeNamingTheInstruction() {
        load("0f0b");
        CpuException e = assertThrows(CpuException.class, this::run);
        assertEquals(GuestException.UD, e.vector());
        assertTrue(e.getMessage().contains("ud2"), e.getMessage());
    }

    @Test
    void rewrittenCodeIsRetranslated() {
        load("b801000000c3"); // mov eax,1; ret
        run();
        assertEquals(1, cpu.r[CpuState.RAX]);
        mem.write8(CODE + 1, 2); // now mov eax,2: a guest store to a page with translations
        run();
        assertEquals(2, cpu.r[CpuState.RAX]);
    }

    @Test
    void lockedInstructionsAreAtomicAcrossThreads() throws Exception {
        // 100000 times: lock xadd [rdi],1; lock inc qword [rdi+8]; cmpxchg-loop increment of [rdi+16];
        // take and release a 16-bit cmpxchg spinlock at [rdi+24]
        load("b9a0860100b801000000f00fc107f048ff47088b47108d5001f00fb1571075f666ba010031c066f00fb1571875f666c747180000ffc975cdc3");
        long data = STACK - 0x8000;
        Thread[] threads = new Thread[2];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            long sp = STACK - 0x100 - t * 0x1000L;
            threads[t] = new Thread(() -> {
                try {
                    CpuState c = new CpuState();
                    c.mem = mem;
                    c.r[CpuState.RDI] = data;
                    c.r[CpuState.RSP] = sp - 8;
                    mem.write64(sp - 8, STOP);
                    long rip = CODE;
                    while (rip != STOP) rip = cache.lookup(rip).run(c);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertEquals(null, failure[0]);
        assertEquals(200000, mem.read32(data));
        assertEquals(200000, mem.read64(data + 8));
        assertEquals(200000, mem.read32(data + 16));
        assertEquals(0, mem.read16(data + 24));
    }

    @Test
    void rdtscpReadsTheCounterAndTscAuxOfCpuZero() {
        // mov rcx,-1; mov rax,-1; mov rdx,-1; rdtscp; ret
        load("48c7c1ffffffff48c7c0ffffffff48c7c2ffffffff0f01f9c3");
        run();
        assertEquals(0, cpu.r[CpuState.RCX]); // Linux's TSC_AUX: (node << 12) | cpu
        assertEquals(0, cpu.r[CpuState.RAX] >>> 32); // EDX:EAX, zero-extended
        assertEquals(0, cpu.r[CpuState.RDX] >>> 32);
    }

    @Test
    void fsGsBaseReadWrite() {
        // mov rax,0x1ff000; wrfsbase rax; mov rcx,0x123456789abc; wrgsbase rcx; mov rdx,fs:[0x10];
        // rdfsbase rbx; rdgsbase r9; rdgsbase esi; mov rdi,-1; mov edi,0xfedcba98; wrfsbase edi;
        // rdfsbase r10; ret
        load("48c7c000f01f00f3480faed048b9bc9a785634120000f3480faed964488b142510000000f3480faec3f3490faec9"
                + "f30faece48c7c7ffffffffbf98badcfef30faed7f3490faec2c3");
        mem.write64(0x1ff010, 0x1122334455667788L);
        run();
        assertEquals(0x1122334455667788L, cpu.r[CpuState.RDX]); // fs: addresses use the new base
        assertEquals(0x1ff000, cpu.r[CpuState.RBX]);
        assertEquals(0x123456789abcL, cpu.r[CpuState.R9]);
        assertEquals(0x56789abcL, cpu.r[CpuState.RSI]); // 32-bit read: the low half, zero-extended
        assertEquals(0xfedcba98L, cpu.r[CpuState.R10]); // 32-bit write: zero-extended
        assertEquals(0xfedcba98L, cpu.fsBase);
        assertEquals(0x123456789abcL, cpu.gsBase);
    }

    @Test
    void wrgsbaseOfANonCanonicalAddressIsGp() {
        // mov rax,0x800000000000; wrgsbase rax; ret
        load("48b80000000000800000f3480faed8c3");
        CpuException e = assertThrows(CpuException.class, this::run);
        assertEquals(GuestException.GP, e.vector());
        assertEquals(0, cpu.gsBase);
    }
}
