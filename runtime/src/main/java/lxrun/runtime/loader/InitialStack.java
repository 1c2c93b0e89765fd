package lxrun.runtime.loader;

import lxrun.runtime.mem.GuestMemory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack a new program starts on, laid out as Linux's create_elf_tables builds it (System V x86-64
 * psABI, 3.4.1). From the top: an 8-byte end marker, the execfn string, the envp strings, the argv
 * strings, the platform string, 16 random bytes; then, 16-byte aligned: argc, argv[], NULL, envp[], NULL,
 * auxv pairs ending with AT_NULL. The initial RSP points at argc. Where the strings went is kept in the
 * address space ({@link GuestMemory.StackInfo}), as mm_struct keeps arg_start..env_end and saved_auxv.
 */
public final class InitialStack {
    /** Top of the stack mapping and its size. The page above stays unmapped. */
    public static final long STACK_TOP = 0xFFFFF0000L;
    public static final long STACK_SIZE = 8L << 20;

    public static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
            AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31,
            AT_MINSIGSTKSZ = 51;

    private InitialStack() {}

    /** Identity the auxiliary vector reports. */
    public record Credentials(int uid, int euid, int gid, int egid) {}

    /**
     * Maps the stack and fills it.
     *
     * @param interpBase AT_BASE: where the program interpreter (dynamic linker) was loaded, 0 for none
     * @param hwcap   AT_HWCAP: the CPUID(1).EDX the translator advertises
     * @param hwcap2  AT_HWCAP2: bit 1 (HWCAP2_FSGSBASE) when RD/WRFSBASE may be used
     * @param random  the 16 bytes AT_RANDOM points to (glibc seeds its stack guard from them)
     * @return the initial RSP (the address of argc)
     */
    public static long build(GuestMemory mem, ElfImage image, long interpBase, List<String> argv, List<String> envp, String execfn,
            long hwcap, long hwcap2, byte[] random, Credentials cred) {
        int prot = GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | (image.execStack() ? GuestMemory.PROT_EXEC : 0);
        mem.map(STACK_TOP - STACK_SIZE, STACK_SIZE, prot, "[stack]", 0);

        long sp = STACK_TOP - 8;
        sp = pushString(mem, sp, execfn);
        long execfnAddr = sp;
        List<Long> envAddrs = pushStrings(mem, sp, envp);
        sp = envAddrs.isEmpty() ? sp : envAddrs.get(0);
        List<Long> argAddrs = pushStrings(mem, sp, argv);
        sp = argAddrs.isEmpty() ? sp : argAddrs.get(0);
        sp = pushString(mem, sp, "x86_64");
        long platform = sp;
        sp -= 16;
        mem.poke(sp, random, 0, 16);
        long randomAddr = sp;

        long[] aux = {
            AT_MINSIGSTKSZ, 2048, // what Linux reports without AVX-512 state
            AT_HWCAP, hwcap,
            AT_PAGESZ, GuestMemory.PAGE_SIZE,
            AT_CLKTCK, 100,
            AT_PHDR, image.phdr(),
            AT_PHENT, image.phent(),
            AT_PHNUM, image.phnum(),
            AT_BASE, interpBase,
            AT_FLAGS, 0,
            AT_ENTRY, image.entry(),
            AT_UID, cred.uid(),
            AT_EUID, cred.euid(),
            AT_GID, cred.gid(),
            AT_EGID, cred.egid(),
            AT_SECURE, 0,
            AT_RANDOM, randomAddr,
            AT_HWCAP2, hwcap2,
            AT_EXECFN, execfnAddr,
            AT_PLATFORM, platform,
            AT_NULL, 0,
        };
        int items = 1 + argv.size() + 1 + envp.size() + 1 + aux.length;
        sp = (sp - items * 8L) & ~15L;
        long p = sp;
        p = put(mem, p, argv.size());
        for (long a : argAddrs) p = put(mem, p, a);
        p = put(mem, p, 0);
        for (long a : envAddrs) p = put(mem, p, a);
        p = put(mem, p, 0);
        for (long v : aux) p = put(mem, p, v);
        mem.setStackInfo(new GuestMemory.StackInfo(sp, argAddrs.isEmpty() ? sp : argAddrs.get(0), end(argAddrs, argv, sp),
                envAddrs.isEmpty() ? sp : envAddrs.get(0), end(envAddrs, envp, sp), aux, execfn));
        return sp;
    }

    /** Just past the last string's NUL (Linux's arg_end, env_end), or {@code none} if there are none. */
    private static long end(List<Long> addrs, List<String> strings, long none) {
        if (addrs.isEmpty()) return none;
        return addrs.get(addrs.size() - 1) + strings.get(strings.size() - 1).getBytes(StandardCharsets.UTF_8).length + 1;
    }

    private static long put(GuestMemory mem, long p, long v) {
        mem.write64(p, v);
        return p + 8;
    }

    private static long pushString(GuestMemory mem, long sp, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sp -= b.length + 1;
        mem.poke(sp, b, 0, b.length);
        mem.write8(sp + b.length, 0);
        return sp;
    }

    /** Places the strings so that the first one is lowest; returns their addresses in order. */
    private static List<Long> pushStrings(GuestMemory mem, long sp, List<String> strings) {
        List<Long> out = new ArrayList<>();
        for (int i = strings.size() - 1; i >= 0; i--) {
            sp = pushString(mem, sp, strings.get(i));
            out.add(0, sp);
        }
        return out;
    }
}
