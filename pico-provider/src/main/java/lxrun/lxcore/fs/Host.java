package lxrun.lxcore.fs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few host C library calls the JDK does not offer (java.lang.foreign): read, write and ioctl on the
 * host's fds 0-2, so guest output is unbuffered and the terminal answers TCGETS/TIOCGWINSZ itself; and
 * stat, lstat and statfs of host paths, whose structures are the guest's own (the host is x86-64 Linux).
 */
public final class Host {
    private static final Linker LINKER = Linker.nativeLinker();
    // each downcall is linked on its first use (a holder class each), as in HostFd: linking one costs milliseconds
    private static final class Ioctl {
        static final MethodHandle H = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2),
                Linker.Option.captureCallState("errno"));
    }
    private static final class Read {
        static final MethodHandle H = handleErrno("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Write {
        static final MethodHandle H = handleErrno("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private static final class Stat {
        static final MethodHandle H = handleErrno("stat", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class Lstat {
        static final MethodHandle H = handleErrno("lstat", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class Statfs {
        static final MethodHandle H = handleErrno("statfs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }
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
            long r = (long) Read.H.invokeExact(st, fd, buf, (long) n);
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
                long r = (long) Write.H.invokeExact(st, fd, buf.asSlice(done), (long) n - done);
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
            int r = (int) Ioctl.H.invokeExact(st, fd, request, m);
            if (r < 0) return -errno(st);
            MemorySegment.copy(m, JAVA_BYTE, 0, buf, 0, buf.length);
            return r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** stat(2) or lstat(2) of a host path: the raw struct stat, or null with {@code errno[0]} set. */
    public static byte[] stat(String path, boolean follow, int[] errno) {
        return pathCall(follow ? Stat.H : Lstat.H, path, STAT_SIZE, errno);
    }

    /** statfs(2) of a host path: the raw struct statfs, or null with {@code errno[0]} set. */
    public static byte[] statfs(String path, int[] errno) {
        return pathCall(Statfs.H, path, STATFS_SIZE, errno);
    }

    private static byte[] pathCall(MethodHandle h, String path, int size, int[] errno) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocateFrom(path);
            MemorySegment buf = a.allocate(size);
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) h.invokeExact(st, p, buf);
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
     * A host C library call on paths and numbers (mkdir, renameat2, utimensat...): String arguments
     * become C strings, byte[] arguments are copied in and back out, int and long pass as they are.
     * Returns the call's int result, or -errno when it fails. Path operations are rare next to reads and
     * writes, so one dynamic invoker serves them all.
     */
    public static int call(String function, Object... args) {
        try (Arena a = Arena.ofConfined()) {
            Object[] in = new Object[args.length + 1];
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            in[0] = st;
            MemorySegment[] buffers = new MemorySegment[args.length];
            for (int i = 0; i < args.length; i++) {
                in[i + 1] = switch (args[i]) {
                    case String s -> a.allocateFrom(s);
                    case byte[] b -> buffers[i] = a.allocateFrom(JAVA_BYTE, b);
                    default -> args[i];
                };
            }
            int r = (int) CALLS.computeIfAbsent(function + signature(args), k -> handle(function, args)).invokeWithArguments(in);
            for (int i = 0; i < args.length; i++) {
                if (buffers[i] != null) MemorySegment.copy(buffers[i], JAVA_BYTE, 0, (byte[]) args[i], 0, ((byte[]) args[i]).length);
            }
            return r < 0 ? -errno(st) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(function, t);
        }
    }

    private static final java.util.Map<String, MethodHandle> CALLS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String signature(Object[] args) {
        StringBuilder sb = new StringBuilder("(");
        for (Object o : args) sb.append(o instanceof Integer ? 'I' : o instanceof Long ? 'J' : 'A');
        return sb.append(')').toString();
    }

    private static MethodHandle handle(String function, Object[] args) {
        java.lang.foreign.MemoryLayout[] layouts = new java.lang.foreign.MemoryLayout[args.length];
        for (int i = 0; i < args.length; i++) {
            layouts[i] = args[i] instanceof Integer ? JAVA_INT : args[i] instanceof Long ? JAVA_LONG : ADDRESS;
        }
        return handleErrno(function, FunctionDescriptor.of(JAVA_INT, layouts));
    }
}
