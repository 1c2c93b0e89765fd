package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An AF_UNIX socket (unix(7)) of guests in this JVM: stream, datagram or seqpacket, in memory. A bound
 * socket is found by its key: a path socket by its inode (the socket file bind made in the guest's
 * file system, as net/unix finds it by the inode), an abstract one by its name. A host process's socket
 * file is reached through a host socket instead ({@link HostSocket}). Every unix socket shares one lock, so a
 * connect, a send and a close see the two ends in one state.
 */
public final class UnixSocket extends Socket {
    private static final Object LOCK = new Object();
    /** Bound sockets by key: List(dev, ino) of a path socket's inode, or "\0name" of an abstract one. */
    private static final Map<Object, UnixSocket> BOUND = new HashMap<>();
    /** The default and largest SO_SNDBUF/SO_RCVBUF (net.core.wmem_default, wmem_max), the minimum (SOCK_MIN_SNDBUF). */
    private static final int BUFFER = 212992, MIN_BUFFER = 4608, MAX_DGRAM_QLEN = 10;
    private static final int RCV_SHUTDOWN = 1, SEND_SHUTDOWN = 2;
    private static int autobindName = 0;

    private static final int UNCONNECTED = 0, LISTENING = 1, CONNECTED = 2;
    private int state;
    private UnixSocket peer;
    private byte[] address;
    private Object key;
    private final ArrayDeque<Packet> queue = new ArrayDeque<>();
    private int queued;
    private final ArrayDeque<UnixSocket> pending = new ArrayDeque<>();
    private int backlog;
    private int shutdown, error;
    private boolean closed, passcred;
    /** SO_PEERCRED: the pid, uid and gid of the peer's process when the connection was made. */
    private int[] peerCred;
    /** Who made this socket (or listened on it): what its peer's SO_PEERCRED tells. */
    private int[] cred;
    private int sndbuf = BUFFER, rcvbuf = BUFFER;
    private final Map<Integer, Integer> flags = new HashMap<>();

    /** What one send queued: bytes from {@code off} on, the sender (whose name a receive gives as it is then), descriptors (SCM_RIGHTS). */
    private static final class Packet {
        final byte[] data;
        int off;
        final UnixSocket from;
        List<LxFile> rights;
        final int[] credentials;

        Packet(byte[] data, UnixSocket from, List<LxFile> rights, int[] credentials) {
            this.data = data;
            this.from = from;
            this.rights = rights;
            this.credentials = credentials;
        }
    }

    public UnixSocket(int type, int flags, int[] cred) {
        super(AF_UNIX, type, 0, flags);
        this.cred = cred;
    }

    /** socketpair(2): two sockets connected to each other. */
    public static UnixSocket[] pair(int type, int flags, int[] cred) {
        UnixSocket a = new UnixSocket(type, flags, cred), b = new UnixSocket(type, flags, cred);
        synchronized (LOCK) {
            a.peer = b;
            b.peer = a;
            a.state = b.state = CONNECTED;
            a.peerCred = b.peerCred = cred;
        }
        return new UnixSocket[] {a, b};
    }

    private boolean connectionOriented() {
        return type != SOCK_DGRAM;
    }

    /** Whether a guest socket is bound to {@code key}. */
    public static boolean bound(Object key) {
        synchronized (LOCK) {
            return BOUND.containsKey(key);
        }
    }

    /** The key of an abstract address (sun_path[0] is NUL): the name's bytes. */
    public static Object abstractKey(byte[] address) {
        return "\0" + new String(address, 2, address.length - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * bind(2) to {@code addr} under {@code key} (the caller made a path socket's file); a null key binds
     * to a free abstract name (autobind). EINVAL when already bound, EADDRINUSE for a name in use.
     */
    @Override
    public int bind(byte[] addr, Object key) {
        synchronized (LOCK) {
            if (address != null) return -Errno.EINVAL;
            if (key == null) { // autobind (unix_autobind): an abstract name of five hex digits
                do {
                    addr = String.format("\0\0\0%05x", autobindName++ & 0xfffff).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    addr[0] = AF_UNIX;
                    key = abstractKey(addr);
                } while (BOUND.containsKey(key));
            } else if (BOUND.containsKey(key)) {
                return -Errno.EADDRINUSE;
            }
            BOUND.put(key, this);
            this.key = key;
            this.address = addr;
            return 0;
        }
    }

    @Override
    public int listen(int n) {
        synchronized (LOCK) {
            if (!connectionOriented()) return -Errno.EOPNOTSUPP;
            if (state == CONNECTED || address == null) return -Errno.EINVAL;
            backlog = Math.min(Math.max(n, 0), 4096); // net.core.somaxconn
            if (state != LISTENING) cred = lxrun.lxcore.LxThread.current() != null ? currentCred() : cred;
            state = LISTENING;
            LOCK.notifyAll();
        }
        LxFile.readinessChanged();
        return 0;
    }

    private static int[] currentCred() {
        lxrun.lxcore.LxProcess p = lxrun.lxcore.LxThread.current().process;
        return new int[] {(int) p.pid(), p.creds.euid(), p.creds.egid()};
    }

    @Override
    public Socket accept(int flags, byte[][] peerAddress) {
        synchronized (LOCK) {
            if (!connectionOriented()) throw Errno.error(Errno.EOPNOTSUPP);
            if (state != LISTENING) throw Errno.error(Errno.EINVAL);
            long deadline = deadline(receiveTimeout);
            while (pending.isEmpty()) {
                if (nonblocking(0)) throw Errno.error(Errno.EAGAIN);
                int r = await(LOCK, deadline, receiveTimeout);
                if (r < 0) throw Errno.error(-r);
            }
            UnixSocket s = pending.poll();
            s.statusFlags |= flags & O_NONBLOCK;
            peerAddress[0] = s.peer != null ? s.peer.nameOrFamily() : nameOrFamily(null);
            LOCK.notifyAll();
            LxFile.readinessChanged();
            return s;
        }
    }

    private byte[] nameOrFamily() {
        return nameOrFamily(address);
    }

    /** An address as getsockname gives it: an unbound socket's is only sa_family. */
    private static byte[] nameOrFamily(byte[] a) {
        return a != null ? a : new byte[] {AF_UNIX, 0};
    }

    @Override
    public int connect(byte[] addr, Object target) {
        synchronized (LOCK) {
            if (addr.length >= 2 && addr[0] == AF_UNSPEC && addr[1] == 0 && !connectionOriented()) {
                peer = null; // dgram: AF_UNSPEC dissolves the association
                state = UNCONNECTED;
                return 0;
            }
            UnixSocket other = BOUND.get(target);
            if (other == null) return -Errno.ECONNREFUSED;
            if (other.type != type) return -Errno.EPROTOTYPE;
            if (!connectionOriented()) {
                peer = other;
                state = CONNECTED;
                LxFile.readinessChanged();
                return 0;
            }
            if (state == CONNECTED) return -Errno.EISCONN;
            if (state == LISTENING) return -Errno.EINVAL;
            long deadline = deadline(sendTimeout);
            while (true) {
                if (other.closed || other.state != LISTENING) return -Errno.ECONNREFUSED;
                if (other.pending.size() <= other.backlog) break;
                if (nonblocking(0)) return -Errno.EAGAIN;
                int r = await(LOCK, deadline, sendTimeout);
                if (r < 0) return r;
            }
            int[] mine = lxrun.lxcore.LxThread.current() != null ? currentCred() : cred;
            UnixSocket embryo = new UnixSocket(type, 0, other.cred);
            embryo.address = other.address;
            embryo.peer = this;
            embryo.peerCred = mine;
            embryo.state = CONNECTED;
            embryo.sndbuf = other.sndbuf;
            embryo.rcvbuf = other.rcvbuf;
            peer = embryo;
            peerCred = other.cred;
            state = CONNECTED;
            other.pending.add(embryo);
            LOCK.notifyAll();
        }
        LxFile.readinessChanged();
        return 0;
    }

    @Override
    public byte[] name(boolean ofPeer) {
        synchronized (LOCK) {
            if (!ofPeer) return nameOrFamily();
            if (peer == null || connectionOriented() && state != CONNECTED) return null;
            return peer.nameOrFamily();
        }
    }

    /** unix_shutdown: SHUT_WR here is SHUT_RD for the peer and the other way round. */
    @Override
    public int shutdown(int how) {
        if (how < SHUT_RD || how > SHUT_RDWR) return -Errno.EINVAL;
        int mode = how + 1; // RCV_SHUTDOWN, SEND_SHUTDOWN or both
        synchronized (LOCK) { // unconnected: only this side's state changes (no ENOTCONN, unlike TCP)
            shutdown |= mode;
            if (connectionOriented() && peer != null) {
                peer.shutdown |= ((mode & RCV_SHUTDOWN) != 0 ? SEND_SHUTDOWN : 0) | ((mode & SEND_SHUTDOWN) != 0 ? RCV_SHUTDOWN : 0);
            }
            LOCK.notifyAll();
        }
        LxFile.readinessChanged();
        return 0;
    }

    @Override
    public int send(Message m, Object to, int flags) {
        if ((flags & MSG_OOB) != 0) return -Errno.EOPNOTSUPP;
        synchronized (LOCK) {
            int r = connectionOriented() ? sendStream(m, to, flags) : sendDatagram(m, to, flags);
            LOCK.notifyAll();
            LxFile.readinessChanged();
            return r;
        }
    }

    /**
     * unix_stream_sendmsg, and unix_seqpacket_sendmsg for a seqpacket socket (one packet, an address
     * ignored): EPIPE once this side shut down writing or the peer is gone or shut down reading (the
     * caller raises SIGPIPE); waits while the peer's queue is full.
     */
    private int sendStream(Message m, Object to, int flags) {
        if (to != null && type == SOCK_STREAM) return state == CONNECTED ? -Errno.EISCONN : -Errno.EOPNOTSUPP;
        if (state != CONNECTED) return -Errno.ENOTCONN;
        if ((shutdown & SEND_SHUTDOWN) != 0) return -Errno.EPIPE;
        if (type == SOCK_SEQPACKET && m.length > sndbuf - 32) return -Errno.EMSGSIZE;
        long deadline = deadline(sendTimeout);
        int done = 0;
        List<LxFile> rights = m.rights;
        while (done < m.length || m.length == 0 && done == 0 && type == SOCK_SEQPACKET) {
            UnixSocket other = peer;
            if (other.closed || (other.shutdown & RCV_SHUTDOWN) != 0) {
                if (done == 0) return -Errno.EPIPE;
                break;
            }
            int room = other.rcvbuf - other.queued;
            int need = type == SOCK_SEQPACKET ? m.length : 1;
            if (room < need && !(type == SOCK_SEQPACKET && other.queued == 0)) {
                if (nonblocking(flags)) return done > 0 ? done : -Errno.EAGAIN;
                int r = await(LOCK, deadline, sendTimeout);
                if (r < 0) return done > 0 ? done : r;
                continue;
            }
            int k = type == SOCK_SEQPACKET ? m.length : Math.min(room, m.length - done);
            other.queue.add(new Packet(java.util.Arrays.copyOfRange(m.data, done, done + k), this, rights, m.credentials));
            other.queued += k;
            rights = null;
            done += k;
            if (type == SOCK_SEQPACKET) break;
        }
        return done;
    }

    /** unix_dgram_sendmsg: to the address given or the connected peer; EMSGSIZE past the send buffer. */
    private int sendDatagram(Message m, Object to, int flags) {
        UnixSocket other;
        if (to != null) {
            other = BOUND.get(to);
            if (other == null) return -Errno.ECONNREFUSED;
        } else {
            other = peer;
            if (other == null) return -Errno.ENOTCONN;
        }
        if (m.length > sndbuf - 32) return -Errno.EMSGSIZE;
        if ((shutdown & SEND_SHUTDOWN) != 0) return -Errno.EPIPE;
        long deadline = deadline(sendTimeout);
        while (true) {
            if (other.closed) {
                if (other == peer) peer = null;
                return -Errno.ECONNREFUSED;
            }
            if (other.type != type) return -Errno.EPROTOTYPE;
            if (other.peer != null && other.peer != this && !other.peer.closed) return -Errno.EPERM; // unix_may_send
            if ((other.shutdown & RCV_SHUTDOWN) != 0) return -Errno.EPIPE;
            boolean full = other.queued + m.length > other.rcvbuf && !other.queue.isEmpty()
                    || other.peer != this && other.queue.size() > MAX_DGRAM_QLEN;
            if (!full) break;
            if (nonblocking(flags)) return -Errno.EAGAIN;
            int r = await(LOCK, deadline, sendTimeout);
            if (r < 0) return r;
        }
        other.queue.add(new Packet(java.util.Arrays.copyOf(m.data, m.length), this, m.rights, m.credentials));
        other.queued += m.length;
        return m.length;
    }

    @Override
    public int receive(Message m, int flags) {
        if ((flags & MSG_OOB) != 0) return type == SOCK_STREAM ? -Errno.EINVAL : -Errno.EOPNOTSUPP; // no out-of-band byte is ever queued
        synchronized (LOCK) {
            int r = type == SOCK_STREAM ? receiveStream(m, flags) : receivePacket(m, flags);
            if (r >= 0 && (flags & MSG_PEEK) == 0) {
                LOCK.notifyAll();
                LxFile.readinessChanged();
            }
            return r;
        }
    }

    /** The error a peer's close left (sock_error): taken once. */
    private int takeError() {
        int e = error;
        error = 0;
        return e;
    }

    /**
     * unix_stream_read_generic: bytes across what was sent, until {@code m.length} or (without
     * MSG_WAITALL) at least one byte; descriptors passed with a send come with the first of its bytes, and
     * a read stops before them or after them, and with SO_PASSCRED before bytes of another sender's
     * credentials. 0 at end of stream (the peer gone or shut down writing).
     */
    private int receiveStream(Message m, int flags) {
        if (state != CONNECTED) return -Errno.EINVAL;
        boolean peek = (flags & MSG_PEEK) != 0;
        int target = (flags & MSG_WAITALL) != 0 ? m.length : Math.min(1, m.length);
        long deadline = deadline(receiveTimeout);
        int copied = 0;
        m.length = 0;
        int want = m.data.length;
        while (true) {
            int skip = peek ? copied : 0;
            boolean stop = false;
            for (java.util.Iterator<Packet> it = queue.iterator(); it.hasNext() && copied < want && !stop; ) {
                Packet p = it.next();
                int avail = p.data.length - p.off;
                if (skip >= avail) {
                    skip -= avail;
                    continue;
                }
                if (copied > 0 && p.rights != null && skip == 0) break;
                if (passcred && copied > 0 && skip == 0 && !java.util.Arrays.equals(p.credentials, m.credentials)) break;
                if (m.address == null) m.address = p.from.address;
                if (passcred && copied == 0) m.credentials = p.credentials;
                int k = Math.min(want - copied, avail - skip);
                System.arraycopy(p.data, p.off + skip, m.data, copied, k);
                copied += k;
                skip = 0;
                if (p.rights != null) {
                    m.rights = peek ? referenced(p.rights) : p.rights;
                    if (!peek) p.rights = null;
                    stop = true;
                }
                if (!peek) {
                    p.off += k;
                    queued -= k;
                    if (p.off == p.data.length) it.remove();
                }
            }
            if (copied >= target || stop) break;
            if (error != 0) {
                if (copied > 0) break;
                return -takeError();
            }
            if ((shutdown & RCV_SHUTDOWN) != 0) break;
            if (nonblocking(flags)) {
                if (copied > 0) break;
                return -Errno.EAGAIN;
            }
            int r = await(LOCK, deadline, receiveTimeout);
            if (r < 0) {
                if (copied > 0) break;
                return r;
            }
            if (peek) copied = 0; // look again from the start
        }
        m.length = copied;
        return copied;
    }

    private static List<LxFile> referenced(List<LxFile> rights) {
        for (LxFile f : rights) f.reference();
        return new ArrayList<>(rights);
    }

    /**
     * unix_dgram_recvmsg (datagram and seqpacket): one packet, the rest of a longer one lost (MSG_TRUNC
     * in msg_flags; with MSG_TRUNC asked, its whole length returned); 0 after shutdown.
     */
    private int receivePacket(Message m, int flags) {
        if (type == SOCK_SEQPACKET && state != CONNECTED) return -Errno.ENOTCONN;
        long deadline = deadline(receiveTimeout);
        while (queue.isEmpty()) {
            if (error != 0) return -takeError();
            if ((shutdown & RCV_SHUTDOWN) != 0) {
                m.length = 0;
                return 0;
            }
            if (nonblocking(flags)) return -Errno.EAGAIN;
            int r = await(LOCK, deadline, receiveTimeout);
            if (r < 0) return r;
        }
        boolean peek = (flags & MSG_PEEK) != 0;
        Packet p = peek ? queue.peek() : queue.poll();
        int len = p.data.length;
        int k = Math.min(len, m.data.length);
        System.arraycopy(p.data, 0, m.data, 0, k);
        m.length = k;
        m.address = p.from.address;
        if (passcred) m.credentials = p.credentials;
        if (k < len) m.flags |= MSG_TRUNC;
        if (p.rights != null) m.rights = peek ? referenced(p.rights) : p.rights;
        if (!peek) {
            queued -= len;
            p.rights = null;
        }
        return (flags & MSG_TRUNC) != 0 ? len : k;
    }

    @Override
    public int setOption(int level, int name, byte[] v) {
        if (level != SOL_SOCKET) return -Errno.EOPNOTSUPP;
        synchronized (LOCK) {
            switch (name) {
                case SO_SNDBUF, SO_RCVBUF -> {
                    int n = Math.max(Math.min(intArgument(v), BUFFER) * 2, MIN_BUFFER);
                    if (name == SO_SNDBUF) sndbuf = n;
                    else rcvbuf = n;
                }
                case SO_RCVTIMEO, SO_RCVTIMEO_NEW -> receiveTimeout = timeval(v);
                case SO_SNDTIMEO, SO_SNDTIMEO_NEW -> sendTimeout = timeval(v);
                case SO_PASSCRED -> passcred = intArgument(v) != 0;
                case 2, 6, 9, 10, 15, 29, 34 -> flags.put(name, intArgument(v) != 0 ? 1 : 0); // SO_REUSEADDR, _BROADCAST, _KEEPALIVE, _OOBINLINE, _REUSEPORT, _TIMESTAMP, _PASSSEC
                case 12, 18 -> flags.put(name, intArgument(v)); // SO_PRIORITY, SO_RCVLOWAT
                case 13 -> { // SO_LINGER: struct linger {int l_onoff, l_linger}
                    if (v.length < 8) return -Errno.EINVAL;
                    flags.put(name, intArgument(v) != 0 ? 1 : 0);
                    flags.put(-name, java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4));
                }
                default -> {
                    return -Errno.ENOPROTOOPT;
                }
            }
            return 0;
        }
    }

    @Override
    public int getOption(int level, int name, byte[] out) {
        if (level != SOL_SOCKET) return -Errno.EOPNOTSUPP;
        synchronized (LOCK) {
            byte[] v = switch (name) {
                case SO_TYPE -> intValue(type);
                case SO_DOMAIN -> intValue(AF_UNIX);
                case SO_PROTOCOL -> intValue(0);
                case SO_ERROR -> intValue(takeError());
                case SO_ACCEPTCONN -> intValue(state == LISTENING ? 1 : 0);
                case SO_SNDBUF -> intValue(sndbuf);
                case SO_RCVBUF -> intValue(rcvbuf);
                case SO_PASSCRED -> intValue(passcred ? 1 : 0);
                case SO_RCVTIMEO, SO_RCVTIMEO_NEW -> timeval(receiveTimeout);
                case SO_SNDTIMEO, SO_SNDTIMEO_NEW -> timeval(sendTimeout);
                case SO_PEERCRED -> { // struct ucred {pid, uid, gid}; nobody's without a peer
                    int[] pc = peerCred != null ? peerCred : new int[] {0, 65534, 65534};
                    yield java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(pc[0]).putInt(pc[1]).putInt(pc[2]).array();
                }
                case 2, 6, 9, 10, 15, 29, 34, 12 -> intValue(flags.getOrDefault(name, 0));
                case 18 -> intValue(flags.getOrDefault(name, 1));
                case 13 -> java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putInt(flags.getOrDefault(name, 0)).putInt(flags.getOrDefault(-name, 0)).array();
                default -> null;
            };
            return v == null ? -Errno.ENOPROTOOPT : give(v, out);
        }
    }

    /** SIOCINQ (FIONREAD, unix_inq_len): the bytes queued to read; of a datagram socket, the first datagram's. */
    public int available() {
        synchronized (LOCK) {
            if (state == LISTENING) return -Errno.EINVAL;
            if (type != SOCK_DGRAM) return queued;
            Packet p = queue.peek();
            return p == null ? 0 : p.data.length;
        }
    }

    /** SIOCOUTQ: the bytes this socket sent that its peer has not read yet. */
    public int unread() {
        synchronized (LOCK) {
            if (state == LISTENING) return -Errno.EINVAL;
            int n = 0;
            if (peer != null) for (Packet p : peer.queue) if (p.from == this) n += p.data.length - p.off;
            return n;
        }
    }

    /**
     * unix_poll and unix_dgram_poll: POLLIN with data (a listener: a connection to accept) or after
     * shutdown of reading (with POLLRDHUP), POLLHUP when both directions are shut (or a stream socket
     * is neither connected nor listening), POLLERR with an error left, POLLOUT while the peer has room.
     */
    @Override
    public int poll(int events) {
        synchronized (LOCK) {
            int r = 0;
            if (error != 0) r |= POLLERR;
            if (shutdown == (RCV_SHUTDOWN | SEND_SHUTDOWN)) r |= POLLHUP;
            if ((shutdown & RCV_SHUTDOWN) != 0) r |= POLLRDHUP | POLLIN | POLLRDNORM;
            if (!queue.isEmpty() || state == LISTENING && !pending.isEmpty()) r |= POLLIN | POLLRDNORM;
            if (connectionOriented() && state == UNCONNECTED) r |= POLLHUP;
            boolean writable = state != LISTENING;
            if (writable && peer != null && !peer.closed) {
                writable = connectionOriented() ? peer.queued < peer.rcvbuf
                        : !(peer.peer != this && peer.queue.size() > MAX_DGRAM_QLEN) && peer.queued < peer.rcvbuf;
            }
            if (writable) r |= POLLOUT | POLLWRNORM | POLLWRBAND;
            return r & (events | POLLERR | POLLHUP);
        }
    }

    /**
     * unix_release_sock: the name is free again (the socket file stays), queued descriptors are closed,
     * a connected peer sees both directions shut (and ECONNRESET if this end left data unread), and
     * connections not yet accepted are closed with it.
     */
    @Override
    protected void onDelete() {
        List<LxFile> drop = new ArrayList<>();
        List<UnixSocket> embryos;
        synchronized (LOCK) {
            closed = true;
            if (key != null && BOUND.get(key) == this) BOUND.remove(key);
            UnixSocket other = peer;
            if (other != null && connectionOriented() && other.peer == this) {
                other.shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
                if (!queue.isEmpty()) other.error = Errno.ECONNRESET;
            }
            for (Packet p : queue) if (p.rights != null) drop.addAll(p.rights);
            queue.clear();
            queued = 0;
            embryos = new ArrayList<>(pending);
            pending.clear();
            LOCK.notifyAll();
        }
        for (UnixSocket e : embryos) e.dereference();
        for (LxFile f : drop) f.dereference();
        LxFile.readinessChanged();
    }
}
