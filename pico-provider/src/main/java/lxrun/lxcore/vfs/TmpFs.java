package lxrun.lxcore.vfs;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.MemoryFile;
import lxrun.lxcore.fs.OpenMemoryFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.sys.Errno;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * tmpfs: files in memory (their data a {@link MemoryFile}, so MAP_SHARED of them is shared memory),
 * directories and links as Java objects. Gone when the instance goes, as tmpfs is at unmount.
 */
public final class TmpFs extends FileSystem {
    private final AtomicLong inodes = new AtomicLong(2);
    private final Node root;
    private final String options;

    public TmpFs(int rootMode) {
        super("tmpfs", "tmpfs");
        this.root = new Node(Stat.S_IFDIR | rootMode, null);
        this.root.parent = root;
        this.options = "rw,nosuid,nodev,relatime" + (rootMode != 0755 ? ",mode=" + Integer.toOctalString(rootMode) : "");
    }

    @Override
    public Vnode root() {
        return root;
    }

    @Override
    public long magic() {
        return 0x01021994L; // TMPFS_MAGIC
    }

    @Override
    public String options() {
        return options;
    }

    /** struct statfs of a tmpfs with Linux's default size: half of the machine's memory, as blocks and inodes. */
    @Override
    public byte[] statfs(Vnode node) {
        long half = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            half = os.getTotalMemorySize() / 2 / 4096;
        }
        long used = inodes.get() - 2;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(super.statfs(node)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(16, half).putLong(24, half).putLong(32, half).putLong(40, half).putLong(48, Math.max(0, half - used));
        return b.array();
    }

    private static long now() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** One tmpfs inode: a directory (entries), a regular file (data) or a symbolic link (target). */
    final class Node extends Vnode {
        final long ino = inodes.getAndIncrement();
        int mode, uid = LxProcess.UID, gid = LxProcess.GID;
        int nlink;
        long atime, mtime, ctime;
        Node parent;
        final Map<String, Node> entries;
        final MemoryFile data;
        final String target;
        /** A device node's device number. */
        long rdev;
        /** The data's host mtime when the node's times were last set: a later one means a write since. */
        long dataStamp;

        Node(int mode, String target) {
            super(TmpFs.this);
            this.mode = mode;
            this.target = target;
            this.entries = (mode & Stat.S_IFMT) == Stat.S_IFDIR ? new LinkedHashMap<>() : null;
            this.data = (mode & Stat.S_IFMT) == Stat.S_IFREG ? MemoryFile.create("tmpfs", 0) : null;
            this.nlink = entries != null ? 2 : 1;
            atime = mtime = ctime = now();
            if (data != null) dataStamp = dataMtime();
        }

        private long dataMtime() {
            Stat d = data.stat();
            return d.mtime() * 1_000_000_000L + d.mtimeNsec();
        }

        @Override
        public int type() {
            return mode & Stat.S_IFMT;
        }

        @Override
        public Stat stat() {
            synchronized (TmpFs.this) {
                // a directory's size is 20 bytes per entry plus 40, as tmpfs counts (BOGO_DIRENT_SIZE)
                long size = data != null ? data.size() : target != null ? target.length()
                        : entries != null ? 40L + 20L * entries.size() : 0; // FIFOs, sockets, devices: 0
                long m = mtime, c = ctime, a = atime;
                if (data != null) { // writes through the data set its host mtime
                    long d = dataMtime();
                    if (d > dataStamp) {
                        m = d;
                        c = Math.max(c, d);
                    }
                }
                return new Stat(dev, ino, nlink, mode, uid, gid, rdev, size, 4096, (size + 4095) / 4096 * 8,
                        a / 1_000_000_000L, a % 1_000_000_000L, m / 1_000_000_000L, m % 1_000_000_000L,
                        c / 1_000_000_000L, c % 1_000_000_000L);
            }
        }

        @Override
        public Vnode lookup(String name) {
            if (entries == null) throw Errno.error(Errno.ENOTDIR);
            synchronized (TmpFs.this) {
                return entries.get(name);
            }
        }

        @Override
        public String readlink() {
            if (target == null) throw Errno.error(Errno.EINVAL);
            return target;
        }

        @Override
        public LxFile open(String path, int flags) {
            if (entries != null) return new DirectoryFile(this, path, flags);
            if (data == null && target == null && (flags & LxFile.O_PATH) == 0) {
                if (type() == Stat.S_IFIFO) return lxrun.lxcore.fs.Pipe.openFifo(this, path, flags);
                // a socket inode has no open (ENXIO); device nodes do not open on a nodev mount (EACCES)
                throw Errno.error(type() == Stat.S_IFSOCK ? Errno.ENXIO : Errno.EACCES);
            }
            if (data == null) return new DirectoryFile.PathOnly(this, path, flags);
            return new OpenMemoryFile(path, data, flags, this);
        }

        @Override
        public List<LxFile.DirEntry> list() {
            synchronized (TmpFs.this) {
                List<LxFile.DirEntry> out = new ArrayList<>();
                entries.forEach((n, node) -> out.add(new LxFile.DirEntry(node.ino, Vfs.dtype(node.mode), n)));
                return out;
            }
        }

        /** Adds a new entry; EEXIST when the name is taken (the walk checked, a racing call may not have). */
        private Node add(String name, Node n) {
            synchronized (TmpFs.this) {
                if (entries == null) throw Errno.error(Errno.ENOTDIR);
                if (entries.containsKey(name)) throw Errno.error(Errno.EEXIST);
                entries.put(name, n);
                n.parent = this;
                if (n.entries != null) nlink++;
                mtime = ctime = now();
                return n;
            }
        }

        @Override
        public Vnode create(String name, int perm) {
            return add(name, new Node(Stat.S_IFREG | perm, null));
        }

        @Override
        public LxFile openUnnamed(String dirPath, int perm, int flags) {
            Node n = new Node(Stat.S_IFREG | perm, null);
            n.nlink = 0;
            return n.open((dirPath.equals("/") ? "" : dirPath) + "/#" + n.ino + " (deleted)", flags & ~LxFile.O_EXCL);
        }

        /** mknod(2): FIFOs and sockets for anyone, device nodes only for root (CAP_MKNOD). */
        @Override
        public void mknod(String name, int mode, long devNo) {
            int t = mode & Stat.S_IFMT;
            if ((t == Stat.S_IFCHR || t == Stat.S_IFBLK) && LxProcess.UID != 0) throw Errno.error(Errno.EPERM);
            Node n = new Node(mode, null);
            n.rdev = devNo;
            add(name, n);
        }

        @Override
        public void mkdir(String name, int perm) {
            add(name, new Node(Stat.S_IFDIR | perm, null));
        }

        @Override
        public void symlink(String name, String linkTarget) {
            add(name, new Node(Stat.S_IFLNK | 0777, linkTarget));
        }

        @Override
        public void link(String name, Vnode t) {
            if (!(t instanceof Node n) || n.fs != fs) throw Errno.error(Errno.EXDEV);
            synchronized (TmpFs.this) {
                add(name, n);
                n.nlink++;
                n.ctime = now();
            }
        }

        @Override
        public void unlink(String name, boolean directory) {
            synchronized (TmpFs.this) {
                Node n = entries.get(name);
                if (n == null) throw Errno.error(Errno.ENOENT);
                if (directory && !n.entries.isEmpty()) throw Errno.error(Errno.ENOTEMPTY);
                entries.remove(name);
                drop(n);
            }
        }

        /** The entry no longer names {@code n}: a directory loses its ".." link, a file one link. */
        private void drop(Node n) {
            if (n.entries != null) {
                nlink--;
                n.nlink = 0;
            } else {
                n.nlink--;
                n.ctime = now();
            }
            if (n.nlink == 0 && n.data != null) n.data.release(); // open descriptions hold their own
            mtime = ctime = now();
        }

        @Override
        public void rename(String name, Vnode newDir, String newName, int flags) {
            if (!(newDir instanceof Node to) || to.fs != fs) throw Errno.error(Errno.EXDEV);
            synchronized (TmpFs.this) {
                Node n = entries.get(name), old = to.entries.get(newName);
                if (n == null) throw Errno.error(Errno.ENOENT);
                for (Node d = to; ; d = d.parent) { // a directory cannot move below itself
                    if (d == n) throw Errno.error(Errno.EINVAL);
                    if (d == d.parent) break;
                }
                if ((flags & 2) != 0) { // RENAME_EXCHANGE
                    if (old == null) throw Errno.error(Errno.ENOENT);
                    entries.put(name, old);
                    to.entries.put(newName, n);
                    old.parent = this;
                    n.parent = to;
                    return;
                }
                if (old != null && (flags & 1) != 0) throw Errno.error(Errno.EEXIST); // RENAME_NOREPLACE
                if (old == n) return; // two names of one file: rename(2) does nothing
                if (old != null) {
                    if (n.entries != null && old.entries == null) throw Errno.error(Errno.ENOTDIR);
                    if (n.entries == null && old.entries != null) throw Errno.error(Errno.EISDIR);
                    if (old.entries != null && !old.entries.isEmpty()) throw Errno.error(Errno.ENOTEMPTY);
                    to.entries.remove(newName);
                    to.drop(old);
                }
                entries.remove(name);
                if (n.entries != null) nlink--;
                to.add(newName, n);
                mtime = ctime = now();
            }
        }

        @Override
        public void chmod(int perm) {
            synchronized (TmpFs.this) {
                mode = (mode & Stat.S_IFMT) | (perm & 07777);
                ctime = now();
            }
        }

        /** chown(2): root gives files away; another user only keeps the owner and picks a group of its own. */
        @Override
        public void chown(int newUid, int newGid) {
            synchronized (TmpFs.this) {
                if (LxProcess.UID != 0 && (newUid != -1 && newUid != uid || newGid != -1 && newGid != LxProcess.GID)) {
                    throw Errno.error(Errno.EPERM);
                }
                if (newUid != -1) uid = newUid;
                if (newGid != -1) gid = newGid;
                if (LxProcess.UID != 0 && (mode & Stat.S_IFMT) != Stat.S_IFDIR) mode &= ~06000; // as chown clears set-id bits
                ctime = now();
            }
        }

        @Override
        public void setTimes(long atimeNs, long mtimeNs) {
            synchronized (TmpFs.this) {
                if (atimeNs != Long.MIN_VALUE) atime = atimeNs;
                if (mtimeNs != Long.MIN_VALUE) mtime = mtimeNs;
                if (data != null) dataStamp = dataMtime();
                ctime = now();
            }
        }

        @Override
        public void truncate(long length) {
            if (entries != null) throw Errno.error(Errno.EISDIR);
            if (data == null) throw Errno.error(Errno.EINVAL);
            int r = data.truncate(length);
            if (r < 0) throw Errno.error(-r);
        }

        @Override
        public boolean permits(int m) {
            return true; // the guest owns its tmpfs files; permission bits are not enforced against their owner
        }
    }
}
