package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An open host directory: getdents64 reads a snapshot taken at the first read (or after rewinding). */
public final class HostDirectory extends LxFile {
    public static final int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10,
            DT_SOCK = 12;

    public final Path hostPath;
    private List<DirEntry> entries;
    private int pos;

    public HostDirectory(String guestPath, Path hostPath, int statusFlags) {
        super(guestPath, statusFlags);
        this.hostPath = hostPath;
    }

    @Override
    public boolean isDirectory() {
        return true;
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
        try {
            return Stat.ofHost(hostPath, true);
        } catch (IOException e) {
            throw Errno.error(Errno.of(e));
        }
    }

    @Override
    public synchronized List<DirEntry> readdir() {
        if (entries == null) {
            entries = new ArrayList<>();
            entries.add(new DirEntry(ino(hostPath), DT_DIR, "."));
            entries.add(new DirEntry(ino(hostPath.getParent() != null ? hostPath.getParent() : hostPath), DT_DIR, ".."));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(hostPath)) {
                for (Path p : ds) entries.add(new DirEntry(ino(p), type(p), p.getFileName().toString()));
            } catch (IOException e) {
                entries = null;
                throw Errno.error(Errno.of(e));
            }
        }
        return entries.subList(Math.min(pos, entries.size()), entries.size());
    }

    @Override
    public synchronized void advance(int taken) {
        pos += taken;
    }

    private static long ino(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return p.hashCode() & 0x7fffffffL;
        }
    }

    private static int type(Path p) {
        if (Files.isSymbolicLink(p)) return DT_LNK;
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return DT_DIR;
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return DT_REG;
        return DT_UNKNOWN;
    }

    @Override
    public int sync(boolean metadata) {
        return 0;
    }
}
