package lxrun.lxcore.vfs;

import lxrun.lxcore.sys.Errno;
import lxrun.lxcore.sys.LinuxError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path walk against path_resolution(7): no name leaves the root, links, errors, mounts, openat2 scoping. */
class VfsTest {
    @TempDir
    Path root;

    private Vfs vfs() {
        return new Vfs(new HostFs(root));
    }

    private static int errno(Runnable r) {
        return assertThrows(LinuxError.class, r::run).errno;
    }

    private String host(Vfs.Location l) {
        return ((HostVnode) l.node()).hostPath;
    }

    @Test
    void dotDotAndLinksStayUnderTheRoot() throws Exception {
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../.."));
        Files.createSymbolicLink(root.resolve("a/abs"), Path.of("/a/b"));
        Files.createSymbolicLink(root.resolve("a/out"), Path.of("/../../../etc"));
        Vfs v = vfs();
        String r = root.toAbsolutePath().normalize().toString();
        assertEquals(r, host(v.resolve("/", "../../..", true)));
        assertEquals("/", v.resolve("/a/b", "../../..", true).path());
        assertEquals("/", v.resolve("/", "/a/up", true).path());
        assertEquals(r + "/a/b", host(v.resolve("/", "/a/abs", true)));
        assertEquals("/a/abs", v.resolve("/", "/a/abs", false).path());
        assertEquals("/a/b", v.resolve("/a", "b", true).path());
        // the host's /etc is not reachable: the link's target is the guest's /etc, which does not exist
        assertEquals(Errno.ENOENT, errno(() -> v.resolve("/", "/a/out/passwd", true)));
    }

    @Test
    void errorsOfPathResolution() throws Exception {
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("f"), "x");
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        for (int i = 0; i < 41; i++) Files.createSymbolicLink(root.resolve("c" + i), Path.of(i == 40 ? "d" : "c" + (i + 1)));
        Vfs v = vfs();
        assertEquals(Errno.ELOOP, errno(() -> v.resolve("/", "loop1", true)));
        assertEquals("/loop1", v.resolve("/", "loop1", false).path());
        assertEquals(Errno.ELOOP, errno(() -> v.resolve("/", "c0", true)));     // 41 links
        assertEquals("/d", v.resolve("/", "c1", true).path());                  // 40 links
        assertEquals(Errno.ENOTDIR, errno(() -> v.resolve("/", "f/x", true)));
        assertEquals(Errno.ENOTDIR, errno(() -> v.resolve("/", "f/", true)));
        assertEquals(Errno.ENOTDIR, errno(() -> v.resolve("/", "f/.", true)));
        assertEquals("/d", v.resolve("/", "d/", true).path());
        assertEquals(Errno.ENAMETOOLONG, errno(() -> v.resolve("/", "x".repeat(256), true)));
        assertEquals(Errno.ENAMETOOLONG, errno(() -> v.resolve("/", "d/".repeat(2048), true)));
        assertEquals(Errno.ENOENT, errno(() -> v.resolve("/", "", true)));
        assertEquals(Errno.ENOENT, errno(() -> v.resolve("/", "nope/x", true)));
        Vfs.Walk w = v.walk("/", "d/new", Vfs.FOLLOW);
        assertNull(w.node());
        assertEquals("new", w.name());
        assertEquals("/d/new", w.path());
    }

    @Test
    void mountsReplaceTheirDirectory() throws Exception {
        Files.createDirectories(root.resolve("proc/hidden"));
        Vfs v = vfs();
        v.mount("/proc", new SysFs(Map.of("devices/system/cpu/online", () -> "0-1\n".getBytes())));
        assertEquals(Errno.ENOENT, errno(() -> v.resolve("/", "/proc/hidden", true)));
        Vfs.Location online = v.resolve("/", "/proc/devices/system/cpu/online", true);
        assertTrue(online.node().fs instanceof SysFs);
        assertEquals("/", v.resolve("/proc/devices", "../..", true).path());
        assertEquals(Errno.EXDEV, errno(() -> v.walk("/", "proc/devices", Vfs.FOLLOW | Vfs.RESOLVE_NO_XDEV)));
        assertEquals(2, v.mounts().size());
    }

    @Test
    void openat2Scoping() throws Exception {
        Files.createDirectories(root.resolve("jail/sub"));
        Files.createDirectories(root.resolve("secret"));
        Files.createSymbolicLink(root.resolve("jail/abs"), Path.of("/secret"));
        Files.createSymbolicLink(root.resolve("jail/rel"), Path.of("sub"));
        Vfs v = vfs();
        int beneath = Vfs.FOLLOW | Vfs.RESOLVE_BENEATH, inRoot = Vfs.FOLLOW | Vfs.RESOLVE_IN_ROOT;
        assertEquals(Errno.EXDEV, errno(() -> v.walk("/jail", "..", beneath)));
        assertEquals(Errno.EXDEV, errno(() -> v.walk("/jail", "abs", beneath)));
        assertEquals(Errno.EXDEV, errno(() -> v.walk("/jail", "/secret", beneath)));
        assertEquals("/jail/sub", v.walk("/jail", "rel", beneath).path());
        assertEquals("/jail", v.walk("/jail", "../../..", inRoot).path());
        assertEquals(Errno.ENOENT, errno(() -> v.walk("/jail", "abs", inRoot).existing())); // /secret inside the jail
        assertEquals(Errno.ELOOP, errno(() -> v.walk("/jail", "rel", Vfs.FOLLOW | Vfs.RESOLVE_NO_SYMLINKS)));
    }

    @Test
    void tmpfsMountedOverAHostDirectory() throws Exception {
        Files.createDirectories(root.resolve("tmp"));
        Files.writeString(root.resolve("tmp/host-file"), "x");
        Vfs v = vfs();
        v.mount("/tmp", new TmpFs(01777));
        assertEquals(Errno.ENOENT, errno(() -> v.resolve("/", "/tmp/host-file", true)));
        Vnode tmp = v.resolve("/", "/tmp", true).node();
        assertEquals(01777, tmp.stat().mode() & 07777);
        tmp.mkdir("d", 0700);
        Vnode f = ((Vnode) v.resolve("/", "/tmp/d", true).node()).create("f", 0644);
        tmp.symlink("l", "d/f");
        assertTrue(v.resolve("/", "/tmp/l", true).node() == f);
        tmp.link("h", f);
        assertEquals(2, f.stat().nlink());
        assertEquals(Errno.ENOTEMPTY, errno(() -> tmp.unlink("d", true)));
        assertEquals(Errno.EINVAL, errno(() -> tmp.rename("d", v.resolve("/", "/tmp/d", true).node(), "x", 0)));
        assertEquals(Errno.EXDEV, errno(() -> tmp.link("y", v.resolve("/", "/", true).node())));
        tmp.unlink("h", false);
        assertEquals(1, f.stat().nlink());
        assertEquals("/tmp", v.mounts().get(1).path());
        assertTrue(Files.exists(root.resolve("tmp/host-file"))); // the host directory is only hidden
    }

    @Test
    void syntheticTreesListTheirFiles() {
        SysFs fs = new SysFs(Map.of("a/b", () -> new byte[] {'x'}, "c", () -> new byte[0]));
        assertEquals(2, fs.root().list().size());
        assertTrue(fs.root().lookup("a").isDirectory());
        assertEquals(Errno.EPERM, errno(() -> fs.root().mkdir("z", 0755)));
    }
}
