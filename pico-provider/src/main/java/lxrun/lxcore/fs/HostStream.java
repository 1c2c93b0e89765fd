package lxrun.lxcore.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One of the host's standard streams (fd 0, 1, 2) given to the guest: reads and writes go straight to
 * the host fd (unbuffered, so they interleave correctly with the JVM's own flushed output).
 */
public final class HostStream extends LxFile {
    private final int fd;

    public HostStream(int fd) {
        this(fd, "/dev/fd/" + fd, fd == 0 ? O_RDONLY : O_WRONLY);
    }

    /** Another host fd the guest was given (the host's /dev/tty): closed with its last handle. */
    public HostStream(int fd, String guestPath, int statusFlags) {
        super(guestPath, statusFlags);
        this.fd = fd;
    }

    @Override
    protected void onDelete() {
        if (fd > 2) Host.call("close", fd);
    }

    @Override
    public int hostFd() {
        return fd;
    }

    @Override
    public int read(byte[] b, int off, int n) {
        return Host.read(fd, b, off, n);
    }

    @Override
    public int write(byte[] b, int off, int n) {
        if (fd == 1) System.out.flush();
        else if (fd == 2) System.err.flush();
        return Host.write(fd, b, off, n);
    }

    /** The host's own poll(2) of the fd, not waiting: a host terminal or pipe is ready when the host says so. */
    @Override
    public int poll(int events) {
        byte[] pfd = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(fd).putShort((short) events).array();
        if (Host.call("poll", pfd, 1L, 0) <= 0) return 0;
        return java.nio.ByteBuffer.wrap(pfd).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(6) & 0xffff;
    }

    /** lxcore does not see the host's fd become ready: a wait on it looks again now and then. */
    @Override
    public boolean signalsReadiness() {
        return false;
    }

    @Override
    public Stat stat() {
        try {
            return Stat.ofHost(Path.of("/proc/self/fd/" + fd), true);
        } catch (IOException | UnsupportedOperationException e) {
            return Stat.charDevice(136, 0, 3);
        }
    }

    @Override
    public int sync(boolean metadata) {
        return 0;
    }
}
