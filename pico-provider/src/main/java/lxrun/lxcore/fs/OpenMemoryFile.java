package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;

/** An open description of a {@link MemoryFile}: the file offset and status flags; takes a reference on it. */
public final class OpenMemoryFile extends LxFile {
    static final int SEEK_DATA = 3, SEEK_HOLE = 4;

    public final MemoryFile data;
    /** The tmpfs file it is open on (whose stat it reports), or null for a memfd. */
    private final lxrun.lxcore.vfs.Vnode node;
    private long offset;

    /** Opens {@code data} (retaining it until this description goes away). */
    public OpenMemoryFile(String guestPath, MemoryFile data, int statusFlags) {
        this(guestPath, data, statusFlags, null);
    }

    public OpenMemoryFile(String guestPath, MemoryFile data, int statusFlags, lxrun.lxcore.vfs.Vnode node) {
        super(guestPath, statusFlags);
        data.retain();
        this.data = data;
        this.node = node;
    }

    @Override
    public lxrun.lxcore.vfs.Vnode vnode() {
        return node;
    }

    @Override
    public synchronized int read(byte[] b, int off, int n) {
        if (!readable()) return -Errno.EBADF;
        int r = data.pread(b, off, n, offset);
        if (r > 0) offset += r;
        return r;
    }

    @Override
    public synchronized int write(byte[] b, int off, int n) {
        if (!writable()) return -Errno.EBADF;
        if ((statusFlags & O_APPEND) != 0) {
            long[] r = data.append(b, off, n);
            offset = r[1];
            return (int) r[0];
        }
        int r = data.pwrite(b, off, n, offset);
        if (r > 0) offset += r;
        return r;
    }

    @Override
    public int pread(byte[] b, int off, int n, long pos) {
        if (!readable()) return -Errno.EBADF;
        return pos < 0 ? -Errno.EINVAL : data.pread(b, off, n, pos);
    }

    @Override
    public int pwrite(byte[] b, int off, int n, long pos) {
        if (!writable()) return -Errno.EBADF;
        return pos < 0 ? -Errno.EINVAL : data.pwrite(b, off, n, pos);
    }

    @Override
    public synchronized long seek(long off, int whence) {
        if (whence == SEEK_DATA || whence == SEEK_HOLE) {
            long r = data.seekData(off, whence);
            return r < 0 ? r : (offset = r);
        }
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> offset;
            case 2 -> data.size();
            default -> -1;
        };
        if (base < 0 || base + off < 0) return -Errno.EINVAL;
        return offset = base + off;
    }

    @Override
    public Stat stat() {
        return node != null ? node.stat() : data.stat();
    }

    @Override
    public int truncate(long length) {
        return data.truncate(length);
    }

    @Override
    public int sync(boolean metadata) {
        return 0;
    }

    @Override
    public long size() {
        return data.size();
    }

    @Override
    public byte[] mapBytes(long pos, int n) {
        return data.read(pos, n);
    }

    @Override
    public int sharedMemoryFd() {
        return data.hostFd();
    }

    @Override
    protected void onDelete() {
        data.release();
    }
}
