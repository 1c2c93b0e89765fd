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
 * Host C library calls on file descriptors lxrun itself owns (java.lang.foreign, the downcalls made
 * as {@link Host} makes them): the host memfd behind a
 * {@link MemoryFile}, the host fd that mirrors a guest flock(2) on a host file, isatty. Results are as
 * the kernel's: a count, 0 or a new fd, or -errno (the host's errno is the guest's: both x86-64 Linux).
 */
public final class HostFd {
    // each downcall is linked on its first use (a holder class each): linking costs milliseconds at start-up
    private static final class Open {
        static final MethodHandle H = Host.handleErrno("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }
    private static final class Close {
        static final MethodHandle H = Host.handleErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    private static final class Flock {
        static final MethodHandle H = Host.handleErrno("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class MemfdCreate {
        static final MethodHandle H = Host.handleErrno("memfd_create",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Pread {
        static final MethodHandle H = Host.handleErrno("pread",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    }
    private static final class Pwrite {
        static final MethodHandle H = Host.handleErrno("pwrite",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    }
    private static final class Ftruncate {
        static final MethodHandle H = Host.handleErrno("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    }
    private static final class Fallocate {
        static final MethodHandle H = Host.handleErrno("fallocate",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    }
    private static final class Fstat {
        static final MethodHandle H = Host.handleErrno("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }
    private static final class Fcntl {
        static final MethodHandle H = Host.handleErrno("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }
    private static final class Lseek {
        static final MethodHandle H = Host.handleErrno("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    }
    private static final class Isatty {
        static final MethodHandle H = Host.handleErrno("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    public static final int O_RDONLY = 0, O_WRONLY = 1, O_CLOEXEC = 02000000;
    public static final int MFD_CLOEXEC = 1;

    private HostFd() {}

    private static MemorySegment state(Arena a) {
        return a.allocate(Linker.Option.captureStateLayout());
    }

    private static RuntimeException fail(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            int r = (int) Open.H.invokeExact(st, a.allocateFrom(path), flags);
            return r < 0 ? -Host.errno(st) : r;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int r = (int) Close.H.invokeExact(state(a), fd);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    public static int flock(int fd, int op) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            int r = (int) Flock.H.invokeExact(st, fd, op);
            return r < 0 ? -Host.errno(st) : 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    public static int memfdCreate(String name, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            int r = (int) MemfdCreate.H.invokeExact(st, a.allocateFrom(name), flags);
            return r < 0 ? -Host.errno(st) : r;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** pread(2): bytes read (0 at end of file) or -errno. */
    public static int pread(int fd, byte[] b, int off, int n, long pos) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(n, 1)), st = state(a);
            long r = (long) Pread.H.invokeExact(st, fd, buf, (long) n, pos);
            if (r < 0) return -Host.errno(st);
            MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) r);
            return (int) r;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** pwrite(2) of all {@code n} bytes: n, or -errno if none could be written. */
    public static int pwrite(int fd, byte[] b, int off, int n, long pos) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(n, 1)), st = state(a);
            MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, n);
            long done = 0;
            while (done < n) {
                long r = (long) Pwrite.H.invokeExact(st, fd, buf.asSlice(done), n - done, pos + done);
                if (r < 0) return done > 0 ? (int) done : -Host.errno(st);
                done += r;
            }
            return n;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    public static int ftruncate(int fd, long length) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            int r = (int) Ftruncate.H.invokeExact(st, fd, length);
            return r < 0 ? -Host.errno(st) : 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    public static int fallocate(int fd, int mode, long offset, long len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            int r = (int) Fallocate.H.invokeExact(st, fd, mode, offset, len);
            return r < 0 ? -Host.errno(st) : 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** fstat(2): the raw struct stat (the guest's layout), or null. */
    public static byte[] fstat(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Host.STAT_SIZE), st = state(a);
            int r = (int) Fstat.H.invokeExact(st, fd, buf);
            return r < 0 ? null : buf.toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** fcntl(2) with an int argument (F_ADD_SEALS, F_GET_SEALS...): the result or -errno. */
    public static int fcntl(int fd, int cmd, int arg) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            int r = (int) Fcntl.H.invokeExact(st, fd, cmd, arg);
            return r < 0 ? -Host.errno(st) : r;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** lseek(2): the new offset or -errno. */
    public static long lseek(int fd, long offset, int whence) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            long r = (long) Lseek.H.invokeExact(st, fd, offset, whence);
            return r < 0 ? -Host.errno(st) : r;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    public static boolean isatty(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Isatty.H.invokeExact(state(a), fd) == 1;
        } catch (Throwable t) {
            throw fail(t);
        }
    }
}
