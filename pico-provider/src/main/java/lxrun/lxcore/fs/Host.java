package lxrun.lxcore.fs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.util.Map.entry;

/**
 * The few host C library calls the JDK does not offer (java.lang.foreign): read, write and ioctl on the
 * host's fds 0-2, so guest output is unbuffered and the terminal answers TCGETS/TIOCGWINSZ itself; and
 * stat, lstat and statfs of host paths, whose structures are the guest's own (the host is x86-64 Linux);
 * and call(), for the host calls on paths and numbers. All go through the C library's syscall(2).
 */
public final class Host {
    private static final Linker LINKER = Linker.nativeLinker();
    /** sizeof(struct stat) and sizeof(struct statfs) on x86-64 Linux. */
    public static final int STAT_SIZE = 144, STATFS_SIZE = 120;

    private Host() {}

    /** A downcall to the C library's {@code name} that captures errno (the first argument is the capture state). */
    static MethodHandle handleErrno(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = java.util.Arrays.copyOf(extra, extra.length + 1);
        opts[extra.length] = Linker.Option.captureCallState("errno");
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, opts);
    }

    static int errno(MemorySegment state) {
        return state.get(JAVA_INT, Linker.Option.captureStateLayout().byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
    }

    /** read(2) on a host fd: count or -errno. */
    public static int read(int fd, byte[] b, int off, int n) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(n, 1));
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            long r = syscall(st, 0, fd, buf.address(), n); // read
            if (r < 0) return -errno(st);
            MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) r);
            return (int) r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** write(2) of all {@code n} bytes to a host fd: count or -errno. */
    public static int write(int fd, byte[] b, int off, int n) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(n, 1));
            MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, n);
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            long done = 0;
            while (done < n) {
                long r = syscall(st, 1, fd, buf.address() + done, n - done); // write
                if (r < 0) {
                    int e = errno(st);
                    if (e == 4) continue; // EINTR
                    return done > 0 ? (int) done : -e;
                }
                done += r;
            }
            return n;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** ioctl(2) with a buffer argument of {@code size} bytes, copied in and out: 0 or -errno. */
    public static int ioctl(int fd, long request, byte[] buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(Math.max(buf.length, 64));
            MemorySegment.copy(buf, 0, m, JAVA_BYTE, 0, buf.length);
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) syscall(st, 16, fd, request, m.address()); // ioctl
            if (r < 0) return -errno(st);
            MemorySegment.copy(m, JAVA_BYTE, 0, buf, 0, buf.length);
            return r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** stat(2) or lstat(2) of a host path: the raw struct stat, or null with {@code errno[0]} set. */
    public static byte[] stat(String path, boolean follow, int[] errno) {
        return pathCall(follow ? 4 : 6, path, STAT_SIZE, errno); // stat, lstat
    }

    /** statfs(2) of a host path: the raw struct statfs, or null with {@code errno[0]} set. */
    public static byte[] statfs(String path, int[] errno) {
        return pathCall(137, path, STATFS_SIZE, errno); // statfs
    }

    private static byte[] pathCall(int nr, String path, int size, int[] errno) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocateFrom(path);
            MemorySegment buf = a.allocate(size);
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) syscall(st, nr, p.address(), buf.address(), 0);
            if (r < 0) {
                errno[0] = errno(st);
                return null;
            }
            return buf.toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * A host system call on paths and numbers (mkdir, renameat2, utimensat...), made through the C
     * library's syscall(2) under the call's x86-64 number: String arguments become C strings, byte[]
     * arguments are copied in and back out, int and long pass as they are (widened to long, as syscall(2)
     * takes them). Returns the call's result, or -errno when it fails. One downcall serves every
     * function: a downcall of each function's own signature cost milliseconds of method-handle spinning
     * each, eight of them at every start (umask, getresuid, access, open, signalfd...).
     */
    public static int call(String function, Object... args) {
        Integer nr = SYSCALLS.get(function);
        if (nr == null) throw new IllegalArgumentException("Host.call: no system call " + function);
        if (function.equals("signalfd")) args = new Object[] {args[0], args[1], 8L, args[2]}; // signalfd4 with sizeof(sigset_t), as glibc's signalfd
        if (args.length > 6) throw new IllegalArgumentException("Host.call: " + function + " with " + args.length + " arguments");
        try (Arena a = Arena.ofConfined()) {
            long[] in = new long[6];
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment[] buffers = new MemorySegment[args.length];
            for (int i = 0; i < args.length; i++) {
                in[i] = switch (args[i]) {
                    case String str -> a.allocateFrom(str).address();
                    case byte[] b -> (buffers[i] = a.allocateFrom(JAVA_BYTE, b)).address();
                    case Integer n -> n;
                    case Long n -> n;
                    default -> throw new IllegalArgumentException("Host.call: argument " + args[i]);
                };
            }
            long r = (long) Syscall.H.invokeExact(st, (long) nr, in[0], in[1], in[2], in[3], in[4], in[5]);
            for (int i = 0; i < args.length; i++) {
                if (buffers[i] != null) MemorySegment.copy(buffers[i], JAVA_BYTE, 0, (byte[]) args[i], 0, ((byte[]) args[i]).length);
            }
            return r < 0 ? -errno(st) : (int) r;
        } catch (Throwable t) {
            throw new IllegalStateException(function, t);
        }
    }

    /** poll(2) of one host descriptor: the events it reports (0 on timeout or error). */
    public static int poll(int fd, int events, int timeoutMs) {
        byte[] pfd = new byte[8];
        java.nio.ByteBuffer.wrap(pfd).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(fd).putShort((short) events);
        int r = call("poll", pfd, 1L, timeoutMs);
        if (r <= 0) return 0;
        return java.nio.ByteBuffer.wrap(pfd).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(6) & 0xffff;
    }

    /** syscall(2) with up to three arguments: the raw result (-1 with errno in {@code st} on failure). */
    private static long syscall(MemorySegment st, long nr, long a, long b, long c) throws Throwable {
        return (long) Syscall.H.invokeExact(st, nr, a, b, c, 0L, 0L, 0L);
    }

    /**
     * long syscall(long number, ...): six arguments always, the kernel reads those the call has. The one
     * downcall of every host call here (linked on first use): a downcall of each function's own signature
     * costs milliseconds of method-handle spinning at start-up, which the AOT cache cannot keep.
     */
    private static final class Syscall {
        static final MethodHandle H = handleErrno("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    }

    /**
     * The x86-64 numbers (arch/x86/entry/syscalls/syscall_64.tbl) of the calls call() makes, under their C
     * library names (signalfd: signalfd4; eventfd(initval, flags): eventfd2).
     */
    static final Map<String, Integer> SYSCALLS = Map.ofEntries(
            entry("open", 2), entry("close", 3), entry("poll", 7), entry("ioctl", 16), entry("access", 21),
            entry("fsync", 74), entry("fdatasync", 75), entry("truncate", 76), entry("mkdir", 83),
            entry("rmdir", 84), entry("unlink", 87), entry("symlink", 88), entry("readlink", 89),
            entry("chmod", 90), entry("chown", 92), entry("lchown", 94), entry("umask", 95), entry("getuid", 102),
            entry("getgid", 104), entry("setsid", 112), entry("getgroups", 115), entry("getresuid", 118), entry("getresgid", 120),
            entry("mknod", 133), entry("linkat", 265), entry("utimensat", 280), entry("signalfd", 289),
            entry("renameat2", 316), entry("socket", 41), entry("connect", 42), entry("sendto", 44),
            entry("recvfrom", 45), entry("recvmsg", 47), entry("shutdown", 48), entry("bind", 49), entry("listen", 50),
            entry("getsockname", 51), entry("getpeername", 52), entry("setsockopt", 54), entry("getsockopt", 55),
            entry("accept4", 288), entry("eventfd", 290));
}
