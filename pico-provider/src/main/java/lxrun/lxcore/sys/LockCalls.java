package lxrun.lxcore.sys;

import lxrun.lxcore.fs.FileLocks;
import lxrun.lxcore.fs.LxFile;

import static lxrun.lxcore.fs.FileLocks.F_RDLCK;
import static lxrun.lxcore.fs.FileLocks.F_UNLCK;
import static lxrun.lxcore.fs.FileLocks.F_WRLCK;
import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Advisory locks: flock(2) and fcntl(2)'s record locks (see {@link FileLocks} for who owns what). */
final class LockCalls {
    private LockCalls() {}

    static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8, LOCK_MAND = 32;
    static final int F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
    /** sizeof(struct flock) on x86-64: l_type, l_whence (shorts), l_start, l_len (off_t), l_pid. */
    static final int FLOCK_SIZE = 32;

    /** A blocked lock waits interruptibly: a signal for the thread ends it with EINTR. */
    private static FileLocks.Waiter waiter(Call c) {
        return (m, ms) -> c.thread.interruptibly(() -> {
            m.wait(ms);
            return null;
        });
    }

    /**
     * flock(2): LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB: EWOULDBLOCK instead of waiting. The operation
     * is checked before the fd (EINVAL first); LOCK_MAND requests are accepted and do nothing, as Linux
     * does since 5.15; an O_PATH fd is EBADF.
     */
    static long flock(Call c) {
        int op = c.i(1);
        if ((op & LOCK_MAND) != 0) return 0;
        int type = switch (op & ~LOCK_NB) {
            case LOCK_SH -> F_RDLCK;
            case LOCK_EX -> F_WRLCK;
            case LOCK_UN -> F_UNLCK;
            default -> -1;
        };
        if (type < 0) return -Errno.EINVAL;
        LxFile f = c.file(0);
        if ((f.statusFlags & LxFile.O_PATH) != 0) return -Errno.EBADF;
        return FileLocks.flock(f, type, (op & LOCK_NB) == 0, waiter(c));
    }

    /**
     * fcntl(2) F_GETLK/F_SETLK/F_SETLKW (POSIX locks, owned by the process's fd table) and their
     * F_OFD_ forms (owned by the open description; l_pid must be 0, and reads back as -1).
     */
    static long fcntl(Call c, LxFile f, int cmd) {
        long a = c.a(2);
        boolean ofd = cmd >= F_OFD_GETLK;
        boolean get = cmd == F_GETLK || cmd == F_OFD_GETLK;
        if ((f.statusFlags & LxFile.O_PATH) != 0) return -Errno.EBADF;
        c.check(a, FLOCK_SIZE, get ? PROT_READ | PROT_WRITE : PROT_READ);
        int type = (short) c.mem.read16(a), whence = (short) c.mem.read16(a + 2);
        long start = c.mem.read64(a + 8), len = c.mem.read64(a + 16);
        int pid = c.mem.read32(a + 24);
        if (get ? type != F_RDLCK && type != F_WRLCK : type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) {
            return -Errno.EINVAL;
        }
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> Math.max(0, f.seek(0, 1));
            case 2 -> f.stat().size();
            default -> -1;
        };
        if (base < 0) return -Errno.EINVAL;
        if (start > 0 && base > Long.MAX_VALUE - start) return -Errno.EOVERFLOW;
        start += base;
        long end;
        if (start < 0) return -Errno.EINVAL;
        if (len > 0) {
            if (len - 1 > Long.MAX_VALUE - start) return -Errno.EOVERFLOW;
            end = start + len - 1;
        } else if (len < 0) {
            if (start + len < 0) return -Errno.EINVAL;
            end = start - 1;
            start += len;
        } else {
            end = FileLocks.TO_EOF;
        }
        if (ofd && pid != 0) return -Errno.EINVAL;
        Object owner = ofd ? f : c.process.handles;
        if (get) {
            FileLocks.Range r = FileLocks.test(f, owner, type, start, end);
            if (r == null) {
                c.mem.write16(a, F_UNLCK);
                return 0;
            }
            c.mem.write16(a, r.type());
            c.mem.write16(a + 2, 0);
            c.mem.write64(a + 8, r.start());
            c.mem.write64(a + 16, r.end() == FileLocks.TO_EOF ? 0 : r.end() - r.start() + 1);
            c.mem.write32(a + 24, (int) r.pid());
            return 0;
        }
        if (type == F_RDLCK && !f.readable() || type == F_WRLCK && !f.writable()) return -Errno.EBADF;
        boolean wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
        return FileLocks.setRecord(f, owner, ofd ? -1 : c.process.pid(), type, start, end, wait, waiter(c));
    }
}
