package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.MemoryFile;
import lxrun.runtime.mem.GuestMemory;

import static lxrun.runtime.mem.GuestMemory.PAGE_MASK;
import static lxrun.runtime.mem.GuestMemory.PAGE_SIZE;
import static lxrun.runtime.mem.GuestMemory.pageAlignUp;

/** The address space: mmap, munmap, mprotect, mremap, brk, madvise (mmap(2), brk(2), mremap(2)). */
final class MemoryCalls {
    private MemoryCalls() {}

    static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
            MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;

    /**
     * mmap(2): anonymous and file mappings (file bytes are copied in; MAP_SHARED ones are written back
     * at msync, munmap and exit, see {@link lxrun.lxcore.SharedMappings}, except that memory files and
     * shared anonymous memory are host shared memory); placement below MMAP_TOP.
     */
    static long mmap(Call c) {
        long addr = c.a(0), len = c.a(1), off = c.a(5);
        int prot = c.i(2), flags = c.i(3);
        if (len <= 0 || (off & PAGE_MASK) != 0 || (addr & PAGE_MASK) != 0 && (flags & MAP_FIXED) != 0) {
            return -Errno.EINVAL;
        }
        int type = flags & 3;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return -Errno.EINVAL;
        len = pageAlignUp(len);
        if (len <= 0 || len > GuestMemory.SPACE_SIZE) return -Errno.ENOMEM;
        LxFile file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            file = c.file(4);
            if (!file.readable()) return -Errno.EACCES;
            if (type != MAP_PRIVATE && (prot & PROT_WRITE) != 0 && !file.writable()) return -Errno.EACCES;
        }
        GuestMemory mem = c.mem;
        synchronized (mem) {
            long at;
            if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
                if (addr + len > GuestMemory.SPACE_SIZE || addr < PAGE_SIZE) return -Errno.ENOMEM;
                if ((flags & MAP_FIXED) == 0 && !mem.isFree(addr, len)) return -Errno.EEXIST;
                at = addr;
            } else if (addr != 0 && (addr & PAGE_MASK) == 0 && addr + len <= GuestMemory.SPACE_SIZE && mem.isFree(addr, len)) {
                at = addr;
            } else {
                at = mem.findFree(len, LxProcess.MMAP_TOP, LxProcess.MMAP_FLOOR);
                if (at < 0) return -Errno.ENOMEM;
            }
            // true sharing through the host's own mapping; a host file only within its size (no host SIGBUS)
            if (file != null && type != MAP_PRIVATE && file.sharedMemoryFd() >= 0
                    && !(file instanceof lxrun.lxcore.fs.HostFile && off + len > pageAlignUp(file.size()))) {
                c.process.shared.release(mem, at, len);
                int r = mem.mapShared(region(file, at, len, prot & 7, off, true), file.sharedMemoryFd());
                return r < 0 ? r : at;
            }
            if (file == null && type != MAP_PRIVATE) return mapSharedAnonymous(c, at, len, prot & 7);
            byte[] data = null;
            if (file != null) {
                data = file.mapBytes(off, (int) Math.min(len, Integer.MAX_VALUE - 8));
                if (data == null) return -Errno.ENODEV;
            }
            c.process.shared.release(mem, at, len);
            mem.map(region(file, at, len, prot & 7, off, type != MAP_PRIVATE));
            if (data != null && data.length > 0) mem.poke(at, data, 0, data.length);
            if (data != null && type != MAP_PRIVATE) c.process.shared.add(at, len, file, off, data);
            return at;
        }
    }

    /**
     * The mapping as /proc/pid/maps names it: the file's guest path, device and inode; a shared
     * anonymous mapping is Linux's shmem file "/dev/zero (deleted)"; a private one has no name.
     */
    private static GuestMemory.Mapping region(LxFile file, long at, long len, int prot, long off, boolean shared) {
        if (file != null) {
            var st = file.stat();
            return new GuestMemory.Mapping(at, at + len, prot, file.guestPath, off, shared, st.dev(), st.ino());
        }
        return new GuestMemory.Mapping(at, at + len, prot, shared ? "/dev/zero (deleted)" : "", 0, shared, 0, 0);
    }

    /**
     * MAP_SHARED|MAP_ANONYMOUS: memory shared with the children forked later, which Linux backs with an
     * unlinked shmem file ("/dev/zero (deleted)"); here an unnamed memory file whose only holder is the
     * mapping (the caller holds the address space's lock).
     */
    private static long mapSharedAnonymous(Call c, long at, long len, int prot) {
        MemoryFile data = MemoryFile.create("dev/zero", 0);
        try {
            int r = data.truncate(len);
            if (r == 0) {
                c.process.shared.release(c.mem, at, len);
                r = c.mem.mapShared(region(null, at, len, prot, 0, true), data.hostFd());
            }
            return r < 0 ? r : at;
        } finally {
            data.release();
        }
    }

    static long munmap(Call c) {
        long addr = c.a(0), len = pageAlignUp(c.a(1));
        if ((addr & PAGE_MASK) != 0 || c.a(1) <= 0 || addr + len > GuestMemory.SPACE_SIZE) return -Errno.EINVAL;
        synchronized (c.mem) {
            c.process.shared.release(c.mem, addr, len);
            c.mem.unmap(addr, len);
        }
        return 0;
    }

    static final int MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

    /**
     * msync(2): writes the shared file mappings in the range back to their files (MS_SYNC also fsyncs;
     * MS_ASYNC writes too, since on Linux read(2) sees mapped stores at once). Shared memory of memory
     * files needs nothing. EINVAL for an unaligned address, unknown flags or MS_ASYNC with MS_SYNC;
     * ENOMEM if part of the range is not mapped.
     */
    static long msync(Call c) {
        long addr = c.a(0), len = pageAlignUp(c.a(1));   // wraps to 0 for the largest lengths, as Linux's does
        int flags = c.i(2);
        if ((addr & PAGE_MASK) != 0 || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0
                || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)) {
            return -Errno.EINVAL;
        }
        if (len == 0) return 0;
        if (Long.compareUnsigned(addr + len, addr) < 0 || Long.compareUnsigned(addr + len, GuestMemory.SPACE_SIZE) > 0) {
            return -Errno.ENOMEM;
        }
        GuestMemory mem = c.mem;
        synchronized (mem) {
            for (long p = addr; p < addr + len; p += PAGE_SIZE) {
                if (mem.mappingAt(p) == null) return -Errno.ENOMEM;
            }
            c.process.shared.writeBack(mem, addr, len, (flags & MS_SYNC) != 0);
        }
        return 0;
    }

    static long mprotect(Call c) {
        long addr = c.a(0), len = pageAlignUp(c.a(1));
        if ((addr & PAGE_MASK) != 0 || c.a(1) < 0 || (c.i(2) & ~(7 | 0x03000000)) != 0) return -Errno.EINVAL;
        if (len == 0) return 0;
        if (addr + len > GuestMemory.SPACE_SIZE) return -Errno.ENOMEM;
        if ((c.i(2) & PROT_WRITE) != 0 && !c.mem.sharedMayWrite(addr, len)) return -Errno.EACCES; // write-sealed memfd
        return c.mem.protect(addr, len, c.i(2) & 7) ? 0 : -Errno.ENOMEM;
    }

    /** mremap(2): shrink in place, grow in place when the pages above are free, else move (MREMAP_MAYMOVE). */
    static long mremap(Call c) {
        long old = c.a(0), oldLen = pageAlignUp(c.a(1)), newLen = pageAlignUp(c.a(2)), fixedAt = c.a(4);
        int flags = c.i(3);
        if ((old & PAGE_MASK) != 0 || newLen == 0 || (flags & ~3) != 0) return -Errno.EINVAL;
        if ((flags & MREMAP_FIXED) != 0 && ((flags & MREMAP_MAYMOVE) == 0 || (fixedAt & PAGE_MASK) != 0)) {
            return -Errno.EINVAL;
        }
        GuestMemory mem = c.mem;
        synchronized (mem) {
            GuestMemory.Mapping m = mem.mappingAt(old);
            if (m == null || old + oldLen > GuestMemory.SPACE_SIZE) return -Errno.EFAULT;
            // a shared file mapping that shrinks or moves is written back; the moved copy is private
            c.process.shared.release(mem, old + Math.min(oldLen, newLen), Math.max(0, oldLen - newLen));
            if ((flags & MREMAP_FIXED) == 0) {
                if (newLen <= oldLen) {
                    if (newLen < oldLen) mem.unmap(old + newLen, oldLen - newLen);
                    return old;
                }
                if (old + newLen <= LxProcess.MMAP_TOP && mem.isFree(old + oldLen, newLen - oldLen)) {
                    int r = mem.remapShared(old, old, newLen);   // a memfd's mapping grows over more of it
                    if (r < 0) return r;
                    if (r > 0) mem.map(m.slice(old + oldLen, old + newLen));
                    return old;
                }
                if ((flags & MREMAP_MAYMOVE) == 0) return -Errno.ENOMEM;
            }
            long to = (flags & MREMAP_FIXED) != 0 ? fixedAt : mem.findFree(newLen, LxProcess.MMAP_TOP, LxProcess.MMAP_FLOOR);
            if (to < 0) return -Errno.ENOMEM;
            int moved = mem.remapShared(old, to, newLen);   // a memfd's mapping moves, still shared
            if (moved < 0) return moved;
            if (moved == 0) {
                mem.unmap(old, oldLen);
                return to;
            }
            long keep = Math.min(oldLen, newLen);
            byte[] data = new byte[(int) keep];
            for (long p = old; p < old + keep; p += PAGE_SIZE) {
                int pr = mem.protAt(p);
                if ((pr & PROT_READ) == 0 && pr != 0) mem.protect(p, PAGE_SIZE, pr | PROT_READ);
                if (pr != 0) mem.read(p, data, (int) (p - old), (int) PAGE_SIZE);
            }
            c.process.shared.release(mem, old, oldLen);
            c.process.shared.release(mem, to, newLen);
            mem.map(m.slice(old, old + newLen).movedTo(to));
            mem.poke(to, data, 0, data.length);
            mem.unmap(old, oldLen);
            return to;
        }
    }

    /** brk(2): moves the end of the heap; returns the (possibly unchanged) break, never an error. */
    static long brk(Call c) {
        LxProcess p = c.process;
        long want = c.a(0);
        GuestMemory mem = c.mem;
        synchronized (mem) {
            if (want < p.brkStart) return p.brkEnd;
            long oldTop = pageAlignUp(p.brkEnd), newTop = pageAlignUp(want);
            if (newTop > oldTop) {
                if (newTop > LxProcess.MMAP_TOP || !mem.isFree(oldTop, newTop - oldTop)) return p.brkEnd;
                mem.map(oldTop, newTop - oldTop, PROT_READ | PROT_WRITE, "[heap]", 0);
            } else if (newTop < oldTop) {
                mem.unmap(newTop, oldTop - newTop);
            }
            if (want > p.brkEnd) {
                long z = Math.min(want, oldTop) - p.brkEnd;
                if (z > 0) mem.fill(p.brkEnd, z, (byte) 0);
            }
            p.brkEnd = want;
            return want;
        }
    }

    /**
     * madvise(2): MADV_DONTNEED zeroes private pages (shared memory keeps its contents); other known
     * advice is accepted and ignored.
     */
    static long madvise(Call c) {
        long addr = c.a(0), len = pageAlignUp(c.a(1));
        int advice = c.i(2);
        boolean known = advice >= 0 && advice <= 4 || advice >= 8 && advice <= 25 || advice == 100 || advice == 101;
        if ((addr & PAGE_MASK) != 0 || c.a(1) < 0 || !known) return -Errno.EINVAL;
        if (c.i(2) == 4 /* MADV_DONTNEED */ && len > 0) {
            if (!c.mem.accessible(addr, len, PROT_WRITE)) {
                return c.mem.mappingAt(addr) == null ? -Errno.ENOMEM : 0;
            }
            // shared memory keeps its contents: the pages come back from the file, as Linux's do
            for (long p = addr; p < addr + len; p += PAGE_SIZE) {
                long q = p;
                while (q < addr + len && !c.mem.sharedAt(q)) q += PAGE_SIZE;
                if (q > p) c.mem.fill(p, q - p, (byte) 0);
                p = q;
            }
        }
        return 0;
    }
}
