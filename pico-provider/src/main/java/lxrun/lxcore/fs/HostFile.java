package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;
import lxrun.lxcore.vfs.HostVnode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A regular host file under the root mapping, through a FileChannel (the offset is the channel's). */
public final class HostFile extends LxFile {
    public final Path hostPath;
    private final HostVnode node;
    private final FileChannel ch;
    /** The host fd an O_TMPFILE file is held by (closed with it), or -1. */
    private final int unnamedFd;
    /** A host fd of the file for MAP_SHARED mappings (opened at the first), -1 if it cannot be, -2 before. */
    private int sharedFd = -2;

    public HostFile(String guestPath, HostVnode node, FileChannel ch, int statusFlags, int unnamedFd) {
        super(guestPath, statusFlags);
        this.hostPath = Path.of(node.hostPath);
        this.node = node;
        this.ch = ch;
        this.unnamedFd = unnamedFd;
    }

    @Override
    public HostVnode vnode() {
        return node;
    }

    @Override
    public int read(byte[] b, int off, int n) {
        try {
            int r = ch.read(ByteBuffer.wrap(b, off, n));
            return Math.max(r, 0);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    public int write(byte[] b, int off, int n) {
        try {
            if ((statusFlags & O_APPEND) != 0) ch.position(ch.size());
            ByteBuffer bb = ByteBuffer.wrap(b, off, n);
            while (bb.hasRemaining()) ch.write(bb);
            return n;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    public int pread(byte[] b, int off, int n, long pos) {
        try {
            return Math.max(ch.read(ByteBuffer.wrap(b, off, n), pos), 0);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    /** pwrite(2) on an O_APPEND file appends, whatever the offset (a documented Linux bug). */
    @Override
    public int pwrite(byte[] b, int off, int n, long pos) {
        try {
            if ((statusFlags & O_APPEND) != 0) pos = ch.size();
            ByteBuffer bb = ByteBuffer.wrap(b, off, n);
            while (bb.hasRemaining()) pos += ch.write(bb, pos);
            return n;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    public long seek(long offset, int whence) {
        try {
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> ch.position();
                case 2 -> ch.size();
                default -> -1;
            };
            if (base < 0 || base + offset < 0) return -Errno.EINVAL;
            ch.position(base + offset);
            return base + offset;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    public Stat stat() {
        try {
            return Stat.ofHost(hostPath, true);
        } catch (IOException e) {
            try {
                long now = System.currentTimeMillis() / 1000;
                return new Stat(1, 0, 0, Stat.S_IFREG | 0644, 0, 0, 0, ch.size(), 4096, 0, now, 0, now, 0, now, 0);
            } catch (IOException e2) {
                throw Errno.error(Errno.EIO);
            }
        }
    }

    @Override
    public int truncate(long length) {
        return truncate(ch, length);
    }

    /** Sets a channel's size: FileChannel.truncate shrinks, a zero byte at length-1 extends (sparse). */
    public static int truncate(FileChannel ch, long length) {
        try {
            long size = ch.size();
            if (length < size) ch.truncate(length);
            else if (length > size) ch.write(ByteBuffer.wrap(new byte[1]), length - 1);
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    public long size() {
        try {
            return ch.size();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public int sync(boolean metadata) {
        try {
            ch.force(metadata);
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    public byte[] mapBytes(long pos, int n) {
        try {
            long size = ch.size();
            int len = (int) Math.max(0, Math.min(n, size - pos));
            byte[] b = new byte[len];
            ByteBuffer bb = ByteBuffer.wrap(b);
            while (bb.hasRemaining() && ch.read(bb, pos + bb.position()) > 0) { }
            return b;
        } catch (IOException e) {
            return null;
        }
    }

    /** MAP_SHARED maps the host file itself, so the mapping, read(2)/write(2) and other processes agree. */
    @Override
    public synchronized int sharedMemoryFd() {
        if (sharedFd == -2) {
            int fd = Host.call("open", node.hostPath, (writable() ? O_RDWR : O_RDONLY) | O_CLOEXEC, 0);
            sharedFd = fd < 0 ? -1 : fd;
        }
        return sharedFd;
    }

    @Override
    protected void onDelete() {
        if (unnamedFd >= 0) Host.call("close", unnamedFd);
        if (sharedFd >= 0) Host.call("close", sharedFd);
        try {
            ch.close();
        } catch (IOException ignored) {
            // close errors of a read-only channel carry no news
        }
    }
}
