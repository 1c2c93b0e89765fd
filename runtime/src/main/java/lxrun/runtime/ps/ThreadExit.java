package lxrun.runtime.ps;

/**
 * Unwinds a guest thread out of translated code back to the dispatch loop, which then ends it.
 * Thrown by the provider (exit, exit_group, a fatal signal) or by PicoRoutines.terminateThread.
 */
public final class ThreadExit extends RuntimeException {
    public ThreadExit() {
        super(null, null, false, false);
    }
}
