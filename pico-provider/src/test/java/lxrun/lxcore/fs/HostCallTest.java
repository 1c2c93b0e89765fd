package lxrun.lxcore.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host.call: every function lxcore calls has its syscall number; arguments and errno pass as the kernel's. */
class HostCallTest {
    @TempDir
    Path dir;

    /** A Host.call("name", ...) added without its number would fail only when a guest reaches it. */
    @Test
    void everyFunctionCalledHasItsNumber() throws IOException {
        Pattern call = Pattern.compile("Host\\.call\\(([^,)]*)"), literal = Pattern.compile("\"([a-z0-9_]+)\"");
        TreeSet<String> missing = new TreeSet<>(), seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    Matcher l = literal.matcher(m.group(1));
                    while (l.find()) {
                        seen.add(l.group(1));
                        if (!Host.SYSCALLS.containsKey(l.group(1))) missing.add(l.group(1));
                    }
                }
            }
        }
        assertTrue(seen.size() > 10, "found " + seen);
        assertEquals(new TreeSet<String>(), missing);
    }

    @Test
    void pathsBuffersAndErrno() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x");
        assertEquals(0, Host.call("symlink", target.toString(), dir.resolve("link").toString()));
        byte[] buf = new byte[4096];
        int n = Host.call("readlink", dir.resolve("link").toString(), buf, (long) buf.length);
        assertEquals(target.toString(), new String(buf, 0, n, StandardCharsets.UTF_8));
        assertEquals(-2, Host.call("access", dir.resolve("missing").toString(), 0)); // ENOENT
        assertEquals(-17, Host.call("mkdir", target.toString(), 0755)); // EEXIST
        assertEquals(0, Host.call("truncate", target.toString(), 5L));
        assertEquals(5, Files.size(target));
        int fd = Host.call("open", target.toString(), 0, 0);
        assertTrue(fd >= 0, "open: " + fd);
        assertEquals(0, Host.call("close", fd));
        assertEquals(-9, Host.call("close", fd)); // EBADF
    }

    @Test
    void idsAreTheProcesss() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        Matcher uid = Pattern.compile("Uid:\\s+(\\d+)\\s+(\\d+)").matcher(status);
        assertTrue(uid.find());
        assertEquals(Integer.parseInt(uid.group(1)), Host.call("getuid"));
        byte[] r = new byte[4], e = new byte[4], s = new byte[4];
        assertEquals(0, Host.call("getresuid", r, e, s));
        assertEquals(Integer.parseInt(uid.group(2)), java.nio.ByteBuffer.wrap(e).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
    }
}
