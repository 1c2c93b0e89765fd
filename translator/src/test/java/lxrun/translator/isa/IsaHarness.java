package lxrun.translator.isa;

import lxrun.runtime.cpu.Flags;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.exec.BlockTranslator;
import lxrun.translator.jit.BlockCompiler;
import lxrun.translator.ops.X87Tolerance;
import lxrun.translator.x86.Decoder;
import lxrun.translator.x86.Disassembler;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Sem;
import lxrun.translator.x86.UndefinedFlags;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The instruction-level differential harness: for each form of the opcode table it generates cases
 * ({@link CaseGenerator}), runs them on this CPU ({@link NativeRunner}) and through the translator
 * ({@link JitRunner}), and compares all GPRs, RFLAGS (minus the row's {@link Entry#undefinedFlags}), MXCSR, XMM0-15, the
 * memory block, the stack around STACK_TOP, where execution continued (which landing stub), and the signal
 * of faulting cases.
 *
 * <p>{@code main} is the entry point of scripts/isa-fuzz and scripts/isa-coverage:
 * {@code --cases N --seed S --filter MNEMONIC --coverage --verbose}.
 */
public final class IsaHarness {
    /** Arithmetic flags, DF, and AC/ID (which POPF may change in user mode). */
    public static final long COMPARED_FLAGS = Flags.STATUS_MASK | Flags.DF | 0x40000 | 0x200000;
    static final String[] GPR = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    public record Options(int cases, long seed, String filter, boolean verbose) {}

    /** What happened to one form. */
    public static final class FormStats {
        public final IsaForm form;
        public int run, passed, failed, undefinedSkipped, bothFaulted;
        public boolean notImplemented;
        public final List<String> failures = new ArrayList<>();

        FormStats(IsaForm form) {
            this.form = form;
        }

        public boolean proven() {
            return !notImplemented && failed == 0 && passed > 0;
        }
    }

    public static final class Report {
        public final Map<IsaForm, FormStats> forms = new LinkedHashMap<>();
        public int cases, mismatches;

        public List<String> failures() {
            List<String> out = new ArrayList<>();
            for (FormStats s : forms.values()) out.addAll(s.failures);
            return out;
        }
    }

    static boolean matches(IsaForm f, String filter) {
        if (filter == null || filter.isEmpty()) return true;
        for (String part : filter.split(",")) {
            if (f.entry().mnemonic().equalsIgnoreCase(part) || f.key().contains(part)) return true;
        }
        return false;
    }

    /** Implemented: the translator has an emitter case and helper for the row. */
    public static boolean implemented(Entry e) {
        return BlockCompiler.implemented(e);
    }

    public static Report run(Options o, PrintStream log) throws Exception {
        Report rep = new Report();
        List<IsaForm> todo = new ArrayList<>();
        for (IsaForm f : IsaForm.all()) {
            rep.forms.put(f, new FormStats(f));
            if (f.harnessed() && matches(f, o.filter)) todo.add(f);
        }
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<JitRunner> jits = ThreadLocal.withInitial(JitRunner::new);
        List<JitRunner> allJits = java.util.Collections.synchronizedList(new ArrayList<>());
        try (NativeRunner nat = new NativeRunner()) {
            for (IsaForm f : todo) {
                FormStats st = rep.forms.get(f);
                List<IsaCase> cases = new ArrayList<>(o.cases);
                for (int i = 0; i < o.cases; i++) cases.add(CaseGenerator.generate(f, o.seed, i));
                // the translator runs on the pool while the native runner works through the batch
                int chunk = (cases.size() + threads - 1) / threads;
                List<Future<List<IsaResult>>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<IsaCase> sub = cases.subList(Math.min(cases.size(), t * chunk), Math.min(cases.size(), (t + 1) * chunk));
                    parts.add(pool.submit(() -> {
                        JitRunner j = jits.get();
                        if (!allJits.contains(j)) allJits.add(j);
                        List<IsaResult> out = new ArrayList<>(2 * sub.size());
                        for (IsaCase c : sub) {
                            out.add(j.run(c, BlockTranslator.Tier.REGION));
                            out.add(j.run(c, BlockTranslator.Tier.INTERPRETER));
                        }
                        return out;
                    }));
                }
                List<IsaResult> natives = nat.run(cases);
                List<IsaResult> jitResults = new ArrayList<>(2 * cases.size());
                for (Future<List<IsaResult>> p : parts) jitResults.addAll(p.get());
                for (int i = 0; i < cases.size(); i++) {
                    IsaCase c = cases.get(i);
                    IsaResult jr = jitResults.get(2 * i), ir = jitResults.get(2 * i + 1);
                    if (jr.signal == -1) {
                        st.notImplemented = true;
                        break;
                    }
                    st.run++;
                    rep.cases++;
                    // both tiers must agree with the CPU: the translation and the interpreter
                    String diff = compare(c, natives.get(i), jr, st);
                    String idiff = compare(c, natives.get(i), ir, new FormStats(f));
                    if (idiff != null) diff = (diff == null ? "" : diff + "\n") + "  [interpreter]\n" + idiff;
                    if (diff == null) {
                        st.passed++;
                    } else {
                        st.failed++;
                        rep.mismatches++;
                        if (st.failures.size() < 3) st.failures.add(describe(c, diff));
                    }
                }
                if (o.verbose || st.failed > 0 || st.notImplemented) {
                    log.printf("%-44s %5d cases %5d passed %5d failed%s%n", f.key(), st.run, st.passed, st.failed,
                            st.notImplemented ? "  (not implemented)" : "");
                    for (String s : st.failures) log.println(s);
                }
            }
        } finally {
            pool.shutdownNow();
            for (JitRunner j : allJits) j.close();
        }
        return rep;
    }

    /** Null when native and translated results agree, else the differences. */
    static String compare(IsaCase c, IsaResult nat, IsaResult jit, FormStats st) {
        if (nat.error != null) return "  " + nat.error;
        if (jit.error != null) return "  " + jit.error + (nat.signal != 0 ? " (native: signal " + nat.signal + ")" : "");
        if (nat.signal != 0 || jit.signal != 0) {
            if (nat.signal == jit.signal) {
                st.bothFaulted++;
                return null;
            }
            return String.format("  signal: native %d, translator %d", nat.signal, jit.signal);
        }
        Entry e = c.form.entry();
        StringBuilder sb = new StringBuilder();
        boolean undefinedResult = UndefinedFlags.resultUndefined(e, c.bits, c.count);
        if (undefinedResult) st.undefinedSkipped++;
        int own = switch (e.sem()) { // registers set differently from this CPU by design, checked on their own
            case CPUID -> cpuid(sb, c, nat, jit);
            case RDTSC -> rdtsc(sb, nat, jit);
            default -> 0;
        };
        for (int i = 0; i < 16; i++) {
            if (undefinedResult) break;
            if ((own >> i & 1) != 0) continue;
            if (nat.gpr[i] != jit.gpr[i]) sb.append(String.format("  %-6s native %016x translator %016x%n", GPR[i], nat.gpr[i], jit.gpr[i]));
        }
        long mask = COMPARED_FLAGS & ~(c.flagsDead ? 0 : e.undefinedFlags(c.bits, c.count));
        if (((nat.rflags ^ jit.rflags) & mask) != 0) {
            sb.append(String.format("  rflags native %s translator %s (compared %s)%n", flags(nat.rflags), flags(jit.rflags), flags(mask)));
        }
        if (nat.mxcsr != jit.mxcsr) sb.append(String.format("  mxcsr  native %08x translator %08x%n", nat.mxcsr, jit.mxcsr));
        boolean approx = APPROXIMATE.contains(e.mnemonic());
        int nanLanes = NAN_ORDER.getOrDefault(e.mnemonic(), 0);
        for (int i = 0; i < 16; i++) {
            if (approx ? !approximatelyEqual(nat.xmm[2 * i], jit.xmm[2 * i]) || !approximatelyEqual(nat.xmm[2 * i + 1], jit.xmm[2 * i + 1])
                    : nanLanes != 0 ? !equalOrBothNaN(nat.xmm[2 * i], jit.xmm[2 * i], nanLanes) || !equalOrBothNaN(nat.xmm[2 * i + 1], jit.xmm[2 * i + 1], nanLanes)
                    : nat.xmm[2 * i] != jit.xmm[2 * i] || nat.xmm[2 * i + 1] != jit.xmm[2 * i + 1]) {
                sb.append(String.format("  xmm%-3d native %016x:%016x translator %016x:%016x%n", i,
                        nat.xmm[2 * i + 1], nat.xmm[2 * i], jit.xmm[2 * i + 1], jit.xmm[2 * i]));
            }
        }
        if (!undefinedResult) {
            area(sb, "memory", masked(nat.mem, c.uncompared), masked(jit.mem, c.uncompared));
            area(sb, "stack", nat.stack, jit.stack);
        }
        if (c.x87 != null) x87(sb, c, nat.x87, jit.x87);
        if (nat.landed != jit.landed) sb.append(String.format("  continued native 0x%x translator 0x%x (fall-through 0x%x)%n", nat.landed, jit.landed, c.next()));
        return sb.isEmpty() ? null : sb.toString().stripTrailing();
    }

    /**
     * Rows the SDM defines only within a relative error of 1.5 * 2^-12 (vendors differ): a float lane
     * agrees when both results are within that bound of the same value, i.e. within 2^-11 of each other,
     * or both are tiny (at most 2^-125: the SDM lets flushing of results near 2^-126 vary by implementation);
     * zeros, infinities and NaNs from the special cases must be identical.
     */
    static final java.util.Set<String> APPROXIMATE = java.util.Set.of("rcpps", "rcpss", "rsqrtps", "rsqrtss");

    /**
     * Rows that add several products whose order the SDM's pseudo-code gives and implementations do not
     * follow (Intel adds DPPS's lanes in another order than AMD and the SDM): with NaNs among the
     * products, which NaN comes out differs; a lane (of the width given, in bits) agrees when it is
     * identical or NaN in both.
     */
    static final java.util.Map<String, Integer> NAN_ORDER = java.util.Map.of("dpps", 32, "dppd", 64);

    static boolean equalOrBothNaN(long a, long b, int laneBits) {
        for (int lane = 0; lane < 64 / laneBits; lane++) {
            long x = laneBits == 64 ? a : a >>> (32 * lane) & 0xffffffffL, y = laneBits == 64 ? b : b >>> (32 * lane) & 0xffffffffL;
            if (x == y) continue;
            boolean nx = laneBits == 64 ? Double.isNaN(Double.longBitsToDouble(x)) : Float.isNaN(Float.intBitsToFloat((int) x));
            boolean ny = laneBits == 64 ? Double.isNaN(Double.longBitsToDouble(y)) : Float.isNaN(Float.intBitsToFloat((int) y));
            if (!nx || !ny) return false;
        }
        return true;
    }

    static boolean approximatelyEqual(long a, long b) {
        for (int lane = 0; lane < 2; lane++) {
            int x = (int) (a >>> (32 * lane)), y = (int) (b >>> (32 * lane));
            if (x == y) continue;
            float fx = Float.intBitsToFloat(x), fy = Float.intBitsToFloat(y);
            if (!Float.isFinite(fx) || !Float.isFinite(fy) || (x ^ y) < 0) return false;
            float tiny = 0x1p-125f;
            if (Math.abs(fx) <= tiny && Math.abs(fy) <= tiny) continue;
            if (fx == 0 || fy == 0 || Math.abs(fx - fy) > 0x1p-11 * Math.max(Math.abs(fx), Math.abs(fy))) return false;
        }
        return true;
    }

    /** CPUID leaf, subleaf and the registers whose bits are features: EBX, ECX, EDX as a mask of GPR numbers. */
    private static final long[][] FEATURE_LEAVES = {{1, -1, 0b0110}, {7, 0, 0b1110}, {0x80000001L, -1, 0b0110}};

    /**
     * CPUID: the translator advertises what it implements, so each feature register of the leaves above must be
     * a subset of this CPU's; vendor, model and cache leaves differ by design (only 32-bit results are checked).
     * Returns the GPRs checked here (RAX..RDX).
     */
    private static int cpuid(StringBuilder sb, IsaCase c, IsaResult nat, IsaResult jit) {
        long leaf = c.gpr[0] & 0xffffffffL, sub = c.gpr[1] & 0xffffffffL;
        for (int i = 0; i < 4; i++) {
            if ((jit.gpr[i] >>> 32) != 0) sb.append(String.format("  %s translator %016x: not a 32-bit result%n", GPR[i], jit.gpr[i]));
        }
        for (long[] l : FEATURE_LEAVES) {
            if (l[0] != leaf || (l[1] >= 0 && l[1] != sub)) continue;
            for (int i = 0; i < 4; i++) {
                long extra = jit.gpr[i] & ~nat.gpr[i];
                if ((l[2] >> i & 1) != 0 && extra != 0) {
                    sb.append(String.format("  cpuid(%x,%x).%s translator %08x advertises %08x this CPU does not have (%08x)%n",
                            leaf, sub, GPR[i].substring(1), jit.gpr[i], extra, nat.gpr[i]));
                }
            }
        }
        return 0b1111;
    }

    /** RDTSC: another clock (the translator's starts with the process), so EDX:EAX is only checked to be 32-bit halves. */
    private static int rdtsc(StringBuilder sb, IsaResult nat, IsaResult jit) {
        for (int i : new int[] {0, 2}) {
            if ((nat.gpr[i] >>> 32) != 0 || (jit.gpr[i] >>> 32) != 0) {
                sb.append(String.format("  %s native %016x translator %016x: not a 32-bit half%n", GPR[i], nat.gpr[i], jit.gpr[i]));
            }
        }
        return 0b0101;
    }

    private static byte[] masked(byte[] mem, int off) {
        if (off < 0) return mem;
        byte[] m = mem.clone();
        java.util.Arrays.fill(m, off, Math.min(m.length, off + 4), (byte) 0);
        return m;
    }

    /**
     * The x87 state of two FXSAVE areas: FCW, FSW, the abridged tag byte and every valid ST(i) bit-exact
     * (the pointers FIP/FDP/FOP are not compared); transcendental rows within {@link X87Tolerance}.
     */
    private static void x87(StringBuilder sb, IsaCase c, byte[] nat, byte[] jit) {
        boolean approx = X87Tolerance.APPROX.contains(c.form.entry().mnemonic());
        int fsw = (int) le(nat, 2, 2);
        boolean ok = le(nat, 0, 2) == le(jit, 0, 2) && nat[4] == jit[4]
                && (approx ? X87Tolerance.statusMatches(fsw, (int) le(jit, 2, 2)) : fsw == le(jit, 2, 2));
        for (int i = 0; i < 8 && ok; i++) {
            if ((nat[4] >> ((((fsw >> 11) & 7) + i) & 7) & 1) == 0) continue; // ST(i) empty
            int o = 32 + 16 * i;
            int nse = (int) le(nat, o + 8, 2), jse = (int) le(jit, o + 8, 2);
            long nm = le(nat, o, 8), jm = le(jit, o, 8);
            ok = approx ? X87Tolerance.ulps(nse, nm, jse, jm) <= 1 : nse == jse && nm == jm;
        }
        if (!ok) {
            sb.append("  x87    native     ").append(x87State(nat)).append('\n');
            sb.append("  x87    translator ").append(x87State(jit)).append('\n');
        }
    }

    static String x87State(byte[] a) {
        StringBuilder sb = new StringBuilder(String.format("fcw=%04x fsw=%04x ftw=%02x", le(a, 0, 2), le(a, 2, 2), a[4] & 0xff));
        for (int i = 0; i < 8; i++) sb.append(String.format(" st%d=%04x:%016x", i, le(a, 40 + 16 * i, 2), le(a, 32 + 16 * i, 8)));
        return sb.toString();
    }

    private static long le(byte[] b, int off, int n) {
        return CaseGenerator.le(b, off, n);
    }

    static void area(StringBuilder sb, String name, byte[] nat, byte[] jit) {
        int lo = java.util.Arrays.mismatch(nat, jit);
        if (lo < 0) return;
        int hi = nat.length;
        while (nat[hi - 1] == jit[hi - 1]) hi--;
        lo &= ~15;
        hi = Math.min(nat.length, (hi + 15) & ~15); // the differing 16-byte lines
        var hex = java.util.HexFormat.of();
        sb.append(String.format("  %-6s native     +%03x %s%n", name, lo, hex.formatHex(nat, lo, hi)));
        sb.append(String.format("  %-6s translator +%03x %s%n", name, lo, hex.formatHex(jit, lo, hi)));
    }

    static String flags(long f) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "", "", "DF", "OF", "", "", "NT", "", "", "", "AC", "", "", "ID"};
        for (int b = 0; b < names.length; b++) if (!names[b].isEmpty() && (f >> b & 1) != 0) sb.append(names[b]).append(' ');
        return "[" + sb.toString().trim() + "]";
    }

    private static final Object DIS_LOCK = new Object();
    private static GuestMemory disMem;

    /** Intel syntax of the case's instruction, through the project's own decoder. */
    public static String disassemble(byte[] code) {
        synchronized (DIS_LOCK) {
            if (disMem == null) {
                disMem = new GuestMemory();
                disMem.map(IsaCase.CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, "code", 0);
            }
            byte[] padded = java.util.Arrays.copyOf(code, 16);
            disMem.poke(IsaCase.CODE, padded, 0, padded.length);
            try {
                Instruction in = new Decoder().decode(disMem, IsaCase.CODE);
                return Disassembler.format(in);
            } catch (RuntimeException ex) {
                return "(undecodable: " + ex.getMessage() + ")";
            }
        }
    }

    static String describe(IsaCase c, String diff) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("MISMATCH seed=%d form=\"%s\" case=%d%n", c.seed, c.form.key(), c.index));
        StringBuilder hex = new StringBuilder();
        for (byte b : c.code) hex.append(String.format("%02x ", b));
        sb.append(String.format("  bytes  %s  %s%s%n", hex.toString().trim(), disassemble(c.code), c.flagsDead ? "; cmp rsp, rsp" : ""));
        sb.append("  in    ");
        for (int i = 0; i < 16; i++) sb.append(' ').append(GPR[i]).append('=').append(Long.toHexString(c.gpr[i]));
        sb.append(String.format(" rflags=%x %s mxcsr=%x%n", c.rflags, flags(c.rflags), c.mxcsr));
        Sem s = c.form.entry().sem();
        if (s == Sem.SSE || s == Sem.SSE_STORE) {
            sb.append("  in xmm");
            for (int i = 0; i < 16; i++) sb.append(String.format(" %d=%x:%x", i, c.xmm[2 * i + 1], c.xmm[2 * i]));
            sb.append('\n');
        }
        sb.append("  in mem ").append(java.util.HexFormat.of().formatHex(c.mem)).append('\n');
        if (c.x87 != null) sb.append("  in x87 ").append(x87State(c.x87)).append('\n');
        if (!IsaCase.area(c.stack).equals("-")) sb.append("  in stack ").append(java.util.HexFormat.of().formatHex(c.stack)).append('\n');
        sb.append(diff).append('\n');
        sb.append("  replay: echo '").append(c.line()).append("' | translator/target/isa_native");
        return sb.toString();
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) throws Exception {
        int cases = 1000;
        long seed = System.currentTimeMillis();
        String filter = null;
        boolean coverage = false, verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cases" -> cases = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--filter" -> filter = args[++i];
                case "--coverage" -> coverage = true;
                case "--verbose", "-v" -> verbose = true;
                default -> {
                    System.err.println("usage: IsaHarness [--cases N] [--seed S] [--filter MNEMONIC[,..]] [--coverage] [--verbose]");
                    System.exit(2);
                }
            }
        }
        System.out.printf("isa harness: seed %d, %d cases per form%s%n", seed, cases, filter != null ? ", filter " + filter : "");
        long t0 = System.nanoTime();
        Report rep = run(new Options(cases, seed, filter, verbose), System.out);
        if (coverage) printCoverage(rep, System.out);
        int forms = 0, proven = 0;
        for (FormStats s : rep.forms.values()) {
            if (s.run > 0) forms++;
            if (s.proven()) proven++;
        }
        System.out.printf("%d forms run, %d proven, %d cases, %d mismatches (seed %d, %.1f s)%n", forms, proven, rep.cases,
                rep.mismatches, seed, (System.nanoTime() - t0) / 1e9);
        System.exit(rep.mismatches == 0 ? 0 : 1);
    }

    static void printCoverage(Report rep, PrintStream out) {
        out.printf("%-48s %-11s %-8s %s%n", "row [encoding]", "implemented", "proven", "cases/failed/faulted");
        int rows = 0, impl = 0, proven = 0, harnessed = 0;
        for (FormStats s : rep.forms.values()) {
            IsaForm f = s.form;
            boolean im = implemented(f.entry()) && !s.notImplemented;
            rows++;
            if (im) impl++;
            if (f.harnessed()) harnessed++;
            if (s.proven()) proven++;
            String p = s.proven() ? "yes" : s.failed > 0 ? "FAILS" : !f.harnessed() ? "-" : "no";
            out.printf("%-48s %-11s %-8s %s%n", f.key(), im ? "yes" : "no", p,
                    s.run > 0 ? s.run + "/" + s.failed + "/" + s.bothFaulted : !f.harnessed() ? "(not harnessed: " + f.entry().sem() + ")" : "");
        }
        out.printf("rows %d, implemented %d, harnessed %d, proven %d%n", rows, impl, harnessed, proven);
        IsaChecklist.print(rep, out);
    }
}
