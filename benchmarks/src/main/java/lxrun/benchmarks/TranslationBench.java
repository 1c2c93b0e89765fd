package lxrun.benchmarks;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.BlockTranslator.Tier;
import lxrun.runtime.exec.CompiledBlock;
import lxrun.runtime.mem.GuestException;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What guest code costs before it is hot, per tier, over a real binary's code (the host's libc.so.6 by
 * default, or {@code -p binary=/bin/busybox}): the first 2,000 basic blocks of its executable segment,
 * found by a linear sweep, each made ready to run as the interpreter's steps ({@code interpreterTier})
 * or translated as a region ({@code regionTier}, the first 200); and the time from a block's first
 * execution to the end of that first run ({@code firstRun*}: a 10-instruction loop run once).
 * Setup prints the blocks' mean size, so blocks per second give guest bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TranslationBench {
    private static final long LOAD = 0x10000000L, CODE = 0x1000, STACK = 0x200000, STOP = 0xdead000;
    private static final int BLOCKS = 2000, REGIONS = 200;

    @Param("/lib/x86_64-linux-gnu/libc.so.6")
    public String binary;

    private GuestMemory mem;
    private final BlockCompiler compiler = new BlockCompiler();
    private long[] starts;
    private final CpuState cpu = new CpuState();

    @Setup(Level.Trial)
    public void setup() throws IOException {
        byte[] file = Files.readAllBytes(Path.of(binary));
        mem = new GuestMemory();
        long size = GuestMemory.pageAlignUp(file.length);
        mem.map(LOAD, size, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC, "binary", 0);
        mem.poke(LOAD, file, 0, file.length);
        // the first executable PT_LOAD segment: where the code is
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20), lo = 0, hi = 0;
        int phentsize = b.getShort(0x36) & 0xffff, phnum = b.getShort(0x38) & 0xffff;
        for (int i = 0; i < phnum; i++) {
            int p = (int) phoff + i * phentsize;
            if (b.getInt(p) == 1 && (b.getInt(p + 4) & 1) != 0) {
                lo = b.getLong(p + 8);
                hi = lo + b.getLong(p + 32);
                break;
            }
        }
        List<Long> found = new ArrayList<>();
        long bytes = 0;
        for (long a = LOAD + lo; a < LOAD + hi && found.size() < BLOCKS; ) {
            try {
                CompiledBlock blk = compiler.translate(mem, a, Tier.INTERPRETER, x -> false);
                found.add(a);
                long end = blk.firstPieceEnd();
                bytes += end - a;
                a = end;
            } catch (GuestException e) {
                a++; // padding or data between functions
            }
        }
        starts = found.stream().mapToLong(Long::longValue).toArray();
        System.out.printf("%n%s: %d blocks, %.1f guest bytes per block%n", binary, starts.length, (double) bytes / starts.length);
        // the first-run kernel: rcx = 100; loop { rax += rcx; rdx ^= rax; rcx-- } ; ret
        mem.map(CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC, "code", 0);
        mem.map(STACK - 0x10000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "stack", 0);
        byte[] k = HexFormat.of().parseHex("b96400000031c04801c84831c248ffc975f5c3");
        mem.poke(CODE, k, 0, k.length);
        cpu.mem = mem;
    }

    @TearDown(Level.Trial)
    public void close() {
        mem.close();
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public long interpreterTier() {
        long n = 0;
        for (long a : starts) n += compiler.translate(mem, a, Tier.INTERPRETER, x -> false).instructions;
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(REGIONS)
    public long regionTier() {
        long n = 0;
        for (int i = 0; i < REGIONS && i < starts.length; i++) n += compiler.translate(mem, starts[i], Tier.REGION, x -> true).instructions;
        return n;
    }

    private long runOnce(Tier tier) {
        cpu.r[CpuState.RSP] = STACK - 8;
        mem.write64(STACK - 8, STOP);
        long rip = CODE;
        // the loop's block is made once (as the code cache would on its first entry), then run to its exit
        CompiledBlock b = compiler.translate(mem, rip, tier, x -> true);
        while (rip != STOP) {
            rip = b.run(cpu);
            if (rip != STOP && rip != b.start) b = compiler.translate(mem, rip, tier, x -> true);
        }
        return cpu.r[CpuState.RAX];
    }

    @Benchmark
    public long firstRunInterpreted() {
        return runOnce(Tier.INTERPRETER);
    }

    @Benchmark
    public long firstRunRegion() {
        return runOnce(Tier.REGION);
    }
}
