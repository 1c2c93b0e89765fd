package lxrun.lxcore.sys;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.RootMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Names: getcwd, chdir, mkdir, rmdir, unlink, rename, readlink, access, umask (and their *at forms). */
final class PathCalls {
    private PathCalls() {}

    private static final int AT_REMOVEDIR = 0x200;

    /** The guest directory a *at() call's relative paths start from: cwd for AT_FDCWD, else the dirfd's path. */
    static String base(Call c, int dirfd) {
        if (dirfd == FileCalls.AT_FDCWD) return c.process.cwd;
        LxFile f = c.process.file(dirfd);
        if (!f.isDirectory()) throw Errno.error(Errno.ENOTDIR);
        return f.guestPath;
    }

    private static RootMapping.Resolved resolve(Call c, String base, String path, boolean follow) {
        return c.process.root().resolve(base, path, follow);
    }

    /** getcwd(2): the length including the NUL, ERANGE if it does not fit. */
    static long getcwd(Call c) {
        byte[] b = (c.process.cwd + "\0").getBytes(StandardCharsets.UTF_8);
        if (c.a(1) < b.length) return -Errno.ERANGE;
        c.check(c.a(0), b.length, PROT_WRITE);
        c.mem.write(c.a(0), b);
        return b.length;
    }

    static long chdir(Call c) {
        return changeDir(c, resolve(c, c.process.cwd, c.path(0), true));
    }

    static long fchdir(Call c) {
        LxFile f = c.file(0);
        if (!f.isDirectory()) return -Errno.ENOTDIR;
        c.process.cwd = f.guestPath;
        return 0;
    }

    private static long changeDir(Call c, RootMapping.Resolved r) {
        if (!Files.exists(r.hostPath())) return -Errno.ENOENT;
        if (!Files.isDirectory(r.hostPath())) return -Errno.ENOTDIR;
        c.process.cwd = r.guestPath();
        return 0;
    }

    static long mkdir(Call c) {
        return makeDir(c, c.process.cwd, c.path(0), c.i(1));
    }

    static long mkdirat(Call c) {
        return makeDir(c, base(c, c.i(0)), c.path(1), c.i(2));
    }

    private static long makeDir(Call c, String base, String path, int mode) {
        Path h = resolve(c, base, path, false).hostPath();
        try {
            Files.createDirectory(h, PosixFilePermissions.asFileAttribute(FileCalls.perms(mode & ~c.process.umask)));
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    static long rmdir(Call c) {
        return remove(c, c.process.cwd, c.path(0), true);
    }

    static long unlink(Call c) {
        return remove(c, c.process.cwd, c.path(0), false);
    }

    static long unlinkat(Call c) {
        return remove(c, base(c, c.i(0)), c.path(1), (c.i(2) & AT_REMOVEDIR) != 0);
    }

    private static long remove(Call c, String base, String path, boolean dir) {
        RootMapping.Resolved r = resolve(c, base, path, false);
        Path h = r.hostPath();
        if (!Files.exists(h, LinkOption.NOFOLLOW_LINKS)) return -Errno.ENOENT;
        boolean isDir = Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS);
        if (dir && !isDir) return -Errno.ENOTDIR;
        if (!dir && isDir) return -Errno.EISDIR;
        if (dir && r.guestPath().equals("/")) return -Errno.EBUSY;
        try {
            Files.delete(h);
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    static long rename(Call c) {
        return move(c, c.process.cwd, c.path(0), c.process.cwd, c.path(1), 0);
    }

    static long renameat(Call c) {
        return move(c, base(c, c.i(0)), c.path(1), base(c, c.i(2)), c.path(3), 0);
    }

    static long renameat2(Call c) {
        return move(c, base(c, c.i(0)), c.path(1), base(c, c.i(2)), c.path(3), c.i(4));
    }

    private static long move(Call c, String b1, String p1, String b2, String p2, int flags) {
        final int RENAME_NOREPLACE = 1;
        if ((flags & ~RENAME_NOREPLACE) != 0) return -Errno.EINVAL;
        Path from = resolve(c, b1, p1, false).hostPath(), to = resolve(c, b2, p2, false).hostPath();
        try {
            if ((flags & RENAME_NOREPLACE) != 0) Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            else Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    static long readlink(Call c) {
        return readLink(c, c.process.cwd, c.path(0), c.a(1), c.a(2));
    }

    static long readlinkat(Call c) {
        return readLink(c, base(c, c.i(0)), c.path(1), c.a(2), c.a(3));
    }

    /** readlink(2): /proc/self/exe names the executable's guest path; no NUL is written. */
    private static long readLink(Call c, String base, String path, long buf, long size) {
        if (size <= 0) return -Errno.EINVAL;
        RootMapping.Resolved r = resolve(c, base, path, false);
        String g = r.guestPath();
        String target;
        if (g.equals("/proc/self/exe") || g.equals("/proc/" + c.process.pid() + "/exe")) {
            target = c.process.exePath;
        } else if (g.startsWith("/proc/self/fd/")) {
            try {
                target = c.process.file(Integer.parseInt(g.substring(14))).guestPath;
            } catch (NumberFormatException e) {
                return -Errno.ENOENT;
            }
        } else {
            try {
                target = Files.readSymbolicLink(r.hostPath()).toString();
            } catch (IOException e) {
                return -Errno.of(e);
            }
        }
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(b.length, size);
        c.check(buf, n, PROT_WRITE);
        c.mem.write(buf, b, 0, n);
        return n;
    }

    static long access(Call c) {
        return checkAccess(c, c.process.cwd, c.path(0), c.i(1), 0);
    }

    static long faccessat(Call c) {
        return checkAccess(c, base(c, c.i(0)), c.path(1), c.i(2), 0);
    }

    static long faccessat2(Call c) {
        return checkAccess(c, base(c, c.i(0)), c.path(1), c.i(2), c.i(3));
    }

    /** access(2): F_OK 0, X_OK 1, W_OK 2, R_OK 4, checked against the host file. */
    private static long checkAccess(Call c, String base, String path, int mode, int flags) {
        if ((mode & ~7) != 0) return -Errno.EINVAL;
        RootMapping.Resolved r = resolve(c, base, path, (flags & FileCalls.AT_SYMLINK_NOFOLLOW) == 0);
        if (lxrun.lxcore.fs.Device.byPath(r.guestPath()) != null) return (mode & 1) != 0 ? -Errno.EACCES : 0;
        Path h = r.hostPath();
        if (!Files.exists(h)) return -Errno.ENOENT;
        if ((mode & 4) != 0 && !Files.isReadable(h)) return -Errno.EACCES;
        if ((mode & 2) != 0 && !Files.isWritable(h)) return -Errno.EACCES;
        if ((mode & 1) != 0 && !Files.isExecutable(h)) return -Errno.EACCES;
        return 0;
    }

    static long umask(Call c) {
        int old = c.process.umask;
        c.process.umask = c.i(0) & 0777;
        return old;
    }
}
