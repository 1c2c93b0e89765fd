package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares every {@link Sse} helper against results recorded on a real x86-64 CPU by
 * {@code src/test/resources/sse/sse_ref.c} (table {@code sse_ref.txt.gz}; see the C file for the format):
 * destination register, MXCSR exception flags and, for (U)COMIS*, the status flags.
 */
class SseHardwareTest {
    private static final long STATUS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;

    private static Method find(String name) {
        for (Method m : Sse.class.getMethods()) if (m.getName().equals(name)) return m;
        return null;
    }

    @Test
    void helpersMatchHardware() throws Exception {
        Map<String, Method> methods = new HashMap<>();
        Map<String, List<String>> failures = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        int cases = 0;
        try (InputStream gz = SseHardwareTest.class.getResourceAsStream("/sse/sse_ref.txt.gz")) {
            assertTrue(gz != null, "sse_ref.txt.gz missing");
            BufferedReader br = new BufferedReader(new InputStreamReader(new java.util.zip.GZIPInputStream(gz), StandardCharsets.US_ASCII));
            String line;
            while ((line = br.readLine()) != null) {
                String[] f = line.split(" ");
                String name = f[0];
                int imm = Integer.parseInt(f[1], 16);
                int mx = Integer.parseUnsignedInt(f[2], 16);
                long aLo = Long.parseUnsignedLong(f[3], 16), aHi = Long.parseUnsignedLong(f[4], 16);
                long bLo = Long.parseUnsignedLong(f[5], 16), bHi = Long.parseUnsignedLong(f[6], 16);
                long rLo = Long.parseUnsignedLong(f[7], 16), rHi = Long.parseUnsignedLong(f[8], 16);
                int mxOut = Integer.parseUnsignedInt(f[9], 16);
                long fl = Long.parseUnsignedLong(f[10], 16);
                Method m = methods.computeIfAbsent(name, SseHardwareTest::find);
                if (m == null) {
                    failures.computeIfAbsent(name, k -> new ArrayList<>()).add("no helper");
                    continue;
                }
                cases++;
                counts.merge(name, 1, Integer::sum);
                CpuState c = new CpuState();
                c.mxcsr = mx;
                c.xmm[2] = aLo;
                c.xmm[3] = aHi;
                c.xmm[4] = bLo;
                c.xmm[5] = bHi;
                Class<?>[] p = m.getParameterTypes();
                boolean q = name.endsWith("_q");
                String got;
                String want;
                try {
                    if (m.getReturnType() == long.class) {
                        long r = p.length == 3 ? (long) m.invoke(null, c, 2, imm) : (long) m.invoke(null, c, 2);
                        if (!q) r &= 0xffffffffL;
                        got = String.format("r=%x mx=%x", r, c.mxcsr);
                        want = String.format("r=%x mx=%x", rLo, mxOut);
                    } else {
                        if (p.length == 3 && p[2] == long.class) {
                            m.invoke(null, c, 1, q ? bLo : bLo & 0xffffffffL);
                        } else if (p.length == 4 && p[2] == long.class) {
                            m.invoke(null, c, 1, bLo & 0xffff, imm);
                        } else if (name.endsWith("_i")) {
                            m.invoke(null, c, 1, imm);
                        } else if (p.length == 4) {
                            m.invoke(null, c, 1, 2, imm);
                        } else {
                            m.invoke(null, c, 1, 2);
                        }
                        boolean comi = name.contains("comis");
                        long flags = comi ? (c.rflags() & STATUS) : 0;
                        got = String.format("r=%x:%x mx=%x fl=%x", c.xmm[3], c.xmm[2], c.mxcsr, flags);
                        want = String.format("r=%x:%x mx=%x fl=%x", rHi, rLo, mxOut, comi ? fl & STATUS : 0);
                    }
                } catch (InvocationTargetException e) {
                    got = "threw " + e.getCause();
                    want = "";
                }
                if (!got.equals(want)) {
                    failures.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(String.format("imm=%x mx=%x a=%x:%x b=%x:%x  want %s  got %s", imm, mx, aHi, aLo, bHi, bLo, want, got));
                }
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            int total = 0;
            for (var e : failures.entrySet()) {
                total += e.getValue().size();
                sb.append(e.getKey()).append(": ").append(e.getValue().size()).append(" of ").append(counts.getOrDefault(e.getKey(), 0)).append('\n');
                for (String s : e.getValue().subList(0, Math.min(6, e.getValue().size()))) sb.append("    ").append(s).append('\n');
            }
            fail(total + " of " + cases + " hardware cases differ:\n" + sb);
        }
        assertEquals(true, cases > 30000, "table too small: " + cases);
    }
}
