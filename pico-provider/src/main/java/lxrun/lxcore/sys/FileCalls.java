package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Pipe;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.vfs.Vfs;
import lxrun.lxcore.vfs.Vnode;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static lxrun.lxcore.fs.LxFile.*;
import static lxrun.lxcore.sys.PathCalls.AT_EMPTY_PATH;
import static lxrun.lxcore.sys.PathCalls.AT_FDCWD;
import static lxrun.lxcore.sys.PathCalls.AT_SYMLINK_NOFOLLOW;
import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** File I/O: open, close, read, write and their vectored and positioned forms, lseek, stat, getdents64. */
final class FileCalls {
    private FileCalls() {}

    private static final int MAX_IO = 0x7ffff000; // what Linux transfers at most in one call
    private static final int CHUNK = 1 << 20;

    // ---------------------------------------------------------------- read(2), write(2)

    static long read(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1), n = Math.min(c.a(2) < 0 ? MAX_IO : c.a(2), MAX_IO);
        if (!f.readable()) return -Errno.EBADF;
        c.check(buf, n, PROT_WRITE);
        byte[] b = new byte[(int) Math.min(n, CHUNK)];
        int r = f.read(b, 0, b.length);
        if (r > 0) c.mem.write(buf, b, 0, r);
        return r;
    }

    static long write(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1), n = Math.min(c.a(2) < 0 ? MAX_IO : c.a(2), MAX_IO);
        if (!f.writable()) return -Errno.EBADF;
        c.check(buf, n, PROT_READ);
        return f.write(c.mem.read(buf, (int) n), 0, (int) n);
    }

    static long pread64(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1), n = Math.min(c.a(2), CHUNK), pos = c.a(3);
        if (!f.readable()) return -Errno.EBADF;
        if (pos < 0 || c.a(2) < 0) return -Errno.EINVAL;
        c.check(buf, n, PROT_WRITE);
        byte[] b = new byte[(int) n];
        int r = f.pread(b, 0, b.length, pos);
        if (r > 0) c.mem.write(buf, b, 0, r);
        return r;
    }

    static long pwrite64(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1), n = Math.min(c.a(2), MAX_IO), pos = c.a(3);
        if (!f.writable()) return -Errno.EBADF;
        if (pos < 0 || c.a(2) < 0) return -Errno.EINVAL;
        c.check(buf, n, PROT_READ);
        return f.pwrite(c.mem.read(buf, (int) n), 0, (int) n, pos);
    }

    // ---------------------------------------------------------------- readv(2), writev(2)

    /** The iovec array (struct iovec {base, len}) as pairs; EINVAL for a bad count, EFAULT for bad memory. */
    static long[] iovecs(Call c, long iov, int count, int prot) {
        if (count < 0 || count > 1024) throw Errno.error(Errno.EINVAL);
        c.check(iov, 16L * count, PROT_READ);
        long[] v = new long[2 * count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            v[2 * i] = c.mem.read64(iov + 16L * i);
            v[2 * i + 1] = c.mem.read64(iov + 16L * i + 8);
            if (v[2 * i + 1] < 0 || (total += v[2 * i + 1]) > MAX_IO) throw Errno.error(Errno.EINVAL);
            c.check(v[2 * i], v[2 * i + 1], prot);
        }
        return v;
    }

    static long writev(Call c) {
        LxFile f = c.file(0);
        if (!f.writable()) return -Errno.EBADF;
        long[] v = iovecs(c, c.a(1), c.i(2), PROT_READ);
        int total = 0;
        for (int i = 1; i < v.length; i += 2) total += (int) v[i];
        byte[] b = new byte[total];  // one write, so the pieces stay together (glibc stdio relies on it)
        int off = 0;
        for (int i = 0; i < v.length; i += 2) {
            c.mem.read(v[i], b, off, (int) v[i + 1]);
            off += (int) v[i + 1];
        }
        return f.write(b, 0, total);
    }

    static long readv(Call c) {
        LxFile f = c.file(0);
        if (!f.readable()) return -Errno.EBADF;
        long[] v = iovecs(c, c.a(1), c.i(2), PROT_WRITE);
        int total = 0;
        for (int i = 1; i < v.length; i += 2) total += (int) v[i];
        byte[] b = new byte[Math.min(total, CHUNK)];
        int r = f.read(b, 0, b.length);
        int off = 0;
        for (int i = 0; i < v.length && off < r; i += 2) {
            int k = (int) Math.min(v[i + 1], r - off);
            c.mem.write(v[i], b, off, k);
            off += k;
        }
        return r;
    }

    // ---------------------------------------------------------------- open(2), close(2)

    static long open(Call c) {
        return doOpen(c, AT_FDCWD, c.path(0), c.i(1), c.i(2), 0);
    }

    /** creat(2): open(path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
    static long creat(Call c) {
        return doOpen(c, AT_FDCWD, c.path(0), O_CREAT | O_WRONLY | O_TRUNC, c.i(1), 0);
    }

    static long openat(Call c) {
        return doOpen(c, c.i(0), c.path(1), c.i(2), c.i(3), 0);
    }

    static final int O_TMPFILE = 020000000 | O_DIRECTORY, O_LARGEFILE = 0100000;
    /** The open(2) flags Linux knows (VALID_OPEN_FLAGS); openat2(2) refuses any other. */
    private static final long VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK
            | 010000 /* O_DSYNC */ | 020000 /* FASYNC */ | 040000 /* O_DIRECT */ | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW
            | 01000000 /* O_NOATIME */ | O_CLOEXEC | 04010000 /* __O_SYNC */ | O_PATH | 020000000 /* __O_TMPFILE */;
    private static final int RESOLVE_ALL = 0x3f;

    /** openat2(2): dirfd, struct open_how {flags, mode, resolve}, size; unknown bits are errors, not ignored. */
    static long openat2(Call c) {
        long how = c.a(2), size = c.a(3);
        if (size < 24) return -Errno.EINVAL;
        if (size > 4096) return -Errno.E2BIG;
        c.check(how, size, lxrun.runtime.mem.GuestMemory.PROT_READ);
        for (long i = 24; i < size; i++) if (c.mem.read8(how + i) != 0) return -Errno.E2BIG;
        long flags = c.mem.read64(how), mode = c.mem.read64(how + 8), resolve = c.mem.read64(how + 16);
        if ((flags & ~VALID_OPEN_FLAGS) != 0 || (resolve & ~RESOLVE_ALL) != 0) return -Errno.EINVAL;
        if ((mode & ~07777L) != 0 || mode != 0 && (flags & O_CREAT) == 0 && (flags & O_TMPFILE) != O_TMPFILE) return -Errno.EINVAL;
        if ((resolve & Vfs.RESOLVE_BENEATH) != 0 && (resolve & Vfs.RESOLVE_IN_ROOT) != 0) return -Errno.EINVAL;
        if ((resolve & Vfs.RESOLVE_CACHED) != 0 && (flags & (O_CREAT | O_TRUNC | 020000000)) != 0) return -Errno.EAGAIN;
        return doOpen(c, c.i(0), c.path(1), (int) flags, (int) mode, (int) resolve & ~Vfs.RESOLVE_CACHED);
    }

    private static long doOpen(Call c, int dirfd, String path, int flags, int mode, int resolve) {
        String base = (resolve & (Vfs.RESOLVE_BENEATH | Vfs.RESOLVE_IN_ROOT)) != 0 ? PathCalls.base(c, dirfd) : PathCalls.base(c, dirfd, path);
        LxFile f = openFile(c.process, base, path, flags, mode, resolve);
        return c.process.install(f, (flags & O_CLOEXEC) != 0, 0);
    }

    /**
     * open(2) of a guest path: O_CREAT makes a missing last name (through a dangling symlink too), O_EXCL
     * and O_NOFOLLOW do not follow a link in it (O_NOFOLLOW|O_PATH opens the link itself), O_DIRECTORY
     * wants a directory, and directories open only for reading.
     */
    static LxFile openFile(LxProcess p, String base, String path, int flags, int mode, int resolve) {
        if ((flags & O_TMPFILE) == O_TMPFILE) {
            if ((flags & O_ACCMODE) == O_RDONLY) throw Errno.error(Errno.EINVAL);
            Vfs.Location dir = p.vfs().resolve(base, path, true);
            if (!dir.node().isDirectory()) throw Errno.error(Errno.ENOTDIR);
            return dir.node().openUnnamed(dir.path(), mode & ~p.umask & 07777, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_EXCL) | O_LARGEFILE);
        }
        boolean creat = (flags & O_CREAT) != 0 && (flags & O_PATH) == 0, excl = creat && (flags & O_EXCL) != 0;
        boolean follow = (flags & O_NOFOLLOW) == 0 && !excl;
        Vfs.Walk w = p.vfs().walk(base, path, (follow ? Vfs.FOLLOW : 0) | resolve);
        int status = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_PATH) | O_LARGEFILE;
        Vnode n = w.node();
        boolean created = false;
        if (n == null) {
            if (!creat) throw Errno.error(Errno.ENOENT);
            if (path.endsWith("/")) throw Errno.error(Errno.EISDIR);
            n = w.parent().create(w.name(), mode & ~p.umask & 07777);
            created = true;
        } else if (excl) {
            throw Errno.error(Errno.EEXIST);
        }
        if (n.isSymlink() && (flags & O_PATH) == 0) throw Errno.error(Errno.ELOOP);
        if (n.isDirectory() && (flags & O_PATH) == 0 && ((flags & O_ACCMODE) != O_RDONLY || creat)) {
            throw Errno.error(Errno.EISDIR);
        }
        if ((flags & O_DIRECTORY) != 0 && !n.isDirectory()) throw Errno.error(Errno.ENOTDIR);
        // O_TRUNC empties a regular file even when it is opened read-only (open(2): "unspecified"; Linux does)
        if ((flags & O_TRUNC) != 0 && (flags & O_PATH) == 0 && !created && n.type() == Stat.S_IFREG) n.truncate(0);
        return n.open(w.path(), status);
    }

    // ---------------------------------------------------------------- ftruncate(2), truncate(2), fsync(2)

    /** ftruncate(2): EINVAL unless the fd is a regular file open for writing. */
    static long ftruncate(Call c) {
        LxFile f = c.file(0);
        long len = c.a(1);
        if (len < 0 || !f.writable() || f.isDirectory()) return -Errno.EINVAL;
        return f.truncate(len);
    }

    /** truncate(2): follows symlinks; EISDIR for directories; EACCES where the file may not be written. */
    static long truncate(Call c) {
        long len = c.a(1);
        Vnode n = PathCalls.node(c, AT_FDCWD, c.path(0), true);
        if (len < 0) return -Errno.EINVAL;
        n.truncate(len);
        return 0;
    }

    /** posix_fadvise(2) (fadvise64): advice 0..5 on a file; pipes are ESPIPE; the advice itself changes nothing. */
    static long fadvise64(Call c) {
        LxFile f = c.file(0);
        if (f instanceof Pipe.End) return -Errno.ESPIPE;
        return c.a(2) < 0 || c.i(3) < 0 || c.i(3) > 5 ? -Errno.EINVAL : 0;
    }

    static long fsync(Call c) {
        return c.file(0).sync(true);
    }

    static long fdatasync(Call c) {
        return c.file(0).sync(false);
    }

    /** sync(2), syncfs(2): host files are written through their channels; nothing is held back. */
    static long sync(Call c) {
        return 0;
    }

    static long syncfs(Call c) {
        c.file(0);
        return 0;
    }

    static long close(Call c) {
        return c.process.handles.close(c.i(0)) ? 0 : -Errno.EBADF;
    }

    // ---------------------------------------------------------------- lseek(2), stat(2), getdents64(2)

    static long lseek(Call c) {
        return c.file(0).seek(c.a(1), c.i(2));
    }

    static long fstat(Call c) {
        Stat s = c.file(0).stat();
        c.check(c.a(1), Stat.SIZE, PROT_WRITE);
        s.writeTo(c.mem, c.a(1));
        return 0;
    }

    static long stat(Call c) {
        return statPath(c, c.process.cwd, c.path(0), c.a(1), true);
    }

    static long lstat(Call c) {
        return statPath(c, c.process.cwd, c.path(0), c.a(1), false);
    }

    static final int AT_NO_AUTOMOUNT = 0x800;

    static long newfstatat(Call c) {
        int flags = c.i(3);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) != 0) return -Errno.EINVAL;
        String path = c.path(1);
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            Stat s = c.file(0).stat();
            c.check(c.a(2), Stat.SIZE, PROT_WRITE);
            s.writeTo(c.mem, c.a(2));
            return 0;
        }
        return statPath(c, PathCalls.base(c, c.i(0), path), path, c.a(2), (flags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    static long statPath(Call c, String base, String path, long buf, boolean follow) {
        c.check(buf, Stat.SIZE, PROT_WRITE);
        statAt(c, base, path, follow).writeTo(c.mem, buf);
        return 0;
    }

    /** The stat of a path: its node's own. */
    private static Stat statAt(Call c, String base, String path, boolean follow) {
        return c.process.vfs().resolve(base, path, follow).node().stat();
    }

    static final int AT_STATX_SYNC_TYPE = 0x6000, STATX_BASIC_STATS = 0x7ff;

    /** statx(2): dirfd, path, flags, mask, buf; the basic stats (no birth time), from the same stat as fstatat. */
    static long statx(Call c) {
        int flags = c.i(2);
        long buf = c.a(4);
        if ((flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)) != 0) return -Errno.EINVAL;
        if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE) return -Errno.EINVAL;
        if ((c.i(3) & 0x80000000) != 0) return -Errno.EINVAL; // STATX__RESERVED
        String path = c.path(1);
        c.check(buf, 256, PROT_WRITE);
        Stat s = path.isEmpty() && (flags & AT_EMPTY_PATH) != 0 ? c.file(0).stat()
                : statAt(c, PathCalls.base(c, c.i(0), path), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        c.mem.fill(buf, 256, (byte) 0);
        c.mem.write32(buf, STATX_BASIC_STATS);
        c.mem.write32(buf + 4, (int) s.blksize());
        c.mem.write32(buf + 16, (int) s.nlink());
        c.mem.write32(buf + 20, s.uid());
        c.mem.write32(buf + 24, s.gid());
        c.mem.write16(buf + 28, s.mode());
        c.mem.write64(buf + 32, s.ino());
        c.mem.write64(buf + 40, s.size());
        c.mem.write64(buf + 48, s.blocks());
        long[][] times = {{s.atime(), s.atimeNsec()}, {0, 0}, {s.ctime(), s.ctimeNsec()}, {s.mtime(), s.mtimeNsec()}};
        for (int i = 0; i < 4; i++) { // atime, btime (absent), ctime, mtime: struct statx_timestamp
            c.mem.write64(buf + 64 + 16 * i, times[i][0]);
            c.mem.write32(buf + 72 + 16 * i, (int) times[i][1]);
        }
        c.mem.write32(buf + 128, major(s.rdev()));
        c.mem.write32(buf + 132, minor(s.rdev()));
        c.mem.write32(buf + 136, major(s.dev()));
        c.mem.write32(buf + 140, minor(s.dev()));
        return 0;
    }

    private static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfff));
    }

    private static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xff));
    }

    /** statfs(2): the struct statfs of the file system that holds the path. */
    static long statfs(Call c) {
        Vnode n = PathCalls.node(c, AT_FDCWD, c.path(0), true);
        return writeStatfs(c, n.fs.statfs(n), c.a(1));
    }

    /** fstatfs(2): a file's file system; pipes and sockets report their pseudo file systems. */
    static long fstatfs(Call c) {
        LxFile f = c.file(0);
        Vnode n = f.vnode();
        if (n != null) return writeStatfs(c, n.fs.statfs(n), c.a(1));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Host.STATFS_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, f instanceof Pipe.End ? 0x50495045L : 0x01021994L).putLong(8, 4096).putLong(64, 255).putLong(72, 4096);
        return writeStatfs(c, b.array(), c.a(1)); // PIPEFS_MAGIC, or TMPFS_MAGIC for the host's streams
    }

    private static long writeStatfs(Call c, byte[] raw, long buf) {
        c.check(buf, Host.STATFS_SIZE, PROT_WRITE);
        c.mem.write(buf, raw);
        return 0;
    }

    /** getxattr(2) and lgetxattr(2): host files carry no extended attributes the guest can see (ENODATA). */
    static long getxattr(Call c) {
        statAt(c, c.process.cwd, c.path(0), true);
        return -Errno.ENODATA;
    }

    static long lgetxattr(Call c) {
        statAt(c, c.process.cwd, c.path(0), false);
        return -Errno.ENODATA;
    }

    static long fgetxattr(Call c) {
        c.file(0);
        return -Errno.ENODATA;
    }

    /** listxattr(2) and friends: an empty list. */
    static long listxattr(Call c) {
        statAt(c, c.process.cwd, c.path(0), true);
        return 0;
    }

    static long llistxattr(Call c) {
        statAt(c, c.process.cwd, c.path(0), false);
        return 0;
    }

    static long flistxattr(Call c) {
        c.file(0);
        return 0;
    }

    static long getdents64(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1);
        int size = (int) Math.min(c.a(2) & 0xffffffffL, Integer.MAX_VALUE);
        if (!f.isDirectory()) return -Errno.ENOTDIR;
        c.check(buf, size, PROT_WRITE);
        List<LxFile.DirEntry> list = f.readdir();
        int off = 0, taken = 0;
        for (LxFile.DirEntry e : list) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int reclen = (19 + name.length + 1 + 7) & ~7;
            if (off + reclen > size) {
                if (taken == 0) return -Errno.EINVAL;
                break;
            }
            byte[] rec = new byte[reclen];
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(rec).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bb.putLong(0, e.ino()).putLong(8, taken + 1).putShort(16, (short) reclen).put(18, (byte) e.type());
            System.arraycopy(name, 0, rec, 19, name.length);
            c.mem.write(buf + off, rec);
            off += reclen;
            taken++;
        }
        f.advance(taken);
        return off;
    }
}
