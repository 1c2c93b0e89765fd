package lxrun.lxcore.sys;

import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.HostFd;
import lxrun.lxcore.fs.HostStream;
import lxrun.lxcore.fs.HostTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

/** Terminal ioctls on a host terminal (a pseudo-terminal the test opens) and on other files. */
class TtyCallsTest {
    @TempDir
    Path root;

    static final int IOCTL = 16;
    static final long TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TIOCSCTTY = 0x540e, TIOCGPGRP = 0x540f,
            TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541b, TIOCNOTTY = 0x5422;
    static final int ECHO = 010, ICANON = 2;
    static final long T = SCRATCH + 0x1000;

    /** A pseudo-terminal: {master, slave} host fds (posix_openpt(3), grantpt, unlockpt, ptsname). */
    static int[] openpty() throws Throwable {
        Linker l = Linker.nativeLinker();
        var lib = l.defaultLookup();
        MethodHandle openpt = l.downcallHandle(lib.find("posix_openpt").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle grant = l.downcallHandle(lib.find("grantpt").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle unlock = l.downcallHandle(lib.find("unlockpt").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle name = l.downcallHandle(lib.find("ptsname").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        int master = (int) openpt.invokeExact(02 | 0400 | HostFd.O_CLOEXEC);      // O_RDWR|O_NOCTTY
        assertTrue(master >= 0, "no pseudo-terminals here");
        assertEquals(0, (int) grant.invokeExact(master));
        assertEquals(0, (int) unlock.invokeExact(master));
        String slavePath = ((MemorySegment) name.invokeExact(master)).reinterpret(64).getString(0);
        int slave = HostFd.open(slavePath, 02 | 0400 | HostFd.O_CLOEXEC);
        assertTrue(slave >= 0);
        return new int[] {master, slave};
    }

    static byte[] termios(int fd) {
        byte[] t = new byte[HostTerminal.TERMIOS_SIZE];
        assertEquals(0, Host.ioctl(fd, TCGETS, t));
        return t;
    }

    static int lflag(byte[] t) {
        return java.nio.ByteBuffer.wrap(t).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    @Test
    void terminalRequestsReachTheHostTerminalAndItsSettingsComeBack() throws Throwable {
        int[] pty = openpty();
        try {
            Guest g = new Guest(root);
            int fd = g.thread.process.install(HostStream.inherited(pty[1], "/"), false, 10);
            byte[] original = termios(pty[1]);
            assertEquals(0, g.sys(IOCTL, fd, TCGETS, T));
            assertArrayEquals(original, g.mem.read(T, HostTerminal.TERMIOS_SIZE));
            assertTrue((lflag(original) & ECHO) != 0);
            g.mem.write32(T + 12, lflag(original) & ~(ECHO | ICANON));           // raw-ish, as an editor does
            assertEquals(0, g.sys(IOCTL, fd, TCSETSW, T));
            assertEquals(0, lflag(termios(pty[1])) & (ECHO | ICANON));
            g.mem.write32(T + 12, 0);
            assertEquals(0, g.sys(IOCTL, fd, TCSETS, T));                        // the first settings stay saved
            HostTerminal.restore();                                               // what the shutdown hook does
            assertArrayEquals(original, termios(pty[1]));

            g.mem.write(T, new byte[] {24, 0, 80, 0, 0, 0, 0, 0});               // 24 rows, 80 columns
            assertEquals(0, g.sys(IOCTL, fd, TIOCSWINSZ, T));
            g.mem.write(T, new byte[8]);
            assertEquals(0, g.sys(IOCTL, fd, TIOCGWINSZ, T));
            assertEquals(24, g.mem.read16(T));
            assertEquals(80, g.mem.read16(T + 2));

            assertEquals(4, Host.write(pty[0], "abc\n".getBytes(), 0, 4));
            Thread.sleep(50);
            assertEquals(0, g.sys(IOCTL, fd, FIONREAD, T));
            assertEquals(4, g.mem.read32(T));

            // a terminal that is not lxrun's controlling terminal is no guest session's either
            assertEquals(-Errno.ENOTTY, g.sys(IOCTL, fd, TIOCGPGRP, T));
            assertEquals(-Errno.ENOTTY, g.sys(IOCTL, fd, TIOCSPGRP, T));
            assertEquals(-Errno.EPERM, g.sys(IOCTL, fd, TIOCSCTTY, 0));
            assertEquals(-Errno.ENOTTY, g.sys(IOCTL, fd, TIOCNOTTY, 0));
            assertEquals(-Errno.EFAULT, g.sys(IOCTL, fd, TCGETS, 0xdead0000L));
            assertEquals(-Errno.ENOTTY, g.sys(IOCTL, fd, 0x5499, T));
        } finally {
            HostFd.close(pty[0]);
            HostFd.close(pty[1]);
        }
    }

    @Test
    void otherFilesAreNotTerminals() throws Exception {
        Files.writeString(root.resolve("f"), "0123456789");
        Guest g = new Guest(root);
        int fd = (int) g.sys(257, -100, g.str(0, "/f"), 0);
        assertEquals(-Errno.ENOTTY, g.sys(IOCTL, fd, TCGETS, T));
        assertEquals(-Errno.ENOTTY, g.sys(IOCTL, fd, TIOCGWINSZ, T));
        assertEquals(-Errno.ENOTTY, g.sys(IOCTL, fd, TIOCGPGRP, T));
        assertEquals(3, g.sys(8, fd, 3, 0));
        assertEquals(0, g.sys(IOCTL, fd, FIONREAD, T));                          // size minus position
        assertEquals(7, g.mem.read32(T));
        assertEquals(0, g.sys(22, SCRATCH + 0x600));                             // a pipe with 2 bytes in it
        int r = g.mem.read32(SCRATCH + 0x600), w = g.mem.read32(SCRATCH + 0x604);
        assertEquals(2, g.sys(1, w, g.str(0x700, "hi"), 2));
        assertEquals(0, g.sys(IOCTL, r, FIONREAD, T));
        assertEquals(2, g.mem.read32(T));
        assertEquals(-Errno.ENOTTY, g.sys(IOCTL, r, TCGETS, T));
        int dir = (int) g.sys(257, -100, g.str(0, "/"), 0);
        assertEquals(-Errno.ENOTTY, g.sys(IOCTL, dir, FIONREAD, T));
        int host = HostFd.open(root.resolve("f").toString(), HostFd.O_RDONLY | HostFd.O_CLOEXEC);
        try {                                                                    // a host std stream that is a file
            int s = g.thread.process.install(HostStream.inherited(host, "/"), false, 20);
            assertEquals(-Errno.ENOTTY, g.sys(IOCTL, s, TCGETS, T));
            assertEquals(-Errno.ENOTTY, g.sys(IOCTL, s, TIOCGPGRP, T));
        } finally {
            HostFd.close(host);
        }
    }
}
