package lxrun.lxcore.sys;

import lxrun.lxcore.fs.Epoll;
import lxrun.lxcore.fs.EventFd;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.SignalFd;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.fs.TimerFd;

import java.util.ArrayList;
import java.util.List;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Event descriptors: eventfd(2), epoll(7), timerfd_create(2), signalfd(2). */
final class EventCalls {
    private EventCalls() {}

    private static final int CLOEXEC = LxFile.O_CLOEXEC, NONBLOCK = LxFile.O_NONBLOCK;

    // ---------------------------------------------------------------- eventfd

    static long eventfd(Call c) {
        return makeEventFd(c, 0);
    }

    /** eventfd2(2): EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC; EINVAL for other flags. */
    static long eventfd2(Call c) {
        return makeEventFd(c, c.i(1));
    }

    private static long makeEventFd(Call c, int flags) {
        if ((flags & ~(EventFd.EFD_SEMAPHORE | NONBLOCK | CLOEXEC)) != 0) return -Errno.EINVAL;
        return c.process.install(new EventFd(c.a(0) & 0xffffffffL, flags), (flags & CLOEXEC) != 0, 0);
    }

    // ---------------------------------------------------------------- epoll

    /** epoll_create(2): the size is only checked (EINVAL unless positive). */
    static long epollCreate(Call c) {
        if (c.i(0) <= 0) return -Errno.EINVAL;
        return c.process.install(new Epoll(0), false, 0);
    }

    static long epollCreate1(Call c) {
        if ((c.i(0) & ~CLOEXEC) != 0) return -Errno.EINVAL;
        return c.process.install(new Epoll(0), (c.i(0) & CLOEXEC) != 0, 0);
    }

    private static Epoll epoll(LxFile f) {
        if (!(f instanceof Epoll e)) throw Errno.error(Errno.EINVAL);
        return e;
    }

    /**
     * epoll_ctl(2): struct epoll_event {u32 events; u64 data} packed (12 bytes); EBADF for either fd, EPERM
     * for a file without a poll operation (regular files, directories, /dev/null, zero, full, urandom), EINVAL for the epoll fd itself or a non-epoll
     * epfd, EPOLLEXCLUSIVE with bits it does not go with or nested, ELOOP for a cycle of instances.
     */
    static long epollCtl(Call c) {
        LxFile ef = c.file(0);
        LxFile f = c.fd(c.i(2));
        int op = c.i(1);
        int events = 0;
        long data = 0;
        if (op != Epoll.CTL_DEL) {
            c.check(c.a(3), 12, PROT_READ);
            events = c.mem.read32(c.a(3));
            data = c.mem.read64(c.a(3) + 4);
        }
        Stat st = f.stat();
        int type = st.mode() & Stat.S_IFMT;
        if (type == Stat.S_IFREG || type == Stat.S_IFDIR) return -Errno.EPERM;
        if (type == Stat.S_IFCHR && (st.rdev() == Stat.makedev(1, 3) || st.rdev() == Stat.makedev(1, 5)
                || st.rdev() == Stat.makedev(1, 7) || st.rdev() == Stat.makedev(1, 9))) {
            return -Errno.EPERM; // /dev/null, zero, full, urandom: no poll operation (/dev/random has one)
        }
        Epoll e = epoll(ef);
        if (f == ef) return -Errno.EINVAL;
        if ((events & Epoll.EPOLLEXCLUSIVE) != 0 && op == Epoll.CTL_ADD) {
            int allowed = Epoll.EPOLLEXCLUSIVE | Epoll.EPOLLET | Epoll.EPOLLWAKEUP | Epoll.EPOLLIN | Epoll.EPOLLOUT
                    | Epoll.EPOLLERR | Epoll.EPOLLHUP | LxFile.POLLRDNORM | LxFile.POLLWRNORM;
            if ((events & ~allowed) != 0 || f instanceof Epoll) return -Errno.EINVAL;
        }
        return e.control(op, c.i(2), f, events, data);
    }

    /** epoll_wait(2): timeout in milliseconds (negative: none); EINTR when a signal comes, never restarted. */
    static long epollWait(Call c) {
        int ms = c.i(3);
        return doWait(c, ms < 0 ? -1 : ms * 1_000_000L);
    }

    /** epoll_pwait(2): epoll_wait with a signal mask (sigsetsize 8) swapped in for the wait. */
    static long epollPwait(Call c) {
        int ms = c.i(3);
        return masked(c, ms < 0 ? -1 : ms * 1_000_000L);
    }

    /** epoll_pwait2(2): a struct timespec timeout (NULL: none). */
    static long epollPwait2(Call c) {
        long timeout = c.a(3) == 0 ? -1 : FdCalls.timespec(c, c.a(3));
        if (timeout == -2) return -Errno.EINVAL;
        return masked(c, timeout);
    }

    private static long masked(Call c, long timeout) {
        if (c.a(4) == 0) return doWait(c, timeout);
        epoll(c.file(0)); // EBADF, EINVAL before the mask is touched
        FdCalls.swapMask(c, c.a(4), c.a(5));
        long r;
        try {
            r = doWait(c, timeout);
        } catch (LinuxError x) {
            r = -x.errno;
        }
        c.thread.restoreSigmaskUnless(r == -Errno.EINTR);
        return r;
    }

    private static long doWait(Call c, long timeout) {
        int max = c.i(2);
        if (max <= 0 || max > Integer.MAX_VALUE / 12) return -Errno.EINVAL;
        long out = c.a(1);
        if (!c.mem.accessible(out, 12L * max, PROT_WRITE)) return -Errno.EFAULT;
        Epoll e = epoll(c.file(0));
        List<long[]> ready = new ArrayList<>();
        long r = FdCalls.await(c, timeout, w -> {
            ready.clear();
            return e.collect(w::ask, max, LxFile.readinessGeneration(), ready);
        });
        if (r <= 0) return r;
        for (int i = 0; i < ready.size(); i++) {
            c.mem.write32(out + 12L * i, (int) ready.get(i)[0]);
            c.mem.write64(out + 12L * i + 4, ready.get(i)[1]);
        }
        return ready.size();
    }

    // ---------------------------------------------------------------- timerfd

    private static final int TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

    /**
     * timerfd_create(2) on CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME (EPERM for the _ALARM clocks
     * without CAP_WAKE_ALARM, EINVAL for others); TFD_NONBLOCK, TFD_CLOEXEC.
     */
    static long timerfdCreate(Call c) {
        int clock = c.i(0), flags = c.i(1);
        if ((flags & ~(NONBLOCK | CLOEXEC)) != 0) return -Errno.EINVAL;
        switch (clock) {
            case TimeCalls.CLOCK_REALTIME, TimeCalls.CLOCK_MONOTONIC, TimeCalls.CLOCK_BOOTTIME -> { }
            case 8, 9 -> {
                return -Errno.EPERM;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        TimerFd t = new TimerFd(() -> TimeCalls.nanos(clock), TimerCalls.CLOCK, flags);
        return c.process.install(t, (flags & CLOEXEC) != 0, 0);
    }

    private static TimerFd timerfd(LxFile f) {
        if (!(f instanceof TimerFd t)) throw Errno.error(Errno.EINVAL);
        return t;
    }

    /**
     * timerfd_settime(2): struct itimerspec {it_interval, it_value} (EINVAL for a tv_nsec out of range);
     * TFD_TIMER_ABSTIME; TFD_TIMER_CANCEL_ON_SET is taken (the guest cannot set the clock, so it never
     * cancels); the old setting written to old_value when it is not NULL.
     */
    static long timerfdSettime(Call c) {
        LxFile f = c.file(0);
        int flags = c.i(1);
        if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0) return -Errno.EINVAL;
        c.check(c.a(2), 32, PROT_READ);
        long interval = FdCalls.timespec(c, c.a(2)), value = FdCalls.timespec(c, c.a(2) + 16);
        if (interval == -2 || value == -2) return -Errno.EINVAL;
        TimerFd t = timerfd(f);
        if (c.a(3) != 0) c.check(c.a(3), 32, PROT_WRITE);
        long[] old = t.set(value, value == 0 ? 0 : interval, (flags & TFD_TIMER_ABSTIME) != 0);
        if (c.a(3) != 0) itimerspec(c, c.a(3), old);
        return 0;
    }

    static long timerfdGettime(Call c) {
        TimerFd t = timerfd(c.file(0));
        c.check(c.a(1), 32, PROT_WRITE);
        itimerspec(c, c.a(1), t.get());
        return 0;
    }

    private static void itimerspec(Call c, long at, long[] v) {
        for (int i = 0; i < 2; i++) {
            c.mem.write64(at + 16L * i, v[i] / 1_000_000_000L);
            c.mem.write64(at + 16L * i + 8, v[i] % 1_000_000_000L);
        }
    }

    // ---------------------------------------------------------------- signalfd

    static long signalfd(Call c) {
        return makeSignalFd(c, 0);
    }

    /** signalfd4(2): SFD_NONBLOCK, SFD_CLOEXEC; fd -1 makes a signalfd, another fd must be one and gets the new mask. */
    static long signalfd4(Call c) {
        return makeSignalFd(c, c.i(3));
    }

    private static long makeSignalFd(Call c, int flags) {
        if ((flags & ~(NONBLOCK | CLOEXEC)) != 0 || c.a(2) != 8) return -Errno.EINVAL;
        c.check(c.a(1), 8, PROT_READ);
        long mask = c.mem.read64(c.a(1));
        if (c.i(0) != -1) {
            if (!(c.file(0) instanceof SignalFd s)) return -Errno.EINVAL;
            s.setMask(mask);
            return c.i(0);
        }
        return c.process.install(new SignalFd(mask, flags), (flags & CLOEXEC) != 0, 0);
    }
}
