package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;

import java.util.List;

/**
 * A socket (socket(7)): an open file of sockfs whose operations are the socket calls. Results are counts,
 * 0 or -errno as the kernel's proto_ops give them; read(2) and write(2) are recv and send without flags.
 * Addresses are the guest's sockaddr bytes as they are (the host is x86-64 Linux too).
 */
public abstract class Socket extends LxFile {
    public static final int AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
    public static final int MSG_OOB = 1, MSG_PEEK = 2, MSG_CTRUNC = 8, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40,
            MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
    public static final int SOL_SOCKET = 1, SO_TYPE = 3, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8,
            SO_PASSCRED = 16, SO_PEERCRED = 17, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21, SO_ACCEPTCONN = 30,
            SO_PROTOCOL = 38, SO_DOMAIN = 39, SO_RCVTIMEO_NEW = 66, SO_SNDTIMEO_NEW = 67;
    public static final int POLLRDHUP = 0x2000;

    private static long nextIno = 0x20000;

    public final int family, type, protocol;
    private final long ino;
    /** The socket inode's owner: the creator's fs ids (sock_alloc). */
    private final int uid, gid;
    /** SO_RCVTIMEO and SO_SNDTIMEO in nanoseconds; 0 waits for ever. */
    protected volatile long receiveTimeout, sendTimeout;

    protected Socket(int family, int type, int protocol, int flags) {
        this(family, type, protocol, flags, newIno());
    }

    private Socket(int family, int type, int protocol, int flags, long ino) {
        super("socket:[" + ino + "]", O_RDWR | flags);
        this.family = family;
        this.type = type;
        this.protocol = protocol;
        this.ino = ino;
        LxThread t = LxThread.current();
        this.uid = t != null ? t.process.creds.fsuid() : 0;
        this.gid = t != null ? t.process.creds.fsgid() : 0;
    }

    private static synchronized long newIno() {
        return nextIno++;
    }

    /**
     * What sendmsg gives and recvmsg takes: the data, the peer's address, passed descriptors (SCM_RIGHTS),
     * the sender's {pid, uid, gid} (SCM_CREDENTIALS), msg_flags.
     */
    public static final class Message {
        public byte[] data;
        public int length;
        public byte[] address;
        public List<LxFile> rights;
        public int[] credentials;
        public int flags;

        public Message(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }
    }

    public abstract int bind(byte[] address, Object key);

    public abstract int listen(int backlog);

    /** accept4(2): the new connected socket with {@code flags} (O_NONBLOCK), its peer's address in {@code peer[0]}; -errno as a LinuxError. */
    public abstract Socket accept(int flags, byte[][] peer);

    public abstract int connect(byte[] address, Object key);

    /** getsockname(2) ({@code peer} false) or getpeername(2): the address, or null for ENOTCONN. */
    public abstract byte[] name(boolean peer);

    public abstract int shutdown(int how);

    /** sendmsg(2) of {@code m.length} bytes of {@code m.data} to {@code key}'s socket (null: the peer): the count sent or -errno. */
    public abstract int send(Message m, Object key, int flags);

    /** recvmsg(2) into {@code m.data} (up to m.length): the count (m.length, address, rights, flags set) or -errno. */
    public abstract int receive(Message m, int flags);

    public abstract int setOption(int level, int name, byte[] value);

    /** getsockopt(2) into {@code out}: the option's length, or -errno. */
    public abstract int getOption(int level, int name, byte[] out);

    /** read(2): recv without flags; descriptors passed with the data are closed, having nowhere to go. */
    @Override
    public int read(byte[] b, int off, int n) {
        Message m = new Message(off == 0 ? b : new byte[n], n);
        int r = receive(m, 0);
        if (m.rights != null) for (LxFile f : m.rights) f.dereference();
        if (r > 0 && off != 0) System.arraycopy(m.data, 0, b, off, r);
        return r;
    }

    @Override
    public int write(byte[] b, int off, int n) {
        return send(new Message(off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + n), n), null, 0);
    }

    /** Whether this call may not wait: O_NONBLOCK or MSG_DONTWAIT. */
    protected boolean nonblocking(int flags) {
        return (flags & MSG_DONTWAIT) != 0 || (statusFlags & O_NONBLOCK) != 0;
    }

    /**
     * The errno of a socket wait a signal ended (sock_intr_errno): ERESTARTSYS, so SA_RESTART re-runs the
     * call, unless the socket has a timeout for it (SO_RCVTIMEO, SO_SNDTIMEO): then EINTR.
     */
    protected static int interrupted(long timeout) {
        return timeout > 0 ? Errno.EINTR : Signals.ERESTARTSYS;
    }

    /**
     * Waits on {@code lock} (held by the caller) until it is notified or {@code deadline} (System.nanoTime;
     * 0 for none) passes: 0, -EAGAIN at the deadline, or the signal errno of {@link #interrupted}.
     */
    protected static int await(Object lock, long deadline, long timeout) {
        long ms = 0;
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return -Errno.EAGAIN;
            ms = Math.max(1, left / 1_000_000);
        }
        long wait = ms;
        LxThread t = LxThread.current();
        try {
            if (t == null) lock.wait(wait);
            else t.interruptibly(() -> {
                lock.wait(wait);
                return null;
            });
        } catch (InterruptedException e) {
            return -interrupted(timeout);
        }
        return 0;
    }

    /** A deadline for a wait with {@code timeout} nanoseconds (0: none). */
    protected static long deadline(long timeout) {
        return timeout > 0 ? System.nanoTime() + timeout : 0;
    }

    /**
     * SO_RCVTIMEO/SO_SNDTIMEO's struct timeval as nanoseconds, rounded up to whole jiffies as the kernel
     * keeps it (sock_set_timeout); EDOM for tv_usec out of range; 0 (none) for a negative time.
     */
    protected static long timeval(byte[] v) {
        if (v.length < 16) throw Errno.error(Errno.EINVAL);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long s = b.getLong(0), us = b.getLong(8);
        if (us < 0 || us >= 1_000_000) throw Errno.error(Errno.EDOM);
        if (s < 0) return 0;
        if (s >= Long.MAX_VALUE / 2_000_000_000L) return 0;
        long jiffy = Jiffy.NANOS;
        return s * 1_000_000_000L + (us * 1000 + jiffy - 1) / jiffy * jiffy;
    }

    /** The host kernel's jiffy (1/HZ s), which it measures socket timeouts in: learnt from a host socket once. */
    private static final class Jiffy {
        static final long NANOS = measure();

        private static long measure() {
            int fd = Host.call("socket", AF_INET, SOCK_DGRAM | O_CLOEXEC, 0);
            if (fd < 0) return 1000;
            try {
                byte[] tv = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(1).array();
                if (Host.call("setsockopt", fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) < 0) return 1000;
                byte[] len = intValue(16);
                if (Host.call("getsockopt", fd, SOL_SOCKET, SO_RCVTIMEO, tv, len) < 0) return 1000;
                long us = java.nio.ByteBuffer.wrap(tv).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8);
                return us > 0 && us <= 1_000_000 ? us * 1000 : 1000;
            } finally {
                Host.call("close", fd);
            }
        }
    }

    /** The struct timeval of a timeout, as getsockopt gives it. */
    protected static byte[] timeval(long ns) {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(ns / 1_000_000_000L).putLong(ns % 1_000_000_000L / 1000).array();
    }

    /** An int option's value as getsockopt gives it. */
    protected static byte[] intValue(int v) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** setsockopt's int argument: EINVAL when shorter than an int. */
    protected static int intArgument(byte[] v) {
        if (v.length < 4) throw Errno.error(Errno.EINVAL);
        return java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    /** Copies an option's value into getsockopt's buffer: its length, truncated to the buffer as Linux does. */
    protected static int give(byte[] value, byte[] out) {
        int n = Math.min(value.length, out.length);
        System.arraycopy(value, 0, out, 0, n);
        return n;
    }

    @Override
    public Stat stat() {
        return new Stat(8, ino, 1, Stat.S_IFSOCK | 0777, uid, gid, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
    }
}
