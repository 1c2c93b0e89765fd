package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.sys.Errno;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The nodes of the file systems lxcore makes up (procfs, sysfs, devfs): directories whose entries are
 * computed when asked, read-only files whose text is generated at open, and symbolic links whose text
 * (and for /proc's magic links, destination) is computed when followed.
 */
public final class Synthetic {
    private Synthetic() {}

    private static final long BOOT = System.currentTimeMillis() / 1000;

    static Stat stat(FileSystem fs, long ino, int mode, long size) {
        return new Stat(fs.dev, ino, mode >>> 12 == Stat.S_IFDIR >>> 12 ? 2 : 1, mode, 0, 0, 0, size, 4096, 0,
                BOOT, 0, BOOT, 0, BOOT, 0);
    }

    /** An inode number for a synthetic path: stable for the path within a file system. */
    static long ino(String key) {
        return (key.hashCode() & 0x7fffffffL) + 0x1000;
    }

    /**
     * A read-only tree of generated files from their paths ("kernel/osrelease" -> text): the directories
     * in between are made up; {@code key} prefixes the paths for inode numbers.
     */
    public static Vnode tree(FileSystem fs, String key, Map<String, Supplier<byte[]>> files) {
        Map<String, Vnode> e = new java.util.TreeMap<>();
        Map<String, Map<String, Supplier<byte[]>>> subdirs = new java.util.TreeMap<>();
        files.forEach((path, text) -> {
            int slash = path.indexOf('/');
            if (slash < 0) e.put(path, new File(fs, key + "/" + path, 0444, text));
            else subdirs.computeIfAbsent(path.substring(0, slash), d -> new java.util.TreeMap<>()).put(path.substring(slash + 1), text);
        });
        subdirs.forEach((d, sub) -> e.put(d, tree(fs, key + "/" + d, sub)));
        Map<String, Vnode> fixed = java.util.Collections.unmodifiableMap(e);
        return new Dir(fs, key, 0555, () -> fixed);
    }

    /** A directory whose entries (name -> node, in listing order) are computed at each lookup. */
    public static final class Dir extends Vnode {
        private final long ino;
        private final int mode;
        private final Supplier<Map<String, Vnode>> entries;

        public Dir(FileSystem fs, String key, int perm, Supplier<Map<String, Vnode>> entries) {
            super(fs);
            this.ino = ino(key);
            this.mode = Stat.S_IFDIR | perm;
            this.entries = entries;
        }

        @Override
        public int type() {
            return Stat.S_IFDIR;
        }

        @Override
        public Stat stat() {
            return Synthetic.stat(fs, ino, mode, 0);
        }

        @Override
        public Vnode lookup(String name) {
            return entries.get().get(name);
        }

        @Override
        public List<LxFile.DirEntry> list() {
            List<LxFile.DirEntry> out = new ArrayList<>();
            entries.get().forEach((name, n) -> out.add(new LxFile.DirEntry(n.stat().ino(), Vfs.dtype(n.type()), name)));
            return out;
        }

        @Override
        public LxFile open(String path, int flags) {
            if ((flags & LxFile.O_ACCMODE) != LxFile.O_RDONLY) throw Errno.error(Errno.EISDIR);
            return new DirectoryFile(this, path, flags);
        }
    }

    /** A read-only file whose text is generated when it is opened (a snapshot, as seq_file gives). */
    public static final class File extends Vnode {
        private final long ino;
        private final int mode;
        private final Supplier<byte[]> text;

        public File(FileSystem fs, String key, int perm, Supplier<byte[]> text) {
            super(fs);
            this.ino = ino(key);
            this.mode = Stat.S_IFREG | perm;
            this.text = text;
        }

        @Override
        public int type() {
            return Stat.S_IFREG;
        }

        @Override
        public Stat stat() {
            return Synthetic.stat(fs, ino, mode, 0);
        }

        @Override
        public LxFile open(String path, int flags) {
            if ((flags & LxFile.O_PATH) == 0 && (flags & LxFile.O_ACCMODE) != LxFile.O_RDONLY) throw Errno.error(Errno.EACCES);
            return new BufferFile(this, path, flags, (flags & LxFile.O_PATH) != 0 ? new byte[0] : text.get());
        }

        @Override
        public void truncate(long length) {
            throw Errno.error(Errno.EACCES);
        }
    }

    /**
     * A symbolic link with computed text; a magic link also has a destination the walk jumps to
     * ({@link Vnode#jump}), its text being only what readlink(2) shows.
     */
    public static final class Link extends Vnode {
        private final long ino;
        private final Supplier<String> text;
        private final Supplier<Vfs.Location> jump;

        public Link(FileSystem fs, String key, Supplier<String> text, Supplier<Vfs.Location> jump) {
            super(fs);
            this.ino = ino(key);
            this.text = text;
            this.jump = jump;
        }

        public Link(FileSystem fs, String key, String text) {
            this(fs, key, () -> text, null);
        }

        @Override
        public int type() {
            return Stat.S_IFLNK;
        }

        @Override
        public Stat stat() {
            return Synthetic.stat(fs, ino, Stat.S_IFLNK | 0777, text.get().length());
        }

        @Override
        public String readlink() {
            return text.get();
        }

        @Override
        public Vfs.Location jump() {
            return jump == null ? null : jump.get();
        }

        @Override
        public LxFile open(String path, int flags) {
            if ((flags & LxFile.O_PATH) == 0) throw Errno.error(Errno.ELOOP);
            return new DirectoryFile.PathOnly(this, path, flags);
        }
    }

    /** A node that opens by a function of (path, flags): device nodes and already-open files. */
    public static final class Opener extends Vnode {
        private final long ino;
        private final int mode;
        private final Function<Integer, LxFile> open;
        private final Supplier<Stat> stat;

        public Opener(FileSystem fs, String key, int mode, Supplier<Stat> stat, Function<Integer, LxFile> open) {
            super(fs);
            this.ino = ino(key);
            this.mode = mode;
            this.stat = stat;
            this.open = open;
        }

        @Override
        public int type() {
            return mode & Stat.S_IFMT;
        }

        @Override
        public Stat stat() {
            return stat != null ? stat.get() : Synthetic.stat(fs, ino, mode, 0);
        }

        @Override
        public LxFile open(String path, int flags) {
            return open.apply(flags);
        }

        @Override
        public void truncate(long length) {}

        @Override
        public void chmod(int mode) {}

        @Override
        public void setTimes(long atimeNs, long mtimeNs) {}
    }

    /** The open description of a generated file: its text, read and seeked like a regular file. */
    static final class BufferFile extends LxFile {
        private final Vnode node;
        private final byte[] data;
        private long pos;

        BufferFile(Vnode node, String path, int flags, byte[] data) {
            super(path, flags);
            this.node = node;
            this.data = data;
        }

        @Override
        public Vnode vnode() {
            return node;
        }

        @Override
        public synchronized int read(byte[] b, int off, int n) {
            int r = pread(b, off, n, pos);
            if (r > 0) pos += r;
            return r;
        }

        @Override
        public int pread(byte[] b, int off, int n, long at) {
            if (at >= data.length) return 0;
            int k = (int) Math.min(n, data.length - at);
            System.arraycopy(data, (int) at, b, off, k);
            return k;
        }

        @Override
        public int write(byte[] b, int off, int n) {
            return -Errno.EBADF;
        }

        @Override
        public synchronized long seek(long offset, int whence) {
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> pos;
                case 2 -> data.length;
                default -> -1;
            };
            if (base < 0 || base + offset < 0) return -Errno.EINVAL;
            return pos = base + offset;
        }

        @Override
        public Stat stat() {
            return node.stat();
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public byte[] mapBytes(long at, int n) {
            byte[] b = new byte[(int) Math.max(0, Math.min(n, data.length - at))];
            System.arraycopy(data, (int) Math.min(at, data.length), b, 0, b.length);
            return b;
        }
    }
}
