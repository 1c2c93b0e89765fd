package lxrun.lxcore.vfs;

import lxrun.lxcore.LxThread;
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
        e.put("pts", new Synthetic.Dir(this, "/dev/pts", 0755, this::pts));
        Map<String, Vnode> entries = Collections.unmodifiableMap(e);
        root = new Synthetic.Dir(this, "/dev", 0755, () -> entries);
    }

    /**
     * /dev/tty: the caller's controlling terminal, lxrun's own, opened anew with the access mode asked
     * for; ENXIO when the caller has none (it called setsid(2)) or lxrun has none (as Linux answers).
     */
    private static LxFile openTty(int flags) {
        LxThread t = LxThread.current();
        if (t != null && !t.process.ctty) throw Errno.error(Errno.ENXIO);
        return openHost(t != null ? t.process.instance.terminalPath() : "/dev/tty", "/dev/tty", flags);
    }

    /** A host terminal device opened for the guest (never becoming lxrun's controlling terminal). */
    private static LxFile openHost(String hostPath, String guestPath, int flags) {
        int fd = Host.call("open", hostPath, (flags & (LxFile.O_ACCMODE | LxFile.O_NONBLOCK)) | LxFile.O_NOCTTY | LxFile.O_CLOEXEC, 0);
        if (fd < 0) throw Errno.error(-fd);
        return new HostStream(fd, guestPath, flags & ~(LxFile.O_CLOEXEC | LxFile.O_NOCTTY | LxFile.O_CREAT | LxFile.O_EXCL));
    }

    /** /dev/pts: the host's pseudo-terminals (devpts), so ttyname(3)'s /dev/pts/N names and opens them. */
    private Map<String, Vnode> pts() {
        Map<String, Vnode> m = new java.util.TreeMap<>();
        String[] names = new java.io.File("/dev/pts").list();
        if (names == null) return m;
        for (String n : names) {
            if (!n.chars().allMatch(Character::isDigit)) continue;
            String path = "/dev/pts/" + n;
            m.put(n, new Synthetic.Opener(this, path, Stat.S_IFCHR | 0620, () -> hostStat(path), flags -> openHost(path, path, flags)));
        }
        return m;
    }

    private static Stat hostStat(String path) {
        try {
            return Stat.ofHost(java.nio.file.Path.of(path), true);
        } catch (java.io.IOException e) {
            throw Errno.error(Errno.ENOENT);
        }
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
