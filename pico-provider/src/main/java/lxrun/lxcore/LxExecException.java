package lxrun.lxcore;

/** A program that cannot be started: the errno execve would return, and a one-line message for the user. */
public final class LxExecException extends Exception {
    public final int errno;

    public LxExecException(int errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }
}
