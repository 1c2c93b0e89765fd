package lxrun.lxcore.sys;

import lxrun.lxcore.fs.HostFd;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.OpenMemoryFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.vfs.Fsnotify;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Copies inside the kernel: sendfile(2), copy_file_range(2); and fallocate(2). */
final class TransferCalls {
    private TransferCalls() {}

    /** Linux caps one read/write/sendfile at MAX_RW_COUNT bytes (INT_MAX rounded down to a page). */
    static final long MAX_RW_COUNT = 0x7ffff000L;
    private static final int CHUNK = 1 << 16;

    /**
     * sendfile(2): up to {@code count} bytes from in_fd to out_fd. With an offset pointer in_fd is read
     * from *offset, which is updated, and its file position stays; without, from (and advancing) the file
     * position. in_fd must be readable, out_fd writable (EBADF); out_fd with O_APPEND is EINVAL.
     */
    static long sendfile(Call c) {
        LxFile out = c.file(0), in = c.file(1);
        long offp = c.a(2), count = Math.min(c.a(3), MAX_RW_COUNT);
        if (!in.readable() || !out.writable()) return -Errno.EBADF;
        if ((out.statusFlags & LxFile.O_APPEND) != 0) return -Errno.EINVAL;
        if (c.a(3) < 0) return -Errno.EINVAL;
        long pos;
        if (offp != 0) {
            c.check(offp, 8, PROT_READ | PROT_WRITE);
            pos = c.mem.read64(offp);
            if (pos < 0) return -Errno.EINVAL;
        } else {
            pos = in.seek(0, 1);   // -ESPIPE for a pipe: read it as a stream
        }
        long done = copy(in, pos, out, -1, count);
        if (done > 0 && pos >= 0) {
            if (offp != 0) c.mem.write64(offp, pos + done);
            else in.seek(pos + done, 0);
        }
        return FileCalls.brokenPipe(c, done);
    }

    /**
     * copy_file_range(2): up to {@code len} bytes between regular files, each from *off (updated) or
     * its file position (advanced). flags must be 0 (EINVAL); directories are EISDIR, other
     * non-regular files EINVAL; in must be readable and out writable without O_APPEND (EBADF);
     * overlapping ranges of one file are EINVAL. 0 at in's end of file.
     */
    static long copyFileRange(Call c) {
        long offIn = c.a(1), offOut = c.a(3), len = c.a(4);
        if (c.i(5) != 0) return -Errno.EINVAL;
        LxFile in = c.file(0), out = c.file(2);
        long pin = offIn != 0 ? readOffset(c, offIn) : in.seek(0, 1);
        long pout = offOut != 0 ? readOffset(c, offOut) : out.seek(0, 1);
        Stat si = in.stat(), so = out.stat();
        if (isType(si, Stat.S_IFDIR) || isType(so, Stat.S_IFDIR)) return -Errno.EISDIR;
        if (!isType(si, Stat.S_IFREG) || !isType(so, Stat.S_IFREG)) return -Errno.EINVAL;
        if (!in.readable() || !out.writable() || (out.statusFlags & LxFile.O_APPEND) != 0) return -Errno.EBADF;
        if (pin < 0 || pout < 0) return -Errno.EINVAL;
        if (Long.compareUnsigned(pin + len, pin) < 0 || Long.compareUnsigned(pout + len, pout) < 0) return -Errno.EOVERFLOW;
        len = Math.max(0, Math.min(len < 0 ? Long.MAX_VALUE : len, si.size() - pin));   // up to in's end of file
        if (si.dev() == so.dev() && si.ino() == so.ino() && pin < pout + len && pout < pin + len) return -Errno.EINVAL;
        long done = copy(in, pin, out, pout, Math.min(len, MAX_RW_COUNT));
        if (done > 0) {
            if (offIn != 0) c.mem.write64(offIn, pin + done);
            else in.seek(pin + done, 0);
            if (offOut != 0) c.mem.write64(offOut, pout + done);
            else out.seek(pout + done, 0);
        }
        return done;
    }

    private static long readOffset(Call c, long p) {
        c.check(p, 8, PROT_READ | PROT_WRITE);
        return c.mem.read64(p);
    }

    private static boolean isType(Stat s, int type) {
        return (s.mode() & Stat.S_IFMT) == type;
    }

    /**
     * Copies up to {@code count} bytes from {@code in} at {@code inPos} (or its stream position when
     * negative) to {@code out} at {@code outPos} (or its file position when negative). The count copied,
     * or -errno if nothing was.
     */
    private static long copy(LxFile in, long inPos, LxFile out, long outPos, long count) {
        long done = copied(in, inPos, out, outPos, count);
        if (done > 0) { // as do_splice_direct and vfs_copy_file_range: IN_ACCESS on in, IN_MODIFY on out
            Fsnotify.accessed(in);
            Fsnotify.modified(out);
        }
        return done;
    }

    private static long copied(LxFile in, long inPos, LxFile out, long outPos, long count) {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(count, 1))];
        long done = 0;
        while (done < count) {
            int want = (int) Math.min(buf.length, count - done);
            int r = inPos >= 0 ? in.pread(buf, 0, want, inPos + done) : in.read(buf, 0, want);
            if (r <= 0) return done > 0 ? done : r;
            int w = outPos >= 0 ? out.pwrite(buf, 0, r, outPos + done) : out.write(buf, 0, r);
            if (w < 0) return done > 0 ? done : w;
            done += w;
            if (w < r || r < want) break;
        }
        return done;
    }

    static final int FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2, FALLOC_FL_NO_HIDE_STALE = 4,
            FALLOC_FL_COLLAPSE_RANGE = 8, FALLOC_FL_ZERO_RANGE = 0x10, FALLOC_FL_INSERT_RANGE = 0x20,
            FALLOC_FL_UNSHARE_RANGE = 0x40;

    /**
     * fallocate(2) in vfs_fallocate's order of checks; then the host does it on the file's own data (a
     * memfd, or the host file through a host fd), with every mode that file system supports.
     */
    static long fallocate(Call c) {
        LxFile f = c.file(0);
        int mode = c.i(1);
        long off = c.a(2), len = c.a(3);
        if (off < 0 || len <= 0) return -Errno.EINVAL;
        if ((mode & ~0x7f) != 0) return -Errno.EOPNOTSUPP;
        if ((mode & FALLOC_FL_PUNCH_HOLE) != 0
                && ((mode & FALLOC_FL_ZERO_RANGE) != 0 || (mode & FALLOC_FL_KEEP_SIZE) == 0)) {
            return -Errno.EOPNOTSUPP;
        }
        if ((mode & (FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_INSERT_RANGE)) != 0 && mode != FALLOC_FL_COLLAPSE_RANGE
                && mode != FALLOC_FL_INSERT_RANGE) {
            return -Errno.EINVAL;
        }
        if ((mode & FALLOC_FL_UNSHARE_RANGE) != 0 && (mode & ~(FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_KEEP_SIZE)) != 0) {
            return -Errno.EINVAL;
        }
        if (!f.writable()) return -Errno.EBADF;
        Stat st = f.stat();
        int type = st.mode() & Stat.S_IFMT;
        if (type == Stat.S_IFIFO) return -Errno.ESPIPE;
        if (type == Stat.S_IFDIR) return -Errno.EISDIR;
        if (type != Stat.S_IFREG && type != Stat.S_IFBLK) return -Errno.ENODEV;
        if (off + len < 0) return -Errno.EFBIG;
        int hostFd = f.sharedMemoryFd(); // a host file: the host's own fallocate, every mode its file system has
        int r = f instanceof OpenMemoryFile m ? m.data.allocate(mode, off, len)
                : hostFd >= 0 ? HostFd.fallocate(hostFd, mode, off, len) : -Errno.EOPNOTSUPP;
        if (r == 0) Fsnotify.modified(f);
        return r;
    }
}
