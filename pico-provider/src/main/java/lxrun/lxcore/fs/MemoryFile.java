package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;

/**
 * The data of an in-memory regular file (its inode; {@link OpenMemoryFile} is an open description of
 * it): memfd_create(2) files, and tmpfs files. The bytes live in a host memfd, so MAP_SHARED mappings
 * of the file are host shared memory ({@link lxrun.runtime.mem.GuestMemory#mapShared}): coherent with
 * read(2)/write(2) and between processes, across fork. Seals (F_ADD_SEALS) are the host memfd's own.
 * Positions and sizes are the kernel's; results are counts, 0 or -errno.
 *
 * <p>Lifetime: counted references (each open description holds one, a tmpfs directory entry may hold
 * another); the host memfd closes with the last. Mappings hold their own host fds.
 */
public final class MemoryFile {
    private final int hostFd;
    private int refs = 1;

    private MemoryFile(int hostFd) {
        this.hostFd = hostFd;
    }

    /**
     * A new empty file, with one reference. {@code memfdFlags} are memfd_create(2)'s sealing and exec
     * flags (MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL, MFD_EXEC), which the host applies.
     */
    public static MemoryFile create(String name, int memfdFlags) {
        int fd = HostFd.memfdCreate(name, HostFd.MFD_CLOEXEC | memfdFlags);
        if (fd < 0) throw Errno.error(fd == -Errno.EMFILE ? Errno.ENFILE : -fd);
        return new MemoryFile(fd);
    }

    public synchronized void retain() {
        if (refs == 0) throw new IllegalStateException("memory file already released");
        refs++;
    }

    public synchronized void release() {
        if (--refs == 0) HostFd.close(hostFd);
    }

    /** The host memfd (for mapping it shared). */
    public int hostFd() {
        return hostFd;
    }

    public int pread(byte[] b, int off, int n, long pos) {
        return HostFd.pread(hostFd, b, off, n, pos);
    }

    public int pwrite(byte[] b, int off, int n, long pos) {
        return HostFd.pwrite(hostFd, b, off, n, pos);
    }

    /** O_APPEND write: at the end of file, atomically; returns {count, new end} or {-errno, 0}. */
    public synchronized long[] append(byte[] b, int off, int n) {
        long end = size();
        int r = pwrite(b, off, n, end);
        return new long[] {r, r > 0 ? end + r : end};
    }

    public long size() {
        byte[] raw = HostFd.fstat(hostFd);
        return raw == null ? -1 : Stat.of(raw).size();
    }

    public int truncate(long length) {
        return length < 0 ? -Errno.EINVAL : HostFd.ftruncate(hostFd, length);
    }

    /** fallocate(2) on the data: mode 0 or FALLOC_FL_KEEP_SIZE, as tmpfs does them. */
    public int allocate(int mode, long offset, long len) {
        return HostFd.fallocate(hostFd, mode, offset, len);
    }

    public Stat stat() {
        byte[] raw = HostFd.fstat(hostFd);
        if (raw == null) throw Errno.error(Errno.EIO);
        return Stat.of(raw);
    }

    /** Up to {@code n} bytes at {@code pos}, shorter at the end of file (a private mapping's copy). */
    public byte[] read(long pos, int n) {
        long size = size();
        int len = (int) Math.max(0, Math.min(n, size - pos));
        byte[] b = new byte[len];
        int done = 0;
        while (done < len) {
            int r = pread(b, done, len - done, pos + done);
            if (r <= 0) return java.util.Arrays.copyOf(b, done);
            done += r;
        }
        return b;
    }

    /** SEEK_DATA / SEEK_HOLE from {@code offset}: where the next data or hole starts, or -ENXIO past the end. */
    public long seekData(long offset, int whence) {
        return HostFd.lseek(hostFd, offset, whence);
    }

    /** fcntl(2) F_ADD_SEALS / F_GET_SEALS, answered by the host memfd. */
    public int seals(int cmd, int arg) {
        return HostFd.fcntl(hostFd, cmd, arg);
    }
}
