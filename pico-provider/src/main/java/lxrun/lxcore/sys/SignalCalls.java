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
    private static final long UNBLOCKABLE = Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP);

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
                    c.mem.read64(act + 24) & ~UNBLOCKABLE);
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
                } & ~UNBLOCKABLE;
            }
        }
        return 0;
    }

    /** sigaltstack(2): stack_t {ss_sp, ss_flags, ss_size}. */
    static long sigaltstack(Call c) {
        LxThread t = c.thread;
        long ss = c.a(0), old = c.a(1);
        if (old != 0) {
            c.check(old, 24, PROT_WRITE);
            c.mem.write64(old, t.altStack);
            c.mem.write32(old + 8, t.altStackFlags);
            c.mem.write32(old + 12, 0);
            c.mem.write64(old + 16, t.altStackSize);
        }
        if (ss != 0) {
            c.check(ss, 24, PROT_READ);
            int flags = c.mem.read32(ss + 8);
            if ((flags & ~(2 | 0x80000000)) != 0) return -Errno.EINVAL;
            if ((flags & 2) != 0) {
                t.altStack = 0;
                t.altStackSize = 0;
                t.altStackFlags = 2;
            } else {
                long size = c.mem.read64(ss + 16);
                if (size < 2048) return -Errno.ENOMEM;
                t.altStack = c.mem.read64(ss);
                t.altStackSize = size;
                t.altStackFlags = 0;
            }
        }
        return 0;
    }

    /**
     * kill(2): pid > 0 that process; 0 every process of the caller's process group; -1 every process but
     * the caller (there is no init among the guests); below -1 every process of group -pid. ESRCH when
     * none is there; signal 0 only checks.
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
            return -Errno.ESRCH;
        }
        return self.instance.signal(which, info(c, sig, Signals.SI_USER)) > 0 ? 0 : -Errno.ESRCH;
    }

    static long tgkill(Call c) {
        if (c.i(0) != c.process.pid()) return -Errno.ESRCH;
        return threadKill(c, c.i(1), c.i(2));
    }

    static long tkill(Call c) {
        return threadKill(c, c.i(0), c.i(1));
    }

    private static long threadKill(Call c, int tid, int sig) {
        if (sig < 0 || sig > Signals.NSIG || tid <= 0) return -Errno.EINVAL;
        LxThread target = null;
        for (var pt : c.process.pico.threads()) {
            if (pt.id == tid && pt.context() instanceof LxThread lt) target = lt;
        }
        if (target == null) return -Errno.ESRCH;
        if (sig != 0) Signals.send(target, info(c, sig, Signals.SI_TKILL));
        return 0;
    }

    private static Signals.Info info(Call c, int sig, int code) {
        return new Signals.Info(sig, code, 0, c.process.pid(), ProcessCalls.UID);
    }

    static long rtSigreturn(Call c) {
        return Signals.sigreturn(c.thread, c.cpu);
    }
}
