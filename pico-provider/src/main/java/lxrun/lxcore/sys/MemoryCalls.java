package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.MemoryFile;
import lxrun.lxcore.fs.Stat;
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

    /** TASK_SIZE: the end of a 4-level x86-64 user address space; lxrun's guest space is only its first SPACE_SIZE bytes. */
    static final long TASK_SIZE = 0x7ffffffff000L;
    /** MAP_TYPE, and MAX_LFS_FILESIZE: the largest end of a mapping of a regular file. */
    static final int MAP_TYPE = 0xf;
    static final long MAX_LFS_FILESIZE = Long.MAX_VALUE;
    /** vm.mmap_min_addr: below it only a privileged process (CAP_SYS_RAWIO: euid 0 here) may map. */
    static final long MMAP_MIN_ADDR = hostMmapMinAddr();

    private static long hostMmapMinAddr() {
        try {
            return Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/vm/mmap_min_addr")).trim());
        } catch (java.io.IOException | RuntimeException e) {
            return 65536;
        }
    }

    /**
     * mmap(2): anonymous and file mappings (file bytes are copied in; MAP_SHARED ones are written back
     * at msync, munmap and exit, see {@link lxrun.lxcore.SharedMappings}, except that memory files and
     * shared anonymous memory are host shared memory); placement below MMAP_TOP. The checks come in
     * the order of Linux's sys_mmap, do_mmap and get_unmapped_area: EINVAL for an unaligned offset, EBADF,
     * EINVAL for length 0, ENOMEM for a length that wraps or exceeds TASK_SIZE, EOVERFLOW for a file range
     * past the largest file offset (anonymous mappings ignore the offset), EACCES, and for MAP_FIXED
     * ENOMEM beyond TASK_SIZE, EINVAL unaligned, EPERM below mmap_min_addr. A fixed address above
     * lxrun's guest space (64 GiB) is ENOMEM, where Linux would map it.
     */
    static long mmap(Call c) {
        long addr = c.a(0), len = c.a(1), off = c.a(5), flags = c.a(3);
        int prot = c.i(2);
        if ((off & PAGE_MASK) != 0) return -Errno.EINVAL;
        LxFile file = (flags & MAP_ANONYMOUS) == 0 ? c.file(4) : null;
        if (len == 0) return -Errno.EINVAL;
        len = pageAlignUp(len);
        if (len == 0) return -Errno.ENOMEM;
        int type = (int) flags & MAP_TYPE;
        if (file != null) {
            // file_mmap_ok: the range must end within the largest offset (ULONG_MAX for devices)
            if (off < 0 || off > MAX_LFS_FILESIZE - len) {
                long max = (file.stat().mode() & Stat.S_IFMT) == Stat.S_IFREG ? MAX_LFS_FILESIZE : -1L;
                if (Long.compareUnsigned(len, max) > 0 || Long.compareUnsigned(off >>> 12, (max - len) >>> 12) > 0) {
                    return -Errno.EOVERFLOW;
                }
            }
            if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return -Errno.EINVAL;
            if (type != MAP_PRIVATE && (prot & PROT_WRITE) != 0 && !file.writable()) return -Errno.EACCES;
            if (!file.readable()) return -Errno.EACCES;
        } else if (type != MAP_SHARED && type != MAP_PRIVATE) {
            return -Errno.EINVAL;
        }
        if (Long.compareUnsigned(len, TASK_SIZE) > 0) return -Errno.ENOMEM;
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        if (fixed) {
            if (Long.compareUnsigned(addr, TASK_SIZE - len) > 0) return -Errno.ENOMEM;
            if ((addr & PAGE_MASK) != 0) return -Errno.EINVAL;
            if (addr < MMAP_MIN_ADDR && c.process.creds.euid() != 0) return -Errno.EPERM;
            if (addr + len > GuestMemory.SPACE_SIZE) return -Errno.ENOMEM;
        }
        if (file != null && off > Long.MAX_VALUE - len) return -Errno.EOVERFLOW; // a device range past 2^63: lxrun cannot read it
        GuestMemory mem = c.mem;
        synchronized (mem) {
            long at;
            if (fixed) {
                if ((flags & MAP_FIXED) == 0 && !mem.isFree(addr, len)) return -Errno.EEXIST;
                at = addr;
            } else if (addr != 0 && (addr & PAGE_MASK) == 0 && addr >= 0 && addr <= GuestMemory.SPACE_SIZE - len
                    && mem.isFree(addr, len)) {
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

    /**
     * munmap(2): EINVAL for an unaligned address, a zero length or a range past TASK_SIZE; unmapping a
     * range where nothing is mapped succeeds (above lxrun's guest space nothing ever is).
     */
    static long munmap(Call c) {
        long addr = c.a(0), len = c.a(1);
        if ((addr & PAGE_MASK) != 0 || Long.compareUnsigned(addr, TASK_SIZE) > 0 || Long.compareUnsigned(len, TASK_SIZE - addr) > 0) {
            return -Errno.EINVAL;
        }
        len = pageAlignUp(len);
        if (len == 0) return -Errno.EINVAL;
        if (addr >= GuestMemory.SPACE_SIZE) return 0;
        len = Math.min(len, GuestMemory.SPACE_SIZE - addr);
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
            if (!mapped(mem, addr, addr + len)) return -Errno.ENOMEM;
            c.process.shared.writeBack(mem, addr, len, (flags & MS_SYNC) != 0);
        }
        return 0;
    }

    static final long PROT_SEM = 8, PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000;

    /**
     * mprotect(2), in do_mprotect_pkey's order: EINVAL for both PROT_GROWSDOWN and PROT_GROWSUP or an
     * unaligned address, 0 for length 0, ENOMEM for a range that wraps, EINVAL for unknown prot bits,
     * ENOMEM where part of the range is not mapped.
     */
    static long mprotect(Call c) {
        long addr = c.a(0), len = c.a(1), prot = c.a(2);
        if ((prot & (PROT_GROWSDOWN | PROT_GROWSUP)) == (PROT_GROWSDOWN | PROT_GROWSUP)) return -Errno.EINVAL;
        prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
        if ((addr & PAGE_MASK) != 0) return -Errno.EINVAL;
        if (len == 0) return 0;
        len = pageAlignUp(len);
        if (Long.compareUnsigned(addr + len, addr) <= 0) return -Errno.ENOMEM;
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) != 0) return -Errno.EINVAL;
        if (Long.compareUnsigned(addr + len, GuestMemory.SPACE_SIZE) > 0) return -Errno.ENOMEM;
        if ((prot & PROT_WRITE) != 0 && !c.mem.sharedMayWrite(addr, len)) return -Errno.EACCES; // write-sealed memfd
        return c.mem.protect(addr, len, (int) prot & 7) ? 0 : -Errno.ENOMEM;
    }

    /** mremap(2): shrink in place, grow in place when the pages above are free, else move (MREMAP_MAYMOVE). */
    static long mremap(Call c) {
        long old = c.a(0), oldLen = pageAlignUp(c.a(1)), newLen = pageAlignUp(c.a(2)), fixedAt = c.a(4), flags = c.a(3);
        // check_mremap_params: EINVAL for bad flags, lengths or addresses; EFAULT where nothing is mapped
        if ((old & PAGE_MASK) != 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0) return -Errno.EINVAL;
        if ((flags & MREMAP_FIXED) != 0 && ((flags & MREMAP_MAYMOVE) == 0 || (fixedAt & PAGE_MASK) != 0)) {
            return -Errno.EINVAL;
        }
        if (newLen == 0 || Long.compareUnsigned(newLen, TASK_SIZE) > 0 || Long.compareUnsigned(old + oldLen, old) < 0) {
            return -Errno.EINVAL;
        }
        if ((flags & MREMAP_FIXED) != 0) {
            if (Long.compareUnsigned(fixedAt, TASK_SIZE - newLen) > 0) return -Errno.EINVAL;
            if (Long.compareUnsigned(old + oldLen, fixedAt) > 0 && Long.compareUnsigned(fixedAt + newLen, old) > 0) return -Errno.EINVAL;
        }
        GuestMemory mem = c.mem;
        synchronized (mem) {
            GuestMemory.Mapping m = old < GuestMemory.SPACE_SIZE ? mem.mappingAt(old) : null;
            if (m == null || old + oldLen > GuestMemory.SPACE_SIZE) return -Errno.EFAULT;
            if ((flags & MREMAP_FIXED) != 0 && fixedAt + newLen > GuestMemory.SPACE_SIZE) return -Errno.ENOMEM; // above lxrun's space
            if (oldLen == 0 && !m.shared()) return -Errno.EINVAL; // a duplicate only of shared memory
            if (newLen > oldLen && old + oldLen > m.end()) return -Errno.EFAULT; // growing must start within one mapping
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
            // below the heap's start or past the mmap area (any wild value): the break stays where it is
            if (want < p.brkStart || Long.compareUnsigned(want, LxProcess.MMAP_TOP) > 0) return p.brkEnd;
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
     * madvise(2), in do_madvise's order: EINVAL for unknown advice, an unaligned address, a length that
     * rounds up to 0 or a range that wraps; 0 for an empty range; ENOMEM if part of the range is not
     * mapped (the advice still applies to the rest). MADV_DONTNEED zeroes writable private pages
     * (shared memory keeps its contents); other known advice is accepted and ignored.
     */
    static long madvise(Call c) {
        long addr = c.a(0), len = pageAlignUp(c.a(1));
        int advice = c.i(2);
        boolean known = advice >= 0 && advice <= 4 || advice >= 8 && advice <= 25 || advice == 100 || advice == 101;
        if (!known || (addr & PAGE_MASK) != 0 || c.a(1) != 0 && len == 0 || Long.compareUnsigned(addr + len, addr) < 0) {
            return -Errno.EINVAL;
        }
        if (len == 0) return 0;
        if (Long.compareUnsigned(addr, GuestMemory.SPACE_SIZE) >= 0) return -Errno.ENOMEM; // nothing is mapped up there
        long end = Long.compareUnsigned(addr + len, GuestMemory.SPACE_SIZE) > 0 ? GuestMemory.SPACE_SIZE : addr + len;
        boolean hole = end != addr + len;
        GuestMemory mem = c.mem;
        synchronized (mem) {
            if (!mapped(mem, addr, end)) hole = true;
            if (advice == 4 /* MADV_DONTNEED */) {
                // shared memory keeps its contents: the pages come back from the file, as Linux's do
                for (GuestMemory.Mapping m : mem.mappings()) {
                    long s = Math.max(m.start(), addr), e = Math.min(m.end(), end);
                    if (s < e && !m.shared() && (m.prot() & PROT_WRITE) != 0) mem.fill(s, e - s, (byte) 0);
                }
            }
        }
        return hole ? -Errno.ENOMEM : 0;
    }

    /** Whether every page of [start, end) (within the guest space) is mapped; the caller holds the lock. */
    private static boolean mapped(GuestMemory mem, long start, long end) {
        long covered = start;
        for (GuestMemory.Mapping m : mem.mappings()) {
            if (m.end() <= covered) continue;
            if (m.start() > covered || covered >= end) break;
            covered = m.end();
        }
        return covered >= end;
    }

    /**
     * mincore(2): one byte per page of the range, 1 where the page is in memory (touched, and not given
     * back); EINVAL for an unaligned address, ENOMEM for a range outside the address space or with
     * unmapped pages, EFAULT for a bad vector.
     */
    static long mincore(Call c) {
        long addr = c.a(0), len = c.a(1), vec = c.a(2);
        if ((addr & PAGE_MASK) != 0) return -Errno.EINVAL;
        if (!c.userRange(addr, len)) return -Errno.ENOMEM;
        long pages = (len >>> 12) + ((len & PAGE_MASK) != 0 ? 1 : 0);
        if (!c.userRange(vec, pages)) return -Errno.EFAULT;
        if (pages == 0) return 0;
        long end = addr + (pages << 12);
        GuestMemory mem = c.mem;
        synchronized (mem) {
            if (end > GuestMemory.SPACE_SIZE || !mapped(mem, addr, end)) return -Errno.ENOMEM;
            for (long p = addr; p < end; p += PAGE_SIZE) {
                c.check(vec + ((p - addr) >>> 12), 1, PROT_WRITE);
                mem.write8(vec + ((p - addr) >>> 12), mem.residentPages(p, p + PAGE_SIZE) > 0 ? 1 : 0);
            }
        }
        return 0;
    }

    static final int MLOCK_ONFAULT = 1, MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;

    /**
     * mlock(2), mlock2(2), munlock(2): the range is widened to whole pages; EINVAL if it wraps, ENOMEM if
     * part of it is not mapped. Nothing is swapped out here, so locking changes nothing else
     * (RLIMIT_MEMLOCK is unlimited, as getrlimit reports).
     */
    static long mlock(Call c) {
        return lockRange(c, c.a(0), c.a(1));
    }

    static long mlock2(Call c) {
        if ((c.a(2) & ~MLOCK_ONFAULT) != 0) return -Errno.EINVAL;
        return lockRange(c, c.a(0), c.a(1));
    }

    static long munlock(Call c) {
        return lockRange(c, c.a(0), c.a(1));
    }

    private static long lockRange(Call c, long addr, long len) {
        len = pageAlignUp(len + (addr & PAGE_MASK));
        addr &= ~PAGE_MASK;
        if (Long.compareUnsigned(addr + len, addr) < 0) return -Errno.EINVAL;
        if (len == 0) return 0;
        if (Long.compareUnsigned(addr + len, GuestMemory.SPACE_SIZE) > 0) return -Errno.ENOMEM;
        synchronized (c.mem) {
            return mapped(c.mem, addr, addr + len) ? 0 : -Errno.ENOMEM;
        }
    }

    /** mlockall(2): EINVAL for no flags, unknown ones or MCL_ONFAULT alone; munlockall(2) always succeeds. */
    static long mlockall(Call c) {
        int flags = c.i(0);
        if (flags == 0 || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) != 0 || flags == MCL_ONFAULT) return -Errno.EINVAL;
        return 0;
    }

    static long munlockall(Call c) {
        return 0;
    }
}
