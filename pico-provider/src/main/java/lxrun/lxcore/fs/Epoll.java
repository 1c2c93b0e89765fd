package lxrun.lxcore.fs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An epoll instance (epoll(7)): an interest list of (fd, open file) pairs, each asked through the file's
 * {@link LxFile#poll}, the readiness model poll(2) and select(2) use. A registration lasts until
 * EPOLL_CTL_DEL or until its open file is released (closing one of several fds of it leaves it, as on
 * Linux). Level-triggered entries report while ready, and go to the end of the list when they do, as
 * Linux's ready list rotates. Edge-triggered ones report when readiness changed since their last report:
 * new bits, or any readiness change lxcore saw since (lxcore keeps one change count, not one per file, so
 * an edge entry may report again after an unrelated change; with a host file, which cannot tell lxcore,
 * it reports as a level entry). EPOLLONESHOT disables an entry after it reports, until EPOLL_CTL_MOD.
 */
public final class Epoll extends LxFile {
    public static final int EPOLLIN = 1, EPOLLOUT = 4, EPOLLERR = 8, EPOLLHUP = 0x10, EPOLLRDHUP = 0x2000,
            EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30, EPOLLET = 1 << 31;
    public static final int CTL_ADD = 1, CTL_DEL = 2, CTL_MOD = 3;

    private static final class Entry {
        final int fd;
        final LxFile file;
        int events;
        long data;
        boolean disabled;
        long reportedGeneration = -1;
        int reportedMask;

        Entry(int fd, LxFile file) {
            this.fd = fd;
            this.file = file;
        }
    }

    private record Key(int fd, LxFile file) {}

    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    public Epoll(int flags) {
        super("anon_inode:[eventpoll]", O_RDWR | (flags & O_NONBLOCK));
    }

    /** epoll_ctl(2) on (fd, file): EEXIST for an ADD of a registered pair, ENOENT for MOD or DEL of another, EINVAL for EPOLLEXCLUSIVE with MOD. */
    public synchronized int control(int op, int fd, LxFile file, int events, long data) {
        Key k = new Key(fd, file);
        Entry e = entries.get(k);
        switch (op) {
            case CTL_ADD -> {
                if (e != null) return -lxrun.lxcore.sys.Errno.EEXIST;
                if (file instanceof Epoll other && other.watches(this)) return -lxrun.lxcore.sys.Errno.ELOOP;
                e = new Entry(fd, file);
                entries.put(k, e);
            }
            case CTL_MOD -> {
                if (e == null) return -lxrun.lxcore.sys.Errno.ENOENT;
                if ((events & EPOLLEXCLUSIVE) != 0 || (e.events & EPOLLEXCLUSIVE) != 0) return -lxrun.lxcore.sys.Errno.EINVAL;
            }
            case CTL_DEL -> {
                if (e == null) return -lxrun.lxcore.sys.Errno.ENOENT;
                entries.remove(k);
                return 0;
            }
            default -> {
                return -lxrun.lxcore.sys.Errno.EINVAL;
            }
        }
        e.events = events | EPOLLERR | EPOLLHUP;
        e.data = data;
        e.disabled = false;
        e.reportedGeneration = -1;
        e.reportedMask = 0;
        LxFile.readinessChanged();
        return 0;
    }

    /** Whether this instance watches {@code other}, directly or through nested instances (ep_loop_check). */
    private synchronized boolean watches(Epoll other) {
        for (Entry e : entries.values()) {
            if (e.file == other || e.file instanceof Epoll n && n != this && n.watches(other)) return true;
        }
        return false;
    }

    /** How a wait asks one file (it notes files that cannot wake it). */
    public interface Asker {
        int ask(LxFile f, int events);
    }

    /**
     * One look for epoll_wait: up to {@code max} ready entries as {events, data} pairs in {@code out},
     * taken with the readiness {@code generation} read before the look.
     */
    public synchronized int collect(Asker asker, int max, long generation, List<long[]> out) {
        List<Entry> again = new ArrayList<>();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && out.size() < max; ) {
            Entry e = it.next();
            if (e.file.pointerCount() == 0) {
                it.remove();
                continue;
            }
            int ready = ready(e, asker);
            if (ready == 0) continue;
            out.add(new long[] {ready & 0xffffffffL, e.data});
            if ((e.events & EPOLLONESHOT) != 0) e.disabled = true;
            if ((e.events & EPOLLET) != 0) {
                e.reportedGeneration = generation;
                e.reportedMask = ready;
            } else {
                it.remove();
                again.add(e);
            }
        }
        for (Entry e : again) entries.put(new Key(e.fd, e.file), e);
        return out.size();
    }

    /** The events entry {@code e} would report now (0 for none). */
    private static int ready(Entry e, Asker asker) {
        if (e.disabled || (e.events & ~(EPOLLET | EPOLLONESHOT | EPOLLEXCLUSIVE | EPOLLWAKEUP)) == 0) return 0;
        int mask = asker.ask(e.file, e.events & 0xffff) & e.events;
        if (mask == 0 || (e.events & EPOLLET) == 0 || !e.file.signalsReadiness()) return mask;
        boolean fresh = (mask & ~e.reportedMask) != 0 || e.reportedGeneration != LxFile.readinessGeneration();
        return fresh ? mask : 0;
    }

    /** ep_eventpoll_poll: readable while some entry has something to report. */
    @Override
    public synchronized int poll(int events) {
        for (Entry e : entries.values()) {
            if (e.file.pointerCount() > 0 && ready(e, LxFile::poll) != 0) return events & (POLLIN | POLLRDNORM);
        }
        return 0;
    }

    @Override
    public synchronized boolean signalsReadiness() {
        for (Entry e : entries.values()) if (!e.file.signalsReadiness()) return false;
        return true;
    }

    @Override
    public Stat stat() {
        return AnonInode.stat();
    }
}
