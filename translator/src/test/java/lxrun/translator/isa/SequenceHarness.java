package lxrun.translator.isa;

import lxrun.runtime.exec.BlockTranslator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The differential harness over instruction SEQUENCES ({@link SequenceGenerator}): each sequence runs on this
 * CPU ({@link NativeRunner}, the same isa_native and guest layout as the single-instruction harness) and
 * through both tiers ({@link JitRunner}: the region JIT, where BlockCompiler's region with a {@code ran}
 * predicate that says every block has run keeps the whole sequence, loop and back edge included, in one
 * compiled region (a call and its function are translations of their own), and the interpreter), and all
 * GPRs, the status flags (minus those undefined at the exit), DF, the memory block, the stack area and the exit
 * are compared bit for bit. Flag liveness across the blocks of a region is what a single instruction cannot test.
 *
 * <p>Reproducing: case {@code i} of seed {@code S} is {@code --seed S --case i}; every mismatch also prints a
 * line that, appended to src/test/resources/isa/sequences.txt, makes it a regression case
 * {@link SequenceDifferentialTest} always replays (independent of later changes to the generator).
 *
 * <p>{@code main} is the entry point of scripts/seq-fuzz: {@code --cases N --seed S --case I --file F --verbose}.
 */
public final class SequenceHarness {
    /** Translations a sequence may take: a call in a 40-iteration loop leaves the region twice per iteration. */
    static final int MAX_STEPS = 4000;
    public static final String REGRESSIONS = "/isa/sequences.txt";

    public static final class Report {
        public int cases, mismatches, loops;
        /** Loops without a call, and those of them the region JIT ran as one translation (back edge inside). */
        public int plainLoops, oneRegion;
        public final List<String> failures = new ArrayList<>();
    }

    /** Runs the given sequences; mismatches are described in the report (the first {@code keep} in full). */
    public static Report run(List<SequenceGenerator.Seq> seqs, int keep, PrintStream log) throws Exception {
        Report rep = new Report();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<JitRunner> jits = new ArrayList<>();
        try (NativeRunner nat = new NativeRunner()) {
            List<IsaCase> cases = new ArrayList<>();
            for (SequenceGenerator.Seq s : seqs) cases.add(s.c);
            int chunk = (cases.size() + threads - 1) / threads;
            List<Future<List<IsaResult>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<IsaCase> sub = cases.subList(Math.min(cases.size(), t * chunk), Math.min(cases.size(), (t + 1) * chunk));
                JitRunner j = new JitRunner();
                jits.add(j);
                parts.add(pool.submit(() -> {
                    List<IsaResult> out = new ArrayList<>(2 * sub.size());
                    for (IsaCase c : sub) {
                        out.add(j.run(c, BlockTranslator.Tier.REGION, MAX_STEPS));
                        out.add(j.run(c, BlockTranslator.Tier.INTERPRETER, MAX_STEPS));
                    }
                    return out;
                }));
            }
            List<IsaResult> natives = nat.run(cases);
            List<IsaResult> res = new ArrayList<>(2 * cases.size());
            for (Future<List<IsaResult>> p : parts) res.addAll(p.get());
            for (int i = 0; i < seqs.size(); i++) {
                SequenceGenerator.Seq s = seqs.get(i);
                rep.cases++;
                if (s.shape.startsWith("loop")) rep.loops++;
                if (s.shape.startsWith("loop") && !s.shape.contains("call")) {
                    rep.plainLoops++;
                    if (res.get(2 * i).translations == 1) rep.oneRegion++;
                }
                String diff = compare(s, natives.get(i), res.get(2 * i));
                String idiff = compare(s, natives.get(i), res.get(2 * i + 1));
                if (diff != null) diff = "  [region JIT]\n" + diff;
                if (idiff != null) diff = (diff == null ? "" : diff + "\n") + "  [interpreter]\n" + idiff;
                if (diff == null) continue;
                rep.mismatches++;
                if (rep.failures.size() < keep) {
                    String d = describe(s, diff);
                    rep.failures.add(d);
                    if (log != null) log.println(d);
                }
            }
        } finally {
            pool.shutdownNow();
            for (JitRunner j : jits) j.close();
        }
        return rep;
    }

    /** Null when the results agree, else the differences. */
    static String compare(SequenceGenerator.Seq s, IsaResult nat, IsaResult jit) {
        IsaCase c = s.c;
        if (nat.error != null) return "  " + nat.error;
        if (jit.error != null) return "  " + jit.error + (nat.signal != 0 ? " (native: signal " + nat.signal + ")" : "");
        if (nat.signal != 0 || jit.signal != 0) {
            return nat.signal == jit.signal ? null : String.format("  signal: native %d, translator %d", nat.signal, jit.signal);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (nat.gpr[i] != jit.gpr[i]) {
                sb.append(String.format("  %-6s native %016x translator %016x%n", IsaHarness.GPR[i], nat.gpr[i], jit.gpr[i]));
            }
        }
        long mask = IsaHarness.COMPARED_FLAGS & ~s.undefinedAtExit;
        if (((nat.rflags ^ jit.rflags) & mask) != 0) {
            sb.append(String.format("  rflags native %s translator %s (compared %s)%n", IsaHarness.flags(nat.rflags),
                    IsaHarness.flags(jit.rflags), IsaHarness.flags(mask)));
        }
        IsaHarness.area(sb, "memory", nat.mem, jit.mem);
        IsaHarness.area(sb, "stack", nat.stack, jit.stack);
        if (nat.landed != jit.landed) sb.append(String.format("  continued native 0x%x translator 0x%x (fall-through 0x%x)%n", nat.landed, jit.landed, c.next()));
        return sb.isEmpty() ? null : sb.toString().stripTrailing();
    }

    static String describe(SequenceGenerator.Seq s, String diff) {
        IsaCase c = s.c;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("MISMATCH sequence seed=%d case=%d (%s)%n", c.seed, c.index, s.shape));
        sb.append(s.listing()).append('\n');
        sb.append("  in    ");
        for (int i = 0; i < 16; i++) sb.append(' ').append(IsaHarness.GPR[i]).append('=').append(Long.toHexString(c.gpr[i]));
        sb.append(String.format(" rflags=%x %s; undefined at exit %s%n", c.rflags, IsaHarness.flags(c.rflags), IsaHarness.flags(s.undefinedAtExit)));
        sb.append(diff).append('\n');
        if (c.seed >= 0) sb.append(String.format("  rerun: scripts/seq-fuzz --seed %d --case %d%n", c.seed, c.index));
        sb.append("  keep as a regression (append to translator/src/test/resources/isa/sequences.txt):\n");
        sb.append("  ").append(s.line());
        return sb.toString();
    }

    /** The sequences of a regression file (blank lines and # comments skipped). */
    static List<SequenceGenerator.Seq> parseFile(String text) {
        List<SequenceGenerator.Seq> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            l = l.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            out.add(SequenceGenerator.Seq.parse(l));
        }
        return out;
    }

    static List<SequenceGenerator.Seq> regressions() throws IOException {
        try (InputStream in = SequenceHarness.class.getResourceAsStream(REGRESSIONS)) {
            if (in == null) return List.of();
            return parseFile(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    static List<SequenceGenerator.Seq> generate(long seed, int from, int count) {
        List<SequenceGenerator.Seq> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) out.add(SequenceGenerator.generate(seed, i));
        return out;
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) throws Exception {
        int cases = 10000, only = -1;
        long seed = System.currentTimeMillis();
        String file = null;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cases", "--sequences" -> cases = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--case" -> only = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                case "--verbose", "-v" -> verbose = true;
                default -> {
                    System.err.println("usage: SequenceHarness [--cases N] [--seed S] [--case I] [--file F] [--verbose]");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        int mismatches = 0, total = 0, loops = 0, plain = 0, one = 0;
        if (file != null) {
            List<SequenceGenerator.Seq> seqs = parseFile(java.nio.file.Files.readString(java.nio.file.Path.of(file)));
            Report rep = run(seqs, Integer.MAX_VALUE, System.out);
            mismatches = rep.mismatches;
            total = rep.cases;
            loops = rep.loops;
        } else {
            System.out.printf("sequence harness: seed %d, %s%n", seed, only >= 0 ? "case " + only : cases + " sequences");
            int batch = 2000;
            int from = only >= 0 ? only : 0, end = only >= 0 ? only + 1 : cases;
            for (int i = from; i < end; i += batch) {
                List<SequenceGenerator.Seq> seqs = generate(seed, i, Math.min(batch, end - i));
                if (verbose || only >= 0) {
                    for (SequenceGenerator.Seq s : seqs) System.out.printf("case %d: %s%n%s%n", s.c.index, s.shape, s.listing());
                }
                Report rep = run(seqs, 20, System.out);
                mismatches += rep.mismatches;
                total += rep.cases;
                loops += rep.loops;
                plain += rep.plainLoops;
                one += rep.oneRegion;
                if (end - from > batch) System.out.printf("  %d sequences, %d mismatches so far%n", total, mismatches);
            }
        }
        System.out.printf("%d sequences (%d loops; of the %d without a call %d ran as one region), %d mismatches (%s, %.1f s)%n",
                total, loops, plain, one, mismatches, file != null ? file : "seed " + seed, (System.nanoTime() - t0) / 1e9);
        System.exit(mismatches == 0 ? 0 : 1);
    }
}
