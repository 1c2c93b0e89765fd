package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.fs.Device;
import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.HostDirectory;
import lxrun.lxcore.fs.HostFile;
import lxrun.lxcore.fs.HostStream;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Pipe;
import lxrun.lxcore.fs.RootMapping;
import lxrun.lxcore.fs.Stat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static lxrun.lxcore.fs.LxFile.*;
import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** File I/O: open, close, read, write and their vectored and positioned forms, lseek, stat, getdents64. */
final class FileCalls {
    private FileCalls() {}

    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
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
        return doOpen(c, c.process.cwd, c.path(0), c.i(1), c.i(2));
    }

    /** creat(2): open(path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
    static long creat(Call c) {
        return doOpen(c, c.process.cwd, c.path(0), O_CREAT | O_WRONLY | O_TRUNC, c.i(1));
    }

    static long openat(Call c) {
        return doOpen(c, PathCalls.base(c, c.i(0)), c.path(1), c.i(2), c.i(3));
    }

    private static long doOpen(Call c, String base, String path, int flags, int mode) {
        LxFile f = openFile(c.process, base, path, flags, mode);
        return c.process.install(f, (flags & O_CLOEXEC) != 0, 0);
    }

    /** Opens (or creates) a guest path: devices, directories and host files. */
    static LxFile openFile(LxProcess p, String base, String path, int flags, int mode) {
        boolean creat = (flags & O_CREAT) != 0, excl = creat && (flags & O_EXCL) != 0;
        RootMapping.Resolved r = p.root().resolve(base, path, (flags & O_NOFOLLOW) == 0 && !excl);
        int status = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_PATH);
        Device.Kind dev = Device.byPath(r.guestPath());
        if (dev != null) return new Device(dev, status);
        switch (r.guestPath()) {
            case "/dev/stdin", "/proc/self/fd/0", "/dev/fd/0" -> { return new HostStream(0); }
            case "/dev/stdout", "/proc/self/fd/1", "/dev/fd/1" -> { return new HostStream(1); }
            case "/dev/stderr", "/proc/self/fd/2", "/dev/fd/2" -> { return new HostStream(2); }
            default -> { }
        }
        Path h = r.hostPath();
        boolean exists = Files.exists(h, LinkOption.NOFOLLOW_LINKS);
        if (exists && excl) throw Errno.error(Errno.EEXIST);
        if (exists && Files.isSymbolicLink(h) && (flags & O_NOFOLLOW) != 0) throw Errno.error(Errno.ELOOP);
        if (exists && Files.isDirectory(h)) {
            if ((flags & O_ACCMODE) != O_RDONLY || creat && (flags & O_DIRECTORY) == 0) {
                throw Errno.error(Errno.EISDIR);
            }
            return new HostDirectory(r.guestPath(), h, status);
        }
        if ((flags & O_DIRECTORY) != 0) throw Errno.error(exists ? Errno.ENOTDIR : Errno.ENOENT);
        if (!exists && !creat) throw Errno.error(Errno.ENOENT);
        Set<OpenOption> opts = new HashSet<>();
        int acc = flags & O_ACCMODE;
        if (acc == O_RDONLY || acc == O_RDWR || (flags & O_PATH) != 0) opts.add(StandardOpenOption.READ);
        if ((acc == O_WRONLY || acc == O_RDWR) && (flags & O_PATH) == 0) opts.add(StandardOpenOption.WRITE);
        if ((flags & O_TRUNC) != 0 && opts.contains(StandardOpenOption.WRITE)) {
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        try {
            FileChannel ch;
            if (creat && !exists) {
                opts.add(StandardOpenOption.CREATE);
                ch = FileChannel.open(h, opts, PosixFilePermissions.asFileAttribute(perms(mode & ~p.umask)));
            } else {
                ch = FileChannel.open(h, opts);
            }
            return new HostFile(r.guestPath(), h, ch, status);
        } catch (IOException e) {
            throw Errno.error(Errno.of(e));
        } catch (UnsupportedOperationException e) {
            throw Errno.error(Errno.EINVAL);
        }
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) s.add(all[i]);
        }
        return s;
    }

    // ---------------------------------------------------------------- ftruncate(2), truncate(2), fsync(2)

    /** ftruncate(2): EINVAL unless the fd is a regular file open for writing. */
    static long ftruncate(Call c) {
        LxFile f = c.file(0);
        long len = c.a(1);
        if (len < 0 || !f.writable() || f.isDirectory()) return -Errno.EINVAL;
        return f.truncate(len);
    }

    /** truncate(2): follows symlinks; EISDIR for directories; needs write permission on the file. */
    static long truncate(Call c) {
        long len = c.a(1);
        RootMapping.Resolved r = c.process.root().resolve(c.process.cwd, c.path(0), true);
        if (len < 0) return -Errno.EINVAL;
        Path h = r.hostPath();
        if (Device.byPath(r.guestPath()) != null) return 0;
        if (!Files.exists(h)) return -Errno.ENOENT;
        if (Files.isDirectory(h)) return -Errno.EISDIR;
        try (FileChannel ch = FileChannel.open(h, StandardOpenOption.WRITE)) {
            return HostFile.truncate(ch, len);
        } catch (IOException e) {
            return -Errno.of(e);
        }
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

    static long newfstatat(Call c) {
        int flags = c.i(3);
        String path = c.path(1);
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            Stat s = c.file(0).stat();
            c.check(c.a(2), Stat.SIZE, PROT_WRITE);
            s.writeTo(c.mem, c.a(2));
            return 0;
        }
        return statPath(c, PathCalls.base(c, c.i(0)), path, c.a(2), (flags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    static long statPath(Call c, String base, String path, long buf, boolean follow) {
        c.check(buf, Stat.SIZE, PROT_WRITE);
        statAt(c, base, path, follow).writeTo(c.mem, buf);
        return 0;
    }

    /** The stat of a path: a device node's, or the host file's own. */
    private static Stat statAt(Call c, String base, String path, boolean follow) {
        RootMapping.Resolved r = c.process.root().resolve(base, path, follow);
        Device.Kind dev = Device.byPath(r.guestPath());
        if (dev != null) return new Device(dev, 0).stat();
        try {
            return Stat.ofHost(r.hostPath(), follow);
        } catch (IOException e) {
            throw Errno.error(Errno.of(e));
        }
    }

    static final int AT_NO_AUTOMOUNT = 0x800, AT_STATX_SYNC_TYPE = 0x6000, STATX_BASIC_STATS = 0x7ff;

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
                : statAt(c, PathCalls.base(c, c.i(0)), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
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

    /** statfs(2): the host file system's own struct statfs. */
    static long statfs(Call c) {
        RootMapping.Resolved r = c.process.root().resolve(c.process.cwd, c.path(0), true);
        return hostStatfs(c, r.hostPath().toString(), c.a(1));
    }

    /** fstatfs(2): a host file's file system; pipes and devices report a tmpfs-like one of their own. */
    static long fstatfs(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1);
        if (f instanceof HostFile hf) return hostStatfs(c, hf.hostPath.toString(), buf);
        if (f instanceof HostDirectory hd) return hostStatfs(c, hd.hostPath.toString(), buf);
        c.check(buf, Host.STATFS_SIZE, PROT_WRITE);
        c.mem.fill(buf, Host.STATFS_SIZE, (byte) 0);
        c.mem.write64(buf, f instanceof Pipe.End ? 0x50495045L : 0x01021994L); // PIPEFS_MAGIC, TMPFS_MAGIC
        c.mem.write64(buf + 8, 4096);
        c.mem.write64(buf + 64, 255);
        c.mem.write64(buf + 72, 4096);
        return 0;
    }

    private static long hostStatfs(Call c, String hostPath, long buf) {
        c.check(buf, Host.STATFS_SIZE, PROT_WRITE);
        int[] errno = new int[1];
        byte[] raw = Host.statfs(hostPath, errno);
        if (raw == null) return -errno[0];
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
