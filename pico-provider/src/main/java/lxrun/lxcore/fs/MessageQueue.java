package lxrun.lxcore.fs;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * A POSIX message queue (mq_overview(7), ipc/mqueue.c): up to maxmsg messages of up to msgsize bytes,
 * taken highest priority first and in order within a priority; the process registered by mq_notify(3)
 * hears of a message that comes to an empty queue no receiver waits on. Its monitor guards it; waiters
 * wait on it. Descriptors are {@link File}s.
 */
public final class MessageQueue {
    public static final int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SI_MESGQ = -3;
    private static final java.util.concurrent.atomic.AtomicLong INODES = new java.util.concurrent.atomic.AtomicLong(1);

    public final String name;
    public final long maxmsg, msgsize;
    public final int uid, gid, mode;
    private final long ino = INODES.getAndIncrement();
    private final TreeMap<Integer, ArrayDeque<byte[]>> byPriority = new TreeMap<>(java.util.Comparator.reverseOrder());
    private long count, bytes;
    private int receivers;
    /** mq_notify's registration: the owner process, how (SIGEV_SIGNAL or SIGEV_NONE), the signal and value. */
    private LxProcess notifyOwner;
    private int notifyHow, notifySigno;
    private long notifyValue;
    /** Unlinked: no name leads to it any more (st_nlink 0). */
    public volatile boolean unlinked;

    public MessageQueue(String name, long maxmsg, long msgsize, int uid, int gid, int mode) {
        this.name = name;
        this.maxmsg = maxmsg;
        this.msgsize = msgsize;
        this.uid = uid;
        this.gid = gid;
        this.mode = mode;
    }

    /** The count of queued messages (mq_curmsgs). */
    public synchronized long count() {
        return count;
    }

    /**
     * Waits up to the CLOCK_REALTIME time {@code deadlineMs} (Long.MAX_VALUE: none) for {@code ready}:
     * 0, -ETIMEDOUT, or -EINTR for a signal (the mq calls are not restarted).
     */
    private int await(java.util.function.BooleanSupplier ready, long deadlineMs) {
        LxThread t = LxThread.current();
        try {
            return t.interruptibly(() -> {
                while (!ready.getAsBoolean()) {
                    long left = deadlineMs == Long.MAX_VALUE ? 0 : deadlineMs - System.currentTimeMillis();
                    if (deadlineMs != Long.MAX_VALUE && left <= 0) return -Errno.ETIMEDOUT;
                    wait(left);
                }
                return 0;
            });
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        }
    }

    /** mq_timedsend's queueing: EAGAIN when full under O_NONBLOCK, else waits for room; then the notification. */
    public synchronized int send(byte[] msg, int prio, boolean nonblock, long deadlineMs, long senderPid, int senderUid) {
        if (count >= maxmsg) {
            if (nonblock) return -Errno.EAGAIN;
            int r = await(() -> count < maxmsg, deadlineMs);
            if (r < 0) return r;
        }
        byPriority.computeIfAbsent(prio, p -> new ArrayDeque<>()).add(msg);
        count++;
        bytes += msg.length;
        if (count == 1 && receivers == 0 && notifyOwner != null) { // __do_notify
            if (notifyHow == SIGEV_SIGNAL) {
                Signals.sendProcess(notifyOwner, new Signals.Info(notifySigno, SI_MESGQ, 0, senderPid, senderUid, notifyValue), null);
            }
            notifyOwner = null;
        }
        changed();
        return 0;
    }

    /** mq_timedreceive's taking: the oldest message of the highest priority, and its priority in {@code prio[0]}. */
    public synchronized byte[] receive(boolean nonblock, long deadlineMs, int[] prio, int[] error) {
        if (count == 0) {
            if (nonblock) {
                error[0] = -Errno.EAGAIN;
                return null;
            }
            receivers++;
            int r;
            try {
                r = await(() -> count > 0, deadlineMs);
            } finally {
                receivers--;
            }
            if (r < 0) {
                error[0] = r;
                return null;
            }
        }
        var first = byPriority.firstEntry();
        byte[] m = first.getValue().poll();
        if (first.getValue().isEmpty()) byPriority.remove(first.getKey());
        prio[0] = first.getKey();
        count--;
        bytes -= m.length;
        changed();
        return m;
    }

    private void changed() {
        notifyAll();
        LxFile.readinessChanged();
    }

    /** mq_notify with a sigevent: EBUSY when a process is registered already. */
    public synchronized int register(LxProcess p, int how, int signo, long value) {
        if (notifyOwner != null) return -Errno.EBUSY;
        notifyOwner = p;
        notifyHow = how;
        notifySigno = signo;
        notifyValue = value;
        return 0;
    }

    /** mq_notify(NULL), and mq_flush at any close by the owner: the registration of {@code p} goes. */
    public synchronized void unregister(LxProcess p) {
        if (notifyOwner == p) notifyOwner = null;
    }

    /** The queue file's text: QSIZE (the bytes of the queued messages), NOTIFY, SIGNO, NOTIFY_PID. */
    synchronized String describe() {
        boolean n = notifyOwner != null;
        return String.format("QSIZE:%-10d NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", bytes, n ? notifyHow : 0,
                n && notifyHow == SIGEV_SIGNAL ? notifySigno : 0, n ? notifyOwner.pid() : 0);
    }

    /** A descriptor of a queue (an open file of mqueuefs). */
    public final class File extends LxFile {
        private int pos;

        public File(int statusFlags) {
            super("/" + name, statusFlags);
        }

        public MessageQueue queue() {
            return MessageQueue.this;
        }

        /** mqueue_read_file: the queue's description, from the file position on. */
        @Override
        public synchronized int read(byte[] b, int off, int n) {
            byte[] text = describe().getBytes(StandardCharsets.US_ASCII);
            int k = Math.max(0, Math.min(n, text.length - pos));
            System.arraycopy(text, Math.min(pos, text.length), b, off, k);
            pos += k;
            return k;
        }

        /** mqueue_poll_file: readable with a message, writable with room for one. */
        @Override
        public int poll(int events) {
            long c = count();
            int r = (c > 0 ? POLLIN | POLLRDNORM : 0) | (c < maxmsg ? POLLOUT | POLLWRNORM : 0);
            return r & events;
        }

        /** mqueue_flush_file: a close by the registered process ends its registration. */
        @Override
        public void flush(LxProcess p) {
            unregister(p);
        }

        @Override
        public Stat stat() {
            long now = System.currentTimeMillis() / 1000;
            return new Stat(0x13, ino, unlinked ? 0 : 1, Stat.S_IFREG | mode, uid, gid, 0, 80, 4096, 0, now, 0, now, 0, now, 0);
        }
    }
}
