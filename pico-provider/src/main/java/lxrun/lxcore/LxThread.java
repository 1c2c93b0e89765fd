package lxrun.lxcore;

import lxrun.runtime.ps.PicoThread;

/** Per-thread Linux state (lxcore's thread object): signal mask, clear_child_tid, robust list, altstack. */
public final class LxThread {
    public final LxProcess process;
    public volatile PicoThread pico;
    /** Blocked signals: bit (N-1) for signal N. */
    public volatile long sigmask;
    public long clearChildTid, robustList, robustListLen;
    public long altStack, altStackSize;
    public int altStackFlags = 2; // SS_DISABLE
    /** Signals sent to this thread and not yet delivered: bit (N-1). */
    public volatile long pending;
    final Signals.Queue pendingInfo = new Signals.Queue();
    /**
     * The mask to put back once a signal is delivered (or none is) on the way out of rt_sigsuspend, which
     * runs with a temporary mask (Linux's saved_sigmask and TIF_RESTORE_SIGMASK); valid while
     * {@code restoreSigmask}.
     */
    public long savedSigmask;
    public boolean restoreSigmask;
    /** The thread's name (PR_SET_NAME, at most 15 bytes), or null for its program's (exec resets it). */
    public volatile String comm;
    /** Signals rt_sigtimedwait waits for: they wake the thread though blocked (Linux's real_blocked swap). */
    public volatile long waitSet;

    /**
     * set_user_sigmask (rt_sigsuspend, ppoll, pselect6): blocks {@code mask} (never SIGKILL, SIGSTOP)
     * instead of the thread's own mask for a wait; the own mask comes back on the way out of the call,
     * after the delivery of a signal whose frame saves it (Signals.deliverPending).
     */
    public synchronized void swapSigmask(long mask) {
        savedSigmask = sigmask;
        restoreSigmask = true;
        sigmask = mask & ~Signals.UNBLOCKABLE;
    }

    /**
     * restore_saved_sigmask_unless: unless a signal interrupted the wait (EINTR), the own mask comes back
     * at once, so a signal only the temporary mask let through stays pending.
     */
    public synchronized void restoreSigmaskUnless(boolean interrupted) {
        if (restoreSigmask && !interrupted) {
            sigmask = savedSigmask;
            restoreSigmask = false;
        }
    }

    /** The Java thread while it waits in a system call that a signal may interrupt (guarded by this). */
    private Thread waiter;

    private static final ThreadLocal<LxThread> CURRENT = new ThreadLocal<>();

    /** The guest thread whose system call the calling Java thread is running (procfs's "self"), or null. */
    public static LxThread current() {
        return CURRENT.get();
    }

    /** Marks the calling Java thread as running this guest thread's system calls. */
    public void enter() {
        if (CURRENT.get() != this) CURRENT.set(this);
    }

    public LxThread(LxProcess process) {
        this.process = process;
    }

    /**
     * Runs a blocking wait that a signal sent to this thread interrupts (EINTR): the Java thread is
     * interrupted only inside it, so file channels never see a stray interrupt. Returns null if a
     * deliverable signal is already pending.
     */
    public <T> T interruptibly(java.util.concurrent.Callable<T> wait) throws InterruptedException {
        synchronized (this) {
            if (((pending | process.pending) & wanted()) != 0) throw new InterruptedException();
            waiter = Thread.currentThread();
        }
        try {
            return wait.call();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            synchronized (this) {
                waiter = null;
                Thread.interrupted();
            }
        }
    }

    /** The signals that interrupt this thread: those it does not block and those it waits for. */
    long wanted() {
        return ~sigmask | waitSet;
    }

    /**
     * Interrupts the thread's wait, if it is in one, and alerts it so that translated code it is running
     * stops for the signal (called with a signal made pending; Linux's signal_wake_up).
     */
    synchronized void wakeForSignal() {
        if (waiter != null && waiter != Thread.currentThread()) waiter.interrupt();
        PicoThread p = pico;
        if (p != null && p.javaThread() != Thread.currentThread()) process.pico.layer.alertThread(p);
    }

    public long tid() {
        return pico.id;
    }
}
