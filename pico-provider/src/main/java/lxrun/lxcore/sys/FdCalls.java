package lxrun.lxcore.sys;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Pipe;
import lxrun.nt.ob.HandleTable;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** The fd table and fd-level control: dup*, fcntl, pipe*, poll (ioctl: {@link TtyCalls}). */
final class FdCalls {
    private FdCalls() {}

    static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_SETOWN = 8, F_GETOWN = 9,
            F_SETSIG = 10, F_GETSIG = 11, F_SETOWN_EX = 15, F_GETOWN_EX = 16, F_SETLEASE = 1024, F_GETLEASE = 1025,
            F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
    static final int FD_CLOEXEC = 1;

    static long dup(Call c) {
        LxFile f = c.file(0);
        f.reference();
        return c.process.install(f, false, 0);
    }

    static long dup2(Call c) {
        LxFile f = c.file(0);
        if (c.i(0) == c.i(1)) return c.i(1);
        return dupTo(c, f, c.i(1), false);
    }

    static long dup3(Call c) {
        LxFile f = c.file(0);
        if (c.i(0) == c.i(1) || (c.i(2) & ~LxFile.O_CLOEXEC) != 0) return -Errno.EINVAL;
        return dupTo(c, f, c.i(1), (c.i(2) & LxFile.O_CLOEXEC) != 0);
    }

    private static long dupTo(Call c, LxFile f, int newfd, boolean cloexec) {
        if (newfd < 0 || newfd >= lxrun.lxcore.LxProcess.RLIMIT_NOFILE) return -Errno.EBADF;
        c.process.handles.insertAt(newfd, f, cloexec ? HandleTable.INHERIT_NOT : 0);
        return newfd;
    }

    /**
     * fcntl(2): descriptor flags, status flags (O_APPEND and O_NONBLOCK may change), F_DUPFD*, record
     * locks ({@link LockCalls}) and seals ({@link MemfdCalls}).
     */
    static long fcntl(Call c) {
        int fd = c.i(0);
        LxFile f = c.file(0);
        HandleTable h = c.process.handles;
        return switch (c.i(1)) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> {
                if (c.i(2) < 0 || c.i(2) >= lxrun.lxcore.LxProcess.RLIMIT_NOFILE) yield -Errno.EINVAL;
                f.reference();
                yield c.process.install(f, c.i(1) == F_DUPFD_CLOEXEC, c.i(2));
            }
            case F_GETFD -> (h.attributes(fd) & HandleTable.INHERIT_NOT) != 0 ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                h.setAttributes(fd, (c.i(2) & FD_CLOEXEC) != 0 ? HandleTable.INHERIT_NOT : 0);
                yield 0;
            }
            case F_GETFL -> f.statusFlags;
            case F_SETFL -> {
                int mask = LxFile.O_APPEND | LxFile.O_NONBLOCK;
                f.statusFlags = (f.statusFlags & ~mask) | (c.i(2) & mask);
                yield 0;
            }
            case LockCalls.F_GETLK, LockCalls.F_SETLK, LockCalls.F_SETLKW, LockCalls.F_OFD_GETLK, LockCalls.F_OFD_SETLK,
                    LockCalls.F_OFD_SETLKW -> LockCalls.fcntl(c, f, c.i(1));
            case MemfdCalls.F_ADD_SEALS, MemfdCalls.F_GET_SEALS -> MemfdCalls.seals(c, f, c.i(1));
            case F_SETOWN -> {
                f.owner = c.i(2);
                yield 0;
            }
            case F_GETOWN -> f.owner;
            case F_SETSIG -> {
                if (c.i(2) < 0 || c.i(2) > 64) yield -Errno.EINVAL;
                f.signal = c.i(2);
                yield 0;
            }
            case F_GETSIG -> f.signal;
            case F_SETOWN_EX -> { // struct f_owner_ex {int type; pid_t pid}: F_OWNER_TID, _PID, _PGRP
                c.check(c.a(2), 8, lxrun.runtime.mem.GuestMemory.PROT_READ);
                int type = c.mem.read32(c.a(2)), pid = c.mem.read32(c.a(2) + 4);
                if (type < 0 || type > 2) yield -Errno.EINVAL;
                f.owner = type == 2 ? -pid : pid;
                yield 0;
            }
            case F_GETOWN_EX -> {
                c.check(c.a(2), 8, PROT_WRITE);
                c.mem.write32(c.a(2), f.owner < 0 ? 2 : 1);
                c.mem.write32(c.a(2) + 4, Math.abs(f.owner));
                yield 0;
            }
            case F_GETPIPE_SZ -> f instanceof Pipe.End p ? p.capacity() : -Errno.EBADF;
            case F_SETPIPE_SZ -> {
                if (!(f instanceof Pipe.End p)) yield -Errno.EBADF;
                long size = c.a(2) & 0xffffffffL;
                if (size > Pipe.MAX_SIZE && lxrun.lxcore.LxProcess.UID != 0) yield -Errno.EPERM;
                yield size > 1L << 31 ? -Errno.EINVAL : p.resize(size);
            }
            case F_GETLEASE -> 2; // F_UNLCK: no leases are held
            case F_SETLEASE -> -Errno.EINVAL; // as Linux with fs.leases-enable = 0
            default -> -Errno.EINVAL; // F_NOTIFY too: a kernel without dnotify
        };
    }

    static long pipe(Call c) {
        return makePipe(c, c.a(0), 0);
    }

    static long pipe2(Call c) {
        return makePipe(c, c.a(0), c.i(1));
    }

    private static long makePipe(Call c, long fds, int flags) {
        if ((flags & ~(LxFile.O_CLOEXEC | LxFile.O_NONBLOCK | 040000 /* O_DIRECT */)) != 0) return -Errno.EINVAL;
        c.check(fds, 8, PROT_WRITE);
        Pipe p = new Pipe();
        boolean cloexec = (flags & LxFile.O_CLOEXEC) != 0;
        int st = flags & LxFile.O_NONBLOCK;
        int r = c.process.install(p.readEnd(st), cloexec, 0);
        int w;
        try {
            w = c.process.install(p.writeEnd(st), cloexec, 0);
        } catch (LinuxError e) {
            c.process.handles.close(r);
            throw e;
        }
        c.mem.write32(fds, r);
        c.mem.write32(fds + 4, w);
        return 0;
    }

    /** poll(2), simply: every fd is asked once, and if none is ready, again until the timeout. */
    static long poll(Call c) {
        return doPoll(c, c.a(0), c.a(1), c.i(2));
    }

    /**
     * ppoll(2): poll with a timespec and, if {@code sigmask} is given, that mask while it waits (as
     * rt_sigsuspend swaps it): a handler then runs with it and EINTR follows; otherwise it goes at once.
     */
    static long ppoll(Call c) {
        int timeout = -1;
        if (c.a(2) != 0) {
            c.check(c.a(2), 16, PROT_READ);
            timeout = (int) Math.min(Integer.MAX_VALUE, c.mem.read64(c.a(2)) * 1000 + c.mem.read64(c.a(2) + 8) / 1_000_000);
        }
        LxThread t = c.thread;
        if (c.a(3) != 0) {
            if (c.a(4) != 8) return -Errno.EINVAL;
            c.check(c.a(3), 8, PROT_READ);
            long mask = c.mem.read64(c.a(3)) & ~(Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP));
            synchronized (t) {
                t.savedSigmask = t.sigmask;
                t.restoreSigmask = true;
                t.sigmask = mask;
            }
        }
        long r = -Signals.ERESTARTNOHAND;
        try {
            r = doPoll(c, c.a(0), c.a(1), timeout);
            if (r == -Errno.EINTR) r = -Signals.ERESTARTNOHAND;
            return r;
        } finally {
            if (!Signals.restartable(r)) {
                synchronized (t) {
                    if (t.restoreSigmask) t.sigmask = t.savedSigmask;
                    t.restoreSigmask = false;
                }
            }
        }
    }

    private static long doPoll(Call c, long fds, long n, int timeoutMs) {
        if (n < 0 || n > lxrun.lxcore.LxProcess.RLIMIT_NOFILE) return -Errno.EINVAL;
        c.check(fds, 8 * n, PROT_READ | PROT_WRITE);
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            int ready = 0;
            for (int i = 0; i < n; i++) {
                long e = fds + 8L * i;
                int fd = c.mem.read32(e), events = c.mem.read16(e + 4);
                int rev = 0;
                if (fd >= 0) {
                    var o = c.process.handles.get(fd);
                    rev = o instanceof LxFile f ? f.poll(events) : LxFile.POLLNVAL;
                }
                c.mem.write16(e + 6, rev);
                if (rev != 0) ready++;
            }
            if (ready > 0 || timeoutMs == 0) return ready;
            if (timeoutMs > 0 && System.currentTimeMillis() >= deadline) return 0;
            try {
                c.thread.interruptibly(() -> {
                    Thread.sleep(10);
                    return null;
                });
            } catch (InterruptedException ex) {
                return timeoutMs < 0 ? -Signals.ERESTARTNOHAND : -Errno.EINTR; // a signal ends the wait
            }
        }
    }
}
