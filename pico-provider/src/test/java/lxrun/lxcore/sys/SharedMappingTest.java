package lxrun.lxcore.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class SharedMappingTest {
    @TempDir
    Path root;

    private static final int PROT_RW = 3, MAP_SHARED = 1, MAP_PRIVATE = 2;

    @Test
    void writesReachTheFileAtMsyncAndMunmap() throws Exception {
        Files.write(root.resolve("f"), new byte[8192]);
        Guest g = new Guest(root);
        int fd = (int) g.sys(2, g.str(0, "/f"), 2);                              // O_RDWR
        long a = g.sys(9, 0, 8192, PROT_RW, MAP_SHARED, fd, 0);
        assertTrue(a > 0);
        g.mem.write(a + 10, "hello".getBytes());
        assertEquals(0, g.sys(26, a, 8192, 4));                                   // msync MS_SYNC
        assertEquals("hello", new String(Files.readAllBytes(root.resolve("f")), 10, 5));
        g.mem.write(a + 4096, "page2".getBytes());
        assertEquals(0, g.sys(3, fd));                                            // close keeps the mapping
        assertEquals(0, g.sys(11, a + 4096, 4096));                               // munmap the second page
        assertEquals("page2", new String(Files.readAllBytes(root.resolve("f")), 4096, 5));
        g.mem.write(a, "X".getBytes());
        assertEquals(0, g.sys(11, a, 4096));
        assertEquals('X', Files.readAllBytes(root.resolve("f"))[0]);
        assertEquals(8192, Files.size(root.resolve("f")));
    }

    @Test
    void onlyChangedBytesAreWrittenAndTheFileDoesNotGrow() throws Exception {
        Files.write(root.resolve("f"), "abcdefgh".getBytes());
        Guest g = new Guest(root);
        int fd = (int) g.sys(2, g.str(0, "/f"), 2);
        long a = g.sys(9, 0, 4096, PROT_RW, MAP_SHARED, fd, 0);
        g.mem.write(a, "A".getBytes());
        g.mem.write(a + 100, "beyond".getBytes());                                // past EOF: not written
        // the file changes through write(2) at offset 4 meanwhile: must survive the write-back
        assertEquals(2, g.sys(18, fd, g.str(200, "ZZ"), 2, 4));                   // pwrite64
        assertEquals(0, g.sys(26, a, 4096, 1));                                   // msync MS_ASYNC
        assertEquals("AbcdZZgh", Files.readString(root.resolve("f")));
        assertEquals(-Errno.EINVAL, g.sys(26, a + 1, 4096, 4));
        assertEquals(-Errno.EINVAL, g.sys(26, a, 4096, 5));
        assertEquals(-Errno.ENOMEM, g.sys(26, 0x7000_0000L, 4096, 4));
    }

    @Test
    void privateMappingsAndExitWriteBack() throws Exception {
        Files.write(root.resolve("f"), new byte[4096]);
        Guest g = new Guest(root);
        int fd = (int) g.sys(2, g.str(0, "/f"), 2);
        long p = g.sys(9, 0, 4096, PROT_RW, MAP_PRIVATE, fd, 0);
        g.mem.write(p, "private".getBytes());
        long s = g.sys(9, 0, 4096, PROT_RW, MAP_SHARED, fd, 0);
        g.mem.write(s + 1000, "shared".getBytes());
        assertEquals(0, g.sys(11, p, 4096));
        assertEquals(0, Files.readAllBytes(root.resolve("f"))[0]);
        g.process.layer.provider().exitProcess().exitProcess(g.process);          // as the last thread ends
        assertEquals("shared", new String(Files.readAllBytes(root.resolve("f")), 1000, 6));
    }
}
