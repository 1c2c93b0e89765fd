package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.sys.Errno;

/**
 * A socket of the host's own: every AF_INET and AF_INET6 socket, so the host kernel picks ports and gives
 * errors and timing; every AF_NETLINK socket, so the host kernel answers (the guest shares the host's
 * network, as a native program does); an AF_UNIX socket connected to a host process's socket file (a
 * daemon's, which no guest socket is bound to); and the socket calls' view of a socket lxrun inherited. The host socket is always non-blocking (and close-on-exec in the JVM); a guest call that
 * would block waits in the host's poll(2), 20 ms at a time so that a signal for the thread ends it
 * (ERESTARTSYS, or EINTR with a socket timeout), as {@link HostStream} waits. Host sends carry
 * MSG_NOSIGNAL: the JVM must not get SIGPIPE; the caller raises it in the guest.
 */
public final class HostSocket extends Socket {
    private static final int HOST_FLAGS = O_NONBLOCK | O_CLOEXEC;
    private final int fd;
    /** For a socket lxrun inherited: the host stream it is the socket calls' view of (its fd, its flags), else null. */
    private final HostStream stream;

    private HostSocket(int fd, int family, int type, int protocol, int flags, HostStream stream) {
        super(family, type, protocol, flags);
        this.fd = fd;
        this.stream = stream;
    }

    private HostSocket(int fd, int family, int type, int protocol, int flags) {
        this(fd, family, type, protocol, flags, null);
    }

    /**
     * The socket calls' view of an inherited host socket (a host stream whose fd is a socket): its
     * family, type and protocol as the host tells; null when the fd is no socket. The stream keeps its fd
     * and its O_NONBLOCK; the host fd may block, so waits look at the host's poll before each call.
     */
    static HostSocket of(HostStream stream, int fd) {
        byte[] v = new byte[4];
        int[] got = new int[3];
        int[] names = {SO_DOMAIN, SO_TYPE, SO_PROTOCOL};
        for (int i = 0; i < 3; i++) {
            if (Host.call("getsockopt", fd, SOL_SOCKET, names[i], v, intValue(4)) < 0) return null;
            got[i] = intArgument(v);
        }
        return new HostSocket(fd, got[0], got[1], got[2], 0, stream);
    }

    @Override
    protected boolean nonblocking(int flags) {
        return stream != null ? (flags & MSG_DONTWAIT) != 0 || (stream.statusFlags & O_NONBLOCK) != 0 : super.nonblocking(flags);
    }

    /** socket(2) on the host: the socket, or -errno as a LinuxError. */
    public static HostSocket create(int family, int type, int protocol, int flags) {
        int r = Host.call("socket", family, type | HOST_FLAGS, protocol);
        if (r < 0) throw Errno.error(-r);
        return new HostSocket(r, family, type, protocol, flags);
    }

    @Override
    public int hostFd() {
        return fd;
    }

    @Override
    protected void onDelete() {
        if (stream == null) Host.call("close", fd);
    }

    /** An address buffer for the host to fill (sockaddr_storage), and its length word. */
    private static byte[] lengthWord(int n) {
        return intValue(n);
    }

    private static byte[] trimmed(byte[] addr, byte[] len) {
        int n = intArgument(len);
        return java.util.Arrays.copyOf(addr, Math.min(n, addr.length));
    }

    @Override
    public int bind(byte[] address, Object key) {
        return Host.call("bind", fd, nonEmpty(address), address.length);
    }

    private static byte[] nonEmpty(byte[] b) {
        return b.length > 0 ? b : new byte[1];
    }

    @Override
    public int listen(int backlog) {
        return Host.call("listen", fd, backlog);
    }

    /** Runs a host call until it does not answer EAGAIN, waiting for {@code events} between tries unless the guest call may not wait. */
    private int blocking(int events, int flags, long timeout, java.util.function.IntSupplier op) {
        long deadline = deadline(timeout);
        if (stream != null && hostPoll(events, 0) == 0) { // an inherited host fd may block: call it only when ready
            if (nonblocking(flags)) return -Errno.EAGAIN;
            int w = awaitHost(events, deadline, timeout);
            if (w < 0) return w;
        }
        while (true) {
            int r = op.getAsInt();
            if (r != -Errno.EAGAIN || nonblocking(flags)) return r;
            int w = awaitHost(events, deadline, timeout);
            if (w < 0) return w;
        }
    }

    /** Waits until the host socket reports one of {@code events} (or an error or hang-up): 0, -EAGAIN past the deadline, or a signal's errno. */
    private int awaitHost(int events, long deadline, long timeout) {
        LxThread t = LxThread.current();
        try {
            while (true) {
                if (deadline != 0 && deadline - System.nanoTime() <= 0) return -Errno.EAGAIN;
                int ms = deadline == 0 ? 20 : (int) Math.max(1, Math.min(20, (deadline - System.nanoTime()) / 1_000_000));
                int r = t != null ? t.interruptibly(() -> hostPollInterruptibly(events, ms)) : hostPoll(events, ms);
                if (r != 0) return 0;
            }
        } catch (InterruptedException e) {
            return -interrupted(timeout);
        }
    }

    /** The host's poll, then the Java interrupt it could not see (a signal, or the process ending) as an InterruptedException. */
    private int hostPollInterruptibly(int events, int timeoutMs) throws InterruptedException {
        int r = hostPoll(events, timeoutMs);
        if (Thread.interrupted()) throw new InterruptedException();
        return r;
    }

    private int hostPoll(int events, int timeoutMs) {
        return Host.poll(fd, events, timeoutMs);
    }

    @Override
    public Socket accept(int flags, byte[][] peer) {
        byte[] addr = new byte[128], len = lengthWord(128);
        int r = blocking(POLLIN, 0, receiveTimeout, () -> Host.call("accept4", fd, addr, len, HOST_FLAGS));
        if (r < 0) throw Errno.error(-r);
        peer[0] = trimmed(addr, len);
        return new HostSocket(r, family, type, protocol, flags & O_NONBLOCK);
    }

    /**
     * connect(2): a blocking guest's connect waits until the host's completes and answers its SO_ERROR;
     * a non-blocking one gets EINPROGRESS as the host gives it. A connect re-run after a signal (the
     * host's EALREADY) waits on as the first did.
     */
    @Override
    public int connect(byte[] address, Object key) {
        int r = Host.call("connect", fd, nonEmpty(address), address.length);
        if (r != -Errno.EINPROGRESS && r != -Errno.EALREADY || nonblocking(0)) return r;
        int w = awaitHost(POLLOUT, deadline(sendTimeout), sendTimeout);
        if (w == -Errno.EAGAIN) return -Errno.EINPROGRESS; // SO_SNDTIMEO passed: the kernel's answer
        if (w < 0) return w;
        byte[] err = new byte[4];
        byte[] len = lengthWord(4);
        Host.call("getsockopt", fd, SOL_SOCKET, SO_ERROR, err, len);
        return -intArgument(err);
    }

    @Override
    public byte[] name(boolean peer) {
        byte[] addr = new byte[128], len = lengthWord(128);
        int r = Host.call(peer ? "getpeername" : "getsockname", fd, addr, len);
        if (r == -Errno.ENOTCONN) return null;
        if (r < 0) throw Errno.error(-r);
        return trimmed(addr, len);
    }

    @Override
    public int shutdown(int how) {
        return Host.call("shutdown", fd, how);
    }

    @Override
    /**
     * sendmsg(2) on the host socket. A blocking send on a stream socket goes on until all is sent, as
     * tcp_sendmsg waits for room; a signal or an error after some bytes ends it with their count.
     */
    public int send(Message m, Object key, int flags) {
        int hostFlags = (flags & ~MSG_DONTWAIT) | MSG_NOSIGNAL | MSG_DONTWAIT;
        int done = 0;
        do {
            byte[] data = done == 0 ? nonEmpty(m.data) : java.util.Arrays.copyOfRange(m.data, done, m.length);
            long n = m.length - done;
            int r = blocking(POLLOUT, flags, sendTimeout, () -> m.address != null
                    ? Host.call("sendto", fd, data, n, hostFlags, nonEmpty(m.address), m.address.length)
                    : Host.call("sendto", fd, data, n, hostFlags, 0L, 0));
            if (r < 0) return done > 0 ? done : r;
            done += r;
        } while (done < m.length && type == SOCK_STREAM && !nonblocking(flags));
        return done;
    }

    @Override
    public int receive(Message m, int flags) {
        int hostFlags = (flags & ~MSG_CMSG_CLOEXEC) | MSG_DONTWAIT;
        byte[] data = nonEmpty(m.data);
        byte[] addr = new byte[128], len = lengthWord(128);
        if ((flags & MSG_WAITALL) != 0 && type == SOCK_STREAM) return receiveAll(m, flags, data);
        int r = blocking(POLLIN, flags, receiveTimeout, () -> Host.call("recvfrom", fd, data, (long) m.length, hostFlags, addr, len));
        if (r < 0) return r;
        int n = intArgument(len);
        m.address = n > 0 ? trimmed(addr, len) : null;
        if (type != SOCK_STREAM && r > m.length) m.flags |= MSG_TRUNC;
        m.length = Math.min(r, m.length);
        return r;
    }

    /** MSG_WAITALL on a stream: reads until the buffer is full, end of stream, an error or a signal (what was read counts). */
    private int receiveAll(Message m, int flags, byte[] data) {
        int want = m.length, done = 0;
        int hostFlags = (flags & ~(MSG_CMSG_CLOEXEC | MSG_WAITALL)) | MSG_DONTWAIT;
        while (done < want) {
            byte[] chunk = new byte[want - done];
            int r = blocking(POLLIN, flags, receiveTimeout, () -> Host.call("recvfrom", fd, chunk, (long) chunk.length, hostFlags, 0L, 0L));
            if (r <= 0) {
                if (done > 0) break;
                return r;
            }
            System.arraycopy(chunk, 0, data, done, r);
            done += r;
            if ((flags & MSG_PEEK) != 0) break;
        }
        m.length = done;
        return done;
    }

    /**
     * Options are the host socket's, the timeouts too (so getsockopt gives them in the host's jiffies),
     * which are also kept here as the host socket never blocks; options that carry guest pointers
     * (socket filters) are not taken.
     */
    @Override
    public int setOption(int level, int name, byte[] value) {
        if (level == SOL_SOCKET) {
            switch (name) {
                case SO_RCVTIMEO, SO_RCVTIMEO_NEW -> receiveTimeout = timeval(value);
                case SO_SNDTIMEO, SO_SNDTIMEO_NEW -> sendTimeout = timeval(value);
                case 26, 50, 51, 52 -> { // SO_ATTACH_FILTER, SO_ATTACH_BPF, SO_ATTACH_REUSEPORT_[CE]BPF: programs by pointer
                    return -Errno.ENOPROTOOPT;
                }
                default -> { }
            }
        }
        return Host.call("setsockopt", fd, level, name, nonEmpty(value), value.length);
    }

    @Override
    public int getOption(int level, int name, byte[] out) {
        byte[] len = lengthWord(out.length);
        int r = Host.call("getsockopt", fd, level, name, nonEmpty(out), len);
        return r < 0 ? r : intArgument(len);
    }

    /**
     * A network interface ioctl (SIOCGIFINDEX, SIOCGIFFLAGS...: a struct ifreq of 40 bytes in and out;
     * SIOCGIFCONF: a struct ifconf whose buffer is {@code conf[1]} bytes long), asked of the host on
     * this socket's fd, or on a new host datagram socket when {@code hostFd} is -1: 0 or -errno.
     */
    public static int interfaceIoctl(int hostFd, long request, byte[] ifreq, byte[][] confBuffer) {
        int fd = hostFd >= 0 ? hostFd : Host.call("socket", AF_UNIX, SOCK_DGRAM | HOST_FLAGS, 0);
        if (fd < 0) return fd;
        try {
            if (confBuffer == null) return Host.ioctl(fd, request, ifreq);
            try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
                byte[] buf = confBuffer[0];
                java.lang.foreign.MemorySegment data = buf == null ? java.lang.foreign.MemorySegment.NULL : a.allocate(Math.max(1, buf.length));
                java.lang.foreign.MemorySegment conf = a.allocate(16);
                conf.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, buf == null ? 0 : buf.length);
                conf.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, data.address());
                int r = Host.call("ioctl", fd, request, conf.address());
                if (r < 0) return r;
                int len = conf.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
                if (buf != null) java.lang.foreign.MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, buf, 0, Math.min(len, buf.length));
                java.nio.ByteBuffer.wrap(ifreq).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, len);
                return r;
            }
        } finally {
            if (hostFd < 0) Host.call("close", fd);
        }
    }

    /** The host's own poll of the socket. */
    @Override
    public int poll(int events) {
        return hostPoll(events, 0);
    }

    /** lxcore does not see the host socket become ready: a wait on it looks again now and then. */
    @Override
    public boolean signalsReadiness() {
        return false;
    }
}
