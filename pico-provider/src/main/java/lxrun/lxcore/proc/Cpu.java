package lxrun.lxcore.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPU the guest runs on, as the translator's CPUID describes it: /proc/cpuinfo must tell the same
 * story, or a program that reads the flags there (rather than executing CPUID) picks instructions the
 * translator does not have.
 *
 * @param vendor    CPUID(0) vendor string ("GenuineIntel")
 * @param modelName CPUID(0x80000002..4) brand string
 * @param signature CPUID(1).EAX: stepping, model, family (with their extended parts)
 * @param maxLeaf   CPUID(0).EAX ("cpuid level")
 * @param leaf1Ecx  CPUID(1).ECX
 * @param leaf1Edx  CPUID(1).EDX
 * @param leaf7Ebx  CPUID(7,0).EBX
 * @param leaf7Ecx  CPUID(7,0).ECX
 * @param ext1Ecx   CPUID(0x80000001).ECX
 * @param ext1Edx   CPUID(0x80000001).EDX
 */
public record Cpu(String vendor, String modelName, int signature, int maxLeaf, int leaf1Ecx, int leaf1Edx,
        int leaf7Ebx, int leaf7Ecx, int ext1Ecx, int ext1Edx) {

    /** A baseline x86-64 (what LxCore assumes when it is told only AT_HWCAP): CPUID(1).EDX = {@code edx}. */
    public static Cpu baseline(int edx) {
        return new Cpu("GenuineIntel", "x86-64", 0x000306f2, 7, 0, edx, 0, 0, 0, 0x20000800);
    }

    public int family() {
        int f = (signature >> 8) & 0xf;
        return f == 0xf ? f + ((signature >> 20) & 0xff) : f;
    }

    public int model() {
        int m = (signature >> 4) & 0xf, f = (signature >> 8) & 0xf;
        return f == 6 || f == 0xf ? m | ((signature >> 12) & 0xf0) : m;
    }

    public int stepping() {
        return signature & 0xf;
    }

    /*
     * Linux's names of the CPUID bits (arch/x86/include/asm/cpufeatures.h, the strings /proc/cpuinfo
     * prints), one array of 32 per register, in the order cpuinfo lists them: its capability words 0
     * (1.EDX), 1 (0x80000001.EDX), 4 (1.ECX), 6 (0x80000001.ECX), 9 (7.EBX), 16 (7.ECX). Null: a bit
     * Linux does not show (the 0x80000001.EDX copies of 1.EDX, OSXSAVE, ...).
     */
    private static final String[] L1_EDX = names("fpu vme de pse tsc msr pae mce cx8 apic - sep mtrr pge mca cmov "
            + "pat pse36 pn clflush - dts acpi mmx fxsr sse sse2 ss ht tm ia64 pbe");
    private static final String[] E1_EDX = names("- - - - - - - - - - - syscall - - - - - - - mp nx - mmxext - - "
            + "fxsr_opt pdpe1gb rdtscp - lm 3dnowext 3dnow");
    private static final String[] L1_ECX = names("pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 cid sdbg "
            + "fma cx16 xtpr pdcm - pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave - avx "
            + "f16c rdrand hypervisor");
    private static final String[] E1_ECX = names("lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse "
            + "3dnowprefetch osvw ibs xop skinit wdt - lwp fma4 tce - nodeid_msr - tbm topoext perfctr_core "
            + "perfctr_nb - bpext ptsc perfctr_llc mwaitx - -");
    private static final String[] L7_EBX = names("fsgsbase tsc_adjust sgx bmi1 hle avx2 - smep bmi2 erms invpcid "
            + "rtm cqm - mpx rdt_a avx512f avx512dq rdseed adx smap avx512ifma - clflushopt clwb intel_pt "
            + "avx512pf avx512er avx512cd sha_ni avx512bw avx512vl");
    private static final String[] L7_ECX = names("- avx512vbmi umip pku ospke waitpkg avx512_vbmi2 - gfni vaes "
            + "vpclmulqdq avx512_vnni avx512_bitalg tme avx512_vpopcntdq - la57 - - - - - rdpid - - cldemote - "
            + "movdiri movdir64b enqcmd sgx_lc -");

    private static String[] names(String s) {
        String[] n = s.split(" ");
        if (n.length != 32) throw new AssertionError("32 bits expected: " + s);
        for (int i = 0; i < 32; i++) if (n[i].equals("-")) n[i] = null;
        return n;
    }

    /** The "flags" of /proc/cpuinfo: the names of the set bits, in Linux's order. */
    public List<String> flags() {
        List<String> out = new ArrayList<>();
        int[] regs = {leaf1Edx, ext1Edx, leaf1Ecx, ext1Ecx, leaf7Ebx, leaf7Ecx};
        String[][] tables = {L1_EDX, E1_EDX, L1_ECX, E1_ECX, L7_EBX, L7_ECX};
        for (int r = 0; r < regs.length; r++) {
            for (int bit = 0; bit < 32; bit++) {
                if ((regs[r] >>> bit & 1) != 0 && tables[r][bit] != null) out.add(tables[r][bit]);
            }
        }
        return out;
    }

    /** The Linux name of a CPUID bit (leaf 1, 7 or 0x80000001; register 'b', 'c' or 'd'), or null if it has none. */
    public static String flagName(int leaf, char register, int bit) {
        String[] t = switch (leaf) {
            case 1 -> register == 'c' ? L1_ECX : register == 'd' ? L1_EDX : null;
            case 7 -> register == 'b' ? L7_EBX : register == 'c' ? L7_ECX : null;
            case 0x80000001 -> register == 'c' ? E1_ECX : register == 'd' ? E1_EDX : null;
            default -> null;
        };
        return t == null ? null : t[bit];
    }
}
