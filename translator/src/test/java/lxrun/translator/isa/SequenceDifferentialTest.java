package lxrun.translator.isa;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bounded run of the sequence-level differential harness ({@link SequenceHarness}): the regression
 * sequences of src/test/resources/isa/sequences.txt, then {@code seq.cases} generated sequences (default 1000)
 * from seed {@code seq.seed} (default fixed, so the suite is reproducible), each natively and through the
 * region JIT and the interpreter. Long runs: scripts/seq-fuzz.
 */
class SequenceDifferentialTest {
    @Test
    void sequencesMatchThisCpu() throws Exception {
        assumeTrue(System.getProperty("os.arch").matches("amd64|x86_64"), "needs an x86-64 host");
        int cases = Integer.getInteger("seq.cases", 1000);
        long seed = Long.getLong("seq.seed", 20261204L);
        List<SequenceGenerator.Seq> seqs = new ArrayList<>(SequenceHarness.regressions());
        int kept = seqs.size();
        seqs.addAll(SequenceHarness.generate(seed, 0, cases));
        for (SequenceGenerator.Seq s : seqs.subList(kept, Math.min(seqs.size(), kept + 50))) { // a printed line replays the case
            assertTrue(SequenceGenerator.Seq.parse(s.line()).c.line().equals(s.c.line()), "line() does not replay: " + s.line());
        }
        SequenceHarness.Report rep = SequenceHarness.run(seqs, 5, null);
        System.out.printf("sequences: %d regression + %d generated (%d loops; of the %d without a call %d ran as one region), %d mismatches (seed %d)%n",
                kept, cases, rep.loops, rep.plainLoops, rep.oneRegion, rep.mismatches, seed);
        assertTrue(rep.cases == seqs.size(), "not every sequence ran");
        // the loops must stay inside one region (back edge included) to test the optimiser across its blocks;
        // a few do not, where overlapping blocks (a forward jcc before the head) exceed the region's budget
        assertTrue(rep.oneRegion >= 0.9 * rep.plainLoops, rep.oneRegion + " of " + rep.plainLoops + " call-free loops ran as one region");
        assertTrue(rep.mismatches == 0, rep.mismatches + " mismatches, first:\n" + String.join("\n", rep.failures));
    }
}
