package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.sys.Errno;

import java.util.List;

/**
 * A file in a mounted file system (Linux's inode with its inode and file operations). The path walk
 * ({@link Vfs}) asks directories for names and links for their targets; the syscalls ask the node they
 * resolved to. What a file system does not support fails as Linux's VFS fails it when the operation is
 * missing: EPERM for namespace changes, EACCES for creating files, EINVAL for reading a non-link.
 */
public abstract class Vnode {
    public final FileSystem fs;

    protected Vnode(FileSystem fs) {
        this.fs = fs;
    }

    /** The S_IFMT bits, as the walk saw them (no new host call). */
    public abstract int type();

    /** A fresh stat of the node itself (a symbolic link's own, never its target's). */
    public abstract Stat stat();

    public final boolean isDirectory() {
        return type() == Stat.S_IFDIR;
    }

    public final boolean isSymlink() {
        return type() == Stat.S_IFLNK;
    }

    /** The entry {@code name} of this directory, or null if there is none. */
    public Vnode lookup(String name) {
        throw Errno.error(Errno.ENOTDIR);
    }

    /** The text of a symbolic link. */
    public String readlink() {
        throw Errno.error(Errno.EINVAL);
    }

    /**
     * Where a /proc "magic link" (fd/N, exe, cwd, root) leads: the walk continues at that file itself
     * instead of resolving its text, so it works for deleted and unnamed files too. Null for plain links.
     */
    public Vfs.Location jump() {
        return null;
    }

    /** Opens the node: a new open file description with the given status flags. */
    public abstract LxFile open(String path, int flags);

    /** A directory's entries without "." and "..". */
    public List<LxFile.DirEntry> list() {
        throw Errno.error(Errno.ENOTDIR);
    }

    // ---- directory operations (on the parent that holds the name)

    /** Creates a regular file {@code name} (mode already masked by the umask) and returns it. */
    public Vnode create(String name, int mode) {
        throw Errno.error(Errno.EACCES);
    }

    /** open(2) with O_TMPFILE in this directory: an unnamed regular file that linkat(2) may name later. */
    public LxFile openUnnamed(String dirPath, int mode, int flags) {
        throw Errno.error(Errno.EOPNOTSUPP);
    }

    /** mknod(2) of a FIFO, socket or device node {@code name} ({@code mode} has the type and the masked permissions). */
    public void mknod(String name, int mode, long dev) {
        throw Errno.error(Errno.EPERM);
    }

    public void mkdir(String name, int mode) {
        throw Errno.error(Errno.EPERM);
    }

    public void symlink(String name, String target) {
        throw Errno.error(Errno.EPERM);
    }

    /** A hard link {@code name} to {@code target}, which is in the same file system. */
    public void link(String name, Vnode target) {
        throw Errno.error(Errno.EPERM);
    }

    public void unlink(String name, boolean directory) {
        throw Errno.error(Errno.EPERM);
    }

    /** rename(2)/renameat2(2) within this file system; flags RENAME_NOREPLACE/RENAME_EXCHANGE. */
    public void rename(String name, Vnode newDir, String newName, int flags) {
        throw Errno.error(Errno.EPERM);
    }

    // ---- operations on the node itself

    public void chmod(int mode) {
        throw Errno.error(Errno.EPERM);
    }

    /** chown(2) of the node itself (a link's own owner); -1 leaves the owner or group as it is. */
    public void chown(int uid, int gid) {
        throw Errno.error(Errno.EPERM);
    }

    /** Times in nanoseconds since the epoch; {@link Long#MIN_VALUE} leaves one as it is. */
    public void setTimes(long atimeNs, long mtimeNs) {
        throw Errno.error(Errno.EPERM);
    }

    public void truncate(long length) {
        throw Errno.error(Errno.EINVAL);
    }

    /** access(2) for R_OK 4, W_OK 2, X_OK 1: the owner's permission bits (the guest owns what it sees). */
    public boolean permits(int mode) {
        return ((stat().mode() >> 6) & mode) == mode;
    }
}
