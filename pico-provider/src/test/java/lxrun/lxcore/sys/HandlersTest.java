package lxrun.lxcore.sys;

import lxrun.lxcore.LxInstance;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.ThreadExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

class HandlersTest {
    @TempDir
    Path root;

    @Test
    void wildPointersAreEfault() throws Exception {
        Guest g = new Guest(root);
        assertEquals(-Errno.EFAULT, g.sys(1, 1, 0xdead0000L, 10));
        assertEquals(-Errno.EFAULT, g.sys(0, 0, 0x1234L, 10));
        assertEquals(-Errno.EFAULT, g.sys(257, -100, 0x5000L, 0));
        assertEquals(-Errno.EFAULT, g.sys(63, 0xdead0000L));          // uname
        assertEquals(-Errno.EFAULT, g.sys(228, 1, 1L << 40));         // clock_gettime
        assertEquals(-Errno.EFAULT, g.sys(20, 1, 0xdead0000L, 2));    // writev
    }

    @Test
    void fileRoundTripUnderRoot() throws Exception {
        Guest g = new Guest(root);
        long path = g.str(0, "/data.txt");
        int fd = (int) g.sys(257, -100, path, 01101, 0644);   // O_WRONLY|O_CREAT|O_TRUNC
        assertEquals(3, fd);
        long buf = g.str(100, "hello world");
        assertEquals(11, g.sys(1, fd, buf, 11));
        assertEquals(0, g.sys(3, fd));
        assertEquals("hello world", Files.readString(root.resolve("data.txt")));
        fd = (int) g.sys(2, path, 0);                            // open O_RDONLY
        assertEquals(5, g.sys(0, fd, SCRATCH + 200, 5));
        assertEquals("hello", new String(g.mem.read(SCRATCH + 200, 5)));
        assertEquals(0, g.sys(8, fd, 0, 0));                     // lseek SEEK_SET
        assertEquals(0, g.sys(5, fd, SCRATCH + 1024));           // fstat
        assertEquals(11, g.mem.read64(SCRATCH + 1024 + 48));
        assertEquals(0100000, g.mem.read32(SCRATCH + 1024 + 24) & 0170000);
        assertEquals(4, g.sys(32, fd));                          // dup
        assertEquals(9, g.sys(33, fd, 9));                       // dup2
        assertEquals(-Errno.EBADF, g.sys(3, 42));
        assertEquals(-Errno.ENOENT, g.sys(4, g.str(300, "/nope"), SCRATCH + 1024));
        assertEquals(0, g.sys(87, path));                        // unlink
        assertFalse(Files.exists(root.resolve("data.txt")));
    }

    @Test
    void cwdAndGetdents() throws Exception {
        Files.createDirectories(root.resolve("d/sub"));
        Files.writeString(root.resolve("d/f"), "x");
        Guest g = new Guest(root);
        assertEquals(0, g.sys(80, g.str(0, "/d/sub/..")));      // chdir
        assertEquals(3, g.sys(79, SCRATCH + 100, 100));          // getcwd "/d" + NUL
        assertEquals("/d", g.mem.readCString(SCRATCH + 100, 100));
        int fd = (int) g.sys(257, -100, g.str(0, "."), 0200000);
        assertTrue(fd >= 3);
        long n = g.sys(217, fd, SCRATCH + 4096, 4096);
        assertTrue(n > 0);
        StringBuilder names = new StringBuilder();
        for (long p = SCRATCH + 4096; p < SCRATCH + 4096 + n; p += g.mem.read16(p + 16)) {
            names.append(g.mem.readCString(p + 19, 256)).append(' ');
        }
        assertTrue(names.toString().contains(". ") && names.toString().contains("sub ") && names.toString().contains("f "),
                names.toString());
        assertEquals(0, g.sys(217, fd, SCRATCH + 4096, 4096));
    }

    @Test
    void memoryCalls() throws Exception {
        Guest g = new Guest(root);
        long brk0 = g.sys(12, 0);
        assertEquals(0, brk0 & 0xfff);
        assertEquals(brk0 + 10000, g.sys(12, brk0 + 10000));
        g.mem.write64(brk0 + 9000, 42);
        assertEquals(brk0 + 100, g.sys(12, brk0 + 100));
        assertEquals(brk0 + 10000, g.sys(12, brk0 + 10000));
        assertEquals(0, g.mem.read64(brk0 + 9000), "regrown heap is zero");
        long a = g.sys(9, 0, 8192, 3, 0x22, -1, 0);
        assertTrue(a > 0 && a < LxProcessConstants.MMAP_TOP);
        g.mem.write64(a, 7);
        long b = g.sys(25, a, 8192, 1 << 20, 1, 0);              // mremap MAYMOVE
        assertTrue(b > 0);
        assertEquals(7, g.mem.read64(b));
        assertEquals(0, g.sys(10, b, 4096, 1));                  // mprotect PROT_READ
        assertEquals(GuestMemory.PROT_READ, g.mem.protAt(b));
        assertEquals(0, g.sys(11, b, 1 << 20));                  // munmap
        assertNull(g.mem.mappingAt(b));
        assertEquals(-Errno.EINVAL, g.sys(9, 0, 0, 3, 0x22, -1, 0));
    }

    @Test
    void pipesAndFcntl() throws Exception {
        Guest g = new Guest(root);
        assertEquals(0, g.sys(293, SCRATCH, 02000000));          // pipe2 O_CLOEXEC
        int r = g.mem.read32(SCRATCH), w = g.mem.read32(SCRATCH + 4);
        assertEquals(1, g.sys(72, r, 1));                        // F_GETFD
        assertEquals(3, g.sys(1, w, g.str(100, "abc"), 3));
        assertEquals(3, g.sys(0, r, SCRATCH + 200, 10));
        assertEquals("abc", new String(g.mem.read(SCRATCH + 200, 3)));
        assertEquals(0, g.sys(3, w));
        assertEquals(0, g.sys(0, r, SCRATCH + 200, 10));         // EOF
        assertEquals(-Errno.ENOTTY, g.sys(16, r, 0x5401, SCRATCH + 300));
    }

    @Test
    void identityTimeAndArchPrctl() throws Exception {
        Files.createDirectories(root.resolve("proc")); // procfs is mounted where the root has /proc
        Guest g = new Guest(root);
        assertEquals(g.process.id, g.sys(39));
        assertEquals(g.process.id, g.sys(186));
        assertEquals(0, g.sys(158, 0x1002, 0x12345000L));        // ARCH_SET_FS
        assertEquals(0x12345000L, g.cpu.fsBase);
        assertEquals(0, g.sys(158, 0x1003, SCRATCH));
        assertEquals(0x12345000L, g.mem.read64(SCRATCH));
        assertEquals(0, g.sys(228, 1, SCRATCH));
        assertEquals(0, g.sys(63, SCRATCH));
        assertEquals("Linux", g.mem.readCString(SCRATCH, 65));
        assertEquals("x86_64", g.mem.readCString(SCRATCH + 4 * 65, 65));
        assertEquals(16, g.sys(318, SCRATCH, 16, 0));
        assertEquals(-Errno.ENOSYS, g.sys(334, 0, 0, 0, 0));
        assertEquals(0, g.sys(13, 11, SCRATCH + 512, 0, 8));     // rt_sigaction query
        long n = g.sys(89, g.str(0, "/proc/self/exe"), SCRATCH + 100, 100);
        assertEquals("/prog", new String(g.mem.read(SCRATCH + 100, (int) n)));
    }

    @Test
    void exitGroupEndsTheProcess() throws Exception {
        Guest g = new Guest(root);
        assertThrows(ThreadExit.class, () -> g.sys(231, 3));
        assertEquals("exit_group(3) = ?", g.lastTrace());
        assertEquals(3, LxInstance.shellStatus(g.process));
    }

    @Test
    void abortKillsWithSigabrt() throws Exception {
        Guest g = new Guest(root);
        assertThrows(ThreadExit.class, () -> g.sys(62, g.process.id, 6));
        assertEquals(128 + 6, LxInstance.shellStatus(g.process));
    }

    /** MMAP_TOP without making the test depend on LxProcess's package. */
    static final class LxProcessConstants {
        static final long MMAP_TOP = lxrun.lxcore.LxProcess.MMAP_TOP;
    }
}
