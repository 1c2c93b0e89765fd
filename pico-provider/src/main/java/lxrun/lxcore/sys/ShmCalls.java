package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.fs.MemoryFile;
import lxrun.runtime.mem.GuestMemory;

import static lxrun.runtime.mem.GuestMemory.PROT_EXEC;
import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * System V shared memory (shmget(2), shmat(2), shmdt(2), shmctl(2); ipc/shm.c). A segment's bytes are a
 * host memfd, mapped shared as MAP_SHARED memory is, so every attach (in this process, its forks and any
 * other guest process of the instance) sees the same bytes. An attach is the mapping itself, named
 * "/SYSV&lt;key&gt; (deleted)" with the segment's id as inode as /proc/pid/maps shows it: forks inherit it,
 * exec and exit drop it, and shm_nattch counts them.
 */
final class ShmCalls {
    private ShmCalls() {}

    static final int SHM_RDONLY = 010000, SHM_RND = 020000, SHM_REMAP = 040000, SHM_EXEC = 0100000;
    static final int SHM_HUGETLB = 04000, SHM_DEST = 01000, SHM_LOCKED = 02000;
    static final int SHM_LOCK = 11, SHM_UNLOCK = 12, SHM_STAT = 13, SHM_INFO = 14, SHM_STAT_ANY = 15;
    static final long SHMMAX = -1L - (1L << 24), SHMALL = SHMMAX;
    /** The largest segment lxrun makes: a host memfd the JVM maps (its guest space is 64 GiB). */
    static final long LXRUN_SHM_MAX = 1L << 34;

    static final class Segment extends Ipc.Obj {
        long size, atime, dtime;
        int cpid, lpid;
        MemoryFile data;
    }

    private static Ipc.Table<Segment> table(Call c) {
        return Ipc.of(c.process.instance).shm();
    }

    /** The attaches of segment {@code s}: mappings of it that start at its first byte, in every process. */
    private static int nattch(Call c, Segment s) {
        int n = 0;
        for (LxProcess p : c.process.instance.processes()) {
            if (p.pico.hasExited()) continue;
            for (GuestMemory.Mapping m : p.memory().mappings()) if (attach(m, s.id)) n++;
        }
        return n;
    }

    private static boolean attach(GuestMemory.Mapping m, int id) {
        return m.shared() && m.inode() == id && m.offset() == 0 && m.name().startsWith("/SYSV");
    }

    /** A segment marked for destruction goes with its last attach (shm_destroy); the caller holds the table. */
    private static void reap(Call c, Ipc.Table<Segment> t) {
        for (Segment s : java.util.List.copyOf(t.byIndex.values())) {
            if ((s.mode & SHM_DEST) != 0 && nattch(c, s) == 0) destroy(t, s);
        }
    }

    private static void destroy(Ipc.Table<Segment> t, Segment s) {
        t.remove(s);
        s.data.release();
    }

    /**
     * shmget(2): the segment of key (a new one for IPC_PRIVATE or under IPC_CREAT), EINVAL for a new size
     * below 1 or above SHMMAX or an existing segment smaller than size; ENOMEM past what lxrun can map.
     */
    static long shmget(Call c) {
        int key = c.i(0), flags = c.i(2);
        long size = c.a(1);
        var t = table(c);
        synchronized (t) {
            reap(c, t);
            long[] err = {0};
            long r = t.get(c.process, key, flags, () -> {
                if (size < 1 || Long.compareUnsigned(size, SHMMAX) > 0) return null;
                if (size > LXRUN_SHM_MAX) {
                    err[0] = -Errno.ENOMEM;
                    return null;
                }
                Segment s = new Segment();
                s.size = size;
                s.cpid = (int) c.process.pid();
                s.data = MemoryFile.create(String.format("SYSV%08x", key), 0);
                int tr = s.data.truncate(GuestMemory.pageAlignUp(size));
                if (tr < 0) {
                    s.data.release();
                    err[0] = tr;
                    return null;
                }
                return s;
            }, s -> Long.compareUnsigned(size, s.size) > 0 ? -Errno.EINVAL : 0);
            return err[0] != 0 ? err[0] : r;
        }
    }

    /**
     * shmat(2): attaches segment shmid at a free address, or at shmaddr (rounded down to the page under
     * SHM_RND, else EINVAL unaligned; EINVAL where anything is mapped unless SHM_REMAP, which needs an
     * address); read-only under SHM_RDONLY; EACCES without the permissions asked for.
     */
    static long shmat(Call c) {
        int id = c.i(0), flags = c.i(2);
        long addr = c.a(1);
        if (addr != 0) {
            if ((addr & GuestMemory.PAGE_MASK) != 0) {
                if ((flags & SHM_RND) == 0) return -Errno.EINVAL;
                addr &= ~GuestMemory.PAGE_MASK;
                if (addr == 0 && (flags & SHM_REMAP) != 0) return -Errno.EINVAL;
            }
        } else if ((flags & SHM_REMAP) != 0) {
            return -Errno.EINVAL;
        }
        int prot = PROT_READ | ((flags & SHM_RDONLY) == 0 ? PROT_WRITE : 0) | ((flags & SHM_EXEC) != 0 ? PROT_EXEC : 0);
        int access = 0444 | ((flags & SHM_RDONLY) == 0 ? 0222 : 0) | ((flags & SHM_EXEC) != 0 ? 0111 : 0);
        var t = table(c);
        synchronized (t) {
            Segment s = t.get(id);
            if (s == null) return -Errno.EINVAL;
            if (!Ipc.permitted(c.process, s, access)) return -Errno.EACCES;
            long len = GuestMemory.pageAlignUp(s.size);
            GuestMemory mem = c.mem;
            synchronized (mem) {
                long at = addr;
                if (at == 0) {
                    at = mem.findFree(len, LxProcess.MMAP_TOP, LxProcess.MMAP_FLOOR);
                    if (at < 0) return -Errno.ENOMEM;
                } else {
                    if (Long.compareUnsigned(at, MemoryCalls.TASK_SIZE - len) > 0) return -Errno.EINVAL;
                    if ((flags & SHM_REMAP) == 0 && !mem.isFree(at, len)) return -Errno.EINVAL;
                    if (at + len > GuestMemory.SPACE_SIZE) return -Errno.ENOMEM;
                }
                c.process.shared.release(mem, at, len);
                int r = mem.mapShared(new GuestMemory.Mapping(at, at + len, prot, String.format("/SYSV%08x (deleted)", s.key),
                        0, true, 1, s.id), s.data.hostFd());
                if (r < 0) return r;
                s.atime = Ipc.now();
                s.lpid = (int) c.process.pid();
                return at;
            }
        }
    }

    /** shmdt(2): detaches the attach that starts at shmaddr (EINVAL if none): its mapping goes. */
    static long shmdt(Call c) {
        long addr = c.a(0);
        if ((addr & GuestMemory.PAGE_MASK) != 0) return -Errno.EINVAL;
        var t = table(c);
        synchronized (t) {
            GuestMemory mem = c.mem;
            int id;
            synchronized (mem) {
                GuestMemory.Mapping m = mem.mappingAt(addr);
                if (m == null || m.start() != addr || !attach(m, (int) m.inode())) return -Errno.EINVAL;
                id = (int) m.inode();
                long end = m.end();   // and the rest of the same attach, split by mprotect
                for (GuestMemory.Mapping n; (n = mem.mappingAt(end)) != null && n.inode() == id
                        && n.name().equals(m.name()) && n.offset() == end - addr; ) {
                    end = n.end();
                }
                c.process.shared.release(mem, addr, end - addr);
                mem.unmap(addr, end - addr);
            }
            Segment s = t.get(id);
            if (s != null) {
                s.dtime = Ipc.now();
                s.lpid = (int) c.process.pid();
            }
            reap(c, t);
            return 0;
        }
    }

    /**
     * shmctl(2): IPC_STAT, SHM_STAT and SHM_STAT_ANY (struct shmid64_ds; the *_STAT ones take an index
     * and return the id), IPC_SET (owner, uid, gid, mode), IPC_RMID (the segment goes with its last
     * attach; its key is private from then on), IPC_INFO and SHM_INFO (the limits, the usage; they return
     * the highest index), SHM_LOCK and SHM_UNLOCK (a flag: nothing here is swapped). EINVAL for an unknown
     * id or command, EACCES to read without read permission, EPERM to change as neither owner nor creator.
     */
    static long shmctl(Call c) {
        int id = c.i(0), cmd = c.i(1);
        long buf = c.a(2);
        if (cmd < 0 || id < 0) return -Errno.EINVAL;
        var t = table(c);
        synchronized (t) {
            reap(c, t);
            switch (cmd) {
                case Ipc.IPC_INFO -> {
                    c.check(buf, 80, PROT_WRITE); // struct shminfo64
                    c.mem.fill(buf, 80, (byte) 0);
                    c.mem.write64(buf, SHMMAX);
                    c.mem.write64(buf + 8, 1);       // shmmin
                    c.mem.write64(buf + 16, t.max);  // shmmni
                    c.mem.write64(buf + 24, t.max);  // shmseg
                    c.mem.write64(buf + 32, SHMALL);
                    return t.highest();
                }
                case SHM_INFO -> {
                    c.check(buf, 48, PROT_WRITE); // struct shm_info
                    long pages = 0;
                    for (Segment s : t.byIndex.values()) pages += GuestMemory.pageAlignUp(s.size) >> 12;
                    c.mem.fill(buf, 48, (byte) 0);
                    c.mem.write32(buf, t.byIndex.size());
                    c.mem.write64(buf + 8, pages);   // shm_tot
                    c.mem.write64(buf + 16, pages);  // shm_rss
                    return t.highest();
                }
                case Ipc.IPC_STAT, SHM_STAT, SHM_STAT_ANY -> {
                    Segment s = cmd == Ipc.IPC_STAT ? t.get(id) : t.at(id);
                    if (s == null) return -Errno.EINVAL;
                    if (cmd != SHM_STAT_ANY && !Ipc.permitted(c.process, s, 0444)) return -Errno.EACCES;
                    c.check(buf, 112, PROT_WRITE);
                    Ipc.writePerm(c, buf, s);
                    c.mem.fill(buf + 48, 64, (byte) 0);
                    c.mem.write64(buf + 48, s.size);
                    c.mem.write64(buf + 56, s.atime);
                    c.mem.write64(buf + 64, s.dtime);
                    c.mem.write64(buf + 72, s.ctime);
                    c.mem.write32(buf + 80, s.cpid);
                    c.mem.write32(buf + 84, s.lpid);
                    c.mem.write64(buf + 88, nattch(c, s));
                    return cmd == Ipc.IPC_STAT ? 0 : s.id;
                }
                case Ipc.IPC_SET, Ipc.IPC_RMID, SHM_LOCK, SHM_UNLOCK -> {
                    Segment s = t.get(id);
                    if (s == null) return -Errno.EINVAL;
                    if (cmd == SHM_LOCK || cmd == SHM_UNLOCK) {
                        if (!Ipc.owner(c.process, s)) return -Errno.EPERM;
                        s.mode = cmd == SHM_LOCK ? s.mode | SHM_LOCKED : s.mode & ~SHM_LOCKED;
                        return 0;
                    }
                    if (cmd == Ipc.IPC_SET) c.check(buf, 112, PROT_READ);
                    if (!Ipc.owner(c.process, s)) return -Errno.EPERM;
                    if (cmd == Ipc.IPC_SET) {
                        Ipc.readPerm(c, buf, s);
                        return 0;
                    }
                    if (nattch(c, s) == 0) {
                        destroy(t, s);
                    } else {
                        s.mode |= SHM_DEST;
                        s.key = Ipc.IPC_PRIVATE;
                    }
                    return 0;
                }
                default -> {
                    return -Errno.EINVAL;
                }
            }
        }
    }
}
