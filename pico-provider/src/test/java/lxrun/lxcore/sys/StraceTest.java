package lxrun.lxcore.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class StraceTest {
    @TempDir
    Path root;

    @Test
    void quotesAndTruncatesLikeStrace() {
        assertEquals("\"hello\\n\"", Strace.quote("hello\n".getBytes(), 6, 32));
        assertEquals("\"a\\0b\\0011\"", Strace.quote(new byte[] {'a', 0, 'b', 1, '1'}, 5, 32));
        String s = "x".repeat(40);
        assertEquals("\"" + "x".repeat(32) + "\"...", Strace.quote(s.getBytes(), 40, 32));
        assertEquals("\"\\\"q\\\\\"", Strace.quote("\"q\\".getBytes(), 3, 32));
    }

    @Test
    void flagsAndErrors() {
        assertEquals("O_RDONLY|O_CLOEXEC", Strace.openFlags(02000000));
        assertEquals("O_WRONLY|O_CREAT|O_TRUNC", Strace.openFlags(01101));
        assertEquals("MAP_PRIVATE|MAP_ANONYMOUS", Strace.mmapFlags(0x22));
        Syscall open = SystemCalls.lookup("openat");
        assertEquals("-1 ENOENT (No such file or directory)", Strace.result(open, -2));
        assertEquals("0x7f00", Strace.result(SystemCalls.lookup("mmap"), 0x7f00));
        assertEquals("?", Strace.result(SystemCalls.lookup("exit_group"), 0));
    }

    @Test
    void linesFromRealCalls() throws Exception {
        Guest g = new Guest(root);
        long msg = g.str(0, "hi\n");
        assertEquals(3, g.sys(1, 1, msg, 3));
        assertEquals("write(1, \"hi\\n\", 3) = 3", g.lastTrace());
        g.sys(257, -100, g.str(64, "/etc/nonexistent"), 02000000);
        assertEquals("openat(AT_FDCWD, \"/etc/nonexistent\", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)",
                g.lastTrace());
        long a = g.sys(9, 0, 8192, 3, 0x22, -1, 0);
        assertEquals("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x" + Long.toHexString(a),
                g.lastTrace());
        g.sys(0x1f4, 1, 2);
        assertEquals("syscall_0x1f4(0x1, 0x2, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)", g.lastTrace());
    }
}
