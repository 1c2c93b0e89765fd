package lxrun.lxcore.vfs;

import java.util.Map;
import java.util.function.Supplier;

/** sysfs: the few files programs commonly read (the CPU lists glibc's get_nprocs reads), none of the host's devices (see ProcFiles.sysfsFiles). */
public final class SysFs extends FileSystem {
    private final Vnode root;

    public SysFs(Map<String, Supplier<byte[]>> files) {
        super("sysfs", "sysfs");
        this.root = Synthetic.tree(this, "/sys", files);
    }

    @Override
    public Vnode root() {
        return root;
    }

    @Override
    public long magic() {
        return 0x62656572L; // SYSFS_MAGIC
    }

    @Override
    public String options() {
        return "rw,nosuid,nodev,noexec,relatime";
    }
}
