package lxrun.psx.service;

import lxrun.lxcore.fs.Host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The lxrun service's connection to its clients: a host AF_UNIX stream socket, the transport of the port
 * (as ALPC was LxssManager's). The JDK's Unix-domain channels can neither receive descriptors
 * ({@code SCM_RIGHTS}) nor say who connected ({@code SO_PEERCRED}), so these are the host's calls.
 */
final class ServicePort implements AutoCloseable {
    private static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1, SO_PEERCRED = 17, SCM_RIGHTS = 1;
    private static final int MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000, SHUT_RDWR = 2;
    /** The most descriptors one message carries (the kernel's SCM_MAX_FD). */
    static final int MAX_FDS = 253;

    final int fd;

    private ServicePort(int fd) {
        this.fd = fd;
    }

    /** Who is on the other end (SO_PEERCRED): the process, user and group that connected. */
    record Peer(int pid, int uid, int gid) {}

    /** A socket listening at {@code path} (which must not exist). */
    static ServicePort listen(Path path) throws ServiceException {
        int s = Host.call("socket", AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0) throw new ServiceException("socket", -s);
        ServicePort p = new ServicePort(s);
        int r = Host.call("bind", s, address(path), 110);
        if (r == 0) r = Host.call("listen", s, 64);
        if (r < 0) {
            p.close();
            throw new ServiceException("bind " + path, -r);
        }
        return p;
    }

    /** A connection to the socket at {@code path}. */
    static ServicePort connect(Path path) throws ServiceException {
        int s = Host.call("socket", AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0) throw new ServiceException("socket", -s);
        ServicePort p = new ServicePort(s);
        int r = Host.call("connect", s, address(path), 110);
        if (r < 0) {
            p.close();
            throw new ServiceException("connect " + path, -r);
        }
        return p;
    }

    /** The next connection; null once the listening socket is shut down. */
    ServicePort accept() {
        while (true) {
            int c = Host.call("accept4", fd, 0L, 0L, SOCK_CLOEXEC);
            if (c >= 0) return new ServicePort(c);
            if (c != -4 && c != -103 && c != -11) return null; // EINTR, ECONNABORTED, EAGAIN: try again
        }
    }

    Peer peer() {
        byte[] cred = new byte[12], len = {12, 0, 0, 0};
        if (Host.call("getsockopt", fd, SOL_SOCKET, SO_PEERCRED, cred, len) < 0) return new Peer(-1, -1, -1);
        ByteBuffer b = ByteBuffer.wrap(cred).order(ByteOrder.LITTLE_ENDIAN);
        return new Peer(b.getInt(0), b.getInt(4), b.getInt(8));
    }

    /**
     * Reads up to {@code buf.length} bytes with the descriptors sent along with them (close-on-exec in
     * this process), which go to {@code fds}: the count of bytes, 0 at the end, or -errno.
     */
    int receive(byte[] buf, java.util.List<Integer> fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment data = a.allocate(buf.length);
            MemorySegment iov = a.allocate(16);
            iov.set(ValueLayout.JAVA_LONG, 0, data.address());
            iov.set(ValueLayout.JAVA_LONG, 8, buf.length);
            long controlLen = 16 + 4L * MAX_FDS + 4; // CMSG_SPACE(4 * MAX_FDS)
            MemorySegment control = a.allocate(controlLen, 8);
            MemorySegment msg = a.allocate(56, 8); // struct msghdr
            msg.set(ValueLayout.JAVA_LONG, 16, iov.address());
            msg.set(ValueLayout.JAVA_LONG, 24, 1);
            msg.set(ValueLayout.JAVA_LONG, 32, control.address());
            msg.set(ValueLayout.JAVA_LONG, 40, controlLen);
            int n;
            do n = Host.call("recvmsg", fd, msg.address(), MSG_CMSG_CLOEXEC); while (n == -4);
            long got = msg.get(ValueLayout.JAVA_LONG, 40);
            for (long at = 0; at + 16 <= got; ) { // each cmsghdr: len, level, type, data
                long len = control.get(ValueLayout.JAVA_LONG, at);
                if (len < 16) break;
                if (control.get(ValueLayout.JAVA_INT, at + 8) == SOL_SOCKET && control.get(ValueLayout.JAVA_INT, at + 12) == SCM_RIGHTS) {
                    for (long f = at + 16; f + 4 <= at + len; f += 4) fds.add(control.get(ValueLayout.JAVA_INT, f));
                }
                at += (len + 7) & ~7L;
            }
            if (n > 0) MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, buf, 0, n);
            return n;
        }
    }

    /** Reads exactly {@code n} bytes; false if the peer closed the connection first. */
    boolean readFully(byte[] buf, int off, int n) {
        while (n > 0) {
            int r = Host.read(fd, buf, off, n);
            if (r == -4) continue;
            if (r <= 0) return false;
            off += r;
            n -= r;
        }
        return true;
    }

    /** Sends all of {@code b} (no SIGPIPE when the peer is gone); false if it could not. */
    boolean send(byte[] b) {
        for (int off = 0; off < b.length; ) {
            byte[] rest = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, b.length);
            int r = Host.call("sendto", fd, rest, (long) rest.length, MSG_NOSIGNAL, 0L, 0);
            if (r == -4) continue;
            if (r <= 0) return false;
            off += r;
        }
        return true;
    }

    /** Wakes whoever waits in accept or read on this socket: they see its end. */
    void shutdown() {
        Host.call("shutdown", fd, SHUT_RDWR);
    }

    @Override
    public void close() {
        Host.call("close", fd);
    }

    /** struct sockaddr_un for {@code path}. */
    private static byte[] address(Path path) throws ServiceException {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= 108) throw new ServiceException(path + ": socket path too long", 36);
        byte[] sa = new byte[110];
        sa[0] = AF_UNIX;
        System.arraycopy(p, 0, sa, 2, p.length);
        return sa;
    }
}
