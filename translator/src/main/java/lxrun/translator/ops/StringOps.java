package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;

/**
 * MOVS, STOS, LODS, CMPS, SCAS with REP/REPE/REPNE, either direction, all sizes. A REP form runs to
 * completion here; a fault in the middle leaves RSI/RDI/RCX (and RAX for LODS) in CpuState describing the
 * progress made, as hardware does: the registers advance with every element, or with every chunk of the
 * bulk paths, whose chunks never cross a page boundary so that a fault happens at a chunk's start. The
 * exception says so ({@link GuestException#stringProgress}), so the translated code keeps these values.
 */
public final class StringOps {
    private StringOps() {}

    private static final int RAX = 0, RCX = 1, RSI = 6, RDI = 7;

    static long load(GuestMemory m, long a, int n) {
        return switch (n) {
            case 1 -> m.read8(a);
            case 2 -> m.read16(a);
            case 4 -> m.read32(a) & 0xffffffffL;
            default -> m.read64(a);
        };
    }

    static void store(GuestMemory m, long a, long v, int n) {
        switch (n) {
            case 1 -> m.write8(a, (int) v);
            case 2 -> m.write16(a, (int) v);
            case 4 -> m.write32(a, (int) v);
            default -> m.write64(a, v);
        }
    }

    private static int sizeIndex(int n) {
        return Integer.numberOfTrailingZeros(n);
    }

    /** RSI, RDI or RCX as the instruction sees it: with the 67 prefix (32-bit addressing) ESI, EDI, ECX. */
    private static long reg(long v, boolean a32) {
        return a32 ? v & 0xffffffffL : v;
    }

    /** Advances a pointer register; a 32-bit one wraps and is written zero-extended, as any 32-bit register write. */
    private static void advance(long[] r, int i, long step, boolean a32) {
        r[i] = reg(r[i] + step, a32);
    }

    /*
     * Every string op takes the element size n, the repeat prefix (0 none, 1 REP/REPE, 2 REPNE; MOVS, STOS
     * and LODS repeat under either), the address size (a32: the 67 prefix) and the base of the source's
     * segment (an FS/GS override applies to [RSI] only; [RDI] is always ES, base 0).
     */

    /** Bytes from {@code a} to the end of its page. */
    private static long toPageEnd(long a) {
        return GuestMemory.PAGE_SIZE - (a & GuestMemory.PAGE_MASK);
    }

    /** A string op's body: element size, repeat prefix, 32-bit addresses, source segment base. */
    private interface Body {
        void run(CpuState c, int n, int rep, boolean a32, long seg);
    }

    /** Runs {@code body}; a fault in it carries the progress made in the registers (see the class comment). */
    private static void guarded(Body body, CpuState c, int n, int rep, boolean a32, long seg) {
        try {
            body.run(c, n, rep, a32, seg);
        } catch (GuestException e) {
            e.stringProgress = true;
            throw e;
        }
    }

    public static void movs(CpuState c, int n, int rep, boolean a32, long seg) {
        guarded(StringOps::movs0, c, n, rep, a32, seg);
    }

    public static void stos(CpuState c, int n, int rep, boolean a32, long seg) {
        guarded(StringOps::stos0, c, n, rep, a32, seg);
    }

    public static void lods(CpuState c, int n, int rep, boolean a32, long seg) {
        guarded(StringOps::lods0, c, n, rep, a32, seg);
    }

    /** CMPS: compares [RSI] with [RDI]; REPE stops at the first difference, REPNE at the first equality. */
    public static void cmps(CpuState c, int n, int rep, boolean a32, long seg) {
        guarded(StringOps::cmps0, c, n, rep, a32, seg);
    }

    /** SCAS: compares the accumulator with [RDI]. */
    public static void scas(CpuState c, int n, int rep, boolean a32, long seg) {
        guarded(StringOps::scas0, c, n, rep, a32, seg);
    }

    private static void movs0(CpuState c, int n, int rep, boolean a32, long seg) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        if (rep == 0) {
            store(m, reg(r[RDI], a32), load(m, seg + reg(r[RSI], a32), n), n);
            advance(r, RSI, step, a32);
            advance(r, RDI, step, a32);
            return;
        }
        if (n == 1 && step > 0 && r[RCX] > 16 && !a32 && seg == 0) { // bulk copy with memmove-safe forward semantics per byte
            while (r[RCX] != 0) {
                long s = r[RSI], d = r[RDI];
                long chunk = Math.min(r[RCX], Math.min(toPageEnd(s), toPageEnd(d)));
                if (d > s && d < s + chunk) chunk = Math.min(chunk, d - s); // overlapping forward copy
                byte[] tmp = m.read(s, (int) chunk);
                m.write(d, tmp);
                r[RSI] += chunk;
                r[RDI] += chunk;
                r[RCX] -= chunk;
            }
            return;
        }
        while (reg(r[RCX], a32) != 0) {
            store(m, reg(r[RDI], a32), load(m, seg + reg(r[RSI], a32), n), n);
            advance(r, RSI, step, a32);
            advance(r, RDI, step, a32);
            advance(r, RCX, -1, a32);
        }
    }

    private static void stos0(CpuState c, int n, int rep, boolean a32, long seg) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        long v = r[RAX];
        if (rep == 0) {
            store(m, reg(r[RDI], a32), v, n);
            advance(r, RDI, step, a32);
            return;
        }
        if (n == 1 && step > 0 && !a32) {
            while (r[RCX] != 0) {
                long chunk = Math.min(r[RCX], toPageEnd(r[RDI]));
                m.fill(r[RDI], chunk, (byte) v);
                r[RDI] += chunk;
                r[RCX] -= chunk;
            }
            return;
        }
        while (reg(r[RCX], a32) != 0) {
            store(m, reg(r[RDI], a32), v, n);
            advance(r, RDI, step, a32);
            advance(r, RCX, -1, a32);
        }
    }

    private static void lods0(CpuState c, int n, int rep, boolean a32, long seg) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        do {
            if (rep != 0 && reg(r[RCX], a32) == 0) return;
            long v = load(m, seg + reg(r[RSI], a32), n);
            switch (n) {
                case 1 -> r[RAX] = (r[RAX] & ~0xffL) | v;
                case 2 -> r[RAX] = (r[RAX] & ~0xffffL) | v;
                default -> r[RAX] = v;
            }
            advance(r, RSI, step, a32);
            if (rep != 0) advance(r, RCX, -1, a32);
        } while (rep != 0);
    }

    private static void cmps0(CpuState c, int n, int rep, boolean a32, long seg) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        do {
            if (rep != 0 && reg(r[RCX], a32) == 0) return;
            long a = load(m, seg + reg(r[RSI], a32), n), b = load(m, reg(r[RDI], a32), n);
            Alu.sub(c, a, b, sizeIndex(n));
            advance(r, RSI, step, a32);
            advance(r, RDI, step, a32);
            if (rep != 0) {
                advance(r, RCX, -1, a32);
                if ((a == b) != (rep == 1)) return;
            }
        } while (rep != 0);
    }

    private static void scas0(CpuState c, int n, int rep, boolean a32, long seg) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        long a = r[RAX] & lxrun.runtime.cpu.Flags.mask(sizeIndex(n));
        do {
            if (rep != 0 && reg(r[RCX], a32) == 0) return;
            long b = load(m, reg(r[RDI], a32), n);
            Alu.sub(c, a, b, sizeIndex(n));
            advance(r, RDI, step, a32);
            if (rep != 0) {
                advance(r, RCX, -1, a32);
                if ((a == b) != (rep == 1)) return;
            }
        } while (rep != 0);
    }
}
