package lxrun.lxcore;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.sys.Errno;
import lxrun.nt.ob.HandleTable;
import lxrun.nt.ob.NtObject;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.PicoProcess;

/**
 * A Linux thread group (lxcore's process object; the pico process's context): fd table (the NT handle
 * table), cwd, umask, heap, signal actions and the executable's path.
 */
public final class LxProcess {
    /** Lowest address the mmap area may reach and where it starts (growing down). */
    public static final long MMAP_FLOOR = 0x10000L, MMAP_TOP = 0xE00000000L;
    public static final int RLIMIT_NOFILE = 1024;
    /** The guest's user and group: the user who runs lxrun (as under qemu-user), so files keep their real owners. */
    public static final int UID = lxrun.lxcore.fs.Host.call("getuid"), GID = lxrun.lxcore.fs.Host.call("getgid");

    /**
     * A process's credentials (credentials(7)): real, effective, saved set and file-system user and group
     * ids and the supplementary groups (sorted, as Linux keeps them). Immutable: the set*id calls replace
     * the whole record, and fork(2) shares it with the child.
     */
    public record Credentials(int ruid, int euid, int suid, int fsuid, int rgid, int egid, int sgid, int fsgid, int[] groups) {
        /** The host user's own ids: the guest is the user who runs lxrun. */
        public static final Credentials HOST = host();

        private static Credentials host() {
            byte[] r = new byte[4], e = new byte[4], s = new byte[4];
            lxrun.lxcore.fs.Host.call("getresuid", r, e, s);
            int ruid = le32(r, 0), euid = le32(e, 0), suid = le32(s, 0);
            lxrun.lxcore.fs.Host.call("getresgid", r, e, s);
            int rgid = le32(r, 0), egid = le32(e, 0), sgid = le32(s, 0);
            int n = Math.max(0, lxrun.lxcore.fs.Host.call("getgroups", 0, new byte[4]));
            byte[] list = new byte[4 * Math.max(1, n)];
            n = Math.max(0, lxrun.lxcore.fs.Host.call("getgroups", n, list));
            int[] groups = new int[n];
            for (int i = 0; i < n; i++) groups[i] = le32(list, 4 * i);
            return new Credentials(ruid, euid, suid, euid, rgid, egid, sgid, egid, groups);
        }

        private static int le32(byte[] b, int at) {
            return java.nio.ByteBuffer.wrap(b, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    /** This process's credentials: inherited across fork(2) and execve(2), changed by the set*id calls. */
    public volatile Credentials creds;

    public final LxInstance instance;
    public final HandleTable handles;
    public volatile PicoProcess pico;
    /** The running program (an exec changes it): /proc/self/exe. */
    public volatile String exePath;
    /**
     * The process that forked this one, or, once that one has ended, the nearest live ancestor that is a
     * child subreaper (PR_SET_CHILD_SUBREAPER); null for a process started from the host or an orphan
     * (its parent is then the session's init outside the guest). Changes under {@link #TREE}.
     */
    public volatile LxProcess parent;
    /** Serializes the ends of processes: reparenting and the parent's notification (the tasklist lock). */
    private static final Object TREE = new Object();
    /** Children not yet reaped by wait4/waitid (guarded by itself; waiters wait on it). */
    final java.util.List<LxProcess> children = new java.util.ArrayList<>();
    /** The wait status once the process has ended (a zombie until its parent reaps it), else -1. */
    volatile int endStatus = -1;
    /** Released when a vfork child execs or ends: its parent waits for that (CLONE_VFORK). */
    final java.util.concurrent.CountDownLatch vforkDone = new java.util.concurrent.CountDownLatch(1);
    /** System.nanoTime() when the process was created (fork, not exec): /proc/pid/stat's starttime. */
    public final long startNanos = System.nanoTime();
    /**
     * Process group and session (credentials(7)): a child inherits both across fork(2), setpgid(2) moves a
     * process to another group of its session, setsid(2) makes a new session and group led by the caller.
     */
    public volatile long pgid, sid;
    /** Whether lxrun's terminal is the controlling terminal (inherited across fork; setsid(2) loses it). */
    public volatile boolean ctty;
    /** An execve(2) has succeeded since the fork: its parent may no longer setpgid(2) it (EACCES). */
    public volatile boolean execed;
    public volatile String cwd = "/";
    public volatile int umask = 022;
    public long brkStart, brkEnd;
    public final SignalAction[] actions = new SignalAction[65];
    /** Process-directed signals no thread has taken yet: bit (N-1) (guarded by {@code pendingInfo}). */
    public volatile long pending;
    final Signals.Queue pendingInfo = new Signals.Queue();
    /** The interval timers (TimerCalls): not inherited by a fork, kept across exec, cancelled at the end. */
    public volatile AutoCloseable timers;
    /** The SysV semaphore undo list (SemCalls): not inherited by a fork, kept across exec, applied at the end. */
    public volatile AutoCloseable semUndo;
    /**
     * prctl(2) state: the signal this process gets when its parent ends (PR_SET_PDEATHSIG; a fork's child
     * starts without), whether it may dump core (PR_SET_DUMPABLE; exec makes it 1 again), whether it is a
     * child subreaper and has no_new_privs (both kept by fork and exec; Linux keeps no_new_privs per thread).
     */
    public volatile int pdeathSignal, dumpable = 1;
    public volatile boolean childSubreaper, noNewPrivs;
    /** The nice value (setpriority(2)) and the scheduling policy and priority (sched_setscheduler(2)), inherited by fork. */
    public volatile int nice, schedPolicy, schedPriority;
    /**
     * The resource limits {soft, hard} of getrlimit(2), by resource (RLIM_NLIMITS of them): inherited by
     * fork and kept by exec (guarded by the array). RLIMIT_STACK 8 MiB soft, RLIMIT_CORE 0 soft,
     * RLIMIT_NOFILE 1024, the others unlimited.
     */
    public final long[][] rlimits = new long[RLIM_NLIMITS][];
    public static final int RLIM_NLIMITS = 16, RLIMIT_STACK = 3, RLIMIT_CORE = 4, RLIMIT_NOFILE_ID = 7;

    /** The soft RLIMIT_NOFILE: every descriptor is below it (EMFILE, dup2's EBADF, F_DUPFD's and poll's EINVAL). */
    public int nofile() {
        synchronized (rlimits) {
            return (int) Math.min(rlimits[RLIMIT_NOFILE_ID][0] & Long.MAX_VALUE, Integer.MAX_VALUE);
        }
    }
    /** The instance's futex queues (shared futexes reach other processes). */
    public final Futexes futexes;
    /** MAP_SHARED file mappings, written back at msync, munmap and exit. */
    public final SharedMappings shared = new SharedMappings();

    /** A signal disposition as rt_sigaction stores it (struct kernel_sigaction). */
    public record SignalAction(long handler, long flags, long restorer, long mask) {
        public static final long SIG_DFL = 0, SIG_IGN = 1;
        public static final SignalAction DEFAULT = new SignalAction(SIG_DFL, 0, 0, 0);
    }

    LxProcess(LxInstance instance, HandleTable handles, String exePath, LxProcess parent) {
        this.instance = instance;
        this.handles = handles;
        this.exePath = exePath;
        this.parent = parent;
        this.futexes = instance.futexes;
        this.creds = parent != null ? parent.creds : Credentials.HOST;
        if (parent != null) {
            pgid = parent.pgid;
            sid = parent.sid;
            ctty = parent.ctty;
            dumpable = parent.dumpable;
            noNewPrivs = parent.noNewPrivs;
            nice = parent.nice;
            schedPolicy = parent.schedPolicy;
            schedPriority = parent.schedPriority;
        }
        java.util.Arrays.fill(actions, SignalAction.DEFAULT);
        for (int r = 0; r < RLIM_NLIMITS; r++) {
            rlimits[r] = parent != null ? parent.rlimits[r].clone() : switch (r) {
                case RLIMIT_STACK -> new long[] {8L << 20, -1};
                case RLIMIT_CORE -> new long[] {0, -1};
                case RLIMIT_NOFILE_ID -> new long[] {RLIMIT_NOFILE, RLIMIT_NOFILE};
                default -> new long[] {-1, -1};
            };
        }
        // POSIX record locks belong to the fd table and go when it closes any fd of their file (fcntl(2));
        // every close is the file's flush too (mq_notify's registration ends at one by its owner)
        handles.onClose(o -> {
            if (o instanceof LxFile f) {
                lxrun.lxcore.fs.FileLocks.closed(handles, f);
                f.flush(this);
            }
        });
    }

    public long pid() {
        return pico.id;
    }

    /** The address space (an exec replaces it). */
    public GuestMemory memory() {
        return pico.memory;
    }

    /**
     * The process has ended with {@code waitStatus}: it stays a zombie until its parent reaps it with
     * wait4/waitid (at once if the parent ignores SIGCHLD), the parent's waiters wake and it gets SIGCHLD.
     */
    void ended(int waitStatus) {
        vforkDone.countDown();
        synchronized (TREE) {
            reparentChildren();
            LxProcess pa = parent;
            if (pa == null) {
                endStatus = waitStatus;
                return;
            }
            notifyEnd(pa, waitStatus);
        }
    }

    /**
     * forget_original_parent: the children still running get their PR_SET_PDEATHSIG signal, and every
     * child (running or a zombie) moves to the nearest live ancestor that is a child subreaper, which a
     * zombie notifies with SIGCHLD; without one, to init, which reaps the zombies.
     */
    private void reparentChildren() {
        LxProcess reaper = parent;
        while (reaper != null && !(reaper.childSubreaper && reaper.endStatus == -1)) reaper = reaper.parent;
        java.util.List<LxProcess> orphans;
        synchronized (children) {
            orphans = new java.util.ArrayList<>(children);
            children.clear();
        }
        for (LxProcess ch : orphans) {
            int sig = ch.pdeathSignal;
            if (sig != 0 && ch.endStatus == -1) Signals.sendProcess(ch, new Signals.Info(sig, Signals.SI_USER, 0, pid(), creds.ruid()), null);
            ch.parent = reaper;
            if (reaper == null) continue;
            synchronized (reaper.children) {
                reaper.children.add(ch);
                if (ch.endStatus != -1) {
                    boolean exited = (ch.endStatus & 0x7f) == 0;
                    Signals.sendProcess(reaper, new Signals.Info(Signals.SIGCHLD, exited ? CLD_EXITED : CLD_KILLED, 0, ch.pid(),
                            ch.creds.ruid(), exited ? ch.endStatus >> 8 & 0xff : ch.endStatus & 0x7f), null);
                }
                reaper.children.notifyAll();
            }
        }
    }

    /** The parent's part of the end: SIGCHLD and the zombie, or the child gone at once if the parent does not wait. */
    private void notifyEnd(LxProcess pa, int waitStatus) {
        // SIGCHLD is queued in the same step that makes the zombie visible, as Linux's exit_notify does
        // under the tasklist lock: a parent woken by the signal in wait4 finds the child (see waitChild)
        synchronized (pa.children) {
            boolean exited = (waitStatus & 0x7f) == 0;
            Signals.sendProcess(pa, new Signals.Info(Signals.SIGCHLD, exited ? CLD_EXITED : CLD_KILLED, 0, pid(),
                    creds.ruid(), exited ? waitStatus >> 8 & 0xff : waitStatus & 0x7f), null);
            endStatus = waitStatus;
            SignalAction a = pa.actions[Signals.SIGCHLD];
            if (a.handler() == SignalAction.SIG_IGN || (a.flags() & SA_NOCLDWAIT) != 0) pa.children.remove(this);
            pa.children.notifyAll();
        }
    }

    static final long SA_NOCLDSTOP = 1, SA_NOCLDWAIT = 2;
    public static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_STOPPED = 5, CLD_CONTINUED = 6;
    public static final int WNOHANG = 1, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000;

    // Job control (signal(7) "Stopping and continuing"): stopped changes under stopLock, the reports under
    // the parent's children lock (its waiters wait on it), taken in that order.
    private final Object stopLock = new Object();
    /** Stopped by a stop signal until SIGCONT (SIGNAL_STOP_STOPPED): its threads park at their next check. */
    public volatile boolean stopped;
    /** The stop signal a WUNTRACED wait has still to report, 0 if none (signal->group_exit_code). */
    private int stopReport;
    /** A WCONTINUED wait has still to report a continue (SIGNAL_STOP_CONTINUED). */
    private boolean continueReport;

    private Object reportLock() {
        LxProcess pa = parent;
        return pa != null ? pa.children : stopLock;
    }

    /**
     * The default action of stop signal {@code sig} (do_signal_stop): the process stops, pending SIGCONTs
     * go; each thread stops at its next system call exit or alert check (a thread blocked in a call keeps
     * waiting and stops when the call ends, as a restarted call would go on). Once its running threads
     * have parked (as Linux's group stop completes), or after {@link #STOP_SETTLE_MS} if one does not (it is
     * blocked in a call), the parent's WUNTRACED waiters find it and the parent gets SIGCHLD with
     * CLD_STOPPED unless its action has SA_NOCLDSTOP.
     */
    public void stop(int sig) {
        synchronized (reportLock()) {
            synchronized (stopLock) {
                if (stopped || pico.hasExited()) return;
                stopped = true;
            }
            Signals.flush(this, Signals.bit(Signals.SIGCONT));
            continueReport = false;
        }
        for (var t : pico.threads()) pico.layer.alertThread(t);
        LxThread self = LxThread.current();
        int others = pico.threads().size() - (self != null && self.process == this ? 1 : 0);
        synchronized (stopLock) {
            long until = System.nanoTime() + STOP_SETTLE_MS * 1_000_000L;
            while (stopped && parked < others && !pico.hasExited()) {
                long left = until - System.nanoTime();
                if (left <= 0) break;
                try {
                    stopLock.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        synchronized (reportLock()) {
            if (!stopped) return; // continued meanwhile: the continue is what the parent hears of
            stopReport = sig;
            instance.trace("--- stopped by %s ---", Signals.name(sig));
            notifyParent(CLD_STOPPED, sig);
        }
    }

    /** How long a stop waits for its process's threads to park before it is reported anyway. */
    private static final long STOP_SETTLE_MS = 100;
    /** Threads parked in {@link #parkWhileStopped} (guarded by stopLock). */
    private int parked;

    /**
     * SIGCONT's effect when it is sent, whatever its action or mask (prepare_signal): pending stop signals
     * go and a stopped process continues, its parent's WCONTINUED waiters find it and the parent gets
     * SIGCHLD with CLD_CONTINUED unless its action has SA_NOCLDSTOP.
     */
    public void resume() {
        synchronized (reportLock()) {
            Signals.flush(this, Signals.STOP_SIGNALS);
            synchronized (stopLock) {
                if (!stopped) return;
                stopped = false;
                stopLock.notifyAll();
            }
            stopReport = 0;
            continueReport = true;
            notifyParent(CLD_CONTINUED, Signals.SIGCONT);
        }
    }

    /** do_notify_parent_cldstop: SIGCHLD unless SA_NOCLDSTOP, and the parent's waiters wake (the caller holds its children lock). */
    private void notifyParent(int code, int status) {
        LxProcess pa = parent;
        if (pa == null) return;
        if ((pa.actions[Signals.SIGCHLD].flags() & SA_NOCLDSTOP) == 0) {
            Signals.sendProcess(pa, new Signals.Info(Signals.SIGCHLD, code, 0, pid(), creds.ruid(), status), null);
        }
        pa.children.notifyAll();
    }

    /** A thread of a stopped process waits here until SIGCONT, or ends with the process (SIGKILL). */
    public void parkWhileStopped() {
        synchronized (stopLock) {
            parked++;
            stopLock.notifyAll(); // stop() waits for the threads to park before reporting
            try {
                while (stopped && !pico.hasExited()) {
                    try {
                        stopLock.wait();
                    } catch (InterruptedException e) {
                        // terminateThread interrupts: the loop sees the end of the process
                    }
                }
            } finally {
                parked--;
            }
        }
        if (pico.hasExited()) throw new lxrun.runtime.ps.ThreadExit();
    }

    /**
     * Whether this process's group is orphaned (is_current_pgrp_orphaned): no live member has a live
     * parent in another group of the same session. A process started from the host counts as having none
     * (as natively under a runner that starts it in a session of its own), so the keyboard's and kill's
     * SIGTSTP, SIGTTIN and SIGTTOU stop only the jobs a guest's own shell or program made.
     */
    public boolean orphanedGroup() {
        for (LxProcess q : instance.processes()) {
            if (q.pgid != pgid || q.endStatus != -1) continue;
            LxProcess pa = q.parent;
            if (pa != null && pa.endStatus == -1 && pa.pgid != pgid && pa.sid == q.sid) return false;
        }
        return true;
    }

    /** The children ended and not yet reaped (kill(2) still finds them: 0, with no effect). */
    public java.util.List<LxProcess> zombies() {
        synchronized (children) {
            return children.stream().filter(ch -> ch.endStatus != -1).toList();
        }
    }

    /**
     * What wait4/waitid found: the child and the status it reports (an exit's wait status, (sig << 8) |
     * 0x7f for a stop, 0xffff for a continue).
     */
    public record WaitReport(LxProcess child, int status) {
        public boolean stopped() {
            return (status & 0xff) == 0x7f;
        }

        public boolean continued() {
            return status == 0xffff;
        }
    }

    /**
     * wait4/waitid's core (wait_consider_task): among the children {@code pid} selects (as wait4's pid:
     * that child if positive, any child if -1, the children in process group -pid if below -1), the first
     * that has ended (with WEXITED; reaped unless WNOWAIT), has stopped (WSTOPPED) or continued
     * (WCONTINUED) since the last report (taken unless WNOWAIT); null under WNOHANG with none; waits
     * otherwise (a signal for {@code waiter} interrupts: InterruptedException). ECHILD if no child matches.
     */
    public WaitReport waitChild(long pid, int options, LxThread waiter) throws InterruptedException {
        boolean interrupted = false, keep = (options & WNOWAIT) != 0;
        synchronized (children) {
            while (true) {
                boolean any = false;
                for (LxProcess ch : children) {
                    if (pid > 0 && ch.pid() != pid || pid < -1 && ch.pgid != -pid) continue;
                    any = true;
                    if (ch.endStatus != -1) {
                        if ((options & WEXITED) == 0) continue;
                        if (!keep) children.remove(ch);
                        return new WaitReport(ch, ch.endStatus);
                    }
                    if ((options & WSTOPPED) != 0 && ch.stopReport != 0) {
                        int sig = ch.stopReport;
                        if (!keep) ch.stopReport = 0;
                        return new WaitReport(ch, sig << 8 | 0x7f);
                    }
                    if ((options & WCONTINUED) != 0 && ch.continueReport) {
                        if (!keep) ch.continueReport = false;
                        return new WaitReport(ch, 0xffff);
                    }
                }
                if (!any) throw Errno.error(Errno.ECHILD);
                if ((options & WNOHANG) != 0) return null;
                if (interrupted) throw new InterruptedException();
                try {
                    waiter.interruptibly(() -> {
                        children.wait();
                        return null;
                    });
                } catch (InterruptedException e) {
                    interrupted = true; // one more look: the signal may come with the child's end
                }
            }
        }
    }

    /** CLONE_VFORK: the parent waits until this child execs or ends (a signal to the parent ends the wait early). */
    public void awaitExecOrExit() {
        try {
            vforkDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The wait status of an ended process. */
    public int endStatus() {
        return endStatus;
    }

    /** The thread that receives process-directed signals: the first one still running. */
    public LxThread mainThread() {
        for (var t : pico.threads()) if (t.context() instanceof LxThread lt) return lt;
        return null;
    }

    public lxrun.lxcore.vfs.Vfs vfs() {
        return instance.vfs();
    }

    /** Wait status of the process when its last thread ends with exit(2) (not exit_group). */
    public volatile int threadExitStatus;

    /** The open file behind {@code fd} with a new reference the caller drops; EBADF if none. */
    public LxFile referenceFile(int fd) {
        synchronized (handles) {
            if (handles.get(fd) instanceof LxFile f) {
                f.reference();
                return f;
            }
        }
        throw Errno.error(Errno.EBADF);
    }

    /** The open file behind {@code fd}; EBADF if none. */
    public LxFile file(int fd) {
        NtObject o = handles.get(fd);
        if (o instanceof LxFile f) return f;
        throw Errno.error(Errno.EBADF);
    }

    /**
     * Installs a newly created file at the lowest free fd not below {@code min} and drops the creation
     * reference, so the file lives exactly as long as its handles. EMFILE when the table is full.
     */
    public int install(LxFile f, boolean cloexec, int min) {
        int fd = handles.insert(f, cloexec ? HandleTable.INHERIT_NOT : 0, min, nofile());
        f.dereference();
        if (fd < 0) throw Errno.error(Errno.EMFILE);
        return fd;
    }
}
