package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;
import lxrun.lxcore.vfs.Fsnotify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * An inotify instance (inotify(7), fs/notify/inotify): its watches by descriptor and its queue of
 * struct inotify_event {int wd; u32 mask, cookie, len; char name[len]}, the name NUL-padded to a
 * multiple of 16. An event equal to the last one queued is dropped (inotify_merge); past
 * max_queued_events (16384) one IN_Q_OVERFLOW event stands for all that are lost. Readable while
 * events are queued; a read takes the whole events that fit (EINVAL when the first does not).
 */
public final class Inotify extends LxFile {
    public static final int IN_ONLYDIR = 0x1000000, IN_DONT_FOLLOW = 0x2000000, IN_EXCL_UNLINK = 0x4000000,
            IN_MASK_CREATE = 0x10000000, IN_MASK_ADD = 0x20000000, IN_ONESHOT = 0x80000000;
    static final int MAX_QUEUED = 16384;

    /** A watch: an inode and the events and flags asked for it. */
    public final class Watch {
        public final Fsnotify.Inode inode;
        final int wd;
        volatile int mask;

        Watch(Fsnotify.Inode inode, int wd, int mask) {
            this.inode = inode;
            this.wd = wd;
            this.mask = mask;
        }

        public int mask() {
            return mask;
        }

        /** Queues an event for the watch; an IN_ONESHOT watch goes after its first. */
        public void event(int eventMask, int cookie, String name) {
            synchronized (Inotify.this) {
                if (watches.get(wd) != this) return;
                queue(wd, eventMask, cookie, name);
                if ((mask & IN_ONESHOT) != 0) remove(this);
            }
        }

        /** The watch is removed: IN_IGNORED. */
        public void ignored() {
            synchronized (Inotify.this) {
                if (watches.get(wd) == this) remove(this);
            }
        }
    }

    private final TreeMap<Integer, Watch> watches = new TreeMap<>();
    private final ArrayDeque<byte[]> events = new ArrayDeque<>();
    private int lastWd, queuedBytes;
    private boolean overflowed;

    public Inotify(int flags) {
        super("anon_inode:inotify", O_RDONLY | (flags & O_NONBLOCK));
    }

    /**
     * inotify_add_watch's update or new watch on {@code inode}: the wd; the mask replaced, or added to
     * under IN_MASK_ADD; EEXIST for an existing watch under IN_MASK_CREATE.
     */
    public synchronized int addWatch(Fsnotify.Inode inode, int mask) {
        for (Watch w : watches.values()) {
            if (!w.inode.equals(inode)) continue;
            if ((mask & IN_MASK_CREATE) != 0) return -Errno.EEXIST;
            w.mask = (mask & IN_MASK_ADD) != 0 ? w.mask | mask & ~IN_MASK_ADD : mask;
            return w.wd;
        }
        int wd = lastWd + 1; // idr_alloc_cyclic: not reused until the numbers wrap
        while (watches.containsKey(wd) || wd <= 0) wd = wd <= 0 ? 1 : wd + 1;
        lastWd = wd;
        Watch w = new Watch(inode, wd, mask & ~(IN_MASK_ADD | IN_MASK_CREATE));
        watches.put(wd, w);
        Fsnotify.watch(w);
        return wd;
    }

    /** inotify_rm_watch: IN_IGNORED for it, or EINVAL for a wd it does not have. */
    public synchronized int removeWatch(int wd) {
        Watch w = watches.get(wd);
        if (w == null) return -Errno.EINVAL;
        remove(w);
        return 0;
    }

    private void remove(Watch w) {
        watches.remove(w.wd);
        Fsnotify.unwatch(w);
        queue(w.wd, Fsnotify.IN_IGNORED, 0, null);
    }

    private void queue(int wd, int mask, int cookie, String name) {
        if (events.size() >= MAX_QUEUED) {
            if (overflowed) return;
            overflowed = true;
            wd = -1;
            mask = Fsnotify.IN_Q_OVERFLOW;
            cookie = 0;
            name = null;
        }
        byte[] n = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        int len = n.length == 0 ? 0 : (n.length + 1 + 15) & ~15;
        byte[] e = new byte[16 + len];
        ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).putInt(wd).putInt(mask).putInt(cookie).putInt(len).put(n);
        if (java.util.Arrays.equals(events.peekLast(), e)) return;
        events.add(e);
        queuedBytes += e.length;
        notifyAll();
        LxFile.readinessChanged();
    }

    @Override
    public synchronized int read(byte[] b, int off, int n) {
        while (events.isEmpty()) {
            if ((statusFlags & O_NONBLOCK) != 0) return -Errno.EAGAIN;
            try {
                LxThread t = LxThread.current();
                if (t == null) wait();
                else t.interruptibly(() -> {
                    wait();
                    return null;
                });
            } catch (InterruptedException e) {
                return -Signals.ERESTARTSYS;
            }
        }
        int done = 0;
        while (!events.isEmpty() && events.peekFirst().length <= n - done) {
            byte[] e = events.pollFirst();
            System.arraycopy(e, 0, b, off + done, e.length);
            done += e.length;
            queuedBytes -= e.length;
            if (ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).getInt(4) == Fsnotify.IN_Q_OVERFLOW) overflowed = false;
        }
        return done == 0 ? -Errno.EINVAL : done;
    }

    /** FIONREAD: the bytes of every queued event. */
    public synchronized int available() {
        return queuedBytes;
    }

    @Override
    public synchronized int poll(int events) {
        return (this.events.isEmpty() ? 0 : POLLIN | POLLRDNORM) & events;
    }

    /** Closing the instance drops its watches (without events: no one can read them). */
    @Override
    protected void released() {
        super.released();
        synchronized (this) {
            for (Watch w : watches.values()) Fsnotify.unwatch(w);
            watches.clear();
        }
    }

    @Override
    public Stat stat() {
        return AnonInode.stat();
    }
}
