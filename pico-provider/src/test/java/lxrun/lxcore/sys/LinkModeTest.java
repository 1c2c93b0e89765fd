package lxrun.lxcore.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

class LinkModeTest {
    @TempDir
    Path root;

    @Test
    void symlinkStoresTargetAsGivenAndReadlinkReturnsIt() throws Exception {
        Files.writeString(root.resolve("f"), "data");
        Guest g = new Guest(root);
        assertEquals(0, g.sys(88, g.str(0, "f"), g.str(100, "/l")));                 // symlink
        assertEquals(Path.of("f"), Files.readSymbolicLink(root.resolve("l")));
        assertEquals(-Errno.EEXIST, g.sys(88, g.str(0, "f"), g.str(100, "/l")));
        assertEquals(-Errno.ENOENT, g.sys(88, g.str(0, ""), g.str(100, "/m")));
        assertEquals(1, g.sys(89, g.str(0, "/l"), SCRATCH + 512, 64));              // readlink
        assertEquals('f', g.mem.read8(SCRATCH + 512));
        assertEquals(-Errno.EINVAL, g.sys(89, g.str(0, "/f"), SCRATCH + 512, 64));   // not a link
        assertEquals(0, g.sys(4, g.str(0, "/l"), SCRATCH + 1024));                  // stat follows
        assertEquals(4, g.mem.read64(SCRATCH + 1024 + 48));
        // symlinkat relative to a dirfd
        Files.createDirectory(root.resolve("d"));
        int dfd = (int) g.sys(2, g.str(0, "/d"), 0200000);
        assertEquals(0, g.sys(266, g.str(0, "../f"), dfd, g.str(100, "l2")));
        assertEquals(Path.of("../f"), Files.readSymbolicLink(root.resolve("d/l2")));
    }

    @Test
    void absoluteAndEscapingTargetsResolveUnderTheRoot() throws Exception {
        Files.writeString(root.resolve("etc_passwd"), "mine");
        Guest g = new Guest(root);
        // a link to / and up beyond it: stored as given, resolved inside the root
        assertEquals(0, g.sys(88, g.str(0, "/../../../etc_passwd"), g.str(100, "/up")));
        assertEquals(Path.of("/../../../etc_passwd"), Files.readSymbolicLink(root.resolve("up")));
        int fd = (int) g.sys(2, g.str(0, "/up"), 0);
        assertTrue(fd >= 0);
        assertEquals(4, g.sys(0, fd, SCRATCH + 512, 64));
        assertEquals("mine", new String(g.mem.read(SCRATCH + 512, 4)));
        // creating a file through a dangling absolute link creates it under the root
        assertEquals(0, g.sys(88, g.str(0, "/tmp_created"), g.str(100, "/dangling")));
        fd = (int) g.sys(2, g.str(0, "/dangling"), 0101, 0644);                   // O_WRONLY|O_CREAT
        assertTrue(fd >= 0, "fd " + fd);
        assertTrue(Files.exists(root.resolve("tmp_created")));
    }

    @Test
    void hardLinks() throws Exception {
        Files.writeString(root.resolve("f"), "x");
        Files.createDirectory(root.resolve("d"));
        Guest g = new Guest(root);
        assertEquals(0, g.sys(86, g.str(0, "/f"), g.str(100, "/g")));               // link
        assertEquals(2, ((Number) Files.getAttribute(root.resolve("f"), "unix:nlink")).intValue());
        assertEquals(-Errno.EEXIST, g.sys(86, g.str(0, "/f"), g.str(100, "/g")));
        assertEquals(-Errno.EPERM, g.sys(86, g.str(0, "/d"), g.str(100, "/d2")));
        assertEquals(-Errno.ENOENT, g.sys(86, g.str(0, "/nope"), g.str(100, "/n2")));
        assertEquals(0, g.sys(265, -100, g.str(0, "f"), -100, g.str(100, "h"), 0)); // linkat
        assertTrue(Files.isSameFile(root.resolve("f"), root.resolve("h")));
    }

    @Test
    void chmodFamily() throws Exception {
        Files.writeString(root.resolve("f"), "x");
        Guest g = new Guest(root);
        assertEquals(0, g.sys(90, g.str(0, "/f"), 0600));                            // chmod
        assertEquals(0600, mode(root.resolve("f")));
        int fd = (int) g.sys(2, g.str(0, "/f"), 0);
        assertEquals(0, g.sys(91, fd, 0754));                                        // fchmod
        assertEquals(0754, mode(root.resolve("f")));
        assertEquals(0, g.sys(268, -100, g.str(0, "f"), 0640));                      // fchmodat
        assertEquals(0640, mode(root.resolve("f")));
        assertEquals(-Errno.ENOENT, g.sys(90, g.str(0, "/nope"), 0600));
        Files.createSymbolicLink(root.resolve("l"), Path.of("f"));
        assertEquals(-Errno.EOPNOTSUPP, g.sys(452, -100, g.str(0, "l"), 0600, 0x100));
        assertEquals(0, g.sys(92, g.str(0, "/f"), -1, -1));                          // chown no-op
        // giving a file away is the host's decision for the user running lxrun: root may, others may not
        assertEquals(lxrun.lxcore.LxProcess.UID == 0 ? 0 : -Errno.EPERM, g.sys(92, g.str(0, "/f"), 1, 1));
    }

    private static int mode(Path p) throws Exception {
        return ((Number) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue() & 07777;
    }
}
