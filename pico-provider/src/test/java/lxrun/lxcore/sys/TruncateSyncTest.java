package lxrun.lxcore.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

class TruncateSyncTest {
    @TempDir
    Path root;

    @Test
    void ftruncateShrinksAndExtendsWithZeros() throws Exception {
        Files.writeString(root.resolve("f"), "0123456789");
        Guest g = new Guest(root);
        int fd = (int) g.sys(2, g.str(0, "/f"), 2);          // O_RDWR
        assertEquals(0, g.sys(77, fd, 4));
        assertEquals("0123", Files.readString(root.resolve("f")));
        assertEquals(0, g.sys(77, fd, 8));
        assertArrayEquals(new byte[] {'0', '1', '2', '3', 0, 0, 0, 0}, Files.readAllBytes(root.resolve("f")));
        assertEquals(-Errno.EINVAL, g.sys(77, fd, -1));
        assertEquals(0, g.sys(74, fd));                       // fsync
        assertEquals(0, g.sys(75, fd));                       // fdatasync
        int ro = (int) g.sys(2, g.str(0, "/f"), 0);
        assertEquals(-Errno.EINVAL, g.sys(77, ro, 1));
        assertEquals(-Errno.EBADF, g.sys(77, 99, 1));
    }

    @Test
    void truncateByPath() throws Exception {
        Files.writeString(root.resolve("f"), "abcdef");
        Files.createDirectory(root.resolve("d"));
        Guest g = new Guest(root);
        assertEquals(0, g.sys(76, g.str(0, "/f"), 2));
        assertEquals("ab", Files.readString(root.resolve("f")));
        assertEquals(-Errno.EISDIR, g.sys(76, g.str(0, "/d"), 0));
        assertEquals(-Errno.ENOENT, g.sys(76, g.str(0, "/nope"), 0));
        assertEquals(0, g.sys(5, (int) g.sys(2, g.str(0, "/f"), 0), SCRATCH + 1024));
        assertEquals(2, g.mem.read64(SCRATCH + 1024 + 48));
    }

    @Test
    void fsyncOfPipeIsEinval() throws Exception {
        Guest g = new Guest(root);
        assertEquals(0, g.sys(22, SCRATCH));
        assertEquals(-Errno.EINVAL, g.sys(74, g.mem.read32(SCRATCH)));
    }
}
