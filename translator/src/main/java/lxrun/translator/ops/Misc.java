package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import lxrun.runtime.mem.GuestFault;
import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.x86.CpuFeature;

import java.nio.charset.StandardCharsets;

/** CPUID, RDTSC, LAHF/SAHF, ENTER and the exceptions raised by instructions themselves. */
public final class Misc {
    private Misc() {}

    /** CPUID.1:EDX: the advertised extensions plus MSR (5), which the OS always has. */
    public static final int FEATURES_EDX = CpuFeature.bits(1, 'd') | (1 << 5);
    public static final int FEATURES_ECX = CpuFeature.bits(1, 'c');
    /** AT_HWCAP2: HWCAP2_FSGSBASE (bit 1) as Linux reports it when user mode may use RD/WRFSBASE. */
    public static final long HWCAP2 = CpuFeature.FSGSBASE.advertised ? 2 : 0;
    public static final String VENDOR = "GenuineIntel";
    public static final String BRAND = "lxrun x86-64 binary translator";
    /** CPUID.1:EAX: family 6 model 0x3f, a generic x86-64 of the SSE2 era; CPUID.0:EAX, the highest leaf. */
    public static final int SIGNATURE = 0x000306f2, MAX_LEAF = 7;

    public static void cpuid(CpuState c) {
        int leaf = (int) c.r[0], sub = (int) c.r[1];
        int a = 0, b = 0, cx = 0, d = 0;
        switch (leaf) {
            case 0 -> {
                a = MAX_LEAF;
                byte[] v = VENDOR.getBytes(StandardCharsets.US_ASCII);
                b = le(v, 0);
                d = le(v, 4);
                cx = le(v, 8);
            }
            case 1 -> {
                a = SIGNATURE;
                b = (8 << 8) | (1 << 16);
                cx = FEATURES_ECX;
                d = FEATURES_EDX;
            }
            case 2 -> a = 0x00ff_0001; // 0xff: "use leaf 4 for cache parameters"
            case 4 -> { // deterministic cache parameters: L1d, L1i, L2, L3
                int[][] caches = {{1, 1, 8, 64, 64}, {2, 1, 8, 64, 64}, {3, 2, 8, 64, 2048}, {3, 3, 16, 64, 32768}};
                if (sub >= 0 && sub < caches.length) {
                    int[] k = caches[sub];
                    a = k[0] | (k[1] << 5) | (1 << 8);
                    b = (k[3] - 1) | ((k[2] - 1) << 22);
                    cx = k[4] - 1; // sets - 1, so size = ways * line * sets
                }
            }
            case 0x80000000 -> a = 0x80000008;
            case 7 -> {
                if (sub == 0) b = CpuFeature.bits(7, 'b');
            }
            case 0x80000001 -> {
                cx = CpuFeature.bits(0x80000001, 'c');
                d = CpuFeature.bits(0x80000001, 'd');
            }
            case 0x80000002, 0x80000003, 0x80000004 -> {
                byte[] s = java.util.Arrays.copyOf(BRAND.getBytes(StandardCharsets.US_ASCII), 48);
                int o = (leaf - 0x80000002) * 16;
                a = le(s, o);
                b = le(s, o + 4);
                cx = le(s, o + 8);
                d = le(s, o + 12);
            }
            case 0x80000006 -> cx = (2048 << 16) | (8 << 12) | 64;
            case 0x80000008 -> a = 0x3027;
            default -> { }
        }
        c.r[0] = a & 0xffffffffL;
        c.r[3] = b & 0xffffffffL;
        c.r[1] = cx & 0xffffffffL;
        c.r[2] = d & 0xffffffffL;
    }

    private static int le(byte[] s, int o) {
        return (s[o] & 0xff) | (s[o + 1] & 0xff) << 8 | (s[o + 2] & 0xff) << 16 | (s[o + 3] & 0xff) << 24;
    }

    private static final long TSC_BASE = System.nanoTime();

    /** RDTSC: a counter at about 3 GHz that starts near zero with the process (hardware starts at boot). */
    public static void rdtsc(CpuState c) {
        long t = (System.nanoTime() - TSC_BASE) * 3;
        c.r[0] = t & 0xffffffffL;
        c.r[2] = t >>> 32;
    }

    public static void lahf(CpuState c) {
        long f = Flags.materialize(c) | 2;
        c.r[0] = (c.r[0] & ~0xff00L) | ((f & 0xff) << 8);
    }

    public static void sahf(CpuState c) {
        long ah = (c.r[0] >>> 8) & 0xff;
        Flags.set(c, Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF, ah);
    }

    public static void flagOp(CpuState c, int op) {
        switch (op) {
            case 0 -> Flags.set(c, Flags.CF, 0);
            case 1 -> Flags.set(c, Flags.CF, Flags.CF);
            case 2 -> Flags.set(c, Flags.CF, Flags.cf(c) ? 0 : Flags.CF);
            case 3 -> c.sysFlags &= ~Flags.DF;
            default -> c.sysFlags |= Flags.DF;
        }
    }

    public static long pushf(CpuState c) {
        return c.rflags() & 0xfcffffL;
    }

    public static void popf(CpuState c, long v, int size) {
        long keep = size == 2 ? c.rflags() & ~0xffffL : 0;
        c.setRflags(keep | (v & (size == 2 ? 0xffff : 0x254dd5L)) | (c.sysFlags & 0x200));
    }

    /**
     * ENTER imm16, imm8 (nesting level 0 and higher) with operand size {@code size}: 8, or 2 with 66, which
     * pushes words and sets only BP (the SDM's "BP <- FrameTemp"), the stack pointer staying RSP.
     */
    public static void enter(CpuState c, int frame, int level, int size) {
        long[] r = c.r;
        level &= 31;
        // SDM: #PF "if a write using the final value of the stack pointer would cause a page fault", before anything is written
        int pushes = level == 0 ? 1 : level + 1; // RBP, the display's level-1 copies, the frame pointer
        long last = r[4] - (long) size * pushes - frame;
        if (!c.mem.accessible(last, size, GuestMemory.PROT_WRITE)) {
            boolean mapped = c.mem.accessible(last, size, GuestMemory.PROT_READ);
            throw new GuestFault(last, mapped ? GuestFault.SEGV_ACCERR : GuestFault.SEGV_MAPERR, true);
        }
        long rsp = r[4] - size;
        StringOps.store(c.mem, rsp, r[5], size);
        long frameTemp = rsp;
        long rbp = r[5];
        for (int i = 1; i < level; i++) {
            rbp -= size;
            rsp -= size;
            StringOps.store(c.mem, rsp, StringOps.load(c.mem, rbp, size), size);
        }
        if (level > 0) {
            rsp -= size;
            StringOps.store(c.mem, rsp, frameTemp, size);
        }
        r[5] = size == 2 ? (r[5] & ~0xffffL) | (frameTemp & 0xffff) : frameTemp;
        r[4] = rsp - frame;
    }

    /** Returns (for the translated code to throw) the exception an instruction raises. */
    public static RuntimeException raise(int vector, String message) {
        return new CpuException(vector, message);
    }

    /** LDMXCSR: a value with reserved bits (above bit 15) set raises #GP, as hardware does. */
    public static void ldmxcsr(CpuState c, long v) {
        if ((v & 0xffff0000L) != 0) throw new CpuException(lxrun.runtime.mem.GuestException.GP, "ldmxcsr: reserved bits set");
        c.mxcsr = (int) v;
    }

    /** Legacy SSE 16-byte memory operands (all but the movu* forms) must be 16-byte aligned, else #GP. */
    public static void checkAligned16(long ea) {
        if ((ea & 15) != 0) throw new CpuException(lxrun.runtime.mem.GuestException.GP, "misaligned 16-byte SSE operand");
    }

    /**
     * CMPXCHG8B m64 (0F C7 /1 without REX.W): compare EDX:EAX with the memory; equal: ZF=1 and store ECX:EBX;
     * else ZF=0 and load it into EDX:EAX (zero-extending, as 32-bit writes do). Atomic by compare-and-swap;
     * the failing case writes the old value back (a CAS of it with itself) so a read-only page still faults.
     */
    public static void cmpxchg8b(CpuState c, long ea) {
        long expect = (c.r[0] & 0xffffffffL) | (c.r[2] << 32);
        long update = (c.r[3] & 0xffffffffL) | (c.r[1] << 32);
        while (true) {
            long old = c.mem.read64(ea);
            if (old == expect) {
                if (!c.mem.cas(ea, 8, old, update)) continue;
                Flags.set(c, Flags.ZF, Flags.ZF);
                return;
            }
            if (!c.mem.cas(ea, 8, old, old)) continue;
            c.r[0] = old & 0xffffffffL;
            c.r[2] = old >>> 32;
            Flags.set(c, Flags.ZF, 0);
            return;
        }
    }

    /** CMPXCHG16B m128: compare RDX:RAX with the memory, store RCX:RBX if equal (ZF), else load it. */
    public static void cmpxchg16b(CpuState c, long ea) {
        synchronized (c.mem) { // serialised with split-lock CAS: no 128-bit CAS on the JVM
            cmpxchg16bLocked(c, ea);
        }
    }

    private static void cmpxchg16bLocked(CpuState c, long ea) {
        if ((ea & 15) != 0) throw new CpuException(lxrun.runtime.mem.GuestException.GP, "misaligned cmpxchg16b");
        long lo = c.mem.read64(ea), hi = c.mem.read64(ea + 8);
        boolean eq = lo == c.r[0] && hi == c.r[2];
        if (eq) {
            c.mem.write64(ea, c.r[3]);
            c.mem.write64(ea + 8, c.r[1]);
        } else {
            c.mem.write64(ea, lo);
            c.mem.write64(ea + 8, hi);
            c.r[0] = lo;
            c.r[2] = hi;
        }
        Flags.set(c, Flags.ZF, eq ? Flags.ZF : 0);
    }
}
