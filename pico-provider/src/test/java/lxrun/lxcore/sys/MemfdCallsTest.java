package lxrun.lxcore.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

/** memfd_create(2), its shared mappings and seals; expected results as Linux 6.x gives them. */
class MemfdCallsTest {
    @TempDir
    Path root;

    static final int READ = 0, WRITE = 1, FSTAT = 5, LSEEK = 8, MMAP = 9, MPROTECT = 10, MUNMAP = 11, PREAD = 17,
            PWRITE = 18, FCNTL = 72, FTRUNCATE = 77, MEMFD_CREATE = 319;
    static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    static final int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_WRITE = 8;
    static final long BUF = SCRATCH + 0x2000;

    @Test
    void anInMemoryRegularFile() throws Exception {
        Guest g = new Guest(root);
        int fd = (int) g.sys(MEMFD_CREATE, g.str(0, "test"), MFD_CLOEXEC);
        assertTrue(fd >= 3);
        assertEquals(1, g.sys(FCNTL, fd, 1));                                 // FD_CLOEXEC
        assertEquals(0100002, g.sys(FCNTL, fd, 3));                           // O_RDWR|O_LARGEFILE
        assertEquals("/memfd:test (deleted)", g.thread.process.file(fd).guestPath);
        assertEquals(0, g.sys(FSTAT, fd, BUF));
        assertEquals(0100777, g.mem.read32(BUF + 24));                        // st_mode
        assertEquals(0, g.mem.read64(BUF + 16));                              // st_nlink: never linked
        g.mem.write(BUF + 0x200, "abcdef".getBytes());
        assertEquals(6, g.sys(WRITE, fd, BUF + 0x200, 6));
        assertEquals(2, g.sys(LSEEK, fd, 2, 0));
        assertEquals(4, g.sys(READ, fd, BUF + 0x300, 10));
        assertEquals("cdef", new String(g.mem.read(BUF + 0x300, 4)));
        assertEquals(0, g.sys(READ, fd, BUF + 0x300, 10));
        assertEquals(3, g.sys(PWRITE, fd, BUF + 0x200, 3, 100));
        assertEquals(103, g.sys(LSEEK, fd, 0, 2));
        assertEquals(0, g.sys(FTRUNCATE, fd, 4));
        assertEquals(4, g.sys(PREAD, fd, BUF + 0x300, 10, 0));
        assertEquals(0, g.sys(FTRUNCATE, fd, 3 * 4096));                      // SEEK_HOLE, SEEK_DATA
        assertEquals(1, g.sys(PWRITE, fd, BUF + 0x200, 1, 2 * 4096 + 5));
        assertEquals(4096, g.sys(LSEEK, fd, 0, 4));
        assertEquals(2 * 4096, g.sys(LSEEK, fd, 4096, 3));
        assertEquals(-Errno.ENXIO, g.sys(LSEEK, fd, 5 * 4096, 3));
        assertEquals(2 * 4096, g.sys(LSEEK, fd, 0, 1));
        assertEquals(-Errno.EINVAL, g.sys(MEMFD_CREATE, g.str(0, "x"), 0x100));
        assertEquals(-Errno.EINVAL, g.sys(MEMFD_CREATE, g.str(0, "x"), 4));   // MFD_HUGETLB
        assertEquals(-Errno.EINVAL, g.sys(MEMFD_CREATE, g.str(0, "a".repeat(250)), 0));
        assertTrue(g.sys(MEMFD_CREATE, g.str(0, "a".repeat(249)), 0) >= 0);
        assertEquals(-Errno.EFAULT, g.sys(MEMFD_CREATE, 16, 0));
    }

    @Test
    void sharedMappingsAreTheFileItselfAcrossFork() throws Exception {
        Guest g = new Guest(root);
        Proc p = Proc.of(g);
        int fd = (int) p.sys(MEMFD_CREATE, g.str(0, "shm"), 0);
        assertEquals(0, p.sys(FTRUNCATE, fd, 8192));
        long m = p.sys(MMAP, 0, 8192, 3, 1 /* MAP_SHARED */, fd, 0);
        p.mem.write(m + 1, "X".getBytes());                                   // a store...
        assertEquals(2, p.sys(PREAD, fd, BUF, 2, 0));                          // ...is in the file
        assertEquals('X', p.mem.read8(BUF + 1));
        p.mem.write(BUF, "Z".getBytes());
        assertEquals(1, p.sys(PWRITE, fd, BUF, 1, 2));                        // a write...
        assertEquals('Z', p.mem.read8(m + 2));                                // ...is in the mapping
        long priv = p.sys(MMAP, 0, 4096, 3, 2 /* MAP_PRIVATE */, fd, 0);
        p.mem.write(priv, "P".getBytes());
        assertEquals(0, p.mem.read8(m));                                      // private stays private
        long second = p.sys(MMAP, 0, 4096, 1, 1, fd, 4096);                   // a second, read-only view
        Proc child = Proc.fork(g, p);
        child.mem.write(m + 4096, "child".getBytes());
        assertEquals("child", new String(p.mem.read(m + 4096, 5)));           // the parent sees the child's store
        assertEquals("child", new String(p.mem.read(second, 5)));
        p.mem.write(m + 3, "Q".getBytes());
        assertEquals('Q', child.mem.read8(m + 3));                            // and the other way
        assertEquals(0, p.sys(MUNMAP, m, 8192));
        assertEquals(0, p.mem.protAt(m));
        assertEquals('Q', child.mem.read8(m + 3));                            // the child's mapping stays
    }

    @Test
    void sharedAnonymousMemoryIsSharedWithForkedChildren() throws Exception {
        Guest g = new Guest(root);
        Proc p = Proc.of(g);
        long shared = p.sys(MMAP, 0, 8192, 3, 0x21 /* MAP_SHARED|MAP_ANONYMOUS */, -1, 0);
        long priv = p.sys(MMAP, 0, 4096, 3, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
        p.mem.write32(shared, 1);
        p.mem.write32(priv, 1);
        Proc child = Proc.fork(g, p);
        child.mem.write32(shared, 42);
        child.mem.write32(shared + 4096, 7);
        child.mem.write32(priv, 9);
        assertEquals(42, p.mem.read32(shared));
        assertEquals(7, p.mem.read32(shared + 4096));
        assertEquals(1, p.mem.read32(priv));
        assertEquals(0, p.sys(28, shared, 8192, 4));                          // MADV_DONTNEED keeps it
        assertEquals(42, p.mem.read32(shared));
        assertEquals(0, p.sys(28, priv, 4096, 4));                            // and zeroes private memory
        assertEquals(0, p.mem.read32(priv));
    }

    @Test
    void mremapKeepsAMappingShared() throws Exception {
        Guest g = new Guest(root);
        int fd = (int) g.sys(MEMFD_CREATE, g.str(0, "grow"), 0);
        assertEquals(0, g.sys(FTRUNCATE, fd, 3 * 4096));
        long m = g.sys(MMAP, 0, 4096, 3, 1, fd, 0);
        long moved = g.sys(25, m, 4096, 3 * 4096, 1 /* MREMAP_MAYMOVE */);   // grows, in place or moved
        assertTrue(moved > 0);
        g.mem.write(moved + 2 * 4096, "far".getBytes());
        assertEquals(3, g.sys(PREAD, fd, BUF, 3, 2 * 4096));
        assertEquals("far", new String(g.mem.read(BUF, 3)));
        long fixed = SCRATCH + 0x100000;
        assertEquals(fixed, g.sys(25, moved, 3 * 4096, 3 * 4096, 3 /* MAYMOVE|FIXED */, fixed));
        assertEquals(0, g.mem.protAt(moved));
        g.mem.write(BUF, "W".getBytes());
        assertEquals(1, g.sys(PWRITE, fd, BUF, 1, 4096));
        assertEquals('W', g.mem.read8(fixed + 4096));
    }

    @Test
    void sealsAreEnforced() throws Exception {
        Guest g = new Guest(root);
        int fd = (int) g.sys(MEMFD_CREATE, g.str(0, "sealed"), MFD_ALLOW_SEALING);
        g.mem.write(BUF, "abc".getBytes());
        assertEquals(3, g.sys(WRITE, fd, BUF, 3));
        assertEquals(0, g.sys(FCNTL, fd, F_GET_SEALS));
        long m = g.sys(MMAP, 0, 4096, 3, 1, fd, 0);
        assertEquals(-Errno.EBUSY, g.sys(FCNTL, fd, F_ADD_SEALS, F_SEAL_WRITE)); // a writable shared mapping
        long ro = g.sys(MMAP, 0, 4096, 1, 1, fd, 0);                           // nor may a read-only one
        assertEquals(-Errno.EBUSY, g.sys(FCNTL, fd, F_ADD_SEALS, F_SEAL_WRITE)); // (it could be mprotected)
        assertEquals(0, g.sys(MUNMAP, m, 4096));
        assertEquals(0, g.sys(MUNMAP, ro, 4096));
        assertEquals(0, g.sys(FCNTL, fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK));
        ro = g.sys(MMAP, 0, 4096, 1, 1, fd, 0);
        assertEquals(F_SEAL_WRITE | F_SEAL_SHRINK, g.sys(FCNTL, fd, F_GET_SEALS));
        assertEquals(-Errno.EPERM, g.sys(WRITE, fd, BUF, 1));
        assertEquals(-Errno.EPERM, g.sys(FTRUNCATE, fd, 1));
        assertEquals(-Errno.EPERM, g.sys(MMAP, 0, 4096, 3, 1, fd, 0));
        assertEquals(-Errno.EACCES, g.sys(MPROTECT, ro, 4096, 3));
        assertEquals('a', g.mem.read8(ro));
        int plain = (int) g.sys(MEMFD_CREATE, g.str(0, "plain"), 0);
        assertEquals(F_SEAL_SEAL, g.sys(FCNTL, plain, F_GET_SEALS));          // sealing not allowed
        assertEquals(-Errno.EPERM, g.sys(FCNTL, plain, F_ADD_SEALS, F_SEAL_GROW));
        assertEquals(-Errno.EINVAL, g.sys(FCNTL, 0, F_GET_SEALS));            // not a memfd
    }
}
