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
