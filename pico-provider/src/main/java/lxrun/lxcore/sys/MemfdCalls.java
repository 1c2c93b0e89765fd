package lxrun.lxcore.sys;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.MemoryFile;
import lxrun.lxcore.fs.OpenMemoryFile;

/** memfd_create(2) and the file seals of fcntl(2) (F_ADD_SEALS, F_GET_SEALS). */
final class MemfdCalls {
    private MemfdCalls() {}

    static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, MFD_HUGETLB = 4, MFD_NOEXEC_SEAL = 8, MFD_EXEC = 0x10;
    static final int F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    /** NAME_MAX minus "memfd:". */
    static final int MFD_NAME_MAX_LEN = 249;
    static final int O_LARGEFILE = 0100000;

    /**
     * memfd_create(2): an anonymous regular file in memory, open O_RDWR, that /proc/self/fd shows as
     * "/memfd:NAME (deleted)". Unknown flags, MFD_HUGETLB (no huge pages here), MFD_EXEC with
     * MFD_NOEXEC_SEAL and names longer than 249 bytes are EINVAL.
     */
    static long memfdCreate(Call c) {
        int flags = c.i(1);
        if ((flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC)) != 0
                || (flags & (MFD_NOEXEC_SEAL | MFD_EXEC)) == (MFD_NOEXEC_SEAL | MFD_EXEC)) {
            return -Errno.EINVAL;
        }
        if (c.a(0) == 0) return -Errno.EFAULT;
        String name = c.mem.readCString(c.a(0), MFD_NAME_MAX_LEN + 1);
        if (name == null) return -Errno.EINVAL;
        MemoryFile data = MemoryFile.create(name, flags & ~MFD_CLOEXEC);
        OpenMemoryFile f = new OpenMemoryFile("/memfd:" + name + " (deleted)", data, LxFile.O_RDWR | O_LARGEFILE);
        data.release();   // the description holds the file now
        return c.process.install(f, (flags & MFD_CLOEXEC) != 0, 0);
    }

    /**
     * F_ADD_SEALS / F_GET_SEALS: memory files answer through their host memfd (EPERM without
     * MFD_ALLOW_SEALING, EBUSY for F_SEAL_WRITE with writable shared mappings...); other files are
     * EINVAL. Adding seals needs an fd open for writing (EPERM).
     */
    static long seals(Call c, LxFile f, int cmd) {
        if (!(f instanceof OpenMemoryFile m)) return -Errno.EINVAL;
        if (cmd == F_ADD_SEALS && !f.writable()) return -Errno.EPERM;
        return m.data.seals(cmd, c.i(2));
    }
}
