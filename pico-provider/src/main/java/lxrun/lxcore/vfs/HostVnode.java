package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.HostFile;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.sys.Errno;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A host file of a {@link HostFs}. Namespace changes are the host's own calls (mkdir(2), renameat2(2),
 * linkat(2)...) through FFM, so their errno is the host kernel's, which is the guest's.
 */
public final class HostVnode extends Vnode {
    public final String hostPath;
    private final int type;
    /** An O_TMPFILE file: {@link #hostPath} is the host's /proc/self/fd link to it, which is followed. */
    private final boolean unnamed;

    HostVnode(HostFs fs, String hostPath, int type) {
        this(fs, hostPath, type, false);
    }

    private HostVnode(HostFs fs, String hostPath, int type, boolean unnamed) {
        super(fs);
        this.hostPath = hostPath;
        this.type = type;
        this.unnamed = unnamed;
    }

    private HostVnode child(String name, int type) {
        return new HostVnode((HostFs) fs, hostPath.equals("/") ? "/" + name : hostPath + "/" + name, type);
    }

    private String childPath(String name) {
        return hostPath.equals("/") ? "/" + name : hostPath + "/" + name;
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public Stat stat() {
        try {
            return Stat.ofHost(Path.of(hostPath), unnamed);
        } catch (IOException e) {
            throw Errno.error(Errno.of(e));
        }
    }

    @Override
    public Vnode lookup(String name) {
        int[] errno = new int[1];
        byte[] raw = Host.stat(childPath(name), false, errno);
        if (raw == null) {
            if (errno[0] == Errno.ENOENT) return null;
            throw Errno.error(errno[0]);
        }
        int mode = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(24);
        return child(name, mode & Stat.S_IFMT);
    }

    @Override
    public String readlink() {
        if (!isSymlink()) throw Errno.error(Errno.EINVAL);
        try {
            return Files.readSymbolicLink(Path.of(hostPath)).toString();
        } catch (IOException e) {
            throw Errno.error(Errno.of(e));
        }
    }

    @Override
    public LxFile open(String path, int flags) {
        if (isDirectory()) return new DirectoryFile(this, path, flags);
        if (type == Stat.S_IFIFO && (flags & LxFile.O_PATH) == 0) return lxrun.lxcore.fs.Pipe.openFifo(this, path, flags);
        if (type != Stat.S_IFREG) return openSpecial(path, flags);
        Set<OpenOption> opts = new HashSet<>();
        int acc = flags & LxFile.O_ACCMODE;
        if (acc == LxFile.O_RDONLY || acc == LxFile.O_RDWR || (flags & LxFile.O_PATH) != 0) opts.add(StandardOpenOption.READ);
        if ((acc == LxFile.O_WRONLY || acc == LxFile.O_RDWR) && (flags & LxFile.O_PATH) == 0) opts.add(StandardOpenOption.WRITE);
        try {
            return new HostFile(path, this, FileChannel.open(Path.of(hostPath), opts), flags, -1);
        } catch (IOException e) {
            throw Errno.error(Errno.of(e));
        }
    }

    /**
     * O_TMPFILE: the host makes the unnamed file; it is reopened as a channel through the host's
     * /proc/self/fd link, and the host fd stays open with the file so linkat(2) can still name it.
     */
    @Override
    public LxFile openUnnamed(String dirPath, int mode, int flags) {
        final int O_TMPFILE = 020200000;
        // O_EXCL: the host keeps the file from ever being linked (linkat then fails with ENOENT)
        int fd = Host.call("open", hostPath, O_TMPFILE | (flags & (LxFile.O_ACCMODE | LxFile.O_EXCL)) | LxFile.O_CLOEXEC, mode & 07777);
        if (fd < 0) throw Errno.error(-fd);
        HostVnode node = new HostVnode((HostFs) fs, "/proc/self/fd/" + fd, Stat.S_IFREG, true);
        Set<OpenOption> opts = new HashSet<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            String path = (dirPath.equals("/") ? "" : dirPath) + "/#" + node.stat().ino() + " (deleted)";
            return new HostFile(path, node, FileChannel.open(Path.of(node.hostPath), opts), flags & ~LxFile.O_EXCL, fd);
        } catch (IOException | RuntimeException e) {
            Host.call("close", fd);
            throw e instanceof IOException io ? Errno.error(Errno.of(io)) : (RuntimeException) e;
        }
    }

    /** Sockets and device nodes of the host are not opened: only O_PATH descriptors of them. */
    private LxFile openSpecial(String path, int flags) {
        if ((flags & LxFile.O_PATH) == 0) throw Errno.error(type == Stat.S_IFSOCK ? Errno.ENXIO : Errno.EACCES);
        return new DirectoryFile.PathOnly(this, path, flags);
    }

    @Override
    public List<LxFile.DirEntry> list() {
        List<LxFile.DirEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(hostPath))) {
            for (Path p : ds) {
                int[] errno = new int[1];
                byte[] raw = Host.stat(p.toString(), false, errno);
                if (raw == null) continue; // removed meanwhile
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                out.add(new LxFile.DirEntry(b.getLong(8), Vfs.dtype(b.getInt(24)), p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw Errno.error(Errno.of(e));
        }
        return out;
    }

    private static void check(int r) {
        if (r < 0) throw Errno.error(-r);
    }

    @Override
    public Vnode create(String name, int mode) {
        String p = childPath(name);
        check(Host.call("mknod", p, Stat.S_IFREG | (mode & 07777), 0L));
        return child(name, Stat.S_IFREG);
    }

    /** The host's mknod(2): it answers EPERM for a device node as it would the user running lxrun. */
    @Override
    public void mknod(String name, int mode, long dev) {
        check(Host.call("mknod", childPath(name), mode, dev));
    }

    @Override
    public void mkdir(String name, int mode) {
        check(Host.call("mkdir", childPath(name), mode & 07777));
    }

    @Override
    public void symlink(String name, String target) {
        check(Host.call("symlink", target, childPath(name)));
    }

    @Override
    public void link(String name, Vnode target) {
        if (!(target instanceof HostVnode h) || h.fs != fs) throw Errno.error(Errno.EXDEV);
        final int AT_FDCWD = -100, AT_SYMLINK_FOLLOW = 0x400;
        check(Host.call("linkat", AT_FDCWD, h.hostPath, AT_FDCWD, childPath(name), h.unnamed ? AT_SYMLINK_FOLLOW : 0));
    }

    @Override
    public void unlink(String name, boolean directory) {
        check(Host.call(directory ? "rmdir" : "unlink", childPath(name)));
    }

    @Override
    public void rename(String name, Vnode newDir, String newName, int flags) {
        if (!(newDir instanceof HostVnode d) || d.fs != fs) throw Errno.error(Errno.EXDEV);
        final int AT_FDCWD = -100;
        check(Host.call("renameat2", AT_FDCWD, childPath(name), AT_FDCWD, d.childPath(newName), flags));
    }

    @Override
    public void chmod(int mode) {
        if (isSymlink()) throw Errno.error(Errno.EOPNOTSUPP); // Linux cannot chmod a symlink itself
        check(Host.call("chmod", hostPath, mode & 07777));
    }

    /** The host decides, as it would for the user running lxrun (root may give files away). */
    @Override
    public void chown(int uid, int gid) {
        check(Host.call(unnamed ? "chown" : "lchown", hostPath, uid, gid));
    }

    @Override
    public void setTimes(long atimeNs, long mtimeNs) {
        final long UTIME_OMIT = (1L << 30) - 2;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] t = {atimeNs, mtimeNs};
        for (int i = 0; i < 2; i++) {
            if (t[i] == Long.MIN_VALUE) b.putLong(16 * i, 0).putLong(16 * i + 8, UTIME_OMIT);
            else b.putLong(16 * i, Math.floorDiv(t[i], 1_000_000_000L)).putLong(16 * i + 8, Math.floorMod(t[i], 1_000_000_000L));
        }
        final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;
        check(Host.call("utimensat", AT_FDCWD, hostPath, b.array(), AT_SYMLINK_NOFOLLOW));
    }

    @Override
    public void truncate(long length) {
        if (isDirectory()) throw Errno.error(Errno.EISDIR);
        check(Host.call("truncate", hostPath, length));
    }

    @Override
    public boolean permits(int mode) {
        return Host.call("access", hostPath, mode) == 0;
    }
}
