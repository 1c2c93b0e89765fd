package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.Signals;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;

/** Process file descriptors: pidfd_open(2), pidfd_send_signal(2); waitid(P_PIDFD) reads them (ForkExecCalls). */
final class PidfdCalls {
    private PidfdCalls() {}

    static final int PIDFD_NONBLOCK = LxFile.O_NONBLOCK, PIDFD_THREAD = LxFile.O_EXCL;
    static final int PIDFD_SIGNAL_THREAD = 1, PIDFD_SIGNAL_THREAD_GROUP = 2, PIDFD_SIGNAL_PROCESS_GROUP = 4;

    /** An open pidfd ("anon_inode:[pidfd]"): readable once its process has ended (pidfd_poll). */
    static final class PidFd extends LxFile {
        final LxProcess process;

        PidFd(LxProcess process, int flags) {
            super("anon_inode:[pidfd]", LxFile.O_RDWR | flags);
            this.process = process;
        }

        @Override
        public Stat stat() {
            long now = System.currentTimeMillis() / 1000;
            return new Stat(15, 1, 1, 0600, 0, 0, 0, 0, 4096, 0, now, 0, now, 0, now, 0);
        }

        @Override
        public int poll(int events) {
            return process.endStatus() != -1 ? events & (POLLIN | POLLRDNORM) : 0;
        }

        @Override
        public boolean signalsReadiness() {
            return false; // a process's end does not announce itself to poll: its waits look again
        }
    }

    /** The process behind pidfd {@code fd}; EBADF when fd is not open or not a pidfd. */
    static LxProcess process(Call c, int fd) {
        if (c.fd(fd) instanceof PidFd p) return p.process;
        throw Errno.error(Errno.EBADF);
    }

    /** The process {@code pid} whose end is not yet reaped (a live one, or a zombie of a live parent), or null. */
    private static LxProcess find(Call c, int pid) {
        for (LxProcess p : c.process.instance.processes()) {
            if (p.pid() == pid) return p;
            for (LxProcess z : p.zombies()) if (z.pid() == pid) return z;
        }
        return null;
    }

    /**
     * pidfd_open(2): a close-on-exec descriptor of process pid; EINVAL for flags but PIDFD_NONBLOCK, a pid
     * of 0 or less, or a thread that does not lead its group (PIDFD_THREAD is not supported); ESRCH.
     */
    static long pidfdOpen(Call c) {
        int pid = c.i(0), flags = c.i(1);
        if ((flags & ~PIDFD_NONBLOCK) != 0 || pid <= 0) return -Errno.EINVAL;
        LxProcess p = find(c, pid);
        if (p == null) {
            for (LxProcess q : c.process.instance.processes()) if (q.pico.threads().stream().anyMatch(t -> t.id == pid)) return -Errno.EINVAL;
            return -Errno.ESRCH;
        }
        return c.process.install(new PidFd(p, flags), true, 0);
    }

    /**
     * pidfd_send_signal(2): sends sig to the pidfd's process as kill(2) does, or with the caller's
     * siginfo (its si_signo must be sig; a code claiming the kernel or kill needs the caller itself:
     * EPERM); to its leading thread under PIDFD_SIGNAL_THREAD, to its process group under
     * PIDFD_SIGNAL_PROCESS_GROUP; EINVAL for unknown or several of those flags, EBADF, ESRCH once the
     * process is reaped, then EINVAL for a bad signal.
     */
    static long pidfdSendSignal(Call c) {
        int sig = c.i(1), flags = c.i(3);
        long uinfo = c.a(2);
        if ((flags & ~(PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP)) != 0
                || Integer.bitCount(flags) > 1) {
            return -Errno.EINVAL;
        }
        LxProcess p = process(c, c.i(0));
        Signals.Info info = new Signals.Info(sig, Signals.SI_USER, 0, c.process.pid(), c.process.creds.ruid());
        if (uinfo != 0) {
            c.check(uinfo, 128, PROT_READ);
            if (c.mem.read32(uinfo) != sig) return -Errno.EINVAL;
            int code = c.mem.read32(uinfo + 8);
            if (p != c.process && (code >= 0 || code == Signals.SI_TKILL)) return -Errno.EPERM;
            info = new Signals.Info(sig, code, 0, c.mem.read32(uinfo + 16), c.mem.read32(uinfo + 20), c.mem.read64(uinfo + 24));
        }
        if (find(c, (int) p.pid()) != p) return -Errno.ESRCH;
        if (sig < 0 || sig > Signals.NSIG) return -Errno.EINVAL;
        if (sig == 0 || p.endStatus() != -1) return 0;
        if (flags == PIDFD_SIGNAL_PROCESS_GROUP) {
            long pgid = p.pgid;
            c.process.instance.signal(q -> q.pgid == pgid, info);
            return 0;
        }
        var leader = p.mainThread();
        if (flags == PIDFD_SIGNAL_THREAD && leader != null) Signals.send(leader, info);
        else Signals.sendProcess(p, info, p == c.process ? c.thread : null);
        return 0;
    }
}
