package lxrun.lxcore.vfs;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** sysfs: the few files programs commonly read (the CPU lists glibc's get_nprocs reads), none of the host's devices. */
public final class SysFs extends FileSystem {
    private final Vnode root;

    public SysFs(Map<String, Supplier<byte[]>> files) {
        super("sysfs", "sysfs");
        this.root = Synthetic.tree(this, "/sys", files);
    }

    /** The CPU lists for {@code cpus} online CPUs. */
    public static Map<String, Supplier<byte[]>> cpuFiles(int cpus) {
        byte[] list = ((cpus > 1 ? "0-" + (cpus - 1) : "0") + "\n").getBytes(StandardCharsets.US_ASCII);
        return Map.of("devices/system/cpu/online", () -> list, "devices/system/cpu/possible", () -> list,
                "devices/system/cpu/present", () -> list);
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
