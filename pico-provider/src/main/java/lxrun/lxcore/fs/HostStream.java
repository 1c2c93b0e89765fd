package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.sys.Errno;

/**
 * A host file descriptor given to the guest as it is: one lxrun was started with (its stdin, stdout,
 * stderr and every other inherited descriptor: a terminal, pipe, socket or file), or a host terminal
 * the guest opened (/dev/tty, /dev/pts/N). Reads, writes, offsets and flags are the host open file's,
 * shared with whoever else holds it. Reads that would block wait interruptibly, so a signal for the
 * reading thread ends them with EINTR as Linux's do.
 */
public final class HostStream extends LxFile {
    private static final int F_GETFL = 3;
    private final int fd;
    private final boolean regular;

    /**
     * Host fd {@code fd}, inherited by lxrun, under the same number: its path as /proc/self/fd shows it;
     * null if the JVM does not have it open.
     */
    public static HostStream inherited(int fd, String hostRoot) {
        int flags = HostFd.fcntl(fd, F_GETFL, 0);
        return flags < 0 ? null : new HostStream(fd, guestPath(fd, hostRoot), flags);
    }

    /** Another host fd the guest was given (a host terminal it opened): closed with its last handle. */
    public HostStream(int fd, String guestPath, int statusFlags) {
        super(guestPath, statusFlags);
        this.fd = fd;
        byte[] st = HostFd.fstat(fd);
        this.regular = st != null && (Stat.of(st).mode() & Stat.S_IFMT) == Stat.S_IFREG;
    }

    /**
     * What the host's /proc/self/fd/N link reads (/dev/pts/3, pipe:[INODE], socket:[INODE], a path), as
     * the guest sees it: a path under the guest root without the root's prefix.
     */
    private static String guestPath(int fd, String hostRoot) {
        byte[] buf = new byte[4096];
        int n = Host.call("readlink", "/proc/self/fd/" + fd, buf, (long) buf.length);
        if (n <= 0) return "/dev/fd/" + fd;
        String target = new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        String root = hostRoot.endsWith("/") ? hostRoot.substring(0, hostRoot.length() - 1) : hostRoot;
        if (!root.isEmpty() && target.startsWith(root + "/")) return target.substring(root.length());
        return target;
    }

    /** Opening /proc/self/fd/N of it: a new open file on the same object with {@code flags}, as Linux reopens it. */
    public LxFile reopen(int flags) {
        int keep = O_ACCMODE | O_APPEND | O_NONBLOCK | O_TRUNC;
        int r = Host.call("open", "/proc/self/fd/" + fd, (flags & keep) | O_NOCTTY | O_CLOEXEC, 0);
        if (r < 0) throw Errno.error(-r);
        return new HostStream(r, guestPath, flags & ~(O_CLOEXEC | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC));
    }

    private Object socket;

    /** The socket calls' view of it when its host fd is a socket (an inherited one), else null. */
    public synchronized Socket socket() {
        if (socket == null) {
            HostSocket s = (stat().mode() & Stat.S_IFMT) == Stat.S_IFSOCK ? HostSocket.of(this, fd) : null;
            socket = s != null ? s : Boolean.FALSE;
        }
        return socket instanceof Socket s ? s : null;
    }

    @Override
    protected void onDelete() {
        if (socket instanceof Socket s) s.dereference();
        if (fd > 2) Host.call("close", fd);
    }

    @Override
    public int hostFd() {
        return fd;
    }

    @Override
    public int read(byte[] b, int off, int n) {
        if (!regular) {
            int j = lxrun.lxcore.TerminalSignals.checkBackground(fd, lxrun.lxcore.Signals.SIGTTIN);
            if (j != 0) return j;
            int w = awaitReadable();
            if (w < 0) return w;
        }
        return Host.read(fd, b, off, n);
    }

    /**
     * Before a read of a terminal, pipe or socket: waits until the host fd has data (0), or answers
     * EAGAIN for O_NONBLOCK, or EINTR when a signal for the calling thread comes first, or ERESTARTSYS
     * when the process is stopped. The wait is the
     * host's poll(2), so data wakes it at once; it looks for a signal every 20 ms.
     */
    private int awaitReadable() {
        if (hostPoll(POLLIN, 0) != 0) return 0;
        if ((statusFlags & O_NONBLOCK) != 0) return -Errno.EAGAIN;
        LxThread t = LxThread.current();
        try {
            while (t != null ? t.interruptibly(() -> {
                int r = hostPoll(POLLIN, 20);
                if (Thread.interrupted()) throw new InterruptedException(); // a signal or the process's end came meanwhile
                return r;
            }) == 0 : hostPoll(POLLIN, 20) == 0) {
                // a stopped process reads nothing (the shell that stopped it has the terminal): the read
                // is re-run once it continues, and asks again whether it may (checkBackground)
                if (t != null && t.process.stopped) return -lxrun.lxcore.Signals.ERESTARTSYS;
            }
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        }
        return t != null && t.process.stopped ? -lxrun.lxcore.Signals.ERESTARTSYS : 0;
    }

    /** poll(2) of the host fd, waiting up to {@code timeoutMs}: the revents it reports for {@code events}. */
    private int hostPoll(int events, int timeoutMs) {
        return Host.poll(fd, events, timeoutMs);
    }

    /** A regular file is always ready; a host terminal or pipe when the host's own poll(2) says so. */
    @Override
    public int poll(int events) {
        return regular ? events & (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM) : hostPoll(events, 0);
    }

    @Override
    public int write(byte[] b, int off, int n) {
        if (!regular) {
            int j = lxrun.lxcore.TerminalSignals.checkBackgroundWrite(fd);
            if (j != 0) return j;
        }
        if (fd == 1) System.out.flush();
        else if (fd == 2) System.err.flush();
        return Host.write(fd, b, off, n);
    }

    /** lxcore does not see the host's fd become ready: a wait on it looks again now and then. */
    @Override
    public boolean signalsReadiness() {
        return false;
    }

    @Override
    public int pread(byte[] b, int off, int n, long pos) {
        return regular ? HostFd.pread(fd, b, off, n, pos) : -Errno.ESPIPE;
    }

    @Override
    public int pwrite(byte[] b, int off, int n, long pos) {
        return regular ? HostFd.pwrite(fd, b, off, n, pos) : -Errno.ESPIPE;
    }

    @Override
    public long seek(long offset, int whence) {
        return HostFd.lseek(fd, offset, whence);
    }

    @Override
    public int truncate(long length) {
        return HostFd.ftruncate(fd, length);
    }

    @Override
    public long size() {
        return regular ? stat().size() : -1;
    }

    @Override
    public byte[] mapBytes(long pos, int n) {
        if (!regular) return null;
        byte[] b = new byte[n];
        int k = HostFd.pread(fd, b, 0, n, pos);
        return k < 0 ? null : k == n ? b : java.util.Arrays.copyOf(b, k);
    }

    @Override
    public int sharedMemoryFd() {
        return regular ? fd : -1;
    }

    @Override
    public Stat stat() {
        byte[] raw = HostFd.fstat(fd);
        return raw != null ? Stat.of(raw) : Stat.charDevice(136, 0, 3);
    }

    @Override
    public int sync(boolean metadata) {
        return regular ? Host.call(metadata ? "fsync" : "fdatasync", fd) : 0;
    }
}
