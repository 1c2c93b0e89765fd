package lxrun.lxcore.sys;

/**
 * One Linux system call: its number and name, the handler (null when lxrun has none) and how far it is
 * supported, and how strace shows its arguments and result (see {@link Strace}).
 */
public record Syscall(int number, String name, Handler handler, Support support, String args, char result) {
    /** A system call handler: returns the result for RAX (a negative errno on failure). */
    @FunctionalInterface
    public interface Handler {
        long call(Call c);
    }

    public enum Support {
        /** Behaves as on Linux for what guests use. */
        IMPLEMENTED,
        /** Handles the common cases; documented gaps return an error. */
        PARTIAL,
        /** Answers ENOSYS on purpose (the guest has a fallback, e.g. rseq). */
        ENOSYS,
        /** Not handled: ENOSYS. */
        NONE
    }
}
