package lxrun.benchmarks;

import lxrun.runtime.mem.GuestMemory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * The guest memory representations the README compares: what one guest load+store of 32 bits costs
 * when walking 64 KiB of guest memory (a loop over an array, as guest code does).
 * <ul>
 * <li>{@code flatReservation}: lxrun's GuestMemory, one host reservation, a permission byte per page,
 *     accesses through a constant all-of-memory segment.
 * <li>{@code segmentPerPage}: a table of 4 KiB MemorySegments, null for unmapped pages.
 * <li>{@code byteArrayPages}: a table of byte[4096] pages read through a little-endian VarHandle (JPC's and
 *     Chicory's shape), null for unmapped pages.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GuestMemoryBench {
    private static final long BASE = 0x400000, SIZE = 64 * 1024;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private GuestMemory mem;
    private MemorySegment[] segPages;
    private byte[][] arrayPages;
    private Arena arena;

    @Setup(Level.Trial)
    public void setup() {
        mem = new GuestMemory();
        mem.map(BASE, SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "bench", 0);
        arena = Arena.ofConfined();
        segPages = new MemorySegment[1 << 12];
        arrayPages = new byte[1 << 12][];
        for (long p = BASE; p < BASE + SIZE; p += 4096) {
            segPages[(int) (p >>> 12)] = arena.allocate(4096, 16);
            arrayPages[(int) (p >>> 12)] = new byte[4096];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mem.close();
        arena.close();
    }

    @Benchmark
    public int flatReservation() {
        GuestMemory m = mem;
        int sum = 0;
        for (long a = BASE; a < BASE + SIZE; a += 4) {
            int v = m.read32(a);
            m.write32(a, v + 1);
            sum += v;
        }
        return sum;
    }

    private int segRead(long a) {
        MemorySegment s = segPages[(int) (a >>> 12)];
        if (s == null || (a & 0xfff) > 0xffc) throw new IllegalStateException("fault");
        return s.get(JAVA_INT_UNALIGNED, a & 0xfff);
    }

    private void segWrite(long a, int v) {
        MemorySegment s = segPages[(int) (a >>> 12)];
        if (s == null || (a & 0xfff) > 0xffc) throw new IllegalStateException("fault");
        s.set(JAVA_INT_UNALIGNED, a & 0xfff, v);
    }

    @Benchmark
    public int segmentPerPage() {
        int sum = 0;
        for (long a = BASE; a < BASE + SIZE; a += 4) {
            int v = segRead(a);
            segWrite(a, v + 1);
            sum += v;
        }
        return sum;
    }

    private int arrRead(long a) {
        byte[] p = arrayPages[(int) (a >>> 12)];
        if (p == null || (a & 0xfff) > 0xffc) throw new IllegalStateException("fault");
        return (int) INT_LE.get(p, (int) (a & 0xfff));
    }

    private void arrWrite(long a, int v) {
        byte[] p = arrayPages[(int) (a >>> 12)];
        if (p == null || (a & 0xfff) > 0xffc) throw new IllegalStateException("fault");
        INT_LE.set(p, (int) (a & 0xfff), v);
    }

    @Benchmark
    public int byteArrayPages() {
        int sum = 0;
        for (long a = BASE; a < BASE + SIZE; a += 4) {
            int v = arrRead(a);
            arrWrite(a, v + 1);
            sum += v;
        }
        return sum;
    }
}
