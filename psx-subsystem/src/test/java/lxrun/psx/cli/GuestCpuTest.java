package lxrun.psx.cli;

import lxrun.lxcore.proc.Cpu;
import lxrun.translator.ops.Misc;
import lxrun.translator.x86.CpuFeature;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** /proc/cpuinfo's CPU is the one the translator's CPUID describes: the same identity, exactly the advertised flags. */
class GuestCpuTest {
    @Test
    void cpuinfoFlagsAreExactlyTheAdvertisedFeatures() {
        Cpu cpu = Lxrun.guestCpu();
        List<String> expected = new ArrayList<>();
        for (CpuFeature f : CpuFeature.values()) {
            String name = Cpu.flagName(f.leaf, f.register, f.bit);
            assertNotNull(name, f + " has a Linux flag name");
            if (f.advertised) expected.add(name);
        }
        expected.add("msr"); // CPUID.1:EDX bit 5, which the OS always has
        List<String> flags = cpu.flags();
        assertEquals(expected.stream().sorted().toList(), flags.stream().sorted().toList());
        assertTrue(flags.contains("sse2"));
        assertFalse(flags.contains("avx"));
        assertFalse(flags.contains("avx2"));
    }

    @Test
    void identityIsCpuids() {
        Cpu cpu = Lxrun.guestCpu();
        assertEquals(Misc.VENDOR, cpu.vendor());
        assertEquals(Misc.BRAND, cpu.modelName());
        assertEquals(Misc.MAX_LEAF, cpu.maxLeaf());
        assertEquals(Misc.FEATURES_EDX, cpu.leaf1Edx());
        assertEquals(6, cpu.family());
        assertEquals(0x3f, cpu.model());
    }
}
