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

    LxThread(LxProcess process) {
        this.process = process;
    }

    public long tid() {
        return pico.id;
    }
}
