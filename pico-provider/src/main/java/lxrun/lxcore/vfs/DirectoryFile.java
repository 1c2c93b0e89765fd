package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.sys.Errno;

import java.util.ArrayList;
import java.util.List;

/**
 * An open directory of any file system: getdents64 reads a snapshot of the entries taken at the first
 * read (or after rewinding to 0), with "." and ".." first, as a seekable directory stream.
 */
public class DirectoryFile extends LxFile {
    protected final Vnode node;
    private List<DirEntry> entries;
    private int pos;

    public DirectoryFile(Vnode node, String path, int statusFlags) {
        super(path, statusFlags);
        this.node = node;
    }

    @Override
    public Vnode vnode() {
        return node;
    }

    @Override
    public boolean isDirectory() {
        return node.isDirectory();
    }

    @Override
    public int read(byte[] b, int off, int n) {
        return -Errno.EISDIR;
    }

    @Override
    public int write(byte[] b, int off, int n) {
        return -Errno.EBADF;
    }

    @Override
    public synchronized long seek(long offset, int whence) {
        if (whence != 0 || offset < 0) return -Errno.EINVAL;
        if (offset == 0) entries = null;
        pos = (int) offset;
        return offset;
    }

    @Override
    public Stat stat() {
        return node.stat();
    }

    @Override
    public synchronized List<DirEntry> readdir() {
        if (entries == null) {
            List<DirEntry> e = new ArrayList<>();
            long ino = node.stat().ino();
            e.add(new DirEntry(ino, Vfs.dtype(Stat.S_IFDIR), "."));
            e.add(new DirEntry(ino, Vfs.dtype(Stat.S_IFDIR), ".."));
            e.addAll(node.list());
            entries = e;
        }
        return entries.subList(Math.min(pos, entries.size()), entries.size());
    }

    @Override
    public synchronized void advance(int taken) {
        pos += taken;
    }

    @Override
    public int sync(boolean metadata) {
        return 0;
    }

    /** An O_PATH descriptor of a node that is not opened for I/O (a host FIFO, socket or device). */
    static final class PathOnly extends DirectoryFile {
        PathOnly(Vnode node, String path, int statusFlags) {
            super(node, path, statusFlags);
        }

        @Override
        public int read(byte[] b, int off, int n) {
            return -Errno.EBADF;
        }

        @Override
        public List<DirEntry> readdir() {
            return null;
        }
    }
}
