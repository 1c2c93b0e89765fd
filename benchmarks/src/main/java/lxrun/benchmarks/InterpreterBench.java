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
 * The first tier's speed once HotSpot has compiled it: nanoseconds per guest instruction of a loop run
 * by the interpreter through a code cache that never promotes (as {@code --tier-threshold -1}), with
 * the dispatch loop's lookup at every block end, as in ProcessLayer.run. Kernels, each 8 instructions
 * a turn: {@code alu} is gcc's bitwise CRC-32 loop (crc32.c's crc_bit: register ALU, shift, neg, jnz);
 * {@code memory} loads, stores, pushes and pops through the stack and a buffer, as compiled code's
 * prologues and struct accesses do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class InterpreterBench {
    private static final long CODE = 0x1000, DATA = 0x100000, STACK = 0x200000, STOP = 0xdead000, TURNS = 1000;

    /** The loop bodies; each ends "sub edx, 1; jne loop; ret" and counts RDX down; the ret goes to STOP. */
    private static final String ALU = "89c1" + "83e001" + "f7d8" + "d1e9" + "252083b8ed" + "31c8" + "83ea01" + "75eb" + "c3";
    private static final String MEMORY = "53" + "488b1e" + "4801d8" + "488907" + "5b" + "48ffc0" + "83ea01" + "75ed" + "c3";

    @Param({"alu", "memory"})
    public String kernel;

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
        byte[] k = HexFormat.of().parseHex(kernel.equals("alu") ? ALU : MEMORY);
        mem.poke(CODE, k, 0, k.length);
        cpu.mem = mem;
        cache = new CodeCache(mem, new BlockCompiler(), -1);
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
