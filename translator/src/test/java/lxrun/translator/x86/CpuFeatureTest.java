package lxrun.translator.x86;

import lxrun.translator.jit.BlockCompiler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CPUID tells the truth: every mnemonic of every advertised feature is a row of the opcode table and the
 * translator implements all rows of that mnemonic. (That they are also exact is the harness's job.)
 */
class CpuFeatureTest {
    @Test
    void advertisedFeaturesAreImplemented() {
        Map<String, List<Entry>> rows = new HashMap<>();
        for (Entry e : OpcodeTable.INSTANCE.all()) {
            for (String mn : e.mnemonic().split("[/|]")) rows.computeIfAbsent(mn, k -> new ArrayList<>()).add(e);
        }
        List<String> missing = new ArrayList<>();
        for (CpuFeature f : CpuFeature.values()) {
            if (!f.advertised) continue;
            for (String mn : f.mnemonics) {
                List<Entry> es = rows.get(mn);
                if (es == null) missing.add(f + ": " + mn + " (no row)");
                else for (Entry e : es) if (!BlockCompiler.implemented(e)) missing.add(f + ": " + mn + " " + e.operands().length + " operands (not implemented)");
            }
        }
        assertEquals(List.of(), missing, "advertised but not implemented");
    }

    @Test
    void bitsComeFromTheTable() {
        int baseline = 1 << 23 | 1 << 25 | 1 << 26;
        assertEquals(baseline, CpuFeature.bits(1, 'd') & baseline, "MMX, SSE and SSE2 are x86-64 baseline");
        int ecx = 0;
        for (CpuFeature f : CpuFeature.values()) if (f.advertised && f.leaf == 1 && f.register == 'c') ecx |= 1 << f.bit;
        assertEquals(ecx, CpuFeature.bits(1, 'c'));
    }
}
