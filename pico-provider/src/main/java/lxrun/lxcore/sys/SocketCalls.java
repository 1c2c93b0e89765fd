package lxrun.lxcore.sys;

import lxrun.lxcore.fs.HostSocket;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Socket;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.fs.UnixSocket;
import lxrun.lxcore.vfs.Vfs;
import lxrun.lxcore.vfs.Vnode;

import java.util.ArrayList;
import java.util.List;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * The socket calls (socket(2), socketpair(2), bind(2)... sendmsg(2), recvmsg(2), getsockopt(2)): they
 * read the guest's arguments and sockaddr, msghdr and cmsg structures (the x86-64 layouts) and leave
 * the rest to the socket: AF_UNIX sockets are lxcore's own ({@link UnixSocket}) unless connected to a
 * host process's socket file, AF_INET, AF_INET6 and AF_NETLINK the host's ({@link HostSocket}); any
 * other family answers EAFNOSUPPORT, as a kernel built without it.
 * A descriptor that is not a socket gets ENOTSOCK (EBADF when closed).
 */
final class SocketCalls {
    private SocketCalls() {}

    private static final int SOCK_NONBLOCK = LxFile.O_NONBLOCK, SOCK_CLOEXEC = LxFile.O_CLOEXEC, SOCK_TYPE_MASK = 0xf;
    private static final int AF_MAX = 46, SOCKADDR_STORAGE = 128, SUN_PATH = 108, SCM_RIGHTS = 1, SCM_CREDENTIALS = 2,
            SCM_MAX_FD = 253;
    /**
     * The most one receive moves (stream sockets keep the rest), and one send of a datagram (EMSGSIZE past
     * it); a stream send moves up to SEND_MAX, so that a blocking one is whole as on Linux.
     */
    private static final int CHUNK = 1 << 20, SEND_MAX = 64 << 20;

    /** The socket behind fd argument 0 (an inherited host socket's view too): EBADF, or ENOTSOCK for another kind of file. */
    private static Socket sock(Call c) {
        LxFile f = c.file(0);
        if (f instanceof Socket s) return s;
        if (f instanceof lxrun.lxcore.fs.HostStream h && h.socket() != null) return h.socket();
        throw Errno.error(Errno.ENOTSOCK);
    }

    private static int[] credentials(Call c) {
        return new int[] {(int) c.process.pid(), c.process.creds.euid(), c.process.creds.egid()};
    }

    /** socket(2): SOCK_NONBLOCK and SOCK_CLOEXEC in the type; EINVAL for other flag bits. */
    static long socket(Call c) {
        int domain = c.i(0), type = c.i(1), protocol = c.i(2);
        int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
        type &= ~flags;
        if ((type & ~SOCK_TYPE_MASK) != 0) return -Errno.EINVAL;
        if (domain < 0 || domain >= AF_MAX) return -Errno.EAFNOSUPPORT;
        Socket s = switch (domain) {
            case Socket.AF_UNIX -> new UnixSocket(unixType(type, protocol), flags & SOCK_NONBLOCK, credentials(c));
            case Socket.AF_INET, Socket.AF_INET6, Socket.AF_NETLINK -> HostSocket.create(domain, type, protocol, flags & SOCK_NONBLOCK);
            default -> throw Errno.error(Errno.EAFNOSUPPORT);
        };
        return c.process.install(s, (flags & SOCK_CLOEXEC) != 0, 0);
    }

    /** unix_create: stream, datagram or seqpacket (SOCK_RAW is taken as datagram), protocol 0 or PF_UNIX. */
    private static int unixType(int type, int protocol) {
        if (protocol != 0 && protocol != Socket.AF_UNIX) throw Errno.error(Errno.EPROTONOSUPPORT);
        return switch (type) {
            case Socket.SOCK_STREAM, Socket.SOCK_DGRAM, Socket.SOCK_SEQPACKET -> type;
            case Socket.SOCK_RAW -> Socket.SOCK_DGRAM;
            default -> throw Errno.error(Errno.ESOCKTNOSUPPORT);
        };
    }

    /** socketpair(2): AF_UNIX only (EOPNOTSUPP for the internet and netlink families, as their sockets cannot pair). */
    static long socketpair(Call c) {
        int domain = c.i(0), type = c.i(1), protocol = c.i(2);
        int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
        type &= ~flags;
        if ((type & ~SOCK_TYPE_MASK) != 0) return -Errno.EINVAL;
        if (domain < 0 || domain >= AF_MAX) return -Errno.EAFNOSUPPORT;
        if (domain == Socket.AF_INET || domain == Socket.AF_INET6 || domain == Socket.AF_NETLINK) return -Errno.EOPNOTSUPP;
        if (domain != Socket.AF_UNIX) return -Errno.EAFNOSUPPORT;
        UnixSocket[] pair = UnixSocket.pair(unixType(type, protocol), flags & SOCK_NONBLOCK, credentials(c));
        boolean cloexec = (flags & SOCK_CLOEXEC) != 0;
        int a;
        try {
            a = c.process.install(pair[0], cloexec, 0);
        } catch (LinuxError e) {
            pair[1].dereference();
            throw e;
        }
        int b;
        try {
            b = c.process.install(pair[1], cloexec, 0);
        } catch (LinuxError e) {
            c.process.handles.close(a);
            throw e;
        }
        if (!c.mem.accessible(c.a(3), 8, PROT_WRITE)) {
            c.process.handles.close(a);
            c.process.handles.close(b);
            return -Errno.EFAULT;
        }
        c.mem.write32(c.a(3), a);
        c.mem.write32(c.a(3) + 4, b);
        return 0;
    }

    // ---------------------------------------------------------------- addresses

    /** move_addr_to_kernel: EINVAL for a length past sockaddr_storage, EFAULT for a bad pointer. */
    private static byte[] address(Call c, long addr, int len) {
        if (len < 0 || len > SOCKADDR_STORAGE) throw Errno.error(Errno.EINVAL);
        if (len == 0) return new byte[0];
        c.check(addr, len, PROT_READ);
        return c.mem.read(addr, len);
    }

    /** move_addr_to_user: as much of the address as the guest's length allows, and its real length written back. */
    private static void giveAddress(Call c, byte[] a, long addr, long lenPtr) {
        if (addr == 0 || lenPtr == 0) return;
        c.check(lenPtr, 4, PROT_READ | PROT_WRITE);
        int room = c.mem.read32(lenPtr);
        if (room < 0) throw Errno.error(Errno.EINVAL);
        int n = a == null ? 0 : a.length;
        if (Math.min(room, n) > 0) {
            c.check(addr, Math.min(room, n), PROT_WRITE);
            c.mem.write(addr, a, 0, Math.min(room, n));
        }
        c.mem.write32(lenPtr, n);
    }

    private static int family(byte[] a) {
        return a.length < 2 ? -1 : (a[0] & 0xff) | (a[1] & 0xff) << 8;
    }

    /**
     * unix_validate_addr and unix_mkname_bsd: EINVAL unless AF_UNIX and within sockaddr_un; a path
     * address ends at its first NUL (and gets one), an abstract one (sun_path[0] NUL) is all its bytes.
     */
    private static byte[] unixAddress(byte[] a) {
        if (a.length < 2 || family(a) != Socket.AF_UNIX || a.length > 2 + SUN_PATH) throw Errno.error(Errno.EINVAL);
        if (a.length == 2 || a[2] == 0) return a;
        int end = 2;
        while (end < a.length && a[end] != 0) end++;
        byte[] n = java.util.Arrays.copyOf(a, end + 1);
        n[end] = 0;
        return n;
    }

    private static String unixPath(byte[] a) {
        return new String(a, 2, a.length - 3, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The socket an AF_UNIX address names (unix_find_other): an abstract name's key, or the inode of the
     * socket file a path leads to (ENOENT when none; ECONNREFUSED when it is not a socket).
     */
    private static Object unixTarget(Call c, byte[] a) {
        if (a.length == 2) throw Errno.error(Errno.EINVAL);
        if (a[2] == 0) return UnixSocket.abstractKey(a);
        return unixKey(c, socketFile(c, a));
    }

    private static Vnode socketFile(Call c, byte[] a) {
        return PathCalls.node(c, PathCalls.AT_FDCWD, unixPath(a), true);
    }

    private static Object unixKey(Call c, Vnode n) {
        Stat st = n.stat();
        if ((st.mode() & Stat.S_IFMT) != Stat.S_IFSOCK) throw Errno.error(Errno.ECONNREFUSED);
        if (!n.permits(2) && c.process.creds.euid() != 0) throw Errno.error(Errno.EACCES);
        return List.of(st.dev(), st.ino());
    }

    /**
     * bind(2). AF_UNIX: a bare sa_family binds to a free abstract name (autobind); a path makes the
     * socket file (mode 0777 less the umask; EADDRINUSE when the name exists); EINVAL when bound already.
     */
    static long bind(Call c) {
        Socket s = sock(c);
        byte[] a = address(c, c.a(1), c.i(2));
        if (!(s instanceof UnixSocket)) return s.bind(a, null);
        a = unixAddress(a);
        if (a.length == 2) return s.bind(a, null);
        if (a[2] == 0) return s.bind(a, UnixSocket.abstractKey(a));
        String path = unixPath(a);
        Vfs.Walk w = PathCalls.walk(c, PathCalls.AT_FDCWD, path, false);
        if (w.node() != null) return -Errno.EADDRINUSE; // unix_bind_bsd makes the file before it looks at the socket
        if (w.parent() == null) return -Errno.ENOENT;
        if (s.name(false).length > 2) return -Errno.EINVAL;
        w.parent().mknod(w.name(), Stat.S_IFSOCK | (0777 & ~c.process.umask), 0);
        Stat st = PathCalls.node(c, PathCalls.AT_FDCWD, path, false).stat();
        return s.bind(a, List.of(st.dev(), st.ino()));
    }

    /** listen(2): the backlog is capped at net.core.somaxconn (4096). */
    static long listen(Call c) {
        return sock(c).listen(c.i(1));
    }

    static long accept(Call c) {
        return doAccept(c, 0);
    }

    /** accept4(2): SOCK_NONBLOCK and SOCK_CLOEXEC for the new socket; EINVAL for other flags. */
    static long accept4(Call c) {
        return doAccept(c, c.i(3));
    }

    private static long doAccept(Call c, int flags) {
        Socket s = sock(c);
        if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) return -Errno.EINVAL;
        long addr = c.a(1), lenPtr = c.a(2);
        if (addr != 0) {
            c.check(lenPtr, 4, PROT_READ | PROT_WRITE);
            if (c.mem.read32(lenPtr) < 0) return -Errno.EINVAL;
        }
        byte[][] peer = new byte[1][];
        Socket n = s.accept(flags & SOCK_NONBLOCK, peer);
        int fd = c.process.install(n, (flags & SOCK_CLOEXEC) != 0, 0);
        try {
            giveAddress(c, peer[0], addr, lenPtr);
        } catch (LinuxError e) {
            c.process.handles.close(fd);
            throw e;
        }
        return fd;
    }

    /** connect(2): AF_UNIX to a bound socket ({@link #unixTarget}); AF_UNSPEC dissolves a datagram socket's association. */
    static long connect(Call c) {
        Socket s = sock(c);
        byte[] a = address(c, c.a(1), c.i(2));
        if (!(s instanceof UnixSocket)) return s.connect(a, null);
        if (s.type == Socket.SOCK_DGRAM && family(a) == Socket.AF_UNSPEC) return s.connect(a, null);
        a = unixAddress(a);
        if (a.length == 2 || a[2] == 0) return s.connect(a, unixTarget(c, a));
        Vnode n = socketFile(c, a);
        Object key = unixKey(c, n);
        if (!UnixSocket.bound(key) && n instanceof lxrun.lxcore.vfs.HostVnode h && s.name(false).length == 2
                && s.name(true) == null) return hostConnect(c, s, h.hostPath);
        return s.connect(a, key);
    }

    /**
     * connect(2) of an unbound, unconnected AF_UNIX socket to a host socket file no guest socket is bound
     * to (a host daemon's: a syslog, a display server): the fd's socket becomes a host AF_UNIX socket
     * connected to it. ECONNREFUSED when the host path does not fit sun_path.
     */
    private static long hostConnect(Call c, Socket s, String hostPath) {
        byte[] path = hostPath.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (path.length >= SUN_PATH) return -Errno.ECONNREFUSED;
        byte[] a = new byte[2 + path.length + 1];
        a[0] = Socket.AF_UNIX;
        System.arraycopy(path, 0, a, 2, path.length);
        HostSocket h = HostSocket.create(Socket.AF_UNIX, s.type, 0, s.statusFlags & LxFile.O_NONBLOCK);
        long r = h.connect(a, null);
        if (r < 0 && r != -Errno.EINPROGRESS) {
            h.dereference();
            return r;
        }
        int fd = c.i(0);
        c.process.handles.insertAt(fd, h, c.process.handles.attributes(fd));
        h.dereference();
        return r;
    }

    static long getsockname(Call c) {
        return name(c, false);
    }

    static long getpeername(Call c) {
        return name(c, true);
    }

    /** getsockname(2), getpeername(2) (ENOTCONN without a peer); EINVAL for a negative length. */
    private static long name(Call c, boolean peer) {
        Socket s = sock(c);
        c.check(c.a(2), 4, PROT_READ | PROT_WRITE);
        if (c.mem.read32(c.a(2)) < 0) return -Errno.EINVAL;
        byte[] a = s.name(peer);
        if (a == null) return -Errno.ENOTCONN;
        giveAddress(c, a, c.a(1), c.a(2));
        return 0;
    }

    /** shutdown(2): SHUT_RD, SHUT_WR, SHUT_RDWR (EINVAL otherwise), ENOTCONN when not connected. */
    static long shutdown(Call c) {
        return sock(c).shutdown(c.i(1));
    }

    // ---------------------------------------------------------------- sending and receiving

    /** sendto(2): send(2) with an optional address (ignored or EISCONN on a connected stream, as the socket says). */
    static long sendto(Call c) {
        Socket s = sock(c);
        int flags = c.i(3);
        long buf = c.a(1), n = c.a(2);
        byte[] data = gather(c, s, new long[] {buf, n});
        Socket.Message m = new Socket.Message(data, data.length);
        m.credentials = credentials(c);
        Object to = c.a(4) != 0 ? destination(c, s, address(c, c.a(4), c.i(5)), m) : null;
        return sent(c, s, s.send(m, to, flags), flags);
    }

    /** The key of an AF_UNIX destination, or an internet one's bytes put in the message. */
    private static Object destination(Call c, Socket s, byte[] a, Socket.Message m) {
        if (!(s instanceof UnixSocket)) {
            m.address = a;
            return null;
        }
        if (a.length == 0 || s.type == Socket.SOCK_SEQPACKET) return null;
        if (s.type == Socket.SOCK_STREAM) return a; // unix_stream_sendmsg: EISCONN or EOPNOTSUPP for any address
        return unixTarget(c, unixAddress(a));
    }

    /** A send's result: EPIPE on a stream socket raises SIGPIPE as well, unless MSG_NOSIGNAL. */
    private static long sent(Call c, Socket s, int r, int flags) {
        if (r == -Errno.EPIPE && s.type == Socket.SOCK_STREAM && (flags & Socket.MSG_NOSIGNAL) == 0) return FileCalls.brokenPipe(c, r);
        return r;
    }

    /** The bytes of an iovec list (pairs of address and length): EFAULT for a part the guest cannot read; EMSGSIZE for a datagram past CHUNK. */
    private static byte[] gather(Call c, Socket s, long[] v) {
        long total = 0;
        for (int i = 1; i < v.length; i += 2) {
            if (v[i] < 0) throw Errno.error(Errno.EINVAL);
            total += v[i];
        }
        if (total > CHUNK && s.type != Socket.SOCK_STREAM) throw Errno.error(Errno.EMSGSIZE);
        byte[] b = new byte[(int) Math.min(total, SEND_MAX)];
        int at = 0;
        for (int i = 0; i < v.length && at < b.length; i += 2) {
            int k = (int) Math.min(v[i + 1], b.length - at);
            if (k == 0) continue;
            c.check(v[i], k, PROT_READ);
            c.mem.read(v[i], b, at, k);
            at += k;
        }
        return b;
    }

    /** recvfrom(2): the sender's address (length 0 when it has none to give: a stream's unbound peer). */
    static long recvfrom(Call c) {
        Socket s = sock(c);
        int flags = c.i(3);
        long buf = c.a(1), n = Math.min(c.a(2), CHUNK);
        if (c.a(2) < 0 || !c.userRange(buf, c.a(2))) return -Errno.EFAULT;
        if (c.a(4) != 0) {
            c.check(c.a(5), 4, PROT_READ | PROT_WRITE);
            if (c.mem.read32(c.a(5)) < 0) return -Errno.EINVAL;
        }
        Socket.Message m = new Socket.Message(new byte[(int) n], (int) n);
        int r = s.receive(m, flags & ~Socket.MSG_CMSG_CLOEXEC);
        if (r < 0) return r;
        dropRights(m);
        scatter(c, m, new long[] {buf, n});
        giveAddress(c, m.address, c.a(4), c.a(5));
        return r;
    }

    /** Descriptors that came where they cannot be given (read, recvfrom): closed, as Linux does when the call has no control buffer. */
    private static void dropRights(Socket.Message m) {
        if (m.rights != null) for (LxFile f : m.rights) f.dereference();
        m.rights = null;
    }

    private static void scatter(Call c, Socket.Message m, long[] v) {
        int at = 0;
        for (int i = 0; i < v.length && at < m.length; i += 2) {
            int k = (int) Math.min(v[i + 1], m.length - at);
            if (k == 0) continue;
            c.check(v[i], k, PROT_WRITE);
            c.mem.write(v[i], m.data, at, k);
            at += k;
        }
    }

    /** A msghdr's iovecs: EMSGSIZE for more than UIO_MAXIOV (copy_msghdr_from_user), then as readv's. */
    private static long[] messageIovecs(Call c, long msg) {
        long n = c.mem.read64(msg + MSG_IOVLEN);
        if (Long.compareUnsigned(n, UIO_MAXIOV) > 0) throw Errno.error(Errno.EMSGSIZE);
        return FileCalls.iovecs(c, c.mem.read64(msg + MSG_IOV), (int) n);
    }

    /** struct msghdr (56 bytes): name, namelen, iov, iovlen, control, controllen, flags. */
    private static final int MSG_NAME = 0, MSG_NAMELEN = 8, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32,
            MSG_CONTROLLEN = 40, MSG_FLAGS = 48, MSGHDR = 56;

    /**
     * sendmsg(2): the iovecs' bytes, an address, and ancillary data: SCM_RIGHTS passes the descriptors
     * (EBADF for one not open, EINVAL past SCM_MAX_FD or a malformed cmsg), SCM_CREDENTIALS sends the
     * credentials it gives (checked) instead of the sender's; cmsgs of other levels are ignored as
     * __scm_send ignores them.
     */
    static long sendmsg(Call c) {
        return sendOne(c, sock(c), c.a(1), c.i(2));
    }

    private static long sendOne(Call c, Socket s, long msg, int flags) {
        c.check(msg, MSGHDR, PROT_READ);
        long[] v = messageIovecs(c, msg);
        byte[] data = gather(c, s, v);
        Socket.Message m = new Socket.Message(data, data.length);
        long name = c.mem.read64(msg + MSG_NAME);
        int namelen = c.mem.read32(msg + MSG_NAMELEN);
        m.credentials = credentials(c);
        m.rights = controlRights(c, s, m, c.mem.read64(msg + MSG_CONTROL), c.mem.read64(msg + MSG_CONTROLLEN));
        try {
            Object to = name != 0 && namelen != 0 ? destination(c, s, address(c, name, namelen), m) : null;
            int r = s.send(m, to, flags);
            if (r < 0) dropRights(m);
            return sent(c, s, r, flags);
        } catch (LinuxError e) {
            dropRights(m);
            throw e;
        }
    }

    /**
     * The descriptors of SCM_RIGHTS cmsgs, each with a reference of its own, or null; SCM_CREDENTIALS
     * replaces the sender's credentials in {@code m} (EPERM unless the pid is the sender's and the ids
     * its real, effective or saved ones, as scm_check_creds).
     */
    private static List<LxFile> controlRights(Call c, Socket s, Socket.Message m, long control, long len) {
        if (len == 0) return null;
        if (len < 0 || len > Integer.MAX_VALUE) throw Errno.error(Errno.ENOBUFS);
        c.check(control, len, PROT_READ);
        List<LxFile> rights = null;
        try {
            for (long at = 0; at + 16 <= len; ) {
                long cl = c.mem.read64(control + at);
                int level = c.mem.read32(control + at + 8), type = c.mem.read32(control + at + 12);
                if (cl < 16 || cl > len - at) throw Errno.error(Errno.EINVAL);
                if (level == Socket.SOL_SOCKET) {
                    if (type == SCM_RIGHTS) {
                        if (!(s instanceof UnixSocket)) throw Errno.error(Errno.EINVAL);
                        int n = (int) ((cl - 16) / 4);
                        if (n == 0) {
                            at += (cl + 7) & ~7L;
                            continue;
                        }
                        if (n > SCM_MAX_FD || rights != null && rights.size() + n > SCM_MAX_FD) throw Errno.error(Errno.EINVAL);
                        if (rights == null) rights = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            LxFile f = c.fd(c.mem.read32(control + at + 16 + 4L * i));
                            f.reference();
                            rights.add(f);
                        }
                    } else if (type == SCM_CREDENTIALS) {
                        if (cl != 16 + 12) throw Errno.error(Errno.EINVAL);
                        int pid = c.mem.read32(control + at + 16), uid = c.mem.read32(control + at + 20),
                                gid = c.mem.read32(control + at + 24);
                        var cr = c.process.creds;
                        boolean root = cr.euid() == 0;
                        if (!root && (pid != c.process.pid() || uid != cr.ruid() && uid != cr.euid() && uid != cr.suid()
                                || gid != cr.rgid() && gid != cr.egid() && gid != cr.sgid())) throw Errno.error(Errno.EPERM);
                        m.credentials = new int[] {pid, uid, gid};
                    } else {
                        throw Errno.error(Errno.EINVAL);
                    }
                }
                at += (cl + 7) & ~7L;
            }
        } catch (LinuxError e) {
            if (rights != null) for (LxFile f : rights) f.dereference();
            throw e;
        }
        return rights;
    }

    /**
     * recvmsg(2): the data scattered over the iovecs, the sender's address, msg_flags (MSG_TRUNC,
     * MSG_CTRUNC), with SO_PASSCRED the sender's credentials as an SCM_CREDENTIALS cmsg, and passed
     * descriptors installed as an SCM_RIGHTS cmsg after it (close-on-exec with
     * MSG_CMSG_CLOEXEC); those the control buffer has no room for are closed (MSG_CTRUNC).
     */
    static long recvmsg(Call c) {
        return receiveOne(c, sock(c), c.a(1), c.i(2));
    }

    private static long receiveOne(Call c, Socket s, long msg, int flags) {
        c.check(msg, MSGHDR, PROT_READ | PROT_WRITE);
        long[] v = messageIovecs(c, msg);
        long total = 0;
        for (int i = 1; i < v.length; i += 2) total += v[i];
        int n = (int) Math.min(total, CHUNK);
        long name = c.mem.read64(msg + MSG_NAME), control = c.mem.read64(msg + MSG_CONTROL),
                controlLen = c.mem.read64(msg + MSG_CONTROLLEN);
        if (name != 0 && c.mem.read32(msg + MSG_NAMELEN) < 0) return -Errno.EINVAL;
        Socket.Message m = new Socket.Message(new byte[n], n);
        m.flags = flags & Socket.MSG_CMSG_CLOEXEC; // ____sys_recvmsg starts msg_flags with it
        int r = s.receive(m, flags & ~Socket.MSG_CMSG_CLOEXEC);
        if (r < 0) return r;
        scatter(c, m, v);
        int namelen = c.mem.read32(msg + MSG_NAMELEN);
        if (name != 0 && namelen > 0) {
            byte[] a = m.address != null ? m.address : new byte[0];
            int k = Math.min(namelen, a.length);
            if (k > 0) {
                c.check(name, k, PROT_WRITE);
                c.mem.write(name, a, 0, k);
            }
            c.mem.write32(msg + MSG_NAMELEN, a.length);
        } else {
            c.mem.write32(msg + MSG_NAMELEN, 0);
        }
        long used = 0;
        if (m.credentials != null) { // SCM_CREDENTIALS first, as scm_recv puts it
            if (control == 0 || controlLen < 16 + 12) {
                m.flags |= Socket.MSG_CTRUNC;
            } else {
                c.check(control, 28, PROT_WRITE);
                c.mem.write64(control, 28);
                c.mem.write32(control + 8, Socket.SOL_SOCKET);
                c.mem.write32(control + 12, SCM_CREDENTIALS);
                for (int i = 0; i < 3; i++) c.mem.write32(control + 16 + 4L * i, m.credentials[i]);
                used = Math.min(controlLen, 32);
            }
        }
        control += used;
        controlLen -= used;
        if (m.rights != null) {
            int room = control == 0 || controlLen < 16 ? 0 : (int) Math.min((controlLen - 16) / 4, m.rights.size());
            if (room < m.rights.size()) m.flags |= Socket.MSG_CTRUNC;
            if (room > 0) {
                c.check(control, 16 + 4L * room, PROT_WRITE);
                boolean cloexec = (flags & Socket.MSG_CMSG_CLOEXEC) != 0;
                c.mem.write64(control, 16 + 4L * room);
                c.mem.write32(control + 8, Socket.SOL_SOCKET);
                c.mem.write32(control + 12, SCM_RIGHTS);
                for (int i = 0; i < room; i++) c.mem.write32(control + 16 + 4L * i, c.process.install(m.rights.get(i), cloexec, 0));
                used += Math.min(controlLen, (16 + 4L * room + 7) & ~7L);
            }
            for (int i = room; i < m.rights.size(); i++) m.rights.get(i).dereference();
        }
        c.mem.write64(msg + MSG_CONTROLLEN, used);
        c.mem.write32(msg + MSG_FLAGS, m.flags);
        return r;
    }

    /** struct mmsghdr: a msghdr and the msg_len the call fills in (64 bytes). */
    private static final int MMSGHDR = 64, UIO_MAXIOV = 1024, MSG_WAITFORONE = 0x10000;

    /**
     * sendmmsg(2): sendmsg for each of up to vlen (capped at UIO_MAXIOV) messages, each one's count in
     * its msg_len; an error after the first message ends the call with the number sent.
     */
    static long sendmmsg(Call c) {
        Socket s = sock(c);
        long vec = c.a(1);
        int n = Math.min(c.i(2) < 0 ? UIO_MAXIOV : c.i(2), UIO_MAXIOV), flags = c.i(3);
        int done = 0;
        for (; done < n; done++) {
            long r;
            try {
                r = sendOne(c, s, vec + (long) MMSGHDR * done, flags);
            } catch (LinuxError e) {
                r = -e.errno;
            }
            if (r < 0) {
                if (done == 0) return r;
                break;
            }
            c.mem.write32(vec + (long) MMSGHDR * done + MSGHDR, (int) r);
        }
        return done;
    }

    /**
     * recvmmsg(2): recvmsg for each of up to vlen messages; MSG_WAITFORONE makes every receive after the
     * first non-blocking; the timeout (a struct timespec, EINVAL when invalid) is looked at after each
     * message, as Linux does; an error after the first message ends the call with the number received.
     */
    static long recvmmsg(Call c) {
        Socket s = sock(c);
        long vec = c.a(1);
        int n = Math.min(c.i(2) < 0 ? UIO_MAXIOV : c.i(2), UIO_MAXIOV), flags = c.i(3);
        long end = 0;
        if (c.a(4) != 0) {
            long t = FdCalls.timespec(c, c.a(4));
            if (t == -2) return -Errno.EINVAL;
            end = System.nanoTime() + t;
        }
        int done = 0;
        for (; done < n; done++) {
            long r;
            try {
                r = receiveOne(c, s, vec + (long) MMSGHDR * done, flags & ~MSG_WAITFORONE);
            } catch (LinuxError e) {
                r = -e.errno;
            }
            if (r < 0) {
                if (done == 0) return r;
                break;
            }
            c.mem.write32(vec + (long) MMSGHDR * done + MSGHDR, (int) r);
            if ((flags & MSG_WAITFORONE) != 0) flags |= Socket.MSG_DONTWAIT;
            if (end != 0 && System.nanoTime() - end >= 0) {
                done++;
                break;
            }
        }
        if (c.a(4) != 0 && c.mem.accessible(c.a(4), 16, PROT_WRITE)) {
            long left = Math.max(0, end - System.nanoTime());
            c.mem.write64(c.a(4), left / 1_000_000_000L);
            c.mem.write64(c.a(4) + 8, left % 1_000_000_000L);
        }
        return done;
    }

    // ---------------------------------------------------------------- ioctl

    private static final long SIOCINQ = 0x541b, SIOCOUTQ = 0x5411, SIOCGIFCONF = 0x8912, SIOC_FIRST = 0x8910,
            SIOC_LAST = 0x8942, IFREQ = 40;

    /**
     * ioctl(2) on a socket (sock_ioctl): SIOCINQ (FIONREAD) and SIOCOUTQ; the network interface requests
     * (struct ifreq ones from SIOCGIFNAME to SIOCSIFTXQLEN, and SIOCGIFCONF) are the host's, as the guest
     * shares the host's network (if_nametoindex asks them of any socket); others ENOTTY.
     */
    static long ioctl(Call c, Socket s, long req, long arg) {
        int host = s.hostFd();
        if (req == SIOCINQ || req == SIOCOUTQ) {
            int n;
            if (s instanceof UnixSocket u) n = req == SIOCINQ ? u.available() : u.unread();
            else {
                byte[] v = new byte[4];
                n = lxrun.lxcore.fs.Host.ioctl(host, req, v);
                if (n >= 0) n = java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            }
            if (n < 0) return n;
            c.check(arg, 4, PROT_WRITE);
            c.mem.write32(arg, n);
            return 0;
        }
        if (req < SIOC_FIRST || req > SIOC_LAST) return -Errno.ENOTTY;
        if (req == SIOCGIFCONF) { // struct ifconf {int ifc_len; char *ifc_buf}
            c.check(arg, 16, PROT_READ | PROT_WRITE);
            int len = c.mem.read32(arg);
            long buf = c.mem.read64(arg + 8);
            byte[][] data = {buf == 0 ? null : new byte[Math.max(0, Math.min(len, 1 << 16))]};
            if (buf != 0) c.check(buf, data[0].length, PROT_WRITE);
            byte[] conf = new byte[16];
            int r = HostSocket.interfaceIoctl(host, req, conf, data);
            if (r < 0) return r;
            int got = java.nio.ByteBuffer.wrap(conf).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (buf != 0) c.mem.write(buf, data[0], 0, Math.min(got, data[0].length));
            c.mem.write32(arg, got);
            return r;
        }
        c.check(arg, IFREQ, PROT_READ | PROT_WRITE);
        byte[] ifreq = c.mem.read(arg, (int) IFREQ);
        int r = HostSocket.interfaceIoctl(host, req, ifreq, null);
        if (r >= 0) c.mem.write(arg, ifreq);
        return r;
    }

    // ---------------------------------------------------------------- options

    /** setsockopt(2): EINVAL for a negative length, EFAULT for a bad value; the socket knows its options. */
    static long setsockopt(Call c) {
        Socket s = sock(c);
        int len = c.i(4);
        if (len < 0) return -Errno.EINVAL;
        byte[] v = new byte[0];
        if (len > 0) {
            c.check(c.a(3), Math.min(len, 4096), PROT_READ);
            v = c.mem.read(c.a(3), Math.min(len, 4096));
        }
        return s.setOption(c.i(1), c.i(2), v);
    }

    /** getsockopt(2): the value truncated to the guest's length, the length written back. */
    static long getsockopt(Call c) {
        Socket s = sock(c);
        c.check(c.a(4), 4, PROT_READ | PROT_WRITE);
        int len = c.mem.read32(c.a(4));
        if (len < 0) return -Errno.EINVAL;
        byte[] out = new byte[Math.min(len, 4096)];
        int r = s.getOption(c.i(1), c.i(2), out);
        if (r < 0) return r;
        if (r > 0) {
            c.check(c.a(3), r, PROT_WRITE);
            c.mem.write(c.a(3), out, 0, r);
        }
        c.mem.write32(c.a(4), r);
        return 0;
    }
}
