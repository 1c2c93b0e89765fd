package lxrun.lxcore.fs;

import lxrun.runtime.mem.GuestMemory;

import java.io.IOException;
import java.nio.file.Path;

/** struct stat as x86-64 Linux lays it out (144 bytes; asm/stat.h). */
public record Stat(long dev, long ino, long nlink, int mode, int uid, int gid, long rdev, long size, long blksize,
        long blocks, long atime, long atimeNsec, long mtime, long mtimeNsec, long ctime, long ctimeNsec) {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 060000, S_IFDIR = 040000, S_IFCHR = 020000, S_IFIFO = 010000;
    public static final int SIZE = 144;

    public void writeTo(GuestMemory mem, long a) {
        mem.write64(a, dev);
        mem.write64(a + 8, ino);
        mem.write64(a + 16, nlink);
        mem.write32(a + 24, mode);
        mem.write32(a + 28, uid);
        mem.write32(a + 32, gid);
        mem.write32(a + 36, 0);
        mem.write64(a + 40, rdev);
        mem.write64(a + 48, size);
        mem.write64(a + 56, blksize);
        mem.write64(a + 64, blocks);
        mem.write64(a + 72, atime);
        mem.write64(a + 80, atimeNsec);
        mem.write64(a + 88, mtime);
        mem.write64(a + 96, mtimeNsec);
        mem.write64(a + 104, ctime);
        mem.write64(a + 112, ctimeNsec);
        for (int i = 120; i < SIZE; i += 8) mem.write64(a + i, 0);
    }

    /** A character device (devices, terminals) with the given major/minor. */
    public static Stat charDevice(int major, int minor, long ino) {
        long now = System.currentTimeMillis() / 1000;
        return new Stat(5, ino, 1, S_IFCHR | 0666, 0, 0, makedev(major, minor), 0, 4096, 0, now, 0, now, 0, now, 0);
    }

    public static long makedev(int major, int minor) {
        return ((long) (major & 0xfffff000) << 32) | ((major & 0xfffL) << 8)
                | ((long) (minor & 0xffffff00) << 12) | (minor & 0xffL);
    }

    /** stat/lstat of a host path: the host's own struct stat (real inode, blocks, nanosecond times). */
    public static Stat ofHost(Path p, boolean follow) throws IOException {
        int[] errno = new int[1];
        byte[] raw = Host.stat(p.toString(), follow, errno);
        if (raw == null) throw new HostErrnoException(errno[0], p.toString());
        return of(raw);
    }

    /** A struct stat the host filled in (its layout is the guest's). */
    public static Stat of(byte[] raw) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return new Stat(b.getLong(0), b.getLong(8), b.getLong(16), b.getInt(24), b.getInt(28), b.getInt(32),
                b.getLong(40), b.getLong(48), b.getLong(56), b.getLong(64), b.getLong(72), b.getLong(80),
                b.getLong(88), b.getLong(96), b.getLong(104), b.getLong(112));
    }

    /** A failed host call: its errno, which is the guest's errno (both are x86-64 Linux). */
    public static final class HostErrnoException extends IOException {
        public final int errno;

        public HostErrnoException(int errno, String path) {
            super(path + ": errno " + errno);
            this.errno = errno;
        }
    }
}
