package lxrun.lxcore.sys;

/** Ends a system call handler with an errno; the dispatcher returns it as -errno. No stack trace. */
public final class LinuxError extends RuntimeException {
    public final int errno;

    public LinuxError(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }
}
