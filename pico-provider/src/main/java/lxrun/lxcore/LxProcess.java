package lxrun.lxcore;

import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.RootMapping;
import lxrun.lxcore.sys.Errno;
import lxrun.nt.ob.HandleTable;
import lxrun.nt.ob.NtObject;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.PicoProcess;

/**
 * A Linux thread group (lxcore's process object; the pico process's context): fd table (the NT handle
 * table), cwd, umask, heap, signal actions and the executable's path.
 */
public final class LxProcess {
    /** Lowest address the mmap area may reach and where it starts (growing down). */
    public static final long MMAP_FLOOR = 0x10000L, MMAP_TOP = 0xE00000000L;
    public static final int RLIMIT_NOFILE = 1024;

    public final LxInstance instance;
    public final GuestMemory memory;
    public final HandleTable handles;
    public volatile PicoProcess pico;
    public final String exePath;
    public volatile String cwd = "/";
    public volatile int umask = 022;
    public long brkStart, brkEnd;
    public final SignalAction[] actions = new SignalAction[65];
    public final Futexes futexes = new Futexes();
    /** MAP_SHARED file mappings, written back at msync, munmap and exit. */
    public final SharedMappings shared = new SharedMappings();

    /** A signal disposition as rt_sigaction stores it (struct kernel_sigaction). */
    public record SignalAction(long handler, long flags, long restorer, long mask) {
        public static final long SIG_DFL = 0, SIG_IGN = 1;
        public static final SignalAction DEFAULT = new SignalAction(SIG_DFL, 0, 0, 0);
    }

    LxProcess(LxInstance instance, GuestMemory memory, HandleTable handles, String exePath) {
        this.instance = instance;
        this.memory = memory;
        this.handles = handles;
        this.exePath = exePath;
        java.util.Arrays.fill(actions, SignalAction.DEFAULT);
    }

    public long pid() {
        return pico.id;
    }

    public RootMapping root() {
        return instance.root();
    }

    /** Wait status of the process when its last thread ends with exit(2) (not exit_group). */
    public volatile int threadExitStatus;

    /** The open file behind {@code fd} with a new reference the caller drops; EBADF if none. */
    public LxFile referenceFile(int fd) {
        synchronized (handles) {
            if (handles.get(fd) instanceof LxFile f) {
                f.reference();
                return f;
            }
        }
        throw Errno.error(Errno.EBADF);
    }

    /** The open file behind {@code fd}; EBADF if none. */
    public LxFile file(int fd) {
        NtObject o = handles.get(fd);
        if (o instanceof LxFile f) return f;
        throw Errno.error(Errno.EBADF);
    }

    /**
     * Installs a newly created file at the lowest free fd not below {@code min} and drops the creation
     * reference, so the file lives exactly as long as its handles. EMFILE when the table is full.
     */
    public int install(LxFile f, boolean cloexec, int min) {
        int fd = handles.insert(f, cloexec ? HandleTable.INHERIT_NOT : 0, min, RLIMIT_NOFILE);
        f.dereference();
        if (fd < 0) throw Errno.error(Errno.EMFILE);
        return fd;
    }
}
