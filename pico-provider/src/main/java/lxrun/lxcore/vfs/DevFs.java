package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.Device;
import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.HostStream;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.sys.Errno;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /dev as the guest sees it (devtmpfs's usual contents, none of the host's disks): the memory devices,
 * /dev/tty (the host's controlling terminal), the /proc/self/fd links stdin, stdout, stderr and fd, and
 * the mount points shm and pts.
 */
public final class DevFs extends FileSystem {
    private final Vnode root;

    public DevFs() {
        super("devtmpfs", "devtmpfs");
        Map<String, Vnode> e = new LinkedHashMap<>();
        for (Device.Kind k : Device.Kind.values()) {
            e.put(Device.name(k), new Synthetic.Opener(this, "/dev/" + Device.name(k), Stat.S_IFCHR | 0666,
                    () -> Device.stat(k), flags -> new Device(k, flags)));
        }
        e.put("tty", new Synthetic.Opener(this, "/dev/tty", Stat.S_IFCHR | 0666, () -> Stat.charDevice(5, 0, 99),
                DevFs::openTty));
        String[] std = {"stdin", "stdout", "stderr"};
        for (int fd = 0; fd < 3; fd++) e.put(std[fd], new Synthetic.Link(this, "/dev/" + std[fd], "/proc/self/fd/" + fd));
        e.put("fd", new Synthetic.Link(this, "/dev/fd", "/proc/self/fd"));
        e.put("shm", new Synthetic.Dir(this, "/dev/shm", 01777, Collections::emptyMap));
        e.put("pts", new Synthetic.Dir(this, "/dev/pts", 0755, Collections::emptyMap));
        Map<String, Vnode> entries = Collections.unmodifiableMap(e);
        root = new Synthetic.Dir(this, "/dev", 0755, () -> entries);
    }

    /** /dev/tty: the host's controlling terminal, ENXIO when lxrun has none (as Linux answers). */
    private static LxFile openTty(int flags) {
        final int O_NOCTTY = 0400;
        int fd = Host.call("open", "/dev/tty", (flags & (LxFile.O_ACCMODE | LxFile.O_NONBLOCK)) | O_NOCTTY | LxFile.O_CLOEXEC, 0);
        if (fd < 0) throw Errno.error(-fd);
        return new HostStream(fd, "/dev/tty", flags);
    }

    @Override
    public Vnode root() {
        return root;
    }

    @Override
    public long magic() {
        return 0x01021994L; // TMPFS_MAGIC: devtmpfs is a tmpfs
    }

    @Override
    public String options() {
        return "rw,nosuid,relatime,mode=755";
    }
}
