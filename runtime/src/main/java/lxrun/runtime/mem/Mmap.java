package lxrun.runtime.mem;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Host mmap/madvise/munmap through java.lang.foreign: the guest address space is one host reservation. */
final class Mmap {
    static final int PROT_READ = 1, PROT_WRITE = 2;
    static final int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
            MAP_NORESERVE = 0x4000;
    static final int MADV_DONTNEED = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    // each downcall is linked on its first use (a holder class each): linking one costs milliseconds at start-up
    private static final class Map {
        static final MethodHandle H = handle("mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    }
    private static final class Madvise {
        static final MethodHandle H = handle("madvise",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    private static final class Munmap {
        static final MethodHandle H = handle("munmap",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Mincore {
        static final MethodHandle H = handle("mincore",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    }
    private static final class MapErrno {
        static final MethodHandle H = LINKER.downcallHandle(LINKER.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
                Linker.Option.captureCallState("errno"));
    }
    private static final class Dup {
        static final MethodHandle H = handle("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    private static final class Close {
        static final MethodHandle H = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private Mmap() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
    }

    /** Reserves {@code size} bytes of zero-filled, lazily committed host memory. */
    static MemorySegment reserve(long size) {
        try {
            MemorySegment p = (MemorySegment) Map.H.invokeExact(MemorySegment.NULL, size,
                    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (p.address() == -1L) throw new OutOfMemoryError("cannot reserve guest address space");
            return p.reinterpret(size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Gives pages back to the host; they read as zero afterwards, as fresh anonymous memory does. */
    static void discard(MemorySegment base, long offset, long size) {
        try {
            int rc = (int) Madvise.H.invokeExact(base.asSlice(offset, size), size, MADV_DONTNEED);
            if (rc != 0) base.asSlice(offset, size).fill((byte) 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** mincore(2): how many pages of [offset, offset+size) are resident (page-aligned arguments). */
    static long resident(MemorySegment base, long offset, long size) {
        long pages = size >>> 12, n = 0;
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            int chunk = (int) Math.min(pages, 1 << 20);
            MemorySegment vec = a.allocate(Math.max(chunk, 1));
            for (long p = 0; p < pages; p += chunk) {
                long k = Math.min(chunk, pages - p);
                int rc = (int) Mincore.H.invokeExact(base.asSlice(offset + (p << 12), k << 12), k << 12, vec);
                if (rc != 0) return 0;
                for (long i = 0; i < k; i++) n += vec.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 1;
            }
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Maps {@code size} bytes of host fd {@code fd} from {@code fileOffset} over [offset, offset+size) of
     * the reservation, MAP_SHARED: 0 or -errno (EPERM for a write-sealed memfd mapped writable).
     */
    static int mapShared(MemorySegment base, long offset, long size, int fd, long fileOffset, boolean writable) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment st = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment p = (MemorySegment) MapErrno.H.invokeExact(st, base.asSlice(offset, size), size,
                    writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED | MAP_FIXED, fd, fileOffset);
            if (p.address() != -1L) return 0;
            return -st.get(JAVA_INT, Linker.Option.captureStateLayout().byteOffset(
                    java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether host fd {@code fd} may be mapped shared and writable (not write-sealed): tried elsewhere. */
    static boolean mayMapWritable(int fd, long fileOffset) {
        try {
            MemorySegment p = (MemorySegment) Map.H.invokeExact(MemorySegment.NULL, 4096L, PROT_READ | PROT_WRITE,
                    MAP_SHARED, fd, fileOffset);
            if (p.address() == -1L) return false;
            int rc = (int) Munmap.H.invokeExact(p, 4096L);
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Puts fresh private anonymous memory (zeros) back over [offset, offset+size), ending a shared mapping there. */
    static void mapPrivate(MemorySegment base, long offset, long size) {
        try {
            MemorySegment p = (MemorySegment) Map.H.invokeExact(base.asSlice(offset, size), size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0L);
            if (p.address() == -1L) throw new OutOfMemoryError("cannot remap guest address space");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static final class Fstat {
        static final MethodHandle H = handle("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** The host inode behind {@code fd}: {st_dev, st_ino} of its struct stat (x86-64 layout), or null. */
    static long[] inode(int fd) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment st = a.allocate(144);
            if ((int) Fstat.H.invokeExact(fd, st) != 0) return null;
            return new long[] {st.get(JAVA_LONG, 0), st.get(JAVA_LONG, 8)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int dup(int fd) {
        try {
            return (int) Dup.H.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(int fd) {
        try {
            int rc = (int) Close.H.invokeExact(fd);
            assert rc == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void release(MemorySegment base) {
        try {
            int rc = (int) Munmap.H.invokeExact(base, base.byteSize());
            assert rc == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
