package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;

/**
 * MOVS, STOS, LODS, CMPS, SCAS with REP/REPE/REPNE, either direction, all sizes. A REP form runs to
 * completion here; a fault in the middle leaves RSI/RDI/RCX describing the progress made, as hardware does.
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

    public static void movs(CpuState c, int n, boolean rep) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        if (!rep) {
            store(m, r[RDI], load(m, r[RSI], n), n);
            r[RSI] += step;
            r[RDI] += step;
            return;
        }
        if (n == 1 && step > 0 && r[RCX] > 16) { // bulk copy with memmove-safe forward semantics per byte
            while (r[RCX] != 0) {
                long chunk = Math.min(r[RCX], 4096);
                long s = r[RSI], d = r[RDI];
                if (d > s && d < s + chunk) chunk = Math.min(chunk, d - s); // overlapping forward copy
                byte[] tmp = m.read(s, (int) chunk);
                m.write(d, tmp);
                r[RSI] += chunk;
                r[RDI] += chunk;
                r[RCX] -= chunk;
            }
            return;
        }
        while (r[RCX] != 0) {
            store(m, r[RDI], load(m, r[RSI], n), n);
            r[RSI] += step;
            r[RDI] += step;
            r[RCX]--;
        }
    }

    public static void stos(CpuState c, int n, boolean rep) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        long v = r[RAX];
        if (!rep) {
            store(m, r[RDI], v, n);
            r[RDI] += step;
            return;
        }
        if (n == 1 && step > 0) {
            while (r[RCX] != 0) {
                long chunk = Math.min(r[RCX], 1L << 20);
                m.fill(r[RDI], chunk, (byte) v);
                r[RDI] += chunk;
                r[RCX] -= chunk;
            }
            return;
        }
        while (r[RCX] != 0) {
            store(m, r[RDI], v, n);
            r[RDI] += step;
            r[RCX]--;
        }
    }

    public static void lods(CpuState c, int n, boolean rep) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        do {
            if (rep && r[RCX] == 0) return;
            long v = load(m, r[RSI], n);
            switch (n) {
                case 1 -> r[RAX] = (r[RAX] & ~0xffL) | v;
                case 2 -> r[RAX] = (r[RAX] & ~0xffffL) | v;
                default -> r[RAX] = v;
            }
            r[RSI] += step;
            if (rep) r[RCX]--;
        } while (rep);
    }

    /** CMPS: compares [RSI] with [RDI]; {@code rep} 0 none, 1 REPE, 2 REPNE. */
    public static void cmps(CpuState c, int n, int rep) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        do {
            if (rep != 0 && r[RCX] == 0) return;
            long a = load(m, r[RSI], n), b = load(m, r[RDI], n);
            Alu.sub(c, a, b, sizeIndex(n));
            r[RSI] += step;
            r[RDI] += step;
            if (rep != 0) {
                r[RCX]--;
                if ((a == b) != (rep == 1)) return;
            }
        } while (rep != 0);
    }

    /** SCAS: compares the accumulator with [RDI]. */
    public static void scas(CpuState c, int n, int rep) {
        GuestMemory m = c.mem;
        long step = c.df() ? -n : n;
        long[] r = c.r;
        long a = r[RAX] & lxrun.runtime.cpu.Flags.mask(sizeIndex(n));
        do {
            if (rep != 0 && r[RCX] == 0) return;
            long b = load(m, r[RDI], n);
            Alu.sub(c, a, b, sizeIndex(n));
            r[RDI] += step;
            if (rep != 0) {
                r[RCX]--;
                if ((a == b) != (rep == 1)) return;
            }
        } while (rep != 0);
    }
}
