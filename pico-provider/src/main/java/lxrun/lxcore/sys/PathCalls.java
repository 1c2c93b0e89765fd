package lxrun.lxcore.sys;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.vfs.Fsnotify;
import lxrun.lxcore.vfs.Vfs;
import lxrun.lxcore.vfs.Vnode;

import java.nio.charset.StandardCharsets;

import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * Names: getcwd, chdir, mkdir, rmdir, unlink, rename, link, symlink, readlink, chmod, chown, utimensat,
 * access, umask (and their *at forms). Each walks the instance's {@link Vfs} and asks the file system
 * that holds the name, so the errno is the one that file system's Linux counterpart gives.
 */
final class PathCalls {
    private PathCalls() {}

    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_SYMLINK_FOLLOW = 0x400,
            AT_EACCESS = 0x200, AT_EMPTY_PATH = 0x1000;

    /**
     * The guest directory a *at() call's {@code path} starts from: cwd for AT_FDCWD, else the dirfd's
     * path; an absolute path ignores dirfd (openat(2)), so a bad one is no error then.
     */
    static String base(Call c, int dirfd, String path) {
        if (path.startsWith("/")) return "/";
        return base(c, dirfd);
    }

    /** The directory of dirfd itself (cwd for AT_FDCWD); ENOTDIR when it is not one. */
    static String base(Call c, int dirfd) {
        if (dirfd == AT_FDCWD) return c.process.cwd;
        LxFile f = c.fd(dirfd);
        if (!f.isDirectory()) throw Errno.error(Errno.ENOTDIR);
        return f.guestPath;
    }

    static Vfs.Walk walk(Call c, int dirfd, String path, boolean follow) {
        return c.process.vfs().walk(base(c, dirfd, path), path, follow ? Vfs.FOLLOW : 0);
    }

    /** The walk of a name to remove or rename: the last name itself, a trailing slash not followed. */
    private static Vfs.Walk walkLast(Call c, int dirfd, String path) {
        return c.process.vfs().walk(base(c, dirfd, path), path, Vfs.LAST);
    }

    /** The existing node a path names. */
    static Vnode node(Call c, int dirfd, String path, boolean follow) {
        return walk(c, dirfd, path, follow).existing();
    }

    /**
     * The node of an fd-or-path call: with AT_EMPTY_PATH and an empty path the dirfd's own file (cwd for
     * AT_FDCWD); null when that file is outside the namespace (a pipe), where such calls do nothing.
     */
    static Vnode nodeAt(Call c, int dirfd, String path, int flags) {
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            return dirfd == AT_FDCWD ? node(c, AT_FDCWD, ".", true) : c.fd(dirfd).vnode();
        }
        return node(c, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    // ---------------------------------------------------------------- getcwd(2), chdir(2)

    /** getcwd(2): the length including the NUL, ERANGE if it does not fit. */
    static long getcwd(Call c) {
        byte[] b = (c.process.cwd + "\0").getBytes(StandardCharsets.UTF_8);
        if (Long.compareUnsigned(c.a(1), b.length) < 0) return -Errno.ERANGE; // size is an unsigned long
        c.check(c.a(0), b.length, PROT_WRITE);
        c.mem.write(c.a(0), b);
        return b.length;
    }

    static long chdir(Call c) {
        Vfs.Walk w = walk(c, AT_FDCWD, c.path(0), true);
        if (!w.existing().isDirectory()) return -Errno.ENOTDIR;
        if (!w.node().permits(1)) return -Errno.EACCES;
        c.process.cwd = w.path();
        return 0;
    }

    static long fchdir(Call c) {
        LxFile f = c.file(0);
        if (!f.isDirectory()) return -Errno.ENOTDIR;
        c.process.cwd = f.guestPath;
        return 0;
    }

    // ---------------------------------------------------------------- mkdir(2), rmdir(2), unlink(2)

    static long mkdir(Call c) {
        return makeDir(c, AT_FDCWD, c.path(0), c.i(1));
    }

    static long mkdirat(Call c) {
        return makeDir(c, c.i(0), c.path(1), c.i(2));
    }

    private static long makeDir(Call c, int dirfd, String path, int mode) {
        Vfs.Walk w = walk(c, dirfd, path, false);
        if (w.node() != null) return -Errno.EEXIST;
        w.parent().mkdir(w.name(), mode & ~c.process.umask & 01777);
        Fsnotify.created(w.parent(), w.name(), true);
        return 0;
    }

    /** mknod(2) */
    static long mknod(Call c) {
        return makeNode(c, AT_FDCWD, c.path(0), c.i(1), c.a(2));
    }

    /** mknodat(2) */
    static long mknodat(Call c) {
        return makeNode(c, c.i(0), c.path(1), c.i(2), c.a(3));
    }

    /**
     * mknod(2): a FIFO, a socket inode, an empty regular file (type 0 too) or a device node (EPERM
     * without CAP_MKNOD: the file system decides); EPERM for a directory, EINVAL for another type; the
     * mode is masked by the umask; dev is the kernel's 32-bit encoding.
     */
    private static long makeNode(Call c, int dirfd, String path, int mode, long dev) {
        int type = mode & lxrun.lxcore.fs.Stat.S_IFMT;
        switch (type) {
            case 0, lxrun.lxcore.fs.Stat.S_IFREG, lxrun.lxcore.fs.Stat.S_IFCHR, lxrun.lxcore.fs.Stat.S_IFBLK,
                    lxrun.lxcore.fs.Stat.S_IFIFO, lxrun.lxcore.fs.Stat.S_IFSOCK -> { }
            case lxrun.lxcore.fs.Stat.S_IFDIR -> { return -Errno.EPERM; }
            default -> { return -Errno.EINVAL; }
        }
        Vfs.Walk w = walk(c, dirfd, path, false);
        if (w.node() != null) return -Errno.EEXIST;
        int perm = mode & ~c.process.umask & 07777;
        if (type == 0 || type == lxrun.lxcore.fs.Stat.S_IFREG) w.parent().create(w.name(), perm);
        else w.parent().mknod(w.name(), type | perm, type == lxrun.lxcore.fs.Stat.S_IFCHR || type == lxrun.lxcore.fs.Stat.S_IFBLK ? dev & 0xffffffffL : 0);
        Fsnotify.created(w.parent(), w.name(), false);
        return 0;
    }

    static long rmdir(Call c) {
        return remove(c, AT_FDCWD, c.path(0), true);
    }

    static long unlink(Call c) {
        return remove(c, AT_FDCWD, c.path(0), false);
    }

    static long unlinkat(Call c) {
        if ((c.i(2) & ~AT_REMOVEDIR) != 0) return -Errno.EINVAL;
        return remove(c, c.i(0), c.path(1), (c.i(2) & AT_REMOVEDIR) != 0);
    }

    /** unlink(2)/rmdir(2): EISDIR/ENOTDIR for the wrong kind, EINVAL for ".", ENOTEMPTY for "..", EBUSY for a mount point. */
    private static long remove(Call c, int dirfd, String path, boolean dir) {
        Vfs.Walk w = walkLast(c, dirfd, path);
        Vnode n = w.existing();
        if (dir && w.name().equals(".")) return -Errno.EINVAL;
        if (dir && w.name().equals("..")) return -Errno.ENOTEMPTY;
        if (dir && !n.isDirectory()) return -Errno.ENOTDIR;
        if (!dir && n.isDirectory()) return -Errno.EISDIR;
        if (w.trailingSlash() && !n.isDirectory()) return -Errno.ENOTDIR;
        if (n == n.fs.root()) return -Errno.EBUSY;
        Fsnotify.Before b = Fsnotify.removing(n, c.process.instance);
        w.parent().unlink(w.name(), dir);
        Fsnotify.removed(b, w.parent(), w.name());
        return 0;
    }

    // ---------------------------------------------------------------- rename(2)

    static long rename(Call c) {
        return move(c, AT_FDCWD, c.path(0), AT_FDCWD, c.path(1), 0);
    }

    static long renameat(Call c) {
        return move(c, c.i(0), c.path(1), c.i(2), c.path(3), 0);
    }

    static long renameat2(Call c) {
        return move(c, c.i(0), c.path(1), c.i(2), c.path(3), c.i(4));
    }

    static final int RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;

    /** renameat2(2): NOREPLACE and EXCHANGE exclude each other; both names are walked without following. */
    private static long move(Call c, int d1, String p1, int d2, String p2, int flags) {
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0) return -Errno.EINVAL;
        if ((flags & RENAME_EXCHANGE) != 0 && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) != 0) return -Errno.EINVAL;
        Vfs.Walk from = walkLast(c, d1, p1), to = walkLast(c, d2, p2);
        Vnode n = from.existing();
        if ((from.trailingSlash() || to.trailingSlash()) && !n.isDirectory()) return -Errno.ENOTDIR;
        if (n == n.fs.root() || to.node() != null && to.node() == to.node().fs.root()) return -Errno.EBUSY;
        if ((flags & RENAME_EXCHANGE) != 0) to.existing();
        if (from.parent().fs != to.parent().fs) return -Errno.EXDEV;
        Fsnotify.Before b = Fsnotify.moving(n, to.node(), c.process.instance);
        from.parent().rename(from.name(), to.parent(), to.name(), flags);
        Fsnotify.moved(b, from.parent(), from.name(), to.parent(), to.name(), (flags & RENAME_EXCHANGE) != 0);
        return 0;
    }

    // ---------------------------------------------------------------- readlink(2), symlink(2), link(2)

    static long readlink(Call c) {
        return readLink(c, AT_FDCWD, c.path(0), c.a(1), c.i(2));
    }

    static long readlinkat(Call c) {
        return readLink(c, c.i(0), c.path(1), c.a(2), c.i(3));
    }

    /** readlink(2): the link's text, cut to the buffer (an int bufsiz), no NUL; an empty path reads an O_PATH fd's link. */
    private static long readLink(Call c, int dirfd, String path, long buf, int size) {
        if (size <= 0) return -Errno.EINVAL;
        Vnode n = path.isEmpty() && dirfd != AT_FDCWD ? c.fd(dirfd).vnode() : node(c, dirfd, path, false);
        if (n == null || path.isEmpty() && !n.isSymlink()) return -Errno.ENOENT;
        byte[] b = n.readlink().getBytes(StandardCharsets.UTF_8);
        int k = (int) Math.min(b.length, size);
        c.check(buf, k, PROT_WRITE);
        c.mem.write(buf, b, 0, k);
        return k;
    }

    static long symlink(Call c) {
        return makeSymlink(c, c.path(0), AT_FDCWD, c.path(1));
    }

    static long symlinkat(Call c) {
        return makeSymlink(c, c.path(0), c.i(1), c.path(2));
    }

    /** symlink(2): the target is kept as text; following it later stays inside the namespace (see Vfs). */
    private static long makeSymlink(Call c, String target, int dirfd, String path) {
        Vfs.Walk w = walk(c, dirfd, path, false);
        if (w.node() != null) return -Errno.EEXIST;
        w.parent().symlink(w.name(), target);
        Fsnotify.created(w.parent(), w.name(), false);
        return 0;
    }

    static long link(Call c) {
        return makeLink(c, node(c, AT_FDCWD, c.path(0), false), AT_FDCWD, c.path(1));
    }

    /** linkat(2): AT_SYMLINK_FOLLOW follows a link in the old name; AT_EMPTY_PATH links the dirfd's file. */
    static long linkat(Call c) {
        int flags = c.i(4);
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        String oldPath = c.path(1);
        Vnode old;
        if (oldPath.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            old = nodeAt(c, c.i(0), oldPath, flags); // the cwd for AT_FDCWD: a directory, EPERM
            if (old == null) return -Errno.ENOENT;
        } else {
            old = node(c, c.i(0), oldPath, (flags & AT_SYMLINK_FOLLOW) != 0);
        }
        return makeLink(c, old, c.i(2), c.path(3));
    }

    private static long makeLink(Call c, Vnode old, int dirfd, String path) {
        if (old.isDirectory()) return -Errno.EPERM;
        Vfs.Walk w = walk(c, dirfd, path, false);
        if (w.node() != null) return -Errno.EEXIST;
        if (w.parent().fs != old.fs) return -Errno.EXDEV;
        w.parent().link(w.name(), old);
        Fsnotify.linked(w.parent(), w.name(), old);
        return 0;
    }

    // ---------------------------------------------------------------- chmod(2), chown(2)

    static long chmod(Call c) {
        return changeAt(c, AT_FDCWD, c.path(0), 0, Fsnotify.IN_ATTRIB, n -> n.chmod(c.i(1)));
    }

    static long fchmod(Call c) {
        LxFile f = c.file(0);
        if ((f.statusFlags & LxFile.O_PATH) != 0) return -Errno.EBADF;
        if (f.vnode() != null) f.vnode().chmod(c.i(1));
        Fsnotify.changed(f, Fsnotify.IN_ATTRIB);
        return 0;
    }

    static long fchmodat(Call c) {
        return changeModeAt(c, c.i(0), c.path(1), c.i(2), 0);
    }

    static long fchmodat2(Call c) {
        return changeModeAt(c, c.i(0), c.path(1), c.i(2), c.i(3));
    }

    private static long changeModeAt(Call c, int dirfd, String path, int mode, int flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        return changeAt(c, dirfd, path, flags, Fsnotify.IN_ATTRIB, n -> n.chmod(mode));
    }

    /**
     * A change of the node an fd-or-path call names (see {@link #nodeAt}), then fsnotify_change's event
     * for it: on the open file, or on the walked name and its directory.
     */
    private static long changeAt(Call c, int dirfd, String path, int flags, int event, java.util.function.Consumer<Vnode> change) {
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0 && dirfd != AT_FDCWD) {
            LxFile f = c.fd(dirfd);
            if (f.vnode() != null) change.accept(f.vnode());
            Fsnotify.changed(f, event);
            return 0;
        }
        Vfs.Walk w = path.isEmpty() && (flags & AT_EMPTY_PATH) != 0 ? walk(c, AT_FDCWD, ".", true)
                : walk(c, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        change.accept(w.existing());
        Fsnotify.changed(w.parent(), w.name(), w.node(), event);
        return 0;
    }

    static long chown(Call c) {
        return changeAt(c, AT_FDCWD, c.path(0), 0, Fsnotify.IN_ATTRIB, n -> n.chown(c.i(1), c.i(2)));
    }

    static long lchown(Call c) {
        return changeAt(c, AT_FDCWD, c.path(0), AT_SYMLINK_NOFOLLOW, Fsnotify.IN_ATTRIB, n -> n.chown(c.i(1), c.i(2)));
    }

    /** fchown(2): a file outside the namespace (a pipe) has nothing to change. */
    static long fchown(Call c) {
        LxFile f = c.file(0);
        if (f.vnode() != null) f.vnode().chown(c.i(1), c.i(2));
        Fsnotify.changed(f, Fsnotify.IN_ATTRIB);
        return 0;
    }

    static long fchownat(Call c) {
        int flags = c.i(4);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        return changeAt(c, c.i(0), c.path(1), flags, Fsnotify.IN_ATTRIB, n -> n.chown(c.i(2), c.i(3)));
    }

    // ---------------------------------------------------------------- utimensat(2) and the older forms

    static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2, OMIT = Long.MIN_VALUE;

    /** utimensat(2): dirfd, path (NULL: dirfd itself, as futimens), times[2] (NULL: now), flags. */
    static long utimensat(Call c) {
        int flags = c.i(3);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        long times = c.a(2);
        long[] t = new long[2]; // access, modification in ns; OMIT: leave as it is
        for (int i = 0; i < 2; i++) {
            long sec = times == 0 ? 0 : c.mem.read64(times + 16L * i), nsec = times == 0 ? UTIME_NOW : c.mem.read64(times + 16L * i + 8);
            if (nsec == UTIME_OMIT) t[i] = OMIT;
            else if (nsec == UTIME_NOW) t[i] = now();
            else if (nsec < 0 || nsec > 999_999_999L) return -Errno.EINVAL;
            else t[i] = sec * 1_000_000_000L + nsec;
        }
        return setTimes(c, c.i(0), c.a(1), t, flags);
    }

    private static long now() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** utimes(2): path, struct timeval[2] (NULL: now). */
    static long utimes(Call c) {
        return setTimes(c, AT_FDCWD, c.a(0), oldTimes(c, c.a(1), true), 0);
    }

    /** futimesat(2): dirfd, path, struct timeval[2]. */
    static long futimesat(Call c) {
        return setTimes(c, c.i(0), c.a(1), oldTimes(c, c.a(2), true), 0);
    }

    /** utime(2): path, struct utimbuf {actime, modtime} in seconds (NULL: now). */
    static long utime(Call c) {
        return setTimes(c, AT_FDCWD, c.a(0), oldTimes(c, c.a(1), false), 0);
    }

    /** Access and modification times from struct timeval[2] or struct utimbuf; NULL means now. */
    private static long[] oldTimes(Call c, long times, boolean timeval) {
        if (times == 0) return new long[] {now(), now()};
        long[] t = new long[2];
        for (int i = 0; i < 2; i++) {
            long sec = c.mem.read64(times + (timeval ? 16L : 8L) * i), usec = timeval ? c.mem.read64(times + 16L * i + 8) : 0;
            if (usec < 0 || usec >= 1_000_000) throw Errno.error(Errno.EINVAL);
            t[i] = sec * 1_000_000_000L + usec * 1000;
        }
        return t;
    }

    /** Times set: fsnotify_change's IN_ATTRIB for both, IN_ACCESS for the access time alone, IN_MODIFY for the other. */
    private static long setTimes(Call c, int dirfd, long pathAddr, long[] t, int flags) {
        String path;
        if (pathAddr == 0) {
            if (dirfd == AT_FDCWD) return -Errno.EFAULT;
            path = "";
            flags |= AT_EMPTY_PATH;
        } else {
            path = c.mem.readCString(pathAddr, Vfs.PATH_MAX);
            if (path == null) return -Errno.ENAMETOOLONG;
        }
        if (t[0] == OMIT && t[1] == OMIT) {
            nodeAt(c, dirfd, path, flags);
            return 0;
        }
        int event = t[0] != OMIT && t[1] != OMIT ? Fsnotify.IN_ATTRIB : t[0] != OMIT ? Fsnotify.IN_ACCESS : Fsnotify.IN_MODIFY;
        return changeAt(c, dirfd, path, flags, event, n -> n.setTimes(t[0], t[1]));
    }

    // ---------------------------------------------------------------- access(2), umask(2)

    static long access(Call c) {
        return checkAccess(c, AT_FDCWD, c.path(0), c.i(1), 0);
    }

    static long faccessat(Call c) {
        return checkAccess(c, c.i(0), c.path(1), c.i(2), 0);
    }

    static long faccessat2(Call c) {
        return checkAccess(c, c.i(0), c.path(1), c.i(2), c.i(3));
    }

    /** access(2): F_OK 0, X_OK 1, W_OK 2, R_OK 4, checked as the file system answers for the guest. */
    private static long checkAccess(Call c, int dirfd, String path, int mode, int flags) {
        if ((mode & ~7) != 0 || (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        Vnode n = nodeAt(c, dirfd, path, flags);
        return n == null || mode == 0 || n.permits(mode) ? 0 : -Errno.EACCES;
    }

    static long umask(Call c) {
        int old = c.process.umask;
        c.process.umask = c.i(0) & 0777;
        return old;
    }
}
