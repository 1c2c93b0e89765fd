package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.Host;
import lxrun.lxcore.sys.Errno;

/**
 * The host-backed file system (WSL1's DrvFs): a host directory shown as it is, with the host's own
 * metadata (inode numbers, modes, owners, nanosecond times). Mounted at / it is the root mapping; the
 * walk never hands it a path outside {@link #hostRoot}, since every name it is asked for is one component.
 */
public final class HostFs extends FileSystem {
    public final String hostRoot;
    private final HostVnode root;

    public HostFs(java.nio.file.Path hostRoot) {
        super("hostfs", hostRoot.toAbsolutePath().normalize().toString());
        this.hostRoot = source;
        this.root = new HostVnode(this, hostRoot.toAbsolutePath().normalize().toString(), lxrun.lxcore.fs.Stat.S_IFDIR);
    }

    @Override
    public Vnode root() {
        return root;
    }

    @Override
    public long magic() {
        return 0;
    }

    /** The host file system's own struct statfs. */
    @Override
    public byte[] statfs(Vnode node) {
        int[] errno = new int[1];
        byte[] raw = Host.statfs(((HostVnode) node).hostPath, errno);
        if (raw == null) throw Errno.error(errno[0]);
        return raw;
    }
}
