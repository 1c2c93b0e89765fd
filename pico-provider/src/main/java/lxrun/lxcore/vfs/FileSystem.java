package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.LxFile;
import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectType;

/**
 * A mounted file system: an object in the NT namespace (listed under its instance in
 * {@code \Device\lxss\{GUID}}) whose parse procedure walks a path inside it and yields a file object,
 * as an NT file system device parses the rest of a name. Syscalls reach it through {@link Vfs}.
 */
public abstract class FileSystem extends NtObject {
    public static final ObjectType TYPE = new ObjectType("LxFileSystem", FileSystem::parse, null);
    private static final java.util.concurrent.atomic.AtomicInteger DEVICES = new java.util.concurrent.atomic.AtomicInteger(0x20);

    /** The type name /proc/self/mounts shows (proc, sysfs, tmpfs...). */
    public final String typeName;
    /** The source field of the mount table ("proc", "tmpfs", or the host directory). */
    public final String source;
    /** st_dev of its files (anonymous device numbers, major 0, as Linux gives virtual file systems). */
    public final long dev;

    protected FileSystem(String typeName, String source) {
        super(TYPE);
        this.typeName = typeName;
        this.source = source;
        this.dev = DEVICES.getAndIncrement();
    }

    public abstract Vnode root();

    /** statfs(2) f_type. */
    public abstract long magic();

    /** Mount options as /proc/self/mounts prints them. */
    public String options() {
        return "rw,relatime";
    }

    /** The raw struct statfs (120 bytes) for a file of this file system. */
    public byte[] statfs(Vnode node) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(lxrun.lxcore.fs.Host.STATFS_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, magic()).putLong(8, 4096).putLong(64, 255).putLong(72, 4096);
        return b.array();
    }

    /** The parse procedure: "dir\\name" below this file system's root, opened as an O_PATH file object. */
    private static NtObject parse(NtObject object, String rest, ObjectType.ParseContext context) {
        FileSystem fs = (FileSystem) object;
        Vnode n = fs.root();
        StringBuilder path = new StringBuilder();
        for (String name : rest.split("\\\\")) {
            if (name.isEmpty()) continue;
            n = n.isDirectory() ? n.lookup(name) : null;
            if (n == null) return null;
            path.append('/').append(name);
        }
        return n.open(path.isEmpty() ? "/" : path.toString(), LxFile.O_PATH);
    }

    @Override
    public String toString() {
        return typeName + " (" + source + ")";
    }
}
