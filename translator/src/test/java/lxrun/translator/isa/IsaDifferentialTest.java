package lxrun.translator.isa;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bounded run of the instruction-level differential harness inside the normal test suite: every
 * harnessed form of the opcode table with {@code isa.cases} cases (default 150) from seed {@code isa.seed}
 * (default fixed, so the suite is reproducible), optionally {@code isa.filter}. Long runs: scripts/isa-fuzz.
 */
class IsaDifferentialTest {
    @Test
    void translatorMatchesThisCpu() throws Exception {
        assumeTrue(System.getProperty("os.arch").matches("amd64|x86_64"), "needs an x86-64 host");
        int cases = Integer.getInteger("isa.cases", 150);
        long seed = Long.getLong("isa.seed", 20240601L);
        String filter = System.getProperty("isa.filter");
        IsaHarness.Report rep = IsaHarness.run(new IsaHarness.Options(cases, seed, filter, Boolean.getBoolean("isa.verbose")), System.out);
        int forms = 0;
        for (IsaHarness.FormStats s : rep.forms.values()) if (s.run > 0) forms++;
        System.out.printf("isa: %d forms, %d cases, %d mismatches (seed %d)%n", forms, rep.cases, rep.mismatches, seed);
        assertTrue(rep.cases > 0, "no cases ran");
        assertTrue(rep.mismatches == 0, rep.mismatches + " mismatches, first:\n" + String.join("\n", rep.failures().subList(0, Math.min(5, rep.failures().size()))));
    }
}
