package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.CodeCache;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.jit.BlockCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays {@code mmx_ref.txt.gz} (recorded on a real CPU by {@code src/test/resources/mmx/mmx_ref.c}; the C
 * file describes the line format) through the decoder, the opcode table, the JIT and {@link Mmx}: each
 * case's instruction bytes run as a block from the recorded state, and the MMX/x87 registers with their
 * sign+exponent, TOP, the tags, MXCSR, the XMM and general registers and memory must all come out as the
 * CPU left them; the registers and bytes the instruction does not name must be unchanged.
 */
@ParameterizedClass(name = "tier threshold {0}")
@ValueSource(ints = {0, -1}) // every case translated as a region, and interpreted
class MmxHardwareTest {
    private static final long PHI = 0x9e3779b97f4a7c15L;
    private static final long CODE = 0x100000, DATA = 0x20000, STACK = 0x200000, STOP = 0xdead000;
    private final GuestMemory mem = new GuestMemory();
    private final CpuState cpu = new CpuState();
    private final CodeCache cache;
    /** Each distinct encoding gets its own 16-byte slot of code (followed by RET), compiled once. */
    private final Map<String, Long> placed = new HashMap<>();

    MmxHardwareTest(int tierThreshold) {
        cache = new CodeCache(mem, new BlockCompiler(), tierThreshold);
        cpu.mem = mem;
        mem.map(CODE, 0x100000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC, "code", 0);
        mem.map(DATA, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "data", 0);
        mem.map(STACK - 0x10000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "stack", 0);
    }

    @AfterEach
    void close() {
        mem.close();
    }

    private long place(String hex) {
        return placed.computeIfAbsent(hex, h -> {
            byte[] b = HexFormat.of().parseHex(h + "c3");
            long at = CODE + 16L * placed.size();
            mem.poke(at, b, 0, b.length);
            return at;
        });
    }

    private void run(long rip) {
        cpu.r[CpuState.RSP] = STACK - 8;
        mem.write64(STACK - 8, STOP);
        while (rip != STOP) rip = cache.lookup(rip).run(cpu);
    }

    /** The fields of one side of a line: fsw ftw mxcsr A Ase B Bse Xlo Xhi Ylo Yhi G Mlo Mhi. */
    private static long[] fields(String[] f, int from) {
        long[] v = new long[14];
        for (int i = 0; i < 14; i++) v[i] = Long.parseUnsignedLong(f[from + i], 16);
        return v;
    }

    private static final String[] NAMES = {"fsw", "ftw", "mxcsr", "A", "Ase", "B", "Bse", "Xlo", "Xhi", "Ylo", "Yhi", "G", "Mlo", "Mhi"};

    /** Loads the recorded inputs over the filler state of mmx_ref.c. */
    private void load(int a, int b, int x, int y, int g, long[] in) {
        var f = cpu.fpu;
        f.cw = 0x037f;
        f.top = (int) (in[0] >> 11) & 7;
        f.sw = (int) in[0] & ~0x3800;
        f.tags = (int) in[1];
        cpu.mxcsr = (int) in[2];
        for (int i = 0; i < 8; i++) {
            f.mant[i] = PHI * (i + 1);
            f.signExp[i] = 0x3ff0 + i;
        }
        f.mant[a] = in[3];
        f.signExp[a] = (int) in[4];
        f.mant[b] = in[5];
        f.signExp[b] = (int) in[6];
        for (int n = 0; n < 16; n++) {
            cpu.xmm[2 * n] = PHI * (n + 17);
            cpu.xmm[2 * n + 1] = PHI * (n + 33);
        }
        cpu.xmm[2 * x] = in[7];
        cpu.xmm[2 * x + 1] = in[8];
        cpu.xmm[2 * y] = in[9];
        cpu.xmm[2 * y + 1] = in[10];
        for (int n = 0; n < 16; n++) cpu.r[n] = PHI * (n + 49);
        cpu.r[g] = in[11];
        cpu.r[CpuState.RSI] = cpu.r[CpuState.RDI] = DATA + 16;
        for (int i = 0; i < 48; i++) mem.write8(DATA + i, 0xa0 + i);
        mem.write64(DATA + 16, in[12]);
        mem.write64(DATA + 24, in[13]);
    }

    /** The state after the run in the line's field order, plus what changed that the instruction does not name. */
    private String result(int a, int b, int x, int y, int g, long[] got) {
        var f = cpu.fpu;
        long[] v = {f.statusWord(), f.tags, cpu.mxcsr, f.mant[a], f.signExp[a], f.mant[b], f.signExp[b],
            cpu.xmm[2 * x], cpu.xmm[2 * x + 1], cpu.xmm[2 * y], cpu.xmm[2 * y + 1], cpu.r[g], mem.read64(DATA + 16), mem.read64(DATA + 24)};
        System.arraycopy(v, 0, got, 0, 14);
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i != a && i != b && (f.mant[i] != PHI * (i + 1) || f.signExp[i] != 0x3ff0 + i)) extra.append(" MM").append(i);
        }
        for (int n = 0; n < 16; n++) {
            if (n != x && n != y && (cpu.xmm[2 * n] != PHI * (n + 17) || cpu.xmm[2 * n + 1] != PHI * (n + 33))) extra.append(" XMM").append(n);
        }
        for (int n = 0; n < 16; n++) {
            if (n != g && n != CpuState.RSP && n != CpuState.RSI && n != CpuState.RDI && cpu.r[n] != PHI * (n + 49)) extra.append(" GPR").append(n);
        }
        if (cpu.r[CpuState.RSI] != DATA + 16 || cpu.r[CpuState.RDI] != DATA + 16) extra.append(" RSI/RDI");
        for (int i = 0; i < 48; i++) {
            if ((i < 16 || i >= 32) && (mem.read8(DATA + i) & 0xff) != 0xa0 + i) extra.append(" guard byte ").append(i);
        }
        return extra.toString();
    }

    @Test
    void jitMatchesHardware() throws Exception {
        Map<String, List<String>> failures = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        int cases = 0;
        try (InputStream gz = MmxHardwareTest.class.getResourceAsStream("/mmx/mmx_ref.txt.gz")) {
            assertTrue(gz != null, "mmx_ref.txt.gz missing");
            BufferedReader br = new BufferedReader(new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.US_ASCII));
            String line;
            while ((line = br.readLine()) != null) {
                String[] f = line.split(" ");
                String name = f[0], code = f[1];
                int a = Character.digit(f[2].charAt(0), 16), b = Character.digit(f[2].charAt(1), 16);
                int x = Character.digit(f[2].charAt(2), 16), y = Character.digit(f[2].charAt(3), 16);
                int g = Character.digit(f[2].charAt(4), 16);
                long[] in = fields(f, 3), want = fields(f, 17), got = new long[14];
                cases++;
                counts.merge(name, 1, Integer::sum);
                load(a, b, x, y, g, in);
                String diff;
                try {
                    run(place(code));
                    String extra = result(a, b, x, y, g, got);
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 14; i++) {
                        if (got[i] != want[i]) sb.append(String.format(" %s want %x got %x", NAMES[i], want[i], got[i]));
                    }
                    if (!extra.isEmpty()) sb.append(" changed:").append(extra);
                    diff = sb.toString();
                } catch (GuestException e) {
                    diff = " threw " + e;
                }
                if (!diff.isEmpty()) failures.computeIfAbsent(name, k -> new ArrayList<>()).add(code + " regs=" + f[2] + diff);
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            int total = 0;
            for (var e : failures.entrySet()) {
                total += e.getValue().size();
                sb.append(e.getKey()).append(": ").append(e.getValue().size()).append(" of ").append(counts.get(e.getKey())).append('\n');
                for (String s : e.getValue().subList(0, Math.min(4, e.getValue().size()))) sb.append("    ").append(s).append('\n');
            }
            fail(total + " of " + cases + " hardware cases differ:\n" + sb);
        }
        assertEquals(84, counts.size(), "forms in the table: " + counts.keySet());
        assertTrue(cases > 15000, "table too small: " + cases);
    }

    /** 0F 71-73 /reg without an MMX operation (and psrldq/pslldq, XMM only) raise #UD and leave the x87 state alone. */
    @Test
    void undefinedShiftGroupMembersRaiseUd() {
        for (String hex : new String[] {"0f73d901", "0f73f901", "0f71c101", "0f72e901", "0f73e101"}) {
            cpu.fpu.top = 3;
            cpu.fpu.tags = 0x0f;
            CpuException e = assertThrows(CpuException.class, () -> run(place(hex)), hex);
            assertEquals(GuestException.UD, e.vector(), hex);
            assertEquals(3, cpu.fpu.top, hex);
            assertEquals(0x0f, cpu.fpu.tags, hex);
        }
    }
}
