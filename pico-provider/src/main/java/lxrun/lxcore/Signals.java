package lxrun.lxcore;

import lxrun.lxcore.LxProcess.SignalAction;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestFault;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.PicoProcess;

/**
 * Signals (signal(7)): numbers and names, default actions, the exception-to-signal mapping, process
 * termination, and delivery to guest handlers on an x86-64 rt_sigframe (arch/x86/kernel/signal.c).
 */
public final class Signals {
    private Signals() {}

    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
            SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
            SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
            SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGWINCH = 28, SIGSYS = 31, NSIG = 64;

    public static final long SA_SIGINFO = 4, SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000,
            SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000L, SA_RESTORER = 0x04000000;
    public static final int SI_USER = 0, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6, SI_KERNEL = 0x80;

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) return NAMES[sig];
        if (sig >= 32 && sig <= NSIG) return sig == 34 ? "SIGRTMIN" : "SIGRT_" + (sig - 34);
        return String.valueOf(sig);
    }

    public static long bit(int sig) {
        return 1L << (sig - 1);
    }

    /** SIGKILL and SIGSTOP: no mask, handler or wait set holds them (sigprocmask(2)). */
    public static final long UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);

    /** Signals whose default action is to do nothing. */
    public static boolean ignoredByDefault(int sig) {
        return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
    }

    /** The signals whose default action is to stop the process (signal(7)); SIGCONT takes them back. */
    public static final long STOP_SIGNALS = bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

    /**
     * Whether a stop signal's default action stops the process: SIGSTOP always, SIGTSTP, SIGTTIN and SIGTTOU
     * not in an orphaned process group, where Linux discards them (get_signal).
     */
    private static boolean stops(LxProcess p, int sig) {
        return sig == SIGSTOP || (STOP_SIGNALS & bit(sig)) != 0 && !p.orphanedGroup();
    }

    /**
     * What sending {@code sig} does before it is queued, whatever its action (prepare_signal): a stop signal
     * takes back pending SIGCONTs, SIGCONT pending stop signals, and SIGCONT continues a stopped process.
     */
    private static void prepare(LxProcess p, int sig) {
        if (sig == SIGCONT) p.resume();
        else if ((STOP_SIGNALS & bit(sig)) != 0) flush(p, bit(SIGCONT));
    }

    /** Takes the signals of {@code mask} back from the process's and its threads' pending sets. */
    public static void flush(LxProcess p, long mask) {
        synchronized (p.pendingInfo) {
            p.pending &= ~mask;
            p.pendingInfo.clear(mask);
        }
        for (var pt : p.pico.threads()) {
            if (pt.context() instanceof LxThread lt) {
                synchronized (lt) {
                    lt.pending &= ~mask;
                    lt.pendingInfo.clear(mask);
                }
            }
        }
    }

    public static final int SIGRTMIN = 32;

    /**
     * The siginfo of each pending signal (guarded by the owner's lock, whose pending bit for a signal is
     * set exactly while it holds one): a standard signal sent again while pending keeps its first siginfo
     * (legacy_queue); each real-time signal sent is queued, in order (signal(7) "Real-time signals").
     */
    static final class Queue {
        @SuppressWarnings("unchecked")
        private final java.util.ArrayDeque<Info>[] infos = new java.util.ArrayDeque[NSIG + 1];

        /** Queues {@code info}; the signal's pending bit. */
        long add(Info info) {
            int sig = info.sig();
            var q = infos[sig];
            if (q == null) q = infos[sig] = new java.util.ArrayDeque<>();
            if (sig >= SIGRTMIN || q.isEmpty()) q.add(info);
            return bit(sig);
        }

        /** Takes the first siginfo queued for {@code sig}. */
        Info take(int sig) {
            return infos[sig].poll();
        }

        /** The pending bit of {@code sig} if nothing is left of it, else 0. */
        long emptied(int sig) {
            var q = infos[sig];
            return q == null || q.isEmpty() ? bit(sig) : 0;
        }

        /** Removes that very siginfo; the bit to clear. */
        long remove(Info info) {
            var q = infos[info.sig()];
            return q != null && q.removeIf(i -> i == info) ? emptied(info.sig()) : 0;
        }

        void clear(long mask) {
            for (int sig = 1; sig <= NSIG; sig++) if ((mask & bit(sig)) != 0 && infos[sig] != null) infos[sig].clear();
        }
    }

    /** Whether an action ignores {@code sig}: SIG_IGN, or SIG_DFL of a signal whose default is to do nothing. */
    private static boolean ignores(SignalAction a, int sig) {
        return sig != SIGKILL && (a.handler() == SignalAction.SIG_IGN || a.handler() == SignalAction.SIG_DFL && ignoredByDefault(sig));
    }

    /**
     * The signal a synchronous guest exception raises, by its x86 exception vector (as the kernel's trap
     * handlers in arch/x86/kernel/traps.c map them): #PF → SIGSEGV, #UD → SIGILL, #DE/#MF/#XM → SIGFPE,
     * #BP/#DB → SIGTRAP, #GP → SIGSEGV (si_code SI_KERNEL).
     */
    public static int signalFor(GuestException e) {
        return switch (e.vector()) {
            case GuestException.UD -> SIGILL;
            case GuestException.DE, GuestException.MF, GuestException.XM -> SIGFPE;
            case GuestException.BP, GuestException.DB -> SIGTRAP;
            default -> SIGSEGV;
        };
    }

    /** si_code for an exception: SEGV_MAPERR/ACCERR for faults, ILL_ILLOPN, FPE_INTDIV, TRAP_BRKPT, else kernel. */
    static int codeFor(GuestException e, int sig) {
        if (e instanceof GuestFault f) return f.code;
        return switch (sig) {
            case SIGILL -> 2;   // ILL_ILLOPN
            case SIGFPE -> 1;   // FPE_INTDIV
            case SIGTRAP -> 1;  // TRAP_BRKPT
            default -> SI_KERNEL;
        };
    }

    /**
     * Ends the whole process with a wait status (exit code << 8, or the signal number). Does not return
     * when the calling thread is one of the process's (terminateProcess unwinds it); a signal sent to
     * another process (a parent killing its child, the terminal's keys) ends only that one, and the
     * sender goes on.
     */
    public static void exitProcess(LxProcess p, int waitStatus) {
        PicoProcess pico = p.pico;
        pico.layer.terminateProcess(pico, waitStatus);
        LxThread self = LxThread.current();
        if (self != null && self.process == p) throw new lxrun.runtime.ps.ThreadExit();
    }

    /**
     * Information about one signal, as siginfo_t carries it: for SI_TIMER {@code pid} is si_timerid,
     * {@code uid} si_overrun and {@code value} si_value.
     */
    public record Info(int sig, int code, long addr, long pid, int uid, long value) {
        public Info(int sig, int code, long addr, long pid, int uid) {
            this(sig, code, addr, pid, uid, 0);
        }
    }

    /**
     * Sends a signal to one thread (tgkill, tkill, raise). Ignored signals vanish; the fatal default
     * action ends the process at once unless the thread blocks the signal; otherwise it is made pending for
     * the thread, which is woken and alerted (see {@link #deliverPending}).
     */
    public static void send(LxThread t, Info info) {
        int sig = info.sig();
        prepare(t.process, sig);
        SignalAction a = t.process.actions[sig];
        boolean blocked = ((t.sigmask | t.waitSet) & bit(sig)) != 0;
        if (ignores(a, sig) && !blocked) return; // a blocked ignored signal is queued (sig_ignored)
        // a stopped process takes no signal but SIGKILL until it continues (wants_signal)
        if (a.handler() == SignalAction.SIG_DFL && !blocked && !t.process.stopped || sig == SIGKILL) {
            if ((STOP_SIGNALS & bit(sig)) != 0) {
                if (stops(t.process, sig)) t.process.stop(sig);
            } else {
                kill(t.process, info);
            }
            return;
        }
        synchronized (t) {
            t.pending |= t.pendingInfo.add(info);
            if ((t.wanted() & bit(info.sig())) != 0) t.wakeForSignal();
        }
        lxrun.lxcore.fs.LxFile.readinessChanged(); // a signalfd may have become readable
    }

    /**
     * Sends a process-directed signal (kill, SIGCHLD, SIGPIPE, timers), as Linux's complete_signal: it is
     * made pending for the process and the thread woken is {@code prefer} (or the first thread) if it does
     * not block the signal, else another thread that does not; with none, it stays pending until a thread
     * unblocks it. The fatal default action ends the process at once when some thread does not block it.
     */
    public static void sendProcess(LxProcess p, Info info, LxThread prefer) {
        int sig = info.sig();
        prepare(p, sig);
        SignalAction a = p.actions[sig];
        LxThread leader = p.mainThread();
        // a signal the leader blocks is queued even if ignored (sig_ignored looks at the task it is sent to)
        if (ignores(a, sig) && (leader == null || ((leader.sigmask | leader.waitSet) & bit(sig)) == 0)) return;
        LxThread target = prefer != null && (prefer.wanted() & bit(sig)) != 0 ? prefer : null;
        for (var pt : p.pico.threads()) {
            if (target == null && pt.context() instanceof LxThread lt && (lt.wanted() & bit(sig)) != 0) target = lt;
        }
        if (sig == SIGKILL || a.handler() == SignalAction.SIG_DFL && target != null && (target.sigmask & bit(sig)) == 0
                && !p.stopped) {
            if ((STOP_SIGNALS & bit(sig)) != 0) {
                if (stops(p, sig)) p.stop(sig);
            } else {
                kill(p, info);
            }
            return;
        }
        synchronized (p.pendingInfo) {
            p.pending |= p.pendingInfo.add(info);
        }
        lxrun.lxcore.fs.LxFile.readinessChanged(); // a signalfd may have become readable
        if (target != null) target.wakeForSignal();
    }

    /**
     * Takes back the signal {@code info} if it is still pending for thread {@code t} (or, null, for the
     * process): a deleted POSIX timer's (Linux's sigqueue_free of the timer's queued signal).
     */
    public static void withdraw(LxProcess p, LxThread t, Info info) {
        Object lock = t != null ? t : p.pendingInfo;
        synchronized (lock) {
            if (t != null) t.pending &= ~t.pendingInfo.remove(info);
            else p.pending &= ~p.pendingInfo.remove(info);
        }
    }

    /** Whether {@code sig} is pending for the thread or its process. */
    public static boolean isPending(LxThread t, int sig) {
        return ((t.pending | t.process.pending) & bit(sig)) != 0;
    }

    /**
     * Takes the lowest signal in {@code allowed} pending for the thread, else for its process (Linux's
     * dequeue_signal: private pending first, then shared); null if none.
     */
    public static Info dequeue(LxThread t, long allowed) {
        synchronized (t) {
            long ready = t.pending & allowed;
            if (ready != 0) {
                int sig = Long.numberOfTrailingZeros(ready) + 1;
                Info info = t.pendingInfo.take(sig);
                t.pending &= ~t.pendingInfo.emptied(sig);
                return info;
            }
        }
        LxProcess p = t.process;
        synchronized (p.pendingInfo) {
            long ready = p.pending & allowed;
            if (ready == 0) return null;
            int sig = Long.numberOfTrailingZeros(ready) + 1;
            Info info = p.pendingInfo.take(sig);
            p.pending &= ~p.pendingInfo.emptied(sig);
            return info;
        }
    }

    /** Terminates the process as the default action of a fatal signal (wait status = the signal). */
    public static void kill(LxProcess p, Info info) {
        LxInstance inst = p.instance;
        inst.trace("--- %s {si_signo=%s, si_code=%s%s} ---", name(info.sig()), name(info.sig()),
                codeName(info), info.sig() == SIGSEGV || info.sig() == SIGBUS
                        ? String.format(", si_addr=%s", info.addr() == 0 ? "NULL" : "0x" + Long.toHexString(info.addr()))
                        : info.code() <= 0 ? String.format(", si_pid=%d, si_uid=%d", info.pid(), info.uid()) : "");
        exitProcess(p, info.sig());
    }

    private static String codeName(Info i) {
        if (i.code() == SI_USER) return "SI_USER";
        if (i.code() == SI_TKILL) return "SI_TKILL";
        if (i.code() == SI_TIMER) return "SI_TIMER";
        if (i.code() == SI_QUEUE) return "SI_QUEUE";
        if (i.code() == SI_KERNEL) return "SI_KERNEL";
        if (i.sig() == SIGSEGV) return i.code() == 1 ? "SEGV_MAPERR" : i.code() == 2 ? "SEGV_ACCERR" : String.valueOf(i.code());
        if (i.sig() == SIGILL && i.code() == 2) return "ILL_ILLOPN";
        if (i.sig() == SIGFPE && i.code() == 1) return "FPE_INTDIV";
        if (i.sig() == SIGTRAP && i.code() == 1) return "TRAP_BRKPT";
        return String.valueOf(i.code());
    }

    /** A synchronous exception: deliver to the guest handler, or die of the default action. */
    public static boolean dispatchException(LxThread t, CpuState cpu, GuestException e) {
        int sig = signalFor(e);
        Info info = new Info(sig, codeFor(e, sig), e instanceof GuestFault f ? f.address : cpu.rip, 0, 0);
        SignalAction a = t.process.actions[sig];
        boolean blocked = (t.sigmask & bit(sig)) != 0;
        if (a.handler() == SignalAction.SIG_DFL || a.handler() == SignalAction.SIG_IGN || blocked) {
            // an instruction the translator cannot run is the user's to know about: one line naming it
            if (sig == SIGILL && e.getMessage() != null) t.process.instance.messages().println("lxrun: " + e.getMessage());
            kill(t.process, info); // as Linux's force_sig: a blocked or ignored synchronous signal is fatal
        }
        t.process.instance.trace("--- %s {si_signo=%s, si_code=%s} ---", name(sig), name(sig), codeName(info));
        if (!deliver(t, cpu, info, a)) kill(t.process, new Info(SIGSEGV, SI_KERNEL, 0, 0, 0));
        return true;
    }

    /**
     * Kernel-internal results of a system call a signal interrupted (include/linux/errno.h), never seen by
     * the guest: {@link #deliverPending} turns them into EINTR or restarts the call.
     */
    public static final int ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514;

    public static boolean restartable(long r) {
        return r <= -ERESTARTSYS && r >= -ERESTARTNOHAND;
    }

    /**
     * Delivers the lowest pending unblocked signal, if any: on the way out of system call {@code nr}
     * (-1 when the thread was alerted between instructions). An interrupted call's ERESTART* result
     * becomes EINTR for a handler, except that ERESTARTSYS under SA_RESTART and ERESTARTNOINTR re-run
     * it, as they do when no handler runs (arch/x86/kernel/signal.c handle_signal, arch_do_signal_or_restart):
     * RIP back over the syscall instruction, RAX the number again. rt_sigsuspend's temporary mask goes.
     */
    public static void deliverPending(LxThread t, CpuState cpu, long nr) {
        long r = nr >= 0 ? cpu.r[CpuState.RAX] : 0;
        Info info;
        if (t.process.stopped) t.process.parkWhileStopped();
        while ((info = dequeue(t, ~t.sigmask)) != null) {
            SignalAction a = t.process.actions[info.sig()];
            if (a.handler() == SignalAction.SIG_IGN) continue;
            if (a.handler() == SignalAction.SIG_DFL) {
                if ((STOP_SIGNALS & bit(info.sig())) != 0) {
                    if (stops(t.process, info.sig())) t.process.stop(info.sig()); // one blocked when it came
                    t.process.parkWhileStopped();
                } else if (!ignoredByDefault(info.sig())) {
                    kill(t.process, info);
                }
                continue;
            }
            if (restartable(r)) {
                if (r == -ERESTARTNOINTR || r == -ERESTARTSYS && (a.flags() & SA_RESTART) != 0) restart(cpu, nr);
                else cpu.r[CpuState.RAX] = -lxrun.lxcore.sys.Errno.EINTR;
            }
            t.process.instance.trace("--- %s {si_signo=%s, si_code=%s, si_pid=%d, si_uid=%d} ---", name(info.sig()),
                    name(info.sig()), codeName(info), info.pid(), info.uid());
            if (!deliver(t, cpu, info, a)) kill(t.process, new Info(SIGSEGV, SI_KERNEL, 0, 0, 0));
            return;
        }
        if (restartable(r)) restart(cpu, nr);
        synchronized (t) {
            if (t.restoreSigmask) t.sigmask = t.savedSigmask;
            t.restoreSigmask = false;
        }
    }

    private static void restart(CpuState cpu, long nr) {
        cpu.r[CpuState.RAX] = nr;
        cpu.rip -= 2;
    }

    // rt_sigframe layout (arch/x86/include/asm/sigframe.h, uapi/asm/sigcontext.h)
    static final int UC = 8, UC_STACK = UC + 16, UC_MCONTEXT = UC + 40, UC_SIGMASK = UC + 296, INFO = UC + 304,
            FRAME_SIZE = INFO + 128, FPSTATE_SIZE = 512;
    /** sigcontext register order: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp. */
    private static final int[] SC_REGS = {CpuState.R8, CpuState.R9, CpuState.R10, CpuState.R11, CpuState.R12,
        CpuState.R13, CpuState.R14, CpuState.R15, CpuState.RDI, CpuState.RSI, CpuState.RBP, CpuState.RBX,
        CpuState.RDX, CpuState.RAX, CpuState.RCX, CpuState.RSP};

    /** Builds the rt_sigframe on the guest stack and points the thread at the handler; false if it cannot. */
    static boolean deliver(LxThread t, CpuState cpu, Info info, SignalAction a) {
        GuestMemory mem = cpu.mem;
        long savedMask = t.restoreSigmask ? t.savedSigmask : t.sigmask; // sigreturn puts this mask back
        long sp = cpu.r[CpuState.RSP];
        boolean onAlt = (t.altStackFlags & 2) == 0 && t.altStackSize != 0 && (a.flags() & SA_ONSTACK) != 0
                && !(sp > t.altStack && sp <= t.altStack + t.altStackSize);
        if (onAlt) sp = t.altStack + t.altStackSize;
        else sp -= 128; // red zone
        long fp = (sp - FPSTATE_SIZE) & ~63L;
        long frame = ((fp - FRAME_SIZE) & ~15L) - 8;
        if (!mem.accessible(frame, fp + FPSTATE_SIZE - frame, GuestMemory.PROT_WRITE)) return false;
        if ((a.flags() & SA_RESTORER) == 0) return false; // x86-64 requires a restorer (libc always sets one)

        mem.fill(frame, fp + FPSTATE_SIZE - frame, (byte) 0);
        mem.write64(frame, a.restorer());
        mem.write64(frame + UC_STACK, t.altStack);
        mem.write32(frame + UC_STACK + 8, t.altStackFlags);
        mem.write64(frame + UC_STACK + 16, t.altStackSize);
        long sc = frame + UC_MCONTEXT;
        for (int i = 0; i < 16; i++) mem.write64(sc + 8L * i, cpu.r[SC_REGS[i]]);
        mem.write64(sc + 128, cpu.rip);
        mem.write64(sc + 136, cpu.rflags());
        mem.write16(sc + 144, 0x33); // cs
        mem.write16(sc + 150, 0x2b); // ss
        mem.write64(sc + 160, info.sig() == SIGSEGV ? 4 : 0); // err: user-mode fault
        mem.write64(sc + 168, info.sig() == SIGSEGV ? 14 : 0); // trapno (#PF)
        mem.write64(sc + 176, savedMask);
        mem.write64(sc + 184, info.sig() == SIGSEGV ? info.addr() : 0); // cr2
        mem.write64(sc + 192, fp);
        mem.write64(frame + UC_SIGMASK, savedMask);
        // fxsave image: FCW, MXCSR, XMM0-15
        mem.write16(fp, 0x37f);
        mem.write32(fp + 24, cpu.mxcsr);
        mem.write32(fp + 28, 0xffff);
        for (int i = 0; i < 32; i++) mem.write64(fp + 160 + 8L * i, cpu.xmm[i]);
        long si = frame + INFO;
        writeSiginfo(mem, si, info);

        cpu.r[CpuState.RDI] = info.sig();
        cpu.r[CpuState.RSI] = si;
        cpu.r[CpuState.RDX] = frame + UC;
        cpu.r[CpuState.RAX] = 0;
        cpu.r[CpuState.RSP] = frame;
        cpu.rip = a.handler();
        cpu.setRflags(cpu.rflags() & ~(0x400L | 0x100L)); // clear DF and TF
        synchronized (t) {
            t.sigmask |= a.mask() | ((a.flags() & SA_NODEFER) != 0 ? 0 : bit(info.sig()));
            t.sigmask &= ~UNBLOCKABLE;
            t.restoreSigmask = false;
        }
        if ((a.flags() & SA_RESETHAND) != 0) t.process.actions[info.sig()] = SignalAction.DEFAULT;
        return true;
    }

    /** Writes a siginfo_t (128 bytes): signo, code, then the address or the sender (or the timer). */
    public static void writeSiginfo(GuestMemory mem, long si, Info info) {
        mem.fill(si, 128, (byte) 0);
        mem.write32(si, info.sig());
        mem.write32(si + 8, info.code());
        if (info.sig() == SIGCHLD && info.code() > 0) { // _sigchld: pid, uid, status (utime, stime 0)
            mem.write32(si + 16, (int) info.pid());
            mem.write32(si + 20, info.uid());
            mem.write32(si + 24, (int) info.value());
        } else if (info.code() > 0) mem.write64(si + 16, info.addr());
        else {
            mem.write32(si + 16, (int) info.pid());
            mem.write32(si + 20, info.uid());
            mem.write64(si + 24, info.value()); // si_value of sigqueue and timers (0 for kill)
        }
    }

    /** rt_sigreturn(2): restores what {@link #deliver} saved; returns the restored RAX. */
    public static long sigreturn(LxThread t, CpuState cpu) {
        GuestMemory mem = cpu.mem;
        long frame = cpu.r[CpuState.RSP] - 8;
        long sc = frame + UC_MCONTEXT;
        if (!mem.accessible(frame, FRAME_SIZE, GuestMemory.PROT_READ)) {
            kill(t.process, new Info(SIGSEGV, SI_KERNEL, 0, 0, 0));
        }
        for (int i = 0; i < 16; i++) cpu.r[SC_REGS[i]] = mem.read64(sc + 8L * i);
        cpu.rip = mem.read64(sc + 128);
        long flags = mem.read64(sc + 136);
        cpu.setRflags((cpu.rflags() & ~0x40dd5L) | (flags & 0x40dd5L));
        long fp = mem.read64(sc + 192);
        if (fp != 0 && mem.accessible(fp, FPSTATE_SIZE, GuestMemory.PROT_READ)) {
            cpu.mxcsr = mem.read32(fp + 24);
            for (int i = 0; i < 32; i++) cpu.xmm[i] = mem.read64(fp + 160 + 8L * i);
        }
        synchronized (t) {
            t.sigmask = mem.read64(frame + UC_SIGMASK) & ~UNBLOCKABLE;
        }
        return cpu.r[CpuState.RAX];
    }
}
