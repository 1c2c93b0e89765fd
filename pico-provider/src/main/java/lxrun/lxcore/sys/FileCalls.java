package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Pipe;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.vfs.Fsnotify;
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

/** File I/O: open, close, read, write and their vectored and positioned forms, lseek, stat, getdents, getdents64. */
final class FileCalls {
    private FileCalls() {}

    private static final int MAX_IO = 0x7ffff000; // what Linux transfers at most in one call
    private static final int CHUNK = 1 << 20;

    // ---------------------------------------------------------------- read(2), write(2)
    //
    // As Linux's vfs_read and vfs_write: EBADF, then EFAULT unless the buffer lies below TASK_SIZE
    // (a count of 2^63 or more never does), the count capped at MAX_RW_COUNT. The transfer stops where
    // the buffer stops being mapped: the bytes before the fault are done and counted, and EFAULT comes
    // only when nothing could be done. A pipe copies a page at a time, so a fault undoes the bytes of its
    // page; a read that can store nothing still runs as far as telling end of file (0), an empty pipe
    // (EAGAIN, or waiting) or a directory (EISDIR) from data (EFAULT).

    static long read(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1), n = c.a(2);
        if (!f.readable()) return -Errno.EBADF;
        if (!c.userRange(buf, n)) return -Errno.EFAULT;
        if (f.isDirectory()) return -Errno.EISDIR; // generic_read_dir: before the buffer is touched
        n = Math.min(n, MAX_IO);
        if (n == 0 && f instanceof Pipe.End) return 0; // a null read of a pipe succeeds at once
        long k = transferable(c, f, buf, n, PROT_WRITE);
        if (k == 0 && n > 0) return readNothing(f, -1);
        byte[] b = new byte[(int) Math.min(k, CHUNK)];
        int r = accessed(f, f.read(b, 0, b.length));
        if (r > 0) c.mem.write(buf, b, 0, r);
        return r;
    }

    static long write(Call c) {
        LxFile f = c.file(0);
        long buf = c.a(1), n = c.a(2);
        if (!f.writable()) return -Errno.EBADF;
        if (!c.userRange(buf, n)) return -Errno.EFAULT;
        n = Math.min(n, MAX_IO);
        long k = transferable(c, f, buf, n, PROT_READ);
        if (k == 0 && n > 0) return -Errno.EFAULT;
        return brokenPipe(c, modified(f, f.write(c.mem.read(buf, (int) k), 0, (int) k)));
    }

    /**
     * A write's result: EPIPE (a pipe, FIFO or host stream without readers) also raises SIGPIPE in the
     * writer, as pipe_write's send_sig does (si_code SI_USER, the writer's own pid and uid).
     */
    static long brokenPipe(Call c, long r) {
        if (r == -Errno.EPIPE) { // send_sig(SIGPIPE, current): the process, taken by the writer unless it blocks it
            lxrun.lxcore.Signals.sendProcess(c.process, new lxrun.lxcore.Signals.Info(lxrun.lxcore.Signals.SIGPIPE,
                    lxrun.lxcore.Signals.SI_USER, 0, c.process.pid(), c.process.creds.ruid()), c.thread);
        }
        return r;
    }

    /** pread64(2): EINVAL for a negative offset (first) or one that overflows with the count; ESPIPE for a pipe. */
    static long pread64(Call c) {
        long buf = c.a(1), n = c.a(2), pos = c.a(3);
        if (pos < 0) return -Errno.EINVAL;
        LxFile f = c.file(0);
        if (f instanceof Pipe.End) return -Errno.ESPIPE;
        if (!f.readable()) return -Errno.EBADF;
        if (!c.userRange(buf, n)) return -Errno.EFAULT;
        if (pos + n < 0) return -Errno.EINVAL;
        if (f.isDirectory()) return -Errno.EISDIR;
        n = Math.min(n, MAX_IO);
        long k = transferable(c, f, buf, n, PROT_WRITE);
        if (k == 0 && n > 0) return readNothing(f, pos);
        byte[] b = new byte[(int) Math.min(k, CHUNK)];
        int r = accessed(f, f.pread(b, 0, b.length, pos));
        if (r > 0) c.mem.write(buf, b, 0, r);
        return r;
    }

    static long pwrite64(Call c) {
        long buf = c.a(1), n = c.a(2), pos = c.a(3);
        if (pos < 0) return -Errno.EINVAL;
        LxFile f = c.file(0);
        if (f instanceof Pipe.End) return -Errno.ESPIPE;
        if (!f.writable()) return -Errno.EBADF;
        if (!c.userRange(buf, n)) return -Errno.EFAULT;
        if (pos + n < 0) return -Errno.EINVAL;
        n = Math.min(n, MAX_IO);
        long k = transferable(c, f, buf, n, PROT_READ);
        if (k == 0 && n > 0) return -Errno.EFAULT;
        return modified(f, f.pwrite(c.mem.read(buf, (int) k), 0, (int) k, pos));
    }

    /** A read's result; one that got data is an IN_ACCESS (vfs_read's fsnotify_access). */
    private static int accessed(LxFile f, int r) {
        if (r > 0) Fsnotify.accessed(f);
        return r;
    }

    /** A write's result; one that wrote is an IN_MODIFY. */
    private static int modified(LxFile f, int r) {
        if (r > 0) Fsnotify.modified(f);
        return r;
    }

    /** The bytes of a transfer of {@code n} at {@code buf} done before it faults (whole pages for a pipe). */
    private static long transferable(Call c, LxFile f, long buf, long n, int prot) {
        long k = c.accessibleLength(buf, n, prot);
        return f instanceof Pipe.End && k < n ? k & ~lxrun.runtime.mem.GuestMemory.PAGE_MASK : k;
    }

    /**
     * A read (at {@code pos}, or at the file offset if it is -1) that can store no byte: 0 at end of file
     * and the file's own errors, EFAULT when there is data. Nothing is consumed.
     */
    private static long readNothing(LxFile f, long pos) {
        if (f instanceof Pipe.End p) {
            int r = p.read(new byte[0], 0, 0); // waits for data or the end, consuming nothing
            return r < 0 ? r : p.available() > 0 ? -Errno.EFAULT : 0;
        }
        if (pos < 0) pos = f.seek(0, 1 /* SEEK_CUR */);
        if (pos < 0) return -Errno.EFAULT;
        int r = f.pread(new byte[1], 0, 1, pos);
        return r == 0 ? 0 : r < 0 && r != -Errno.ESPIPE ? r : -Errno.EFAULT;
    }

    // ---------------------------------------------------------------- readv(2), writev(2), preadv(2), pwritev(2)

    static final int UIO_MAXIOV = 1024;

    /**
     * The iovec array (struct iovec {base, len}) as pairs, as import_iovec reads it: EINVAL for more than
     * UIO_MAXIOV (the count is an unsigned int) or a negative length, EFAULT for a bad array or a buffer
     * past TASK_SIZE; the total is capped at MAX_RW_COUNT.
     */
    static long[] iovecs(Call c, long iov, int count) {
        if (Integer.compareUnsigned(count, UIO_MAXIOV) > 0) throw Errno.error(Errno.EINVAL);
        c.check(iov, 16L * count, PROT_READ);
        long[] v = new long[2 * count];
        for (int i = 0; i < count; i++) {
            v[2 * i] = c.mem.read64(iov + 16L * i);
            v[2 * i + 1] = c.mem.read64(iov + 16L * i + 8);
            if (v[2 * i + 1] < 0) throw Errno.error(Errno.EINVAL);
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            if (!c.userRange(v[2 * i], v[2 * i + 1])) throw Errno.error(Errno.EFAULT);
            v[2 * i + 1] = Math.min(v[2 * i + 1], MAX_IO - total);
            total += v[2 * i + 1];
        }
        return v;
    }

    /** The bytes of a vectored transfer done before it faults: whole iovecs, then part of the first bad one. */
    private static int transferable(Call c, LxFile f, long[] v, int prot) {
        long done = 0, asked = 0;
        boolean faulted = false;
        for (int i = 0; i < v.length; i += 2) {
            asked += v[i + 1];
            if (faulted) continue;
            long k = c.accessibleLength(v[i], v[i + 1], prot);
            done += k;
            faulted = k < v[i + 1];
        }
        return (int) (f instanceof Pipe.End && done < asked ? done & ~lxrun.runtime.mem.GuestMemory.PAGE_MASK : done);
    }

    private static int total(long[] v) {
        long t = 0;
        for (int i = 1; i < v.length; i += 2) t += v[i];
        return (int) t;
    }

    static long writev(Call c) {
        LxFile f = c.file(0);
        if (!f.writable()) return -Errno.EBADF;
        return brokenPipe(c, writeVector(c, f, iovecs(c, c.a(1), c.i(2)), -1));
    }

    static long readv(Call c) {
        LxFile f = c.file(0);
        if (!f.readable()) return -Errno.EBADF;
        return readVector(c, f, iovecs(c, c.a(1), c.i(2)), -1);
    }

    /** preadv(2), pwritev(2): fd, iov, count, offset (the low word; x86-64 ignores the high one). */
    static long preadv(Call c) {
        return positioned(c, c.a(3), 0, false, false);
    }

    static long pwritev(Call c) {
        return positioned(c, c.a(3), 0, false, true);
    }

    static final int RWF_HIPRI = 1, RWF_DSYNC = 2, RWF_SYNC = 4, RWF_NOWAIT = 8, RWF_DONTCACHE = 0x80, RWF_NOSIGNAL = 0x100;

    /**
     * preadv2(2), pwritev2(2): as preadv/pwritev, offset -1 meaning the file offset; RWF_HIPRI, RWF_DSYNC,
     * RWF_SYNC, RWF_NOWAIT and RWF_DONTCACHE change nothing here (writes are not buffered, reads do not
     * wait on disk); RWF_NOSIGNAL keeps a broken pipe's EPIPE from raising SIGPIPE; EOPNOTSUPP for RWF_APPEND, RWF_NOAPPEND, RWF_ATOMIC (not supported) and unknown flags.
     */
    static long preadv2(Call c) {
        return positioned(c, c.a(3), c.i(5), true, false);
    }

    static long pwritev2(Call c) {
        return positioned(c, c.a(3), c.i(5), true, true);
    }

    private static long positioned(Call c, long pos, int flags, boolean v2, boolean write) {
        if (pos < -1 || pos == -1 && !v2) return -Errno.EINVAL;
        LxFile f = c.file(0);
        if (pos >= 0 && f instanceof Pipe.End) return -Errno.ESPIPE;
        if (write ? !f.writable() : !f.readable()) return -Errno.EBADF;
        long[] v = iovecs(c, c.a(1), c.i(2));
        if ((flags & ~(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_DONTCACHE | RWF_NOSIGNAL)) != 0) {
            return -Errno.EOPNOTSUPP; // after the iovecs, as kiocb_set_rw_flags
        }
        if (pos >= 0 && pos + total(v) < 0) return -Errno.EINVAL;
        if (!write) return readVector(c, f, v, pos);
        long r = writeVector(c, f, v, pos);
        return (flags & RWF_NOSIGNAL) != 0 ? r : brokenPipe(c, r);
    }

    /** One write of the iovecs' bytes (at {@code pos}, or the file offset if -1), so the pieces stay together (glibc stdio relies on it). */
    private static long writeVector(Call c, LxFile f, long[] v, long pos) {
        int total = transferable(c, f, v, PROT_READ);
        if (total == 0 && total(v) > 0) return -Errno.EFAULT;
        byte[] b = new byte[total];
        int off = 0;
        for (int i = 0; i < v.length && off < total; i += 2) {
            int k = (int) Math.min(v[i + 1], total - off);
            c.mem.read(v[i], b, off, k);
            off += k;
        }
        return modified(f, pos < 0 ? f.write(b, 0, total) : f.pwrite(b, 0, total, pos));
    }

    private static long readVector(Call c, LxFile f, long[] v, long pos) {
        if (f.isDirectory()) return -Errno.EISDIR;
        int total = transferable(c, f, v, PROT_WRITE);
        if (total == 0 && total(v) > 0) return readNothing(f, pos);
        if (total(v) == 0 && f instanceof Pipe.End) return 0;
        byte[] b = new byte[Math.min(total, CHUNK)];
        int r = accessed(f, pos < 0 ? f.read(b, 0, b.length) : f.pread(b, 0, b.length, pos));
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
            Fsnotify.created(w.parent(), w.name(), false);
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
        boolean truncated = (flags & O_TRUNC) != 0 && (flags & O_PATH) == 0 && !created && n.type() == Stat.S_IFREG;
        if (truncated) n.truncate(0);
        LxFile f = n.open(w.path(), status);
        f.dentry = new Fsnotify.Dentry(w.parent(), w.name());
        Fsnotify.opened(f);
        if (truncated) Fsnotify.modified(f); // reported after the open, as Linux does
        return f;
    }

    // ---------------------------------------------------------------- ftruncate(2), truncate(2), fsync(2)

    /** ftruncate(2): EINVAL unless the fd is a regular file open for writing. */
    static long ftruncate(Call c) {
        LxFile f = c.file(0);
        long len = c.a(1);
        if (len < 0 || !f.writable() || f.isDirectory()) return -Errno.EINVAL;
        int r = f.truncate(len);
        if (r == 0) Fsnotify.modified(f);
        return r;
    }

    /** truncate(2): follows symlinks; EISDIR for directories; EACCES where the file may not be written. */
    static long truncate(Call c) {
        long len = c.a(1);
        if (len < 0) return -Errno.EINVAL; // before the path is looked at (do_sys_truncate)
        Vfs.Walk w = PathCalls.walk(c, AT_FDCWD, c.path(0), true);
        w.existing().truncate(len);
        Fsnotify.changed(w.parent(), w.name(), w.node(), Fsnotify.IN_MODIFY);
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

    static final int CLOSE_RANGE_UNSHARE = 2, CLOSE_RANGE_CLOEXEC = 4;

    /**
     * close_range(2): closes the descriptors first..last (unsigned), or marks them close-on-exec under
     * CLOSE_RANGE_CLOEXEC; EINVAL for other flags or first above last. CLOSE_RANGE_UNSHARE is accepted:
     * the threads sharing the table see the change too.
     */
    static long closeRange(Call c) {
        long first = c.a(0) & 0xffffffffL, last = c.a(1) & 0xffffffffL;
        int flags = c.i(2);
        if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) != 0 || first > last) return -Errno.EINVAL;
        var h = c.process.handles;
        List<Integer> fds = new java.util.ArrayList<>();
        h.forEach((fd, o) -> {
            if (fd >= first && fd <= last) fds.add(fd);
        });
        for (int fd : fds) {
            if ((flags & CLOSE_RANGE_CLOEXEC) != 0) h.setAttributes(fd, h.attributes(fd) | lxrun.nt.ob.HandleTable.INHERIT_NOT);
            else h.close(fd);
        }
        return 0;
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

    /** newfstatat(2): with AT_EMPTY_PATH and an empty or NULL path, the dirfd's own file (the cwd for AT_FDCWD). */
    static long newfstatat(Call c) {
        int flags = c.i(3);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) != 0) return -Errno.EINVAL;
        String path = statPathArgument(c, 1, flags);
        if (path == null) {
            Stat s = emptyPathStat(c, c.i(0));
            c.check(c.a(2), Stat.SIZE, PROT_WRITE);
            s.writeTo(c.mem, c.a(2));
            return 0;
        }
        return statPath(c, PathCalls.base(c, c.i(0), path), path, c.a(2), (flags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    /**
     * The path of fstatat or statx, or null when AT_EMPTY_PATH makes it name the dirfd itself: an empty
     * string, or NULL (allowed since Linux 6.11).
     */
    private static String statPathArgument(Call c, int i, int flags) {
        if ((flags & AT_EMPTY_PATH) != 0 && (c.a(i) == 0 || c.mem.read8(c.a(i)) == 0)) return null;
        return c.path(i);
    }

    /** The stat of an AT_EMPTY_PATH call's dirfd: its open file, or the current directory for AT_FDCWD. */
    private static Stat emptyPathStat(Call c, int dirfd) {
        return dirfd == AT_FDCWD ? statAt(c, c.process.cwd, ".", true) : c.fd(dirfd).stat();
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
        String path = statPathArgument(c, 1, flags);
        Stat s = path == null ? emptyPathStat(c, c.i(0))
                : statAt(c, PathCalls.base(c, c.i(0), path), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        c.check(buf, 256, PROT_WRITE);
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

    /**
     * getdents64(2): as many whole entries as fit; EINVAL if not even the first fits. The entries are
     * stored until one would reach unmapped memory: EFAULT if that is the first (filldir64), and the
     * entries not stored stay for the next call.
     */
    static long getdents64(Call c) {
        return dents(c, false);
    }

    /**
     * getdents(2), the old form: struct linux_dirent {d_ino, d_off, d_reclen, d_name, then a NUL, padding
     * and d_type in the record's last byte}, otherwise as getdents64.
     */
    static long getdents(Call c) {
        return dents(c, true);
    }

    private static long dents(Call c, boolean old) {
        LxFile f = c.file(0);
        long buf = c.a(1);
        int size = (int) Math.min(c.a(2) & 0xffffffffL, Integer.MAX_VALUE);
        if (!f.isDirectory()) return -Errno.ENOTDIR;
        long room = c.accessibleLength(buf, size, PROT_WRITE);
        List<LxFile.DirEntry> list = f.readdir();
        int off = 0, taken = 0;
        for (LxFile.DirEntry e : list) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int reclen = old ? (18 + name.length + 2 + 7) & ~7 : (19 + name.length + 1 + 7) & ~7;
            if (off + reclen > size) {
                if (taken == 0) return -Errno.EINVAL;
                break;
            }
            if (off + reclen > room) {
                if (taken == 0) return -Errno.EFAULT;
                break;
            }
            byte[] rec = new byte[reclen];
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(rec).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bb.putLong(0, e.ino()).putLong(8, taken + 1).putShort(16, (short) reclen);
            if (old) rec[reclen - 1] = (byte) e.type();
            else rec[18] = (byte) e.type();
            System.arraycopy(name, 0, rec, old ? 18 : 19, name.length);
            c.mem.write(buf + off, rec);
            off += reclen;
            taken++;
        }
        f.advance(taken);
        Fsnotify.accessed(f); // iterate_dir's, on every call
        return off;
    }
}
