package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;
import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectType;

import java.util.List;

/**
 * An open file description (a Linux {@code struct file}; an NT file object): what a guest fd's handle
 * refers to. dup'ed fds share one, with its offset and status flags. Operations a kind of file does not
 * have fail as Linux fails them; results are counts or negative errnos (no exceptions for guest errors).
 */
public abstract class LxFile extends NtObject {
    /** Its delete procedure is the last close: {@link #released}. */
    public static final ObjectType TYPE = new ObjectType("File", null, f -> ((LxFile) f).released());

    public static final int O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200,
            O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000,
            O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000, O_PATH = 010000000;

    /** The guest path it was opened by (for /proc/self/fd, fchdir, *at() with a dirfd). */
    public final String guestPath;
    /** O_ACCMODE, O_APPEND, O_NONBLOCK... as F_GETFL reports them. */
    public volatile int statusFlags;
    /** F_SETOWN's process (a negative number: a process group) and F_SETSIG's signal, kept for F_GET*. */
    public volatile int owner, signal;

    /** The directory and name it was opened by, for inotify's events on them; null when it has none. */
    public volatile lxrun.lxcore.vfs.Fsnotify.Dentry dentry;

    protected LxFile(String guestPath, int statusFlags) {
        super(TYPE);
        this.guestPath = guestPath;
        this.statusFlags = statusFlags;
    }

    /** The last reference is gone (__fput): the locks the description owns go (flock, OFD), inotify hears of the close. */
    protected void released() {
        FileLocks.released(this);
        lxrun.lxcore.vfs.Fsnotify.closed(this);
    }

    /** close(2) of one of process {@code p}'s fds on it (file_operations.flush), each time, not only the last. */
    public void flush(lxrun.lxcore.LxProcess p) {}

    public boolean readable() {
        int m = statusFlags & O_ACCMODE;
        return (statusFlags & O_PATH) == 0 && (m == O_RDONLY || m == O_RDWR);
    }

    public boolean writable() {
        int m = statusFlags & O_ACCMODE;
        return (statusFlags & O_PATH) == 0 && (m == O_WRONLY || m == O_RDWR);
    }

    /** Reads at the current offset; bytes read, 0 at end of file, or -errno. */
    public int read(byte[] b, int off, int n) {
        return -Errno.EINVAL;
    }

    public int write(byte[] b, int off, int n) {
        return -Errno.EINVAL;
    }

    public int pread(byte[] b, int off, int n, long pos) {
        return -Errno.ESPIPE;
    }

    public int pwrite(byte[] b, int off, int n, long pos) {
        return -Errno.ESPIPE;
    }

    /** lseek: the new offset or -errno. */
    public long seek(long offset, int whence) {
        return -Errno.ESPIPE;
    }

    public abstract Stat stat();

    public boolean isDirectory() {
        return false;
    }

    /** Directory entries from the current position on (getdents64); advances by {@code taken}. */
    public List<DirEntry> readdir() {
        return null;
    }

    public void advance(int taken) {}

    /** The file system node it is open on, or null for files outside the namespace (pipes, sockets). */
    public lxrun.lxcore.vfs.Vnode vnode() {
        return null;
    }

    /** The host file descriptor behind it (a host stream, an internet socket), whose ioctls and poll are the host's; else -1. */
    public int hostFd() {
        return -1;
    }

    /**
     * Readiness as a Linux file's poll operation reports it, the one model poll(2), ppoll(2), select(2)
     * and pselect6(2) all ask: the POLL* bits that hold now, of {@code events} and always POLLERR and
     * POLLHUP. A file without its own (regular files, devices, procfs) is always ready, as Linux's
     * DEFAULT_POLLMASK: POLLIN|POLLRDNORM|POLLOUT|POLLWRNORM. A file whose readiness changes must call
     * {@link #readinessChanged} when it does, or answer false to {@link #signalsReadiness}.
     */
    public int poll(int events) {
        return events & (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
    }

    public static final int POLLIN = 1, POLLPRI = 2, POLLOUT = 4, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32,
            POLLRDNORM = 0x40, POLLRDBAND = 0x80, POLLWRNORM = 0x100, POLLWRBAND = 0x200;

    /** False when the file's readiness changes without lxcore knowing (a host stream): waits on it look again now and then. */
    public boolean signalsReadiness() {
        return true;
    }

    private static final java.util.concurrent.atomic.AtomicLong GENERATION = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicInteger WAITING = new java.util.concurrent.atomic.AtomicInteger();
    private static final Object READINESS = new Object();

    /** A count that {@link #readinessChanged} advances: a wait takes it before it asks the files. */
    public static long readinessGeneration() {
        return GENERATION.get();
    }

    /** Some file may have become ready (a pipe was written, read or closed): wakes the waits of poll and select. */
    public static void readinessChanged() {
        GENERATION.incrementAndGet();
        if (WAITING.get() > 0) {
            synchronized (READINESS) {
                READINESS.notifyAll();
            }
        }
        if (HOST_WAITING.get() > 0) Doorbell.ring();
    }

    private static final java.util.concurrent.atomic.AtomicInteger HOST_WAITING = new java.util.concurrent.atomic.AtomicInteger();

    /** A host eventfd that {@link #readinessChanged} writes while waits sit in the host's poll(2) (made on first use). */
    private static final class Doorbell {
        static final int FD = Host.call("eventfd", 0, O_NONBLOCK | O_CLOEXEC);
        private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0};

        static void ring() {
            if (FD >= 0) Host.write(FD, ONE, 0, 8);
        }

        static void drain() {
            Host.read(FD, new byte[8], 0, 8);
        }
    }

    /**
     * As {@link #awaitReadiness}, for a wait that also has host files (sockets, pipes, terminals: their
     * host fds and poll events given): blocks in the host's poll(2) on them and on the doorbell that
     * {@link #readinessChanged} rings, so either kind of change wakes it at once; at most {@code nanos},
     * and a thread interrupt (a signal) is seen when the host call returns.
     */
    public static void awaitReadinessOrHost(long generation, int[] fds, short[] events, int n, long nanos) throws InterruptedException {
        if (Doorbell.FD < 0) {
            awaitReadiness(generation, Math.min(nanos, 10_000_000L));
            return;
        }
        java.nio.ByteBuffer pfd = java.nio.ByteBuffer.allocate(8 * (n + 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        pfd.putInt(Doorbell.FD).putShort((short) POLLIN).putShort((short) 0);
        for (int i = 0; i < n; i++) pfd.putInt(fds[i]).putShort(events[i]).putShort((short) 0);
        HOST_WAITING.incrementAndGet();
        try {
            if (GENERATION.get() != generation) return;
            byte[] b = pfd.array();
            Host.call("poll", b, (long) (n + 1), (int) Math.max(1, Math.min(nanos / 1_000_000, Integer.MAX_VALUE)));
            if ((b[6] & POLLIN) != 0) Doorbell.drain();
        } finally {
            HOST_WAITING.decrementAndGet();
        }
        if (Thread.interrupted()) throw new InterruptedException();
    }

    /** Blocks up to {@code nanos} unless readiness changed since {@code generation} was taken; a thread interrupt ends it. */
    public static void awaitReadiness(long generation, long nanos) throws InterruptedException {
        WAITING.incrementAndGet();
        try {
            synchronized (READINESS) {
                if (GENERATION.get() == generation) READINESS.wait(Math.max(1, nanos / 1_000_000), 0);
            }
        } finally {
            WAITING.decrementAndGet();
        }
    }

    /** ftruncate(2): sets the size (shrinking or extending with zeros); 0 or -errno. */
    public int truncate(long length) {
        return -Errno.EINVAL;
    }

    /** fsync(2)/fdatasync(2): 0 or -errno (EINVAL for files that cannot be synced, as pipes). */
    public int sync(boolean metadata) {
        return -Errno.EINVAL;
    }

    /** The file's current size for mapping write-back, or -1 when it has none. */
    public long size() {
        return -1;
    }

    /** Host file data for a private file mapping: up to {@code n} bytes at {@code pos}, or null. */
    public byte[] mapBytes(long pos, int n) {
        return null;
    }

    /** A host fd holding the file's bytes (a memfd, or the host file itself) to map MAP_SHARED; -1 if it has none. */
    public int sharedMemoryFd() {
        return -1;
    }

    /** One directory entry: inode, d_type and name. */
    public record DirEntry(long ino, int type, String name) {}
}
