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
    final Signals.Info[] pendingInfo = new Signals.Info[65];

    /** The mask pselect6/ppoll swapped out for their wait (Linux's saved_sigmask), while restoringSigmask. */
    private long savedSigmask;
    private volatile boolean restoringSigmask;

    /** set_user_sigmask: blocks {@code mask} (never SIGKILL, SIGSTOP) instead of the thread's mask for a wait. */
    public synchronized void swapSigmask(long mask) {
        savedSigmask = sigmask;
        restoringSigmask = true;
        sigmask = mask & ~((1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1)));
    }

    /**
     * restore_saved_sigmask_unless: after the wait the thread's own mask comes back at once; when a
     * signal interrupted it (EINTR), only after that signal's delivery, whose frame saves the own mask.
     */
    public synchronized void restoreSigmask(boolean interrupted) {
        if (restoringSigmask && !interrupted) {
            sigmask = savedSigmask;
            restoringSigmask = false;
        }
    }

    /** The mask a signal frame saves for sigreturn: the swapped-out one if a wait's signal is being delivered. */
    synchronized long frameSigmask() {
        if (!restoringSigmask) return sigmask;
        restoringSigmask = false;
        return savedSigmask;
    }

    /** On the way out of a system call, after signal delivery: a swapped-out mask no signal took back comes back. */
    public void restoreSavedSigmask() {
        if (restoringSigmask) restoreSigmask(false);
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
            if ((pending & ~sigmask) != 0) throw new InterruptedException();
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

    /** Interrupts the thread's wait, if it is in one (called with a signal made pending). */
    synchronized void wakeForSignal() {
        if (waiter != null && waiter != Thread.currentThread()) waiter.interrupt();
    }

    public long tid() {
        return pico.id;
    }
}
