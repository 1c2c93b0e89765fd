package lxrun.runtime.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * A guest address space: one flat host reservation of {@link #SPACE_SIZE} bytes (guest address = offset),
 * a byte of permissions per 4 KiB page, and the list of mappings ({@code /proc/self/maps}): the part of
 * Linux's mm_struct the guest can see.
 *
 * <p>Why this shape (see README, "Guest memory"): an access is a shift, one byte-array load, a mask test
 * and an unaligned {@code MemorySegment} access, which HotSpot compiles to a handful of instructions.
 * Guest threads share one instance; page contents are plain memory, as on hardware. Pages are
 * committed by the host on first touch and given back with {@code madvise(MADV_DONTNEED)} on unmap.
 */
public final class GuestMemory implements AutoCloseable {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final long PAGE_MASK = PAGE_SIZE - 1;
    /** Guest virtual addresses are below 2^36 (64 GiB); the loader and mmap place everything there. */
    public static final int SPACE_BITS = 36;
    public static final long SPACE_SIZE = 1L << SPACE_BITS;

    /**
     * Page bits. CODE marks pages that have translations, so writes to them go to the slow path and
     * invalidate; the code cache sets and clears it. MAPPED tells a PROT_NONE page (SEGV_ACCERR) from a
     * hole (SEGV_MAPERR).
     */
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4, CODE = 8, MAPPED = 16;

    /** Told when bytes of a page holding translated code are written, unmapped or lose PROT_EXEC. */
    public interface CodeWatcher {
        /** [a, a+n) lies in one page that has the CODE bit. */
        void codeWritten(long a, long n);
    }

    /**
     * One mapping (Linux's VMA), what a line of /proc/pid/maps shows: {@code name} is the mapped file's
     * guest path, a pseudo name such as "[heap]" or "[stack]", or "" (anonymous); {@code offset} is the
     * file offset of {@code start}; {@code shared} is MAP_SHARED; {@code dev}/{@code inode} identify the
     * file (st_dev, st_ino) or are 0.
     */
    public record Mapping(long start, long end, int prot, String name, long offset, boolean shared, long dev, long inode) {
        /** A private mapping of nothing or of a file the caller does not identify. */
        public Mapping(long start, long end, int prot, String name, long offset) {
            this(start, end, prot, name, offset, false, 0, 0);
        }

        /** The same mapping over [s, e), its file offset moved along (s may lie outside this one: mremap). */
        public Mapping slice(long s, long e) {
            return new Mapping(s, e, prot, name, offset + (s - start), shared, dev, inode);
        }

        /** The same bytes of the same file at another address (mremap). */
        public Mapping movedTo(long s) {
            return new Mapping(s, s + (end - start), prot, name, offset, shared, dev, inode);
        }

        Mapping withProt(int p) {
            return new Mapping(start, end, p, name, offset, shared, dev, inode);
        }
    }

    /**
     * What Linux's mm_struct keeps of the initial stack, for /proc/pid/cmdline, environ, auxv and stat:
     * the address of argc ({@code start}), the argv and envp strings' ranges, a copy of the auxiliary
     * vector (type/value pairs up to and with AT_NULL) and the path given to execve (AT_EXECFN).
     */
    public record StackInfo(long start, long argStart, long argEnd, long envStart, long envEnd, long[] auxv, String execfn) {}

    /**
     * All of the host's address space as one segment: a constant to HotSpot, so an access compiles to a
     * plain load at {@code base + guestAddress} with no segment bounds or liveness checks; the page
     * permission check in front of every access is what keeps the guest inside its reservation.
     */
    private static final MemorySegment HOST = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private final MemorySegment seg;
    private final long base;
    private final byte[] perm = new byte[(int) (SPACE_SIZE >>> PAGE_SHIFT)];
    private final TreeMap<Long, Mapping> mappings = new TreeMap<>();
    /** Bytes mapped now and at most so far (VmSize, VmPeak). */
    private long size, peakSize;
    private volatile StackInfo stackInfo;
    /** Ranges mapping a host shared-memory fd (MAP_SHARED of a memfd), each with its own dup of the fd. */
    private final TreeMap<Long, SharedRegion> sharedRegions = new TreeMap<>();
    private volatile CodeWatcher codeWatcher;

    private record SharedRegion(long start, long end, int fd, long fileOffset, boolean writable, SharedPage key) {
        SharedRegion(long start, long end, int fd, long fileOffset, boolean writable) {
            this(start, end, fd, fileOffset, writable, identify(fd));
        }

        private static SharedPage identify(int fd) {
            long[] ino = Mmap.inode(fd);
            return ino == null ? null : new SharedPage(ino[0], ino[1], 0);
        }
    }

    /**
     * A byte of shared memory by what holds it, whichever address space maps it where: the host inode of
     * the memory file and the offset in it (a futex's key for waiters in different processes).
     */
    public record SharedPage(long dev, long ino, long offset) {}

    /** The shared memory object and offset at {@code a}, or null if {@code a} is not shared memory. */
    public synchronized SharedPage sharedPage(long a) {
        Map.Entry<Long, SharedRegion> e = sharedRegions.floorEntry(a);
        if (e == null || e.getValue().end <= a || e.getValue().key == null) return null;
        SharedRegion r = e.getValue();
        return new SharedPage(r.key.dev(), r.key.ino(), r.fileOffset + (a - r.start));
    }

    public GuestMemory() {
        seg = Mmap.reserve(SPACE_SIZE);
        base = seg.address();
    }

    public void setCodeWatcher(CodeWatcher w) {
        codeWatcher = w;
    }

    private boolean closed;

    /**
     * Gives the reservation back (a process ended or exec'd). Once only: the range may be another's
     * after it. The pages read as unmapped first, so a late reader (/proc of a zombie) faults as the
     * guest would instead of touching unmapped host memory.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        java.util.Arrays.fill(perm, (byte) 0);
        for (SharedRegion r : sharedRegions.values()) Mmap.close(r.fd);
        sharedRegions.clear();
        Mmap.release(seg);
    }

    // ---------------------------------------------------------------- accesses (hot path)

    private boolean denied(long a, int n, int need) {
        if ((a >>> SPACE_BITS) != 0) return true;
        if ((perm[(int) (a >>> PAGE_SHIFT)] & need) == 0) return true;
        long last = a + n - 1;
        return ((a ^ last) >>> PAGE_SHIFT) != 0
                && ((last >>> SPACE_BITS) != 0 || (perm[(int) (last >>> PAGE_SHIFT)] & need) == 0);
    }

    private GuestFault fault(long a, int n, boolean write) {
        long bad = a;
        if ((a >>> SPACE_BITS) == 0 && (perm[(int) (a >>> PAGE_SHIFT)] & (write ? PROT_WRITE : PROT_READ)) != 0) {
            bad = (a + n - 1) & ~PAGE_MASK;
        }
        return new GuestFault(bad, isMapped(bad) ? GuestFault.SEGV_ACCERR : GuestFault.SEGV_MAPERR, write);
    }

    public int read8(long a) {
        if ((a >>> SPACE_BITS) != 0 || (perm[(int) (a >>> PAGE_SHIFT)] & PROT_READ) == 0) throw fault(a, 1, false);
        return HOST.get(JAVA_BYTE, base + a) & 0xff;
    }

    public int read16(long a) {
        if ((a & PAGE_MASK) > PAGE_SIZE - 2 || (a >>> SPACE_BITS) != 0
                || (perm[(int) (a >>> PAGE_SHIFT)] & PROT_READ) == 0) {
            if (denied(a, 2, PROT_READ)) throw fault(a, 2, false);
        }
        return HOST.get(JAVA_SHORT_UNALIGNED, base + a) & 0xffff;
    }

    public int read32(long a) {
        if ((a & PAGE_MASK) > PAGE_SIZE - 4 || (a >>> SPACE_BITS) != 0
                || (perm[(int) (a >>> PAGE_SHIFT)] & PROT_READ) == 0) {
            if (denied(a, 4, PROT_READ)) throw fault(a, 4, false);
        }
        return HOST.get(JAVA_INT_UNALIGNED, base + a);
    }

    public long read64(long a) {
        if ((a & PAGE_MASK) > PAGE_SIZE - 8 || (a >>> SPACE_BITS) != 0
                || (perm[(int) (a >>> PAGE_SHIFT)] & PROT_READ) == 0) {
            if (denied(a, 8, PROT_READ)) throw fault(a, 8, false);
        }
        return HOST.get(JAVA_LONG_UNALIGNED, base + a);
    }

    private void writeSlow(long a, int n) {
        if (denied(a, n, PROT_WRITE)) throw fault(a, n, true);
        codeWrite(a, n);
    }

    public void write8(long a, int v) {
        if ((a >>> SPACE_BITS) != 0 || (perm[(int) (a >>> PAGE_SHIFT)] & (PROT_WRITE | CODE)) != PROT_WRITE) {
            writeSlow(a, 1);
        }
        HOST.set(JAVA_BYTE, base + a, (byte) v);
    }

    public void write16(long a, int v) {
        if ((a & PAGE_MASK) > PAGE_SIZE - 2 || (a >>> SPACE_BITS) != 0
                || (perm[(int) (a >>> PAGE_SHIFT)] & (PROT_WRITE | CODE)) != PROT_WRITE) {
            writeSlow(a, 2);
        }
        HOST.set(JAVA_SHORT_UNALIGNED, base + a, (short) v);
    }

    public void write32(long a, int v) {
        if ((a & PAGE_MASK) > PAGE_SIZE - 4 || (a >>> SPACE_BITS) != 0
                || (perm[(int) (a >>> PAGE_SHIFT)] & (PROT_WRITE | CODE)) != PROT_WRITE) {
            writeSlow(a, 4);
        }
        HOST.set(JAVA_INT_UNALIGNED, base + a, v);
    }

    public void write64(long a, long v) {
        if ((a & PAGE_MASK) > PAGE_SIZE - 8 || (a >>> SPACE_BITS) != 0
                || (perm[(int) (a >>> PAGE_SHIFT)] & (PROT_WRITE | CODE)) != PROT_WRITE) {
            writeSlow(a, 8);
        }
        HOST.set(JAVA_LONG_UNALIGNED, base + a, v);
    }

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /**
     * Atomically replaces the {@code n}-byte value at {@code a} with {@code update} if it still equals
     * {@code expect} (both zero-extended): LOCK-prefixed read-modify-write instructions retry until this
     * succeeds. Bytes and words use a CAS on their aligned dword, so a spurious failure (a neighbour
     * changed) only costs a retry. A split-lock access (across an 8-byte boundary) is serialised on this
     * address space instead: hardware makes it atomic with a bus lock.
     */
    public boolean cas(long a, int n, long expect, long update) {
        if ((a >>> SPACE_BITS) != 0 || (perm[(int) (a >>> PAGE_SHIFT)] & (PROT_WRITE | CODE)) != PROT_WRITE
                || (a & PAGE_MASK) > PAGE_SIZE - n) {
            writeSlow(a, n);
        }
        long h = base + a;
        if (n >= 4 && (a & (n - 1)) == 0) {
            return n == 4 ? INT.compareAndSet(HOST, h, (int) expect, (int) update)
                    : LONG.compareAndSet(HOST, h, expect, update);
        }
        if (n <= 2 && (h & 3) + n <= 4) {
            long w = h & ~3L;
            int shift = (int) (h & 3) * 8;
            int m = (n == 1 ? 0xff : 0xffff) << shift;
            int cur = (int) INT.getVolatile(HOST, w);
            if (((cur & m) >>> shift) != (int) (expect & (n == 1 ? 0xff : 0xffff))) return false;
            return INT.compareAndSet(HOST, w, cur, (cur & ~m) | (((int) update << shift) & m));
        }
        synchronized (this) {
            long mask = n == 8 ? -1L : (1L << (8 * n)) - 1;
            long cur = switch (n) {
                case 1 -> read8(a);
                case 2 -> read16(a);
                case 4 -> read32(a) & 0xffffffffL;
                default -> read64(a);
            };
            if (cur != (expect & mask)) return false;
            switch (n) {
                case 1 -> write8(a, (int) update);
                case 2 -> write16(a, (int) update);
                case 4 -> write32(a, (int) update);
                default -> write64(a, update);
            }
            return true;
        }
    }

    /** Instruction fetch: needs PROT_EXEC, as NX hardware does. */
    public int fetch8(long a) {
        if ((a >>> SPACE_BITS) != 0 || (perm[(int) (a >>> PAGE_SHIFT)] & PROT_EXEC) == 0) {
            throw new GuestFault(a, isMapped(a) ? GuestFault.SEGV_ACCERR : GuestFault.SEGV_MAPERR, false);
        }
        return HOST.get(JAVA_BYTE, base + a) & 0xff;
    }

    private boolean isMapped(long a) {
        return (a >>> SPACE_BITS) == 0 && (perm[(int) (a >>> PAGE_SHIFT)] & MAPPED) != 0;
    }

    /** Tells the code watcher about the bytes of [a, a+n) that lie in pages with translations, page by page. */
    private void codeWrite(long a, long n) {
        CodeWatcher w = codeWatcher;
        for (long p = a & ~PAGE_MASK, end = a + n; p < end; p += PAGE_SIZE) {
            if ((perm[(int) (p >>> PAGE_SHIFT)] & CODE) != 0 && w != null) {
                long from = Math.max(a, p);
                w.codeWritten(from, Math.min(end, p + PAGE_SIZE) - from);
            }
        }
    }

    /** The code cache: a translation was made from the page at {@code a} (writes there now take the slow path). */
    public void markCode(long a) {
        perm[(int) (a >>> PAGE_SHIFT)] |= CODE;
    }

    /** The code cache: no translation is left on the page at {@code a}. */
    public void clearCode(long a) {
        perm[(int) (a >>> PAGE_SHIFT)] &= ~CODE;
    }

    // ---------------------------------------------------------------- bulk access for syscalls and the loader

    /** True when every byte of [a, a+n) may be accessed with {@code need} (PROT_READ or PROT_WRITE). */
    public boolean accessible(long a, long n, int need) {
        if (n == 0) return true;
        if (n < 0 || a < 0 || (a + n) > SPACE_SIZE || a + n < a) return false;
        for (long p = a >>> PAGE_SHIFT; p <= (a + n - 1) >>> PAGE_SHIFT; p++) {
            if ((perm[(int) p] & need) == 0) return false;
        }
        return true;
    }

    public void read(long a, byte[] dst, int off, int n) {
        if (!accessible(a, n, PROT_READ)) throw fault(firstDenied(a, n, PROT_READ), 1, false);
        MemorySegment.copy(seg, JAVA_BYTE, a, dst, off, n);
    }

    public byte[] read(long a, int n) {
        byte[] b = new byte[n];
        read(a, b, 0, n);
        return b;
    }

    public void write(long a, byte[] src, int off, int n) {
        if (!accessible(a, n, PROT_WRITE)) throw fault(firstDenied(a, n, PROT_WRITE), 1, true);
        codeWrite(a, n);
        MemorySegment.copy(src, off, seg, JAVA_BYTE, a, n);
    }

    public void write(long a, byte[] src) {
        write(a, src, 0, src.length);
    }

    /** Writes ignoring page protection: the loader filling read-only segments. */
    public void poke(long a, byte[] src, int off, int n) {
        MemorySegment.copy(src, off, seg, JAVA_BYTE, a, n);
    }

    public void fill(long a, long n, byte v) {
        if (!accessible(a, n, PROT_WRITE)) throw fault(firstDenied(a, n, PROT_WRITE), 1, true);
        codeWrite(a, n);
        seg.asSlice(a, n).fill(v);
    }

    private long firstDenied(long a, long n, int need) {
        if (a < 0 || a >= SPACE_SIZE) return a;
        for (long p = a; p < a + n; p = (p | PAGE_MASK) + 1) {
            if (p >= SPACE_SIZE || (perm[(int) (p >>> PAGE_SHIFT)] & need) == 0) return p;
        }
        return a;
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes; null if no NUL was found within it. */
    public String readCString(long a, int max) {
        byte[] buf = new byte[64];
        int n = 0;
        while (n < max) {
            int b = read8(a + n);
            if (b == 0) return new String(buf, 0, n, StandardCharsets.UTF_8);
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, n * 2);
            buf[n++] = (byte) b;
        }
        return null;
    }

    /** The same, as raw bytes (paths are bytes on Linux). */
    public byte[] readCBytes(long a, int max) {
        int n = 0;
        while (n < max && read8(a + n) != 0) n++;
        if (n == max) return null;
        return read(a, n);
    }

    // ---------------------------------------------------------------- mappings

    public static long pageAlignUp(long v) {
        return (v + PAGE_MASK) & ~PAGE_MASK;
    }

    /** Maps [start, start+len) zero-filled with {@code prot}, replacing whatever was there (MAP_FIXED). */
    public void map(long start, long len, int prot, String name, long offset) {
        map(new Mapping(start, start + len, prot, name, offset));
    }

    /** The same with the whole description of the mapping (a shared or identified file). */
    public synchronized void map(Mapping m) {
        long len = m.end - m.start;
        checkRange(m.start, len);
        unmapLocked(m.start, len);
        mappings.put(m.start, m);
        setPerm(m.start, len, m.prot | MAPPED);
        size += len;
        peakSize = Math.max(peakSize, size);
    }

    /**
     * Maps [start, start+len) to host fd {@code hostFd} from {@code fileOffset}, MAP_SHARED (a host memfd):
     * stores through it are at once in the file and in every other mapping of it, in this address space,
     * in others and in forked copies. The host mapping is writable only while the guest's may be written,
     * so a write-sealed memfd can be mapped read-only; mprotect makes it writable, which such a memfd
     * refuses. 0 or -errno (nothing is mapped then).
     */
    public synchronized int mapShared(Mapping m, int hostFd) {
        long start = m.start, len = m.end - m.start;
        checkRange(start, len);
        unmapLocked(start, len);
        int fd = Mmap.dup(hostFd);
        if (fd < 0) return -24; // EMFILE
        boolean writable = (m.prot & PROT_WRITE) != 0;
        int r = Mmap.mapShared(seg, start, len, fd, m.offset, writable);
        if (r < 0) {
            Mmap.close(fd);
            Mmap.mapPrivate(seg, start, len);
            return r;
        }
        sharedRegions.put(start, new SharedRegion(start, start + len, fd, m.offset, writable));
        mappings.put(start, m);
        setPerm(start, len, m.prot | MAPPED);
        size += len;
        peakSize = Math.max(peakSize, size);
        return 0;
    }

    /** Ends the shared regions in [start, end): the parts outside stay (with a dup of their own). */
    private void unshareLocked(long start, long end) {
        boolean any = false;
        for (SharedRegion r : List.copyOf(sharedRegions.subMap(0L, true, end, false).values())) {
            if (r.end <= start) continue;
            any = true;
            sharedRegions.remove(r.start);
            if (r.start < start) {
                sharedRegions.put(r.start, new SharedRegion(r.start, start, Mmap.dup(r.fd), r.fileOffset, r.writable, r.key));
            }
            if (r.end > end) {
                sharedRegions.put(end, new SharedRegion(end, r.end, Mmap.dup(r.fd), r.fileOffset + (end - r.start),
                        r.writable, r.key));
            }
            Mmap.close(r.fd);
        }
        if (any) Mmap.mapPrivate(seg, start, end - start);
    }

    /**
     * mremap(2) of shared memory ({@link #mapShared}) at {@code old}: maps {@code newLen} bytes of the same
     * file, from the offset {@code old} maps, at {@code to} (which may be {@code old}: growing in place).
     * 1 if {@code old} is not shared memory (nothing done), else 0 or -errno.
     */
    public synchronized int remapShared(long old, long to, long newLen) {
        Map.Entry<Long, SharedRegion> e = sharedRegions.floorEntry(old);
        Mapping m = mappingAt(old);
        if (e == null || e.getValue().end <= old || m == null) return 1;
        SharedRegion r = e.getValue();
        int fd = Mmap.dup(r.fd);   // r's own fd goes if the new mapping replaces r
        if (fd < 0) return -24;   // EMFILE
        try {
            return mapShared(new Mapping(to, to + newLen, m.prot, m.name, r.fileOffset + (old - r.start), true, m.dev, m.inode), fd);
        } finally {
            Mmap.close(fd);
        }
    }

    /** Whether mprotect may make [start, start+len) writable: false where shared memory refuses (EACCES). */
    public synchronized boolean sharedMayWrite(long start, long len) {
        for (SharedRegion r : sharedRegions.subMap(0L, true, start + len, false).values()) {
            if (r.end > start && !r.writable && !Mmap.mayMapWritable(r.fd, r.fileOffset)) return false;
        }
        return true;
    }

    /**
     * The process that used this address space has ended: its shared mappings go now rather than when
     * the address space is closed (a seal waits for no writable mapping; the file's memory is freed).
     */
    public synchronized void unshareAll() {
        for (SharedRegion r : List.copyOf(sharedRegions.values())) unshareLocked(r.start, r.end);
    }

    public synchronized void unmap(long start, long len) {
        checkRange(start, len);
        unmapLocked(start, len);
    }

    private void unmapLocked(long start, long len) {
        long end = start + len;
        boolean any = false;
        for (Mapping m : overlapping(start, end)) {
            any = true;
            mappings.remove(m.start);
            if (m.start < start) mappings.put(m.start, m.slice(m.start, start));
            if (m.end > end) mappings.put(end, m.slice(end, m.end));
            size -= Math.min(m.end, end) - Math.max(m.start, start);
        }
        if (!any) return;
        codeWrite(start, len);
        setPerm(start, len, 0);
        unshareLocked(start, end);
        Mmap.discard(seg, start, len);
    }

    /** mprotect: false if part of the range is not mapped (ENOMEM). */
    public synchronized boolean protect(long start, long len, int prot) {
        checkRange(start, len);
        long end = start + len;
        long covered = start;
        List<Mapping> over = overlapping(start, end);
        for (Mapping m : over) {
            if (m.start > covered) return false;
            covered = Math.max(covered, m.end);
        }
        if (covered < end) return false;
        if ((prot & PROT_WRITE) != 0) {
            for (SharedRegion r : List.copyOf(sharedRegions.subMap(0L, true, end, false).values())) {
                if (r.end <= start || r.writable) continue;
                // a failed MAP_FIXED may leave a hole: try the fd elsewhere first
                if (!Mmap.mayMapWritable(r.fd, r.fileOffset)
                        || Mmap.mapShared(seg, r.start, r.end - r.start, r.fd, r.fileOffset, true) < 0) {
                    return false;
                }
                sharedRegions.put(r.start, new SharedRegion(r.start, r.end, r.fd, r.fileOffset, true, r.key));
            }
        }
        for (Mapping m : over) {
            mappings.remove(m.start);
            if (m.start < start) mappings.put(m.start, m.slice(m.start, start));
            long s = Math.max(m.start, start), e = Math.min(m.end, end);
            mappings.put(s, m.slice(s, e).withProt(prot));
            if (m.end > end) mappings.put(end, m.slice(end, m.end));
        }
        if ((prot & PROT_EXEC) == 0) codeWrite(start, len);
        setPerm(start, len, prot | MAPPED);
        return true;
    }

    private List<Mapping> overlapping(long start, long end) {
        List<Mapping> out = new ArrayList<>();
        Map.Entry<Long, Mapping> first = mappings.floorEntry(start);
        long from = first != null && first.getValue().end > start ? first.getKey() : start;
        for (Mapping m : mappings.subMap(from, true, end, false).values()) {
            if (m.end > start) out.add(m);
        }
        return out;
    }

    private void setPerm(long start, long len, int prot) {
        int p0 = (int) (start >>> PAGE_SHIFT), p1 = (int) ((start + len) >>> PAGE_SHIFT);
        for (int p = p0; p < p1; p++) perm[p] = (byte) ((perm[p] & CODE) | (prot & (7 | MAPPED)));
    }

    private static void checkRange(long start, long len) {
        if ((start & PAGE_MASK) != 0 || (len & PAGE_MASK) != 0 || start < 0 || len < 0 || start + len > SPACE_SIZE) {
            throw new IllegalArgumentException(String.format("bad range 0x%x+0x%x", start, len));
        }
    }

    public synchronized boolean isFree(long start, long len) {
        if (start < 0 || len <= 0 || start + len > SPACE_SIZE) return false;
        return overlapping(start, start + len).isEmpty();
    }

    /** Highest free range of {@code len} bytes whose end is at most {@code below}; -1 if none. */
    public synchronized long findFree(long len, long below, long floor) {
        long end = below;
        for (Mapping m : mappings.headMap(below, false).descendingMap().values()) {
            if (m.end < end && end - m.end >= len) return end - len;
            end = Math.min(end, m.start);
            if (end - len < floor) return -1;
        }
        return end - len >= floor ? end - len : -1;
    }

    public synchronized List<Mapping> mappings() {
        return new ArrayList<>(mappings.values());
    }

    /** Bytes mapped (VmSize) and the most ever mapped (VmPeak). */
    public synchronized long size() {
        return size;
    }

    public synchronized long peakSize() {
        return peakSize;
    }

    /** How many pages of [start, end) the host holds in memory (touched and not given back): the resident set. */
    public long residentPages(long start, long end) {
        checkRange(start, end - start);
        return Mmap.resident(seg, start, end - start);
    }

    /** Set by the loader when it builds the initial stack; null in an address space that has none. */
    public StackInfo stackInfo() {
        return stackInfo;
    }

    public void setStackInfo(StackInfo s) {
        stackInfo = s;
    }

    public synchronized Mapping mappingAt(long a) {
        Map.Entry<Long, Mapping> e = mappings.floorEntry(a);
        return e != null && e.getValue().end > a ? e.getValue() : null;
    }

    /**
     * fork(2)'s copy of the address space: the same mappings with a private copy of their contents,
     * except shared host memory ({@link #mapShared}), which the child maps too.
     * Pages that read as zeros are not copied, so untouched reservations (stacks, heaps) stay uncommitted
     * in the child. Translations are not copied: the child's pages carry no CODE mark.
     */
    public synchronized GuestMemory fork() {
        GuestMemory child = new GuestMemory();
        for (Mapping m : mappings.values()) {
            child.mappings.put(m.start, m);
            child.setPerm(m.start, m.end - m.start, m.prot | MAPPED);
            for (long p = m.start; p < m.end; p += PAGE_SIZE) {
                if (sharedAt(p)) continue;
                MemorySegment page = seg.asSlice(p, PAGE_SIZE);
                if (page.mismatch(ZERO_PAGE) != -1) MemorySegment.copy(page, 0, child.seg, p, PAGE_SIZE);
            }
        }
        child.size = size;
        child.peakSize = peakSize;
        child.stackInfo = stackInfo;
        for (SharedRegion r : sharedRegions.values()) {
            int fd = Mmap.dup(r.fd);
            if (fd < 0 || Mmap.mapShared(child.seg, r.start, r.end - r.start, fd, r.fileOffset, r.writable) < 0) {
                throw new IllegalStateException("cannot share a mapping with a forked address space");
            }
            child.sharedRegions.put(r.start, new SharedRegion(r.start, r.end, fd, r.fileOffset, r.writable, r.key));
        }
        return child;
    }

    /** Whether the page at {@code a} is shared memory ({@link #mapShared}). */
    public synchronized boolean sharedAt(long a) {
        Map.Entry<Long, SharedRegion> e = sharedRegions.floorEntry(a);
        return e != null && e.getValue().end > a;
    }

    private static final MemorySegment ZERO_PAGE = java.lang.foreign.Arena.global().allocate(PAGE_SIZE);

    public int protAt(long a) {
        return (a >>> SPACE_BITS) != 0 ? 0 : perm[(int) (a >>> PAGE_SHIFT)] & 7;
    }
}
