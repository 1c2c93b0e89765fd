package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Advisory file locks of all guest processes of the JVM (Linux fs/locks.c), per file (device, inode):
 * <ul>
 * <li>flock(2) locks, owned by an open description: dup'ed and inherited fds share them, and they go
 *     when the description's last reference does. On host files they are also taken on the host
 *     (flock(2) on a host fd of lxrun's own), so other host processes see them.
 * <li>Record locks (fcntl(2)): POSIX locks, owned by a process's fd table (Linux's files_struct) and
 *     released when that table closes any fd of the file; OFD locks, owned by an open description.
 *     Both kinds conflict with each other; flock locks and record locks do not interact (as on Linux).
 * </ul>
 * One monitor guards everything and waiters wait on it; a {@link Waiter} lets a signal interrupt them.
 */
public final class FileLocks {
    private FileLocks() {}

    public static final int F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
    /** The end of a record lock that extends to the end of the file, however far it grows. */
    public static final long TO_EOF = Long.MAX_VALUE;

    /** How a blocked lock request waits: on the monitor, interruptibly (InterruptedException is EINTR). */
    @FunctionalInterface
    public interface Waiter {
        void await(Object monitor, long millis) throws InterruptedException;
    }

    /** Plain waiting (no signals): for callers outside a guest thread. */
    public static final Waiter PLAIN = (m, ms) -> m.wait(ms);

    private record Key(long dev, long ino) {}

    /** A record lock on [start, end] (inclusive) of type F_RDLCK/F_WRLCK; pid -1 for OFD locks. */
    public record Range(Object owner, int type, long start, long end, long pid) {
        boolean overlaps(long s, long e) {
            return start <= e && s <= end;
        }
    }

    private static final class FileState {
        final List<Range> ranges = new ArrayList<>();
        final Map<LxFile, Integer> flocks = new IdentityHashMap<>();

        boolean empty() {
            return ranges.isEmpty() && flocks.isEmpty();
        }
    }

    private static final Object LOCK = new Object();
    private static final Map<Key, FileState> FILES = new HashMap<>();
    /** Descriptions holding flock or OFD locks, with their file: dropped with the description. */
    private static final Map<LxFile, Key> HELD = new IdentityHashMap<>();
    /** Host fds that carry a description's flock on the host. */
    private static final Map<LxFile, Integer> HOST_FDS = new IdentityHashMap<>();
    /** POSIX lock owners with the files they hold locks on (a close looks here first). */
    private static final Map<Object, Set<Key>> POSIX_OWNERS = new IdentityHashMap<>();
    /** A POSIX owner blocked in F_SETLKW, and the owner it waits for (deadlock detection). */
    private static final Map<Object, Object> WAITING_FOR = new IdentityHashMap<>();

    private static Key keyOf(LxFile f) {
        Stat s = f.stat();
        return new Key(s.dev(), s.ino());
    }

    private static FileState state(Key k) {
        return FILES.computeIfAbsent(k, x -> new FileState());
    }

    private static void changed(Key k, FileState st) {
        if (st.empty()) FILES.remove(k);
        LOCK.notifyAll();
    }

    private static boolean conflicts(int a, int b) {
        return a == F_WRLCK || b == F_WRLCK;
    }

    // ---------------------------------------------------------------- flock(2)

    /**
     * flock(2) with F_RDLCK (LOCK_SH), F_WRLCK (LOCK_EX) or F_UNLCK: 0, -EWOULDBLOCK when {@code wait}
     * is false and another description holds a conflicting lock, -EINTR. Converting a lock is not
     * atomic: the old one goes first, as on Linux.
     */
    public static int flock(LxFile f, int type, boolean wait, Waiter w) {
        Key k = keyOf(f);
        synchronized (LOCK) {
            FileState st = state(k);
            Integer cur = st.flocks.get(f);
            if (cur != null && cur == type) return 0;
            if (cur != null) st.flocks.remove(f);
            if (type == F_UNLCK) {
                dropHostFlock(f);
                if (st.ranges.stream().noneMatch(r -> r.owner == f)) HELD.remove(f);
                changed(k, st);
                return 0;
            }
            while (true) {
                boolean busy = false;
                for (var e : st.flocks.entrySet()) {
                    if (e.getKey() != f && conflicts(type, e.getValue())) busy = true;
                }
                if (!busy) break;
                int err = 0;
                if (!wait) {
                    err = -Errno.EAGAIN;
                } else {
                    try {
                        w.await(LOCK, 0);
                    } catch (InterruptedException e) {
                        err = -Errno.EINTR;
                    }
                }
                if (err != 0) {
                    if (cur != null) dropHostFlock(f);   // a failed conversion has lost the old lock
                    changed(k, st);
                    return err;
                }
                st = state(k);
            }
            st.flocks.put(f, type);
            HELD.put(f, k);
        }
        return hostFlock(f, k, type, wait, w);
    }

    /** Takes the same flock on the host (for host files): other host processes then see it. */
    private static int hostFlock(LxFile f, Key k, int type, boolean wait, Waiter w) {
        if (!(f instanceof HostFile hf)) return 0;
        int fd;
        synchronized (LOCK) {
            Integer have = HOST_FDS.get(f);
            if (have == null) {
                have = HostFd.open(hf.hostPath.toString(), HostFd.O_RDONLY | HostFd.O_CLOEXEC);
                if (have < 0) have = HostFd.open(hf.hostPath.toString(), HostFd.O_WRONLY | HostFd.O_CLOEXEC);
                if (have < 0) return 0;   // gone from its path: only guests can see the lock
                byte[] raw = HostFd.fstat(have);
                Stat s = raw == null ? null : Stat.of(raw);
                if (s == null || s.dev() != k.dev || s.ino() != k.ino) {  // the path is another file now
                    HostFd.close(have);
                    return 0;
                }
                HOST_FDS.put(f, have);
            }
            fd = have;
        }
        int op = (type == F_WRLCK ? 2 /* LOCK_EX */ : 1 /* LOCK_SH */) | 4 /* LOCK_NB */;
        while (true) {
            int r = HostFd.flock(fd, op);
            if (r != -Errno.EAGAIN) return 0;
            int err = 0;
            if (!wait) {
                err = -Errno.EAGAIN;
            } else {
                // another host process holds it: poll, so that a signal can interrupt the wait
                synchronized (LOCK) {
                    try {
                        w.await(LOCK, 10);
                    } catch (InterruptedException e) {
                        err = -Errno.EINTR;
                    }
                }
            }
            if (err != 0) {
                flock(f, F_UNLCK, false, w);
                return err;
            }
        }
    }

    private static void dropHostFlock(LxFile f) {
        Integer fd = HOST_FDS.remove(f);
        if (fd != null) HostFd.close(fd);
    }

    // ---------------------------------------------------------------- record locks, fcntl(2)

    /**
     * The first lock of another owner that conflicts with {@code type} on [start, end] (F_GETLK), or null.
     */
    public static Range test(LxFile f, Object owner, int type, long start, long end) {
        Key k = keyOf(f);
        synchronized (LOCK) {
            FileState st = FILES.get(k);
            return st == null ? null : conflict(st, owner, type, start, end);
        }
    }

    private static Range conflict(FileState st, Object owner, int type, long start, long end) {
        for (Range r : st.ranges) {
            if (r.owner != owner && r.overlaps(start, end) && conflicts(type, r.type)) return r;
        }
        return null;
    }

    /**
     * F_SETLK(W) and F_OFD_SETLK(W): sets [start, end] of {@code f}'s file to {@code type} for
     * {@code owner} (an fd table for POSIX locks, the description itself for OFD ones), splitting and
     * merging the owner's locks. 0, -EAGAIN (a conflict and no {@code wait}), -EDEADLK (POSIX owners
     * waiting for each other in a cycle), -EINTR.
     */
    public static int setRecord(LxFile f, Object owner, long pid, int type, long start, long end, boolean wait, Waiter w) {
        Key k = keyOf(f);
        boolean ofd = owner == f;
        synchronized (LOCK) {
            FileState st = state(k);
            while (type != F_UNLCK) {
                Range c = conflict(st, owner, type, start, end);
                if (c == null) break;
                int err = 0;
                if (!wait) {
                    err = -Errno.EAGAIN;
                } else if (!ofd && deadlock(owner, c.owner)) {
                    err = -Errno.EDEADLK;
                } else {
                    if (!ofd) WAITING_FOR.put(owner, c.owner);
                    try {
                        w.await(LOCK, 0);
                    } catch (InterruptedException e) {
                        err = -Errno.EINTR;
                    } finally {
                        WAITING_FOR.remove(owner);
                    }
                }
                if (err != 0) {
                    changed(k, st);
                    return err;
                }
                st = state(k);
            }
            apply(st, owner, pid, type, start, end);
            boolean holds = st.ranges.stream().anyMatch(r -> r.owner == owner);
            if (ofd) {
                if (holds) HELD.put(f, k);
                else if (!st.flocks.containsKey(f)) HELD.remove(f);
            } else if (holds) {
                POSIX_OWNERS.computeIfAbsent(owner, o -> new HashSet<>()).add(k);
            } else {
                Set<Key> keys = POSIX_OWNERS.get(owner);
                if (keys != null && keys.remove(k) && keys.isEmpty()) POSIX_OWNERS.remove(owner);
            }
            changed(k, st);
            return 0;
        }
    }

    /** Whether {@code me} waiting for {@code holder} closes a cycle of POSIX owners waiting for each other. */
    private static boolean deadlock(Object me, Object holder) {
        for (int i = 0; holder != null && i < 64; i++) {
            if (holder == me) return true;
            holder = WAITING_FOR.get(holder);
        }
        return false;
    }

    /** The owner's locks minus [start, end], plus [start, end] of {@code type} merged with adjacent equal ones. */
    private static void apply(FileState st, Object owner, long pid, int type, long start, long end) {
        List<Range> out = new ArrayList<>();
        long s = start, e = end;
        for (Range r : st.ranges) {
            if (r.owner != owner) {
                out.add(r);
            } else if (r.overlaps(start, end)) {
                if (r.type == type) {  // absorbed into the new lock
                    s = Math.min(s, r.start);
                    e = Math.max(e, r.end);
                    continue;
                }
                if (r.start < start) out.add(new Range(owner, r.type, r.start, start - 1, r.pid));
                if (r.end > end) out.add(new Range(owner, r.type, end + 1, r.end, r.pid));
            } else if (r.type == type && type != F_UNLCK && (r.end + 1 == start || (end != TO_EOF && end + 1 == r.start))) {
                s = Math.min(s, r.start);
                e = Math.max(e, r.end);
            } else {
                out.add(r);
            }
        }
        if (type != F_UNLCK) out.add(new Range(owner, type, s, e, pid));
        out.sort((a, b) -> Long.compare(a.start, b.start));
        st.ranges.clear();
        st.ranges.addAll(out);
    }

    // ---------------------------------------------------------------- releases

    /**
     * An fd of {@code f} was closed in the fd table {@code owner}: its POSIX locks on that file go
     * (close(2): "all of the process's locks on that file are released").
     */
    public static void closed(Object owner, LxFile f) {
        synchronized (LOCK) {
            if (!POSIX_OWNERS.containsKey(owner)) return;
        }
        Key k;
        try {
            k = keyOf(f);
        } catch (RuntimeException e) {
            return;  // a file that cannot say what it is holds no record locks
        }
        synchronized (LOCK) {
            Set<Key> keys = POSIX_OWNERS.get(owner);
            if (keys == null || !keys.remove(k)) return;
            if (keys.isEmpty()) POSIX_OWNERS.remove(owner);
            FileState st = FILES.get(k);
            if (st == null) return;
            st.ranges.removeIf(r -> r.owner == owner);
            changed(k, st);
        }
    }

    /** The last reference to a description went: its flock and OFD locks go. */
    public static void released(LxFile f) {
        synchronized (LOCK) {
            Key k = HELD.remove(f);
            dropHostFlock(f);
            if (k == null) return;
            FileState st = FILES.get(k);
            if (st == null) return;
            st.flocks.remove(f);
            st.ranges.removeIf(r -> r.owner == f);
            changed(k, st);
        }
    }
}
