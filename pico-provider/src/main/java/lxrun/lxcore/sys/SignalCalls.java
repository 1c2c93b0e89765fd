package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess.SignalAction;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Signal state and sending: rt_sigaction(2), rt_sigprocmask(2), sigaltstack(2), kill(2), tgkill(2), rt_sigreturn(2). */
final class SignalCalls {
    private SignalCalls() {}

    static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

    /** rt_sigaction(2) with struct kernel_sigaction {handler, flags, restorer, mask}. */
    static long rtSigaction(Call c) {
        int sig = c.i(0);
        long act = c.a(1), old = c.a(2);
        if (c.a(3) != 8 || sig < 1 || sig > Signals.NSIG) return -Errno.EINVAL;
        if (act != 0 && (sig == Signals.SIGKILL || sig == Signals.SIGSTOP)) return -Errno.EINVAL;
        SignalAction next = null;
        if (act != 0) {
            c.check(act, 32, PROT_READ);
            next = new SignalAction(c.mem.read64(act), c.mem.read64(act + 8), c.mem.read64(act + 16),
                    c.mem.read64(act + 24) & ~Signals.UNBLOCKABLE);
        }
        SignalAction cur = c.process.actions[sig];
        if (old != 0) {
            c.check(old, 32, PROT_WRITE);
            c.mem.write64(old, cur.handler());
            c.mem.write64(old + 8, cur.flags());
            c.mem.write64(old + 16, cur.restorer());
            c.mem.write64(old + 24, cur.mask());
        }
        if (next != null) c.process.actions[sig] = next;
        return 0;
    }

    static long rtSigprocmask(Call c) {
        long set = c.a(1), old = c.a(2);
        if (c.a(3) != 8) return -Errno.EINVAL;
        LxThread t = c.thread;
        long mask = 0;
        if (set != 0) {
            c.check(set, 8, PROT_READ);
            mask = c.mem.read64(set);
            if (c.i(0) < SIG_BLOCK || c.i(0) > SIG_SETMASK) return -Errno.EINVAL;
        }
        if (old != 0) {
            c.check(old, 8, PROT_WRITE);
            c.mem.write64(old, t.sigmask);
        }
        if (set != 0) {
            synchronized (t) {
                t.sigmask = switch (c.i(0)) {
                    case SIG_BLOCK -> t.sigmask | mask;
                    case SIG_UNBLOCK -> t.sigmask & ~mask;
                    default -> mask;
                } & ~Signals.UNBLOCKABLE;
            }
        }
        return 0;
    }

    static final int SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 0x80000000, MINSIGSTKSZ = 2048;

    /**
     * sigaltstack(2) with stack_t {ss_sp, ss_flags, ss_size}, as do_sigaltstack: the old stack as it was
     * (flags SS_ONSTACK while running on it, SS_DISABLE without one); a new one is EPERM while on the
     * current one, EINVAL for a mode other than 0, SS_ONSTACK or SS_DISABLE (SS_AUTODISARM may be added),
     * ENOMEM below MINSIGSTKSZ; the old one is written after the change (EFAULT then, the change made).
     */
    static long sigaltstack(Call c) {
        LxThread t = c.thread;
        long ss = c.a(0), old = c.a(1), sp = c.cpu.r[lxrun.runtime.cpu.CpuState.RSP];
        boolean onStack = t.altStackSize != 0 && sp > t.altStack && sp - t.altStack <= t.altStackSize
                && (t.altStackFlags & SS_AUTODISARM) == 0;
        long oldSp = t.altStack, oldSize = t.altStackSize;
        int oldFlags = (oldSize == 0 ? SS_DISABLE : onStack ? SS_ONSTACK : 0) | (t.altStackFlags & SS_AUTODISARM);
        if (ss != 0) {
            c.check(ss, 24, PROT_READ);
            long newSp = c.mem.read64(ss), size = c.mem.read64(ss + 16);
            int flags = c.mem.read32(ss + 8), mode = flags & ~SS_AUTODISARM;
            if (onStack) return -Errno.EPERM;
            if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE) return -Errno.EINVAL;
            if (mode == SS_DISABLE) {
                newSp = 0;
                size = 0;
            } else if (size < MINSIGSTKSZ) {
                return -Errno.ENOMEM;
            }
            t.altStack = newSp;
            t.altStackSize = size;
            t.altStackFlags = mode == SS_DISABLE ? SS_DISABLE : flags & SS_AUTODISARM;
        }
        if (old != 0) {
            c.check(old, 24, PROT_WRITE);
            c.mem.write64(old, oldSp);
            c.mem.write32(old + 8, oldFlags);
            c.mem.write32(old + 12, 0);
            c.mem.write64(old + 16, oldSize);
        }
        return 0;
    }

    /**
     * kill(2): pid > 0 that process; 0 every process of the caller's process group; -1 every process but
     * the caller (there is no init among the guests); below -1 every process of group -pid. ESRCH when
     * none is there; signal 0 only checks. A zombie is still there: a signal to it succeeds and does nothing.
     */
    static long kill(Call c) {
        int pid = c.i(0), sig = c.i(1);
        if (sig < 0 || sig > Signals.NSIG) return -Errno.EINVAL;
        if (pid == Integer.MIN_VALUE) return -Errno.ESRCH;
        lxrun.lxcore.LxProcess self = c.process;
        long pgid = pid == 0 ? self.pgid : -(long) pid;
        java.util.function.Predicate<lxrun.lxcore.LxProcess> which = pid > 0 ? p -> p.pid() == pid
                : pid == -1 ? p -> p != self : p -> p.pgid == pgid;
        if (sig == 0) {
            for (var p : self.instance.processes()) if (p.endStatus() == -1 && which.test(p)) return 0;
        } else if (self.instance.signal(which, info(c, sig, Signals.SI_USER)) > 0) {
            return 0;
        }
        for (var p : self.instance.processes()) {
            for (var z : p.zombies()) if (which.test(z)) return 0;
        }
        return -Errno.ESRCH;
    }

    /** tgkill(2): thread tid of thread group tgid (EINVAL unless both are positive); ESRCH before a bad signal. */
    static long tgkill(Call c) {
        if (c.i(0) <= 0 || c.i(1) <= 0) return -Errno.EINVAL;
        return sendSpecific(c, c.i(0), c.i(1), c.i(2), info(c, c.i(2), Signals.SI_TKILL));
    }

    /** tkill(2): thread tid of any thread group. */
    static long tkill(Call c) {
        if (c.i(0) <= 0) return -Errno.EINVAL;
        return sendSpecific(c, 0, c.i(0), c.i(1), info(c, c.i(1), Signals.SI_TKILL));
    }

    /** The guest thread {@code tid} (of thread group {@code tgid} if positive), or null. */
    private static LxThread thread(Call c, int tgid, int tid) {
        for (var p : c.process.instance.processes()) {
            if (tgid > 0 && p.pid() != tgid) continue;
            for (var pt : p.pico.threads()) if (pt.id == tid && pt.context() instanceof LxThread lt) return lt;
        }
        return null;
    }

    /** do_send_specific: ESRCH when there is no such thread, then EINVAL for a bad signal; 0 only checks. */
    private static long sendSpecific(Call c, int tgid, int tid, int sig, Signals.Info info) {
        LxThread target = thread(c, tgid, tid);
        if (target == null) return -Errno.ESRCH;
        if (sig < 0 || sig > Signals.NSIG) return -Errno.EINVAL;
        if (sig != 0) Signals.send(target, info);
        return 0;
    }

    /**
     * The siginfo_t a sender gives rt_sigqueueinfo/rt_tgsigqueueinfo (its si_signo replaced by sig):
     * si_code, then si_addr (a fault's code) or si_pid, si_uid and si_value (si_status for SIGCHLD).
     */
    private static Signals.Info userInfo(Call c, int sig, long uinfo) {
        c.check(uinfo, 128, PROT_READ);
        int code = c.mem.read32(uinfo + 8);
        if (code > 0 && sig != Signals.SIGCHLD) return new Signals.Info(sig, code, c.mem.read64(uinfo + 16), 0, 0);
        long value = sig == Signals.SIGCHLD ? c.mem.read32(uinfo + 24) : c.mem.read64(uinfo + 24);
        return new Signals.Info(sig, code, 0, c.mem.read32(uinfo + 16), c.mem.read32(uinfo + 20), value);
    }

    /**
     * rt_sigqueueinfo(2) (sigqueue(3)): a process-directed signal with the caller's siginfo (a real-time
     * one queued with each value, in order); EPERM for a code that claims the kernel, kill or tkill as
     * the sender (si_code >= 0 or SI_TKILL) unless sent to the caller itself; ESRCH, then EINVAL.
     */
    static long rtSigqueueinfo(Call c) {
        int pid = c.i(0), sig = c.i(1);
        Signals.Info info = userInfo(c, sig, c.a(2));
        if ((info.code() >= 0 || info.code() == Signals.SI_TKILL) && pid != c.process.pid()) return -Errno.EPERM;
        LxThread target = pid > 0 ? thread(c, 0, pid) : null; // a thread's id names its thread group here
        if (target == null) return -Errno.ESRCH;
        if (sig < 0 || sig > Signals.NSIG) return -Errno.EINVAL;
        if (sig != 0) Signals.sendProcess(target.process, info, target.process == c.process ? c.thread : null);
        return 0;
    }

    /** rt_tgsigqueueinfo(2): as rt_sigqueueinfo to thread tid of thread group tgid (EINVAL unless both are positive). */
    static long rtTgsigqueueinfo(Call c) {
        int tgid = c.i(0), tid = c.i(1), sig = c.i(2);
        Signals.Info info = userInfo(c, sig, c.a(3));
        if (tgid <= 0 || tid <= 0) return -Errno.EINVAL;
        if ((info.code() >= 0 || info.code() == Signals.SI_TKILL) && tid != c.thread.tid()) return -Errno.EPERM;
        return sendSpecific(c, tgid, tid, sig, info);
    }

    private static Signals.Info info(Call c, int sig, int code) {
        return new Signals.Info(sig, code, 0, c.process.pid(), c.process.creds.ruid());
    }

    /**
     * rt_sigsuspend(2): waits with the mask replaced by {@code *mask} until a handler runs, then fails with
     * EINTR; the frame keeps the old mask, which sigreturn restores (the temporary one goes if no handler
     * ran, and the call is re-run).
     */
    static long rtSigsuspend(Call c) {
        if (c.a(1) != 8) return -Errno.EINVAL;
        c.check(c.a(0), 8, PROT_READ);
        LxThread t = c.thread;
        t.swapSigmask(c.mem.read64(c.a(0)));
        waitForSignal(t);
        return -Signals.ERESTARTNOHAND;
    }

    /** pause(2): waits until a signal runs a handler (EINTR) or ends the process. */
    static long pause(Call c) {
        waitForSignal(c.thread);
        return -Signals.ERESTARTNOHAND;
    }

    private static void waitForSignal(LxThread t) {
        try {
            t.interruptibly(() -> {
                Thread.sleep(Long.MAX_VALUE);
                return null;
            });
        } catch (InterruptedException e) {
            // a signal (or the thread's end): the dispatcher delivers it or re-runs the call
        }
    }

    /**
     * rt_sigtimedwait(2): takes a pending signal of {@code *set} (blocked, as callers block them) and
     * returns its number with its siginfo; waits up to {@code *timeout} (forever if null) for one:
     * EAGAIN when it runs out, EINTR when another signal interrupts.
     */
    static long rtSigtimedwait(Call c) {
        if (c.a(3) != 8) return -Errno.EINVAL;
        c.check(c.a(0), 8, PROT_READ);
        long set = c.mem.read64(c.a(0)) & ~Signals.UNBLOCKABLE, ts = c.a(2), infop = c.a(1), timeout = -1;
        if (ts != 0) {
            c.check(ts, 16, PROT_READ);
            long s = c.mem.read64(ts), ns = c.mem.read64(ts + 8);
            if (s < 0 || ns < 0 || ns >= 1_000_000_000L) return -Errno.EINVAL;
            timeout = s > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + ns;
        }
        LxThread t = c.thread;
        Signals.Info got = Signals.dequeue(t, set);
        boolean interrupted = false;
        if (got == null && timeout != 0) {
            long end = System.nanoTime() + timeout, limit = timeout;
            t.waitSet = set;
            try {
                t.interruptibly(() -> {
                    while (limit < 0) Thread.sleep(Long.MAX_VALUE);
                    for (long left; (left = end - System.nanoTime()) > 0; ) Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                    return null;
                });
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                t.waitSet = 0;
            }
            got = Signals.dequeue(t, set);
        }
        if (got == null) return interrupted ? -Errno.EINTR : -Errno.EAGAIN;
        if (infop != 0 && c.mem.accessible(infop, 128, PROT_WRITE)) Signals.writeSiginfo(c.mem, infop, got);
        return got.sig();
    }

    /** rt_sigpending(2): the blocked signals pending for the thread or its process. */
    static long rtSigpending(Call c) {
        long size = c.a(1);
        if (size > 8) return -Errno.EINVAL;
        c.check(c.a(0), size, PROT_WRITE);
        LxThread t = c.thread;
        long set = (t.pending | c.process.pending) & t.sigmask;
        for (int k = 0; k < size; k++) c.mem.write8(c.a(0) + k, (byte) (set >>> (8 * k)));
        return 0;
    }

    static long rtSigreturn(Call c) {
        return Signals.sigreturn(c.thread, c.cpu);
    }
}
