package lxrun.lxcore.sys;

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
        if (newfd < 0 || newfd >= c.process.nofile()) return -Errno.EBADF;
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
                if (c.i(2) < 0 || c.i(2) >= c.process.nofile()) yield -Errno.EINVAL;
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
                if (size > Pipe.MAX_SIZE && c.process.creds.euid() != 0) yield -Errno.EPERM; // CAP_SYS_RESOURCE
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

    // ---------------------------------------------------------------- poll(2), ppoll(2), select(2), pselect6(2)

    /** poll(2): timeout in milliseconds, negative for none; EINVAL for more fds than the soft RLIMIT_NOFILE. */
    static long poll(Call c) {
        int ms = c.i(2);
        return doPoll(c, c.a(0), c.a(1), ms < 0 ? -1 : ms * 1_000_000L);
    }

    /**
     * ppoll(2): a struct timespec timeout (EINVAL when negative or tv_nsec out of range) written back
     * with the time left, and a signal mask (sigsetsize 8, else EINVAL) swapped in for the wait.
     */
    static long ppoll(Call c) {
        long ts = c.a(2);
        long timeout = ts == 0 ? -1 : timespec(c, ts);
        if (timeout == -2) return -Errno.EINVAL;
        if (c.a(3) != 0) swapMask(c, c.a(3), c.a(4));
        long end = System.nanoTime() + timeout;
        long r;
        try {
            r = doPoll(c, c.a(0), c.a(1), timeout);
        } catch (LinuxError e) {
            r = -e.errno;
        }
        if (c.a(3) != 0) c.thread.restoreSigmaskUnless(r == -Errno.EINTR);
        if (timeout > 0) writeTimeLeft(c, ts, end, 1);
        return r;
    }

    /** A struct timespec's nanoseconds (saturated); -2 when it is not a valid one (timespec64_valid). */
    static long timespec(Call c, long ts) {
        c.check(ts, 16, PROT_READ);
        long s = c.mem.read64(ts), ns = c.mem.read64(ts + 8);
        if (s < 0 || ns < 0 || ns >= 1_000_000_000L) return -2;
        return s >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + ns;
    }

    /** poll_select_finish: the time left until {@code end}, as a timespec ({@code unit} 1) or timeval (1000); ignored if it cannot be written. */
    private static void writeTimeLeft(Call c, long addr, long end, int unit) {
        long left = Math.max(0, end - System.nanoTime());
        if (!c.mem.accessible(addr, 16, PROT_WRITE)) return;
        c.mem.write64(addr, left / 1_000_000_000L);
        c.mem.write64(addr + 8, left % 1_000_000_000L / unit);
    }

    /** The signal mask of ppoll/pselect6 for the wait: EINVAL unless its size is 8 (the kernel's sigset_t). */
    static void swapMask(Call c, long set, long size) {
        if (size != 8) throw Errno.error(Errno.EINVAL);
        c.check(set, 8, PROT_READ);
        c.thread.swapSigmask(c.mem.read64(set));
    }

    private static long doPoll(Call c, long fds, long n, long timeoutNs) {
        if (n < 0 || n > c.process.nofile()) return -Errno.EINVAL;
        c.check(fds, 8 * n, PROT_READ | PROT_WRITE);
        return await(c, timeoutNs, w -> {
            int ready = 0;
            for (int i = 0; i < n; i++) {
                long e = fds + 8L * i;
                int fd = c.mem.read32(e), events = c.mem.read16(e + 4) & 0xffff;
                int rev = 0;
                if (fd >= 0) rev = c.process.handles.get(fd) instanceof LxFile f ? w.ask(f, events) : LxFile.POLLNVAL;
                c.mem.write16(e + 6, rev);
                if (rev != 0) ready++;
            }
            return ready;
        });
    }

    /** select(2): a struct timeval timeout (tv_usec may exceed a second; negative: EINVAL), written back with the time left. */
    static long select(Call c) {
        long tv = c.a(4), timeout = -1;
        if (tv != 0) {
            c.check(tv, 16, PROT_READ);
            long s = c.mem.read64(tv), us = c.mem.read64(tv + 8);
            s += us / 1_000_000;
            us %= 1_000_000;
            if (s < 0 || us < 0) return -Errno.EINVAL;
            timeout = s >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + us * 1000;
        }
        long end = System.nanoTime() + timeout;
        long r = doSelect(c, timeout);
        if (timeout > 0) writeTimeLeft(c, tv, end, 1000);
        return r;
    }

    /**
     * pselect6(2): a struct timespec timeout, written back with the time left (glibc passes a copy), and
     * as sixth argument a pointer to {const sigset_t *ss; size_t ss_len}: the mask swapped in for the wait.
     */
    static long pselect6(Call c) {
        long ts = c.a(4);
        long timeout = ts == 0 ? -1 : timespec(c, ts);
        if (timeout == -2) return -Errno.EINVAL;
        boolean masked = false;
        if (c.a(5) != 0) {
            c.check(c.a(5), 16, PROT_READ);
            long set = c.mem.read64(c.a(5)), size = c.mem.read64(c.a(5) + 8);
            if (set != 0) {
                swapMask(c, set, size);
                masked = true;
            }
        }
        long end = System.nanoTime() + timeout;
        long r;
        try {
            r = doSelect(c, timeout);
        } catch (LinuxError e) {
            r = -e.errno;
        }
        if (masked) c.thread.restoreSigmaskUnless(r == -Errno.EINTR);
        if (timeout > 0) writeTimeLeft(c, ts, end, 1);
        return r;
    }

    /**
     * The three fd_sets of select: nfds bits each (EINVAL if negative; bits past the fd table's size,
     * 64 fds and doubling, are not looked at, as Linux clamps nfds to it), EBADF for a bit of a closed
     * fd. Readable is POLLIN/RDNORM/RDBAND/HUP/ERR, writable POLLOUT/WRNORM/WRBAND/ERR, exceptional
     * POLLPRI; the sets are written back only when the call does not fail (all clear on a timeout).
     */
    private static long doSelect(Call c, long timeoutNs) {
        int nfds = c.i(0);
        if (nfds < 0) return -Errno.EINVAL;
        int[] top = {63};
        c.process.handles.forEach((fd, o) -> top[0] = Math.max(top[0], fd));
        int max = 64;
        while (max <= top[0]) max *= 2;
        int n = Math.min(nfds, max), words = (n + 63) / 64;
        long[] addr = {c.a(1), c.a(2), c.a(3)};
        long[][] in = new long[3][words], out = new long[3][words];
        for (int k = 0; k < 3; k++) {
            if (addr[k] == 0) continue;
            c.check(addr[k], 8L * words, PROT_READ | PROT_WRITE);
            for (int j = 0; j < words; j++) in[k][j] = c.mem.read64(addr[k] + 8L * j);
        }
        for (int fd = 0; fd < n; fd++) {
            if (((in[0][fd >> 6] | in[1][fd >> 6] | in[2][fd >> 6]) & (1L << fd)) != 0
                    && !(c.process.handles.get(fd) instanceof LxFile)) return -Errno.EBADF;
        }
        final int inSet = LxFile.POLLIN | LxFile.POLLRDNORM | LxFile.POLLRDBAND | LxFile.POLLHUP | LxFile.POLLERR,
                outSet = LxFile.POLLOUT | LxFile.POLLWRNORM | LxFile.POLLWRBAND | LxFile.POLLERR, exSet = LxFile.POLLPRI;
        int[] sets = {inSet, outSet, exSet};
        long r = await(c, timeoutNs, w -> {
            int ready = 0;
            for (int fd = 0; fd < n; fd++) {
                long bit = 1L << fd;
                int want = 0;
                for (int k = 0; k < 3; k++) if ((in[k][fd >> 6] & bit) != 0) want |= sets[k];
                if (want == 0 || !(c.process.handles.get(fd) instanceof LxFile f)) continue;
                int mask = w.ask(f, want);
                for (int k = 0; k < 3; k++) {
                    if ((in[k][fd >> 6] & bit) != 0 && (mask & sets[k]) != 0) {
                        out[k][fd >> 6] |= bit;
                        ready++;
                    }
                }
            }
            return ready;
        });
        if (r < 0) return r;
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < words && addr[k] != 0; j++) c.mem.write64(addr[k] + 8L * j, out[k][j]);
        }
        return r;
    }

    /** One look at the files a poll or select waits on: how many are ready (their results recorded). */
    interface Scan {
        long run(Asker w);
    }

    /**
     * Asks files for their readiness, noting those that cannot wake a wait: host files (whose host fds
     * and events it keeps, for the host's poll) and others (which only a look again finds ready).
     */
    static final class Asker {
        boolean unsignalled, unwakeable;
        int hosts;
        int[] hostFds = new int[4];
        short[] hostEvents = new short[4];

        int ask(LxFile f, int events) {
            if (!f.signalsReadiness()) {
                unsignalled = true;
                int fd = f.hostFd();
                if (fd < 0) {
                    unwakeable = true;
                } else {
                    if (hosts == hostFds.length) {
                        hostFds = java.util.Arrays.copyOf(hostFds, hosts * 2);
                        hostEvents = java.util.Arrays.copyOf(hostEvents, hosts * 2);
                    }
                    hostFds[hosts] = fd;
                    hostEvents[hosts++] = (short) events;
                }
            }
            return f.poll(events);
        }

        void reset() {
            unsignalled = unwakeable = false;
            hosts = 0;
        }
    }

    /**
     * The wait of poll and select (do_poll, do_select): looks, and while nothing is ready blocks until a
     * file's readiness changes ({@link LxFile#awaitReadiness}), the timeout ends (-1: none) or a signal
     * for the thread arrives (EINTR, also with a zero timeout). With host files among them (sockets,
     * streams) it waits in the host's poll(2) on their host fds as well, 20 ms at a time for signals;
     * with another file that cannot wake it (an epoll instance watching host files), it looks again
     * every 10 ms.
     */
    static long await(Call c, long timeoutNs, Scan scan) {
        Asker w = new Asker();
        long gen = LxFile.readinessGeneration();
        long r = scan.run(w);
        if (r != 0) return r;
        long end = System.nanoTime() + timeoutNs;
        try {
            return c.thread.interruptibly(() -> {
                long g = gen;
                while (true) {
                    long left = timeoutNs < 0 ? Long.MAX_VALUE : end - System.nanoTime();
                    if (left <= 0) return 0L;
                    if (!w.unsignalled) LxFile.awaitReadiness(g, left);
                    else if (w.unwakeable) LxFile.awaitReadiness(g, Math.min(left, 10_000_000L));
                    else LxFile.awaitReadinessOrHost(g, w.hostFds, w.hostEvents, w.hosts, Math.min(left, 20_000_000L));
                    g = LxFile.readinessGeneration();
                    w.reset();
                    long k = scan.run(w);
                    if (k != 0) return k;
                }
            });
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        }
    }
}
