package lxrun.lxcore.sys;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.RootMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Names: getcwd, chdir, mkdir, rmdir, unlink, rename, readlink, access, umask (and their *at forms). */
final class PathCalls {
    private PathCalls() {}

    private static final int AT_REMOVEDIR = 0x200;

    /** The guest directory a *at() call's relative paths start from: cwd for AT_FDCWD, else the dirfd's path. */
    static String base(Call c, int dirfd) {
        if (dirfd == FileCalls.AT_FDCWD) return c.process.cwd;
        LxFile f = c.fd(dirfd);
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
                target = c.fd(Integer.parseInt(g.substring(14))).guestPath;
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

    // ---------------------------------------------------------------- symlink(2), link(2)

    static long symlink(Call c) {
        return makeSymlink(c, c.path(0), c.process.cwd, c.path(1));
    }

    static long symlinkat(Call c) {
        return makeSymlink(c, c.path(0), base(c, c.i(1)), c.path(2));
    }

    /**
     * symlink(2): the target is stored exactly as given (it is only text); following it later goes
     * through {@link RootMapping#resolve}, which keeps every resolution under the root.
     */
    private static long makeSymlink(Call c, String target, String base, String path) {
        if (target.isEmpty()) return -Errno.ENOENT;
        RootMapping.Resolved r = resolve(c, base, path, false);
        Path h = r.hostPath();
        if (Files.exists(h, LinkOption.NOFOLLOW_LINKS)) return -Errno.EEXIST;
        try {
            Files.createSymbolicLink(h, Path.of(target));
            return 0;
        } catch (java.nio.file.InvalidPathException e) {
            return -Errno.EINVAL;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    static long link(Call c) {
        return makeLink(c, c.process.cwd, c.path(0), c.process.cwd, c.path(1), 0);
    }

    static long linkat(Call c) {
        int flags = c.i(4);
        if ((flags & ~(AT_SYMLINK_FOLLOW | FileCalls.AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        String oldPath = c.path(1);
        if (oldPath.isEmpty() && (flags & FileCalls.AT_EMPTY_PATH) != 0) {
            LxFile f = c.file(0);
            Path from = hostPathOf(f);
            if (from == null) return -Errno.ENOENT;
            if (f.isDirectory()) return -Errno.EPERM;
            return linkHost(c, from, base(c, c.i(2)), c.path(3));
        }
        return makeLink(c, base(c, c.i(0)), oldPath, base(c, c.i(2)), c.path(3), flags);
    }

    static final int AT_SYMLINK_FOLLOW = 0x400;

    /** link(2): a hard link; the old path's last component is followed only with AT_SYMLINK_FOLLOW. */
    private static long makeLink(Call c, String b1, String p1, String b2, String p2, int flags) {
        RootMapping.Resolved from = resolve(c, b1, p1, (flags & AT_SYMLINK_FOLLOW) != 0);
        Path h = from.hostPath();
        if (!Files.exists(h, LinkOption.NOFOLLOW_LINKS)) return -Errno.ENOENT;
        if (Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)) return -Errno.EPERM;
        return linkHost(c, h, b2, p2);
    }

    private static long linkHost(Call c, Path from, String base, String path) {
        RootMapping.Resolved to = resolve(c, base, path, false);
        if (Files.exists(to.hostPath(), LinkOption.NOFOLLOW_LINKS)) return -Errno.EEXIST;
        try {
            Files.createLink(to.hostPath(), from);
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    /** The host path behind an open file, or null for files that have none (pipes, devices). */
    static Path hostPathOf(LxFile f) {
        if (f instanceof lxrun.lxcore.fs.HostFile h) return h.hostPath;
        if (f instanceof lxrun.lxcore.fs.HostDirectory d) return d.hostPath;
        return null;
    }

    // ---------------------------------------------------------------- chmod(2), chown(2)

    static long chmod(Call c) {
        return changeMode(c, resolve(c, c.process.cwd, c.path(0), true).hostPath(), c.i(1));
    }

    static long fchmod(Call c) {
        LxFile f = c.file(0);
        if ((f.statusFlags & LxFile.O_PATH) != 0) return -Errno.EBADF;
        Path h = hostPathOf(f);
        return h == null ? 0 : changeMode(c, h, c.i(1));
    }

    static long fchmodat(Call c) {
        return changeModeAt(c, c.i(0), c.path(1), c.i(2), 0);
    }

    static long fchmodat2(Call c) {
        return changeModeAt(c, c.i(0), c.path(1), c.i(2), c.i(3));
    }

    private static long changeModeAt(Call c, int dirfd, String path, int mode, int flags) {
        if ((flags & ~(FileCalls.AT_SYMLINK_NOFOLLOW | FileCalls.AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        if (path.isEmpty() && (flags & FileCalls.AT_EMPTY_PATH) != 0) {
            Path h = dirfd == FileCalls.AT_FDCWD ? resolve(c, c.process.cwd, ".", true).hostPath()
                    : hostPathOf(c.fd(dirfd));
            return h == null ? 0 : changeMode(c, h, mode);
        }
        boolean follow = (flags & FileCalls.AT_SYMLINK_NOFOLLOW) == 0;
        Path h = resolve(c, base(c, dirfd), path, follow).hostPath();
        if (!follow && Files.isSymbolicLink(h)) return -Errno.EOPNOTSUPP; // Linux cannot chmod a symlink
        return changeMode(c, h, mode);
    }

    static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    /** utimensat(2): dirfd, path (NULL: dirfd itself, as futimens), times[2] (NULL: now), flags. */
    static long utimensat(Call c) {
        int flags = c.i(3);
        if ((flags & ~(FileCalls.AT_SYMLINK_NOFOLLOW | FileCalls.AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        long times = c.a(2);
        FileTime[] t = new FileTime[2]; // atime, mtime; null: leave as it is
        for (int i = 0; i < 2; i++) {
            long sec = times == 0 ? 0 : c.mem.read64(times + 16L * i), nsec = times == 0 ? UTIME_NOW : c.mem.read64(times + 16L * i + 8);
            if (nsec == UTIME_OMIT) continue;
            if (nsec != UTIME_NOW && (nsec < 0 || nsec > 999_999_999L)) return -Errno.EINVAL;
            t[i] = nsec == UTIME_NOW ? FileTime.from(java.time.Instant.now()) : FileTime.from(java.time.Instant.ofEpochSecond(sec, nsec));
        }
        return setTimes(c, c.i(0), c.a(1), t, flags);
    }

    /** utimes(2): path, struct timeval[2] (NULL: now). */
    static long utimes(Call c) {
        return setTimes(c, FileCalls.AT_FDCWD, c.a(0), oldTimes(c, c.a(1), true), 0);
    }

    /** futimesat(2): dirfd, path, struct timeval[2]. */
    static long futimesat(Call c) {
        return setTimes(c, c.i(0), c.a(1), oldTimes(c, c.a(2), true), 0);
    }

    /** utime(2): path, struct utimbuf {actime, modtime} in seconds (NULL: now). */
    static long utime(Call c) {
        return setTimes(c, FileCalls.AT_FDCWD, c.a(0), oldTimes(c, c.a(1), false), 0);
    }

    /** Access and modification times from struct timeval[2] or struct utimbuf; NULL means now. */
    private static FileTime[] oldTimes(Call c, long times, boolean timeval) {
        FileTime now = FileTime.from(java.time.Instant.now());
        if (times == 0) return new FileTime[] {now, now};
        FileTime[] t = new FileTime[2];
        for (int i = 0; i < 2; i++) {
            long sec = c.mem.read64(times + (timeval ? 16L : 8L) * i), usec = timeval ? c.mem.read64(times + 16L * i + 8) : 0;
            if (usec < 0 || usec >= 1_000_000) throw Errno.error(Errno.EINVAL);
            t[i] = FileTime.from(java.time.Instant.ofEpochSecond(sec, usec * 1000));
        }
        return t;
    }

    private static long setTimes(Call c, int dirfd, long pathAddr, FileTime[] t, int flags) {
        boolean follow = (flags & FileCalls.AT_SYMLINK_NOFOLLOW) == 0;
        Path h;
        if (pathAddr == 0 || (c.mem.read8(pathAddr) == 0 && (flags & FileCalls.AT_EMPTY_PATH) != 0)) {
            if (dirfd == FileCalls.AT_FDCWD) return -Errno.EFAULT;
            h = hostPathOf(c.fd(dirfd));
            if (h == null) return 0;
        } else {
            h = resolve(c, base(c, dirfd), c.mem.readCString(pathAddr, 4096), follow).hostPath();
        }
        if (!Files.exists(h, LinkOption.NOFOLLOW_LINKS)) return -Errno.ENOENT;
        if (t[0] == null && t[1] == null) return 0;
        try {
            BasicFileAttributeView view = follow ? Files.getFileAttributeView(h, BasicFileAttributeView.class)
                    : Files.getFileAttributeView(h, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setTimes(t[1], t[0], null);
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    /** Sets the permission bits (and setuid/setgid/sticky) of a host file. */
    private static long changeMode(Call c, Path h, int mode) {
        try {
            if (!Files.exists(h)) return -Errno.ENOENT;
            try {
                Files.setAttribute(h, "unix:mode", mode & 07777);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                Files.setPosixFilePermissions(h, FileCalls.perms(mode));
            }
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    static long chown(Call c) {
        return changeOwner(c, resolve(c, c.process.cwd, c.path(0), true).hostPath(), c.i(1), c.i(2));
    }

    static long lchown(Call c) {
        return changeOwner(c, resolve(c, c.process.cwd, c.path(0), false).hostPath(), c.i(1), c.i(2));
    }

    static long fchown(Call c) {
        Path h = hostPathOf(c.file(0));
        return h == null ? 0 : changeOwner(c, h, c.i(1), c.i(2));
    }

    static long fchownat(Call c) {
        int flags = c.i(4);
        if ((flags & ~(FileCalls.AT_SYMLINK_NOFOLLOW | FileCalls.AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        String path = c.path(1);
        Path h;
        if (path.isEmpty() && (flags & FileCalls.AT_EMPTY_PATH) != 0) {
            h = c.i(0) == FileCalls.AT_FDCWD ? resolve(c, c.process.cwd, ".", true).hostPath()
                    : hostPathOf(c.fd(c.i(0)));
            if (h == null) return 0;
        } else {
            h = resolve(c, base(c, c.i(0)), path, (flags & FileCalls.AT_SYMLINK_NOFOLLOW) == 0).hostPath();
        }
        return changeOwner(c, h, c.i(2), c.i(3));
    }

    /**
     * chown(2) as an unprivileged user: the guest is uid/gid {@link ProcessCalls#UID}; "changing" to
     * those (or -1, unchanged) succeeds when the file exists; anything else is EPERM.
     */
    private static long changeOwner(Call c, Path h, int uid, int gid) {
        if (!Files.exists(h, LinkOption.NOFOLLOW_LINKS)) return -Errno.ENOENT;
        if (uid != -1 && uid != ProcessCalls.UID || gid != -1 && gid != ProcessCalls.GID) return -Errno.EPERM;
        return 0;
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
