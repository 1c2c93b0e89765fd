package lxrun.benchmarks;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.CodeCache;
import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.jit.BlockCompiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Each tier's speed on guest kernels once HotSpot has compiled it, without process start-up: nanoseconds
 * per guest instruction of a loop run through a code cache, with the dispatch loop's lookup at every exit
 * as in ProcessLayer.run. {@code tier} -1 interprets (never promotes, as {@code --tier-threshold -1}); 0
 * translates every block as a region at once. Kernels, each 8 instructions a turn: {@code alu} is gcc's
 * bitwise CRC-32 loop (crc32.c's crc_bit: register ALU, shift, neg, jnz); {@code memory} loads, stores,
 * pushes and pops through the stack and a buffer, as compiled code's prologues and struct accesses do;
 * {@code call} calls a two-instruction leaf function every turn (call and ret leave a region).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GuestKernelBench {
    private static final long CODE = 0x1000, DATA = 0x100000, STACK = 0x200000, STOP = 0xdead000, TURNS = 1000;

    /** The loop bodies; each ends "sub edx, 1; jne loop; ret" and counts RDX down; the ret goes to STOP. */
    private static final String ALU = "89c1" + "83e001" + "f7d8" + "d1e9" + "252083b8ed" + "31c8" + "83ea01" + "75eb" + "c3";
    private static final String MEMORY = "53" + "488b1e" + "4801d8" + "488907" + "5b" + "48ffc0" + "83ea01" + "75ed" + "c3";
    /** mov ecx,edx; call f; inc r8; sub edx,1; jne loop; ret; f: add rax,rcx; xor rax,0x55; ret */
    private static final String CALL = "89d1" + "e809000000" + "49ffc0" + "83ea01" + "75f1" + "c3" + "4801c8" + "4883f055" + "c3";

    @Param({"alu", "memory", "call"})
    public String kernel;

    @Param({"-1", "0"})
    public int tier;

    private GuestMemory mem;
    private CodeCache cache;
    private final CpuState cpu = new CpuState();

    @Setup(Level.Trial)
    public void setup() {
        mem = new GuestMemory();
        int rwx = GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC;
        mem.map(CODE, 0x1000, rwx, "code", 0);
        mem.map(DATA, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "data", 0);
        mem.map(STACK - 0x10000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "stack", 0);
        byte[] k = HexFormat.of().parseHex(switch (kernel) {
            case "alu" -> ALU;
            case "memory" -> MEMORY;
            default -> CALL;
        });
        mem.poke(CODE, k, 0, k.length);
        cpu.mem = mem;
        cache = new CodeCache(mem, new BlockCompiler(), tier);
    }

    @TearDown(Level.Trial)
    public void close() {
        mem.close();
    }

    @Benchmark
    @OperationsPerInvocation((int) (8 * TURNS))
    public long loop() {
        long[] r = cpu.r;
        r[CpuState.RDX] = TURNS;
        r[CpuState.RSP] = STACK - 64;
        mem.write64(STACK - 64, STOP);
        r[CpuState.RSI] = DATA;
        r[CpuState.RDI] = DATA + 8;
        long rip = CODE;
        while (rip != STOP) rip = cache.lookup(rip).run(cpu); // as ProcessLayer.run
        return r[CpuState.RAX];
    }
}
