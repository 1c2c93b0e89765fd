package lxrun.lxcore.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

/** sendfile(2), copy_file_range(2), fallocate(2), msync(2); expected results as Linux 6.x gives them. */
class TransferCallsTest {
    @TempDir
    Path root;

    static final int LSEEK = 8, SENDFILE = 40, COPY_FILE_RANGE = 326, FALLOCATE = 285, MMAP = 9, MSYNC = 26,
            PIPE = 22, READ = 0, OPENAT = 257;
    static final long OFF = SCRATCH + 0x900, OFF2 = SCRATCH + 0x908;

    static int open(Guest g, String path, int flags) {
        return (int) g.sys(OPENAT, -100, g.str(0x700, path), flags, 0644);
    }

    @Test
    void sendfileFromAnOffsetOrTheFilePosition() throws Exception {
        Files.writeString(root.resolve("a"), "hello sendfile world");
        Guest g = new Guest(root);
        int a = open(g, "/a", 2), b = open(g, "/b", 0102 /* O_RDWR|O_CREAT */);
        g.mem.write64(OFF, 6);
        assertEquals(8, g.sys(SENDFILE, b, a, OFF, 8));
        assertEquals(14, g.mem.read64(OFF));                                 // the offset moved
        assertEquals(0, g.sys(LSEEK, a, 0, 1));                              // the position did not
        assertEquals(5, g.sys(SENDFILE, b, a, 0, 5));
        assertEquals(5, g.sys(LSEEK, a, 0, 1));
        assertEquals(15, g.sys(SENDFILE, b, a, 0, 1000));                    // to the end of file
        assertEquals(0, g.sys(SENDFILE, b, a, 0, 10));
        assertEquals("sendfilehello sendfile world", Files.readString(root.resolve("b")));
        int ro = open(g, "/a", 0), app = open(g, "/b", 02001 /* O_WRONLY|O_APPEND */);
        assertEquals(-Errno.EBADF, g.sys(SENDFILE, ro, a, 0, 1));
        assertEquals(-Errno.EINVAL, g.sys(SENDFILE, app, a, 0, 1));
        g.mem.write64(OFF, -1);
        assertEquals(-Errno.EINVAL, g.sys(SENDFILE, b, a, OFF, 1));
        assertEquals(-Errno.EFAULT, g.sys(SENDFILE, b, a, 0xdead0000L, 1));
        assertEquals(0, g.sys(PIPE, SCRATCH + 0x600));
        int r = g.mem.read32(SCRATCH + 0x600), w = g.mem.read32(SCRATCH + 0x604);
        g.mem.write64(OFF, 0);
        assertEquals(5, g.sys(SENDFILE, w, a, OFF, 5));                      // to a pipe
        assertEquals(5, g.sys(READ, r, SCRATCH + 0xa00, 5));
        assertEquals("hello", new String(g.mem.read(SCRATCH + 0xa00, 5)));
    }

    @Test
    void copyFileRange() throws Exception {
        Files.writeString(root.resolve("a"), "hello sendfile world");
        Guest g = new Guest(root);
        int a = open(g, "/a", 2), b = open(g, "/b", 0102);
        g.mem.write64(OFF, 0);
        g.mem.write64(OFF2, 100);
        assertEquals(5, g.sys(COPY_FILE_RANGE, a, OFF, b, OFF2, 5, 0));
        assertEquals(5, g.mem.read64(OFF));
        assertEquals(105, g.mem.read64(OFF2));
        assertEquals(105, Files.size(root.resolve("b")));
        assertEquals(-Errno.EINVAL, g.sys(COPY_FILE_RANGE, a, OFF, b, OFF2, 5, 1));
        g.mem.write64(OFF, 0);
        g.mem.write64(OFF2, 5);
        assertEquals(-Errno.EINVAL, g.sys(COPY_FILE_RANGE, a, OFF, a, OFF2, 10, 0)); // overlapping, one file
        g.mem.write64(OFF2, 50);
        assertEquals(10, g.sys(COPY_FILE_RANGE, a, OFF, a, OFF2, 10, 0));
        g.mem.write64(OFF, 1000);
        assertEquals(0, g.sys(COPY_FILE_RANGE, a, OFF, b, 0, 10, 0));       // past the end of file
        assertEquals(2, g.sys(LSEEK, a, 2, 0));
        assertEquals(3, g.sys(COPY_FILE_RANGE, a, 0, b, 0, 3, 0));           // file positions advance
        assertEquals(5, g.sys(LSEEK, a, 0, 1));
        assertEquals(3, g.sys(LSEEK, b, 0, 1));
        assertEquals("llo", Files.readString(root.resolve("b")).substring(0, 3));
        int app = open(g, "/b", 02001), dir = open(g, "/", 0);
        assertEquals(-Errno.EBADF, g.sys(COPY_FILE_RANGE, a, 0, app, 0, 3, 0));
        assertEquals(-Errno.EISDIR, g.sys(COPY_FILE_RANGE, dir, 0, b, 0, 3, 0));
        assertEquals(0, g.sys(PIPE, SCRATCH + 0x600));
        assertEquals(-Errno.EINVAL, g.sys(COPY_FILE_RANGE, g.mem.read32(SCRATCH + 0x600), 0, b, 0, 3, 0));
        g.mem.write64(OFF, 1);
        assertEquals(-Errno.EOVERFLOW, g.sys(COPY_FILE_RANGE, a, OFF, b, 0, -1L, 0));
    }

    @Test
    void fallocate() throws Exception {
        Guest g = new Guest(root);
        int b = open(g, "/b", 0102);
        assertEquals(0, g.sys(FALLOCATE, b, 0, 200, 100));
        assertEquals(300, Files.size(root.resolve("b")));
        assertEquals(0, g.sys(FALLOCATE, b, 1 /* KEEP_SIZE */, 400, 100));
        assertEquals(0, g.sys(FALLOCATE, b, 0, 0, 10));                      // inside: no change
        assertEquals(300, Files.size(root.resolve("b")));
        Files.writeString(root.resolve("b"), "abcdef");
        assertEquals(0, g.sys(FALLOCATE, b, 3 /* PUNCH_HOLE|KEEP_SIZE */, 1, 3));
        assertArrayEquals(new byte[] {'a', 0, 0, 0, 'e', 'f'}, Files.readAllBytes(root.resolve("b")));
        assertEquals(-Errno.EOPNOTSUPP, g.sys(FALLOCATE, b, 2, 0, 10));      // punch without KEEP_SIZE
        assertEquals(-Errno.EOPNOTSUPP, g.sys(FALLOCATE, b, 0x100, 0, 10));
        assertEquals(-Errno.EINVAL, g.sys(FALLOCATE, b, 0, 0, 0));
        assertEquals(-Errno.EINVAL, g.sys(FALLOCATE, b, 0, -1, 10));
        assertEquals(-Errno.EINVAL, g.sys(FALLOCATE, b, 8 | 1, 0, 10));      // COLLAPSE_RANGE with another
        assertEquals(-Errno.EFBIG, g.sys(FALLOCATE, b, 0, Long.MAX_VALUE - 5, 10));
        assertEquals(-Errno.EBADF, g.sys(FALLOCATE, open(g, "/b", 0), 0, 0, 10));
        assertEquals(0, g.sys(PIPE, SCRATCH + 0x600));
        assertEquals(-Errno.ESPIPE, g.sys(FALLOCATE, g.mem.read32(SCRATCH + 0x604), 0, 0, 10));
    }

    @Test
    void msyncWritesSharedMappingsBackAndChecksItsArguments() throws Exception {
        Files.writeString(root.resolve("a"), "hello world");
        Guest g = new Guest(root);
        int a = open(g, "/a", 2);
        long m = g.sys(MMAP, 0, 4096, 3, 1 /* MAP_SHARED */, a, 0);
        g.mem.write(m, "HELLO".getBytes());
        assertEquals(0, g.sys(MSYNC, m, 4096, 4 /* MS_SYNC */));
        assertEquals("HELLO world", Files.readString(root.resolve("a")));
        assertEquals(-Errno.EINVAL, g.sys(MSYNC, m, 4096, 5));               // MS_SYNC|MS_ASYNC
        assertEquals(-Errno.EINVAL, g.sys(MSYNC, m, 4096, 8));
        assertEquals(-Errno.EINVAL, g.sys(MSYNC, m + 1, 4096, 4));
        assertEquals(-Errno.ENOMEM, g.sys(MSYNC, m, 1 << 20, 4));
        assertEquals(0, g.sys(MSYNC, m, -1L, 4));                            // rounds up to 0, as on Linux
        assertEquals(0, g.sys(MSYNC, m, 0, 4));
    }
}
