package lxrun.lxcore.sys;

import lxrun.lxcore.LxInstance;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.MessageQueue;

import java.util.HashMap;
import java.util.Map;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * POSIX message queues (mq_overview(7); ipc/mqueue.c): mq_open(2), mq_unlink(2), mq_timedsend(2),
 * mq_timedreceive(2), mq_notify(2), mq_getsetattr(2). Each instance has its own namespace of queue
 * names (the libc strips the leading slash), seen by all its guest processes, as SysV IPC's ids are.
 */
final class MqCalls {
    private MqCalls() {}

    /** /proc/sys/fs/mqueue defaults (msg_max, msgsize_max, queues_max, msg_default, msgsize_default) and the hard limits. */
    static final int MSG_MAX = 10, MSGSIZE_MAX = 8192, QUEUES_MAX = 256, HARD_MSGMAX = 65536, HARD_MSGSIZEMAX = 16 << 20,
            MQ_PRIO_MAX = 32768, NAME_MAX = 255;

    private static final Map<LxInstance, Map<String, MessageQueue>> SPACES = new java.util.WeakHashMap<>();

    /** The instance's queues by name; its monitor guards it. */
    private static Map<String, MessageQueue> names(Call c) {
        synchronized (SPACES) {
            return SPACES.computeIfAbsent(c.process.instance, i -> new HashMap<>());
        }
    }

    /** A queue name as getname and lookup_one_len take it: ENOENT when empty, ENAMETOOLONG, EACCES for "/", ".", "..". */
    private static String name(Call c, int i) {
        String n = c.path(i);
        if (n.isEmpty()) throw Errno.error(Errno.ENOENT);
        if (n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_MAX) throw Errno.error(Errno.ENAMETOOLONG);
        if (n.contains("/") || n.equals(".") || n.equals("..")) throw Errno.error(Errno.EACCES);
        return n;
    }

    private static boolean privileged(Call c) {
        return c.process.creds.euid() == 0; // CAP_SYS_RESOURCE, CAP_DAC_OVERRIDE
    }

    /**
     * mq_open(2): name, oflag (O_RDONLY/O_WRONLY/O_RDWR, O_CREAT, O_EXCL, O_NONBLOCK, O_CLOEXEC), mode,
     * struct mq_attr (read first; EFAULT). A new queue takes mq_maxmsg and mq_msgsize (EINVAL unless both
     * are positive and within msg_max and msgsize_max, or the hard limits for root; defaults 10 and 8192
     * without attr), ENOSPC past queues_max; an existing one is EEXIST under O_CREAT|O_EXCL, EINVAL for
     * access mode 3, EACCES without the permission its mode gives.
     */
    static long mqOpen(Call c) {
        int oflag = c.i(1), mode = c.i(2);
        long attr = c.a(3), maxmsg = MSG_MAX, msgsize = MSGSIZE_MAX;
        boolean haveAttr = attr != 0;
        if (haveAttr) {
            c.check(attr, 64, PROT_READ);
            maxmsg = c.mem.read64(attr + 8);
            msgsize = c.mem.read64(attr + 16);
        }
        String name = name(c, 0);
        Map<String, MessageQueue> names = names(c);
        MessageQueue q;
        synchronized (names) {
            q = names.get(name);
            if (q == null) {
                if ((oflag & LxFile.O_CREAT) == 0) return -Errno.ENOENT;
                if (haveAttr) {
                    if (maxmsg <= 0 || msgsize <= 0) return -Errno.EINVAL;
                    boolean root = privileged(c);
                    if (maxmsg > (root ? HARD_MSGMAX : MSG_MAX) || msgsize > (root ? HARD_MSGSIZEMAX : MSGSIZE_MAX)) return -Errno.EINVAL;
                }
                if (names.size() >= QUEUES_MAX && !privileged(c)) return -Errno.ENOSPC;
                var k = c.process.creds;
                q = new MessageQueue(name, maxmsg, msgsize, k.euid(), k.egid(), mode & ~c.process.umask & 0777);
                names.put(name, q);
            } else {
                if ((oflag & (LxFile.O_CREAT | LxFile.O_EXCL)) == (LxFile.O_CREAT | LxFile.O_EXCL)) return -Errno.EEXIST;
                if ((oflag & LxFile.O_ACCMODE) == 3) return -Errno.EINVAL;
                if (!permitted(c, q, oflag & LxFile.O_ACCMODE)) return -Errno.EACCES;
            }
        }
        return c.process.install(q.new File(oflag & (LxFile.O_ACCMODE | LxFile.O_NONBLOCK)), (oflag & LxFile.O_CLOEXEC) != 0, 0);
    }

    /** inode_permission for read (O_RDONLY), write (O_WRONLY) or both: the owner's, the group's or others' bits. */
    private static boolean permitted(Call c, MessageQueue q, int acc) {
        if (privileged(c)) return true;
        int want = acc == LxFile.O_RDONLY ? 4 : acc == LxFile.O_WRONLY ? 2 : 6;
        var k = c.process.creds;
        int bits = k.euid() == q.uid ? q.mode >> 6 : k.egid() == q.gid ? q.mode >> 3 : q.mode;
        return (bits & want) == want;
    }

    /** mq_unlink(2): the name goes (ENOENT if none; EPERM for another user's queue, the directory being sticky); open descriptors keep the queue. */
    static long mqUnlink(Call c) {
        String name = name(c, 0);
        Map<String, MessageQueue> names = names(c);
        synchronized (names) {
            MessageQueue q = names.get(name);
            if (q == null) return -Errno.ENOENT;
            if (!privileged(c) && c.process.creds.euid() != q.uid) return -Errno.EPERM;
            names.remove(name);
            q.unlinked = true;
        }
        return 0;
    }

    /** The queue behind fd argument {@code i}: EBADF for any other file. */
    private static MessageQueue.File queueFile(Call c, int i) {
        if (!(c.file(i) instanceof MessageQueue.File f)) throw Errno.error(Errno.EBADF);
        return f;
    }

    /** prepare_timeout: an absolute CLOCK_REALTIME struct timespec in milliseconds, EFAULT, EINVAL when not valid; none for NULL. */
    private static long deadline(Call c, long ts) {
        if (ts == 0) return Long.MAX_VALUE;
        c.check(ts, 16, PROT_READ);
        long sec = c.mem.read64(ts), nsec = c.mem.read64(ts + 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) throw Errno.error(Errno.EINVAL);
        return sec > Long.MAX_VALUE / 1000 - 1 ? Long.MAX_VALUE - 1 : sec * 1000 + (nsec + 999_999) / 1_000_000;
    }

    /**
     * mq_timedsend(2): the timeout (EFAULT, EINVAL), EINVAL for a priority of MQ_PRIO_MAX or more, EBADF
     * unless the fd is a queue open for writing, EMSGSIZE past mq_msgsize, EFAULT for the message; a full
     * queue is EAGAIN under O_NONBLOCK, else waited on until the deadline (ETIMEDOUT) or a signal (EINTR).
     */
    static long mqTimedsend(Call c) {
        long msg = c.a(1), len = c.a(2), prio = c.a(3) & 0xffffffffL;
        long deadline = deadline(c, c.a(4));
        if (prio >= MQ_PRIO_MAX) return -Errno.EINVAL;
        MessageQueue.File f = queueFile(c, 0);
        if (!f.writable()) return -Errno.EBADF;
        MessageQueue q = f.queue();
        if (Long.compareUnsigned(len, q.msgsize) > 0) return -Errno.EMSGSIZE;
        c.check(msg, len, PROT_READ);
        byte[] m = c.mem.read(msg, (int) len);
        return q.send(m, (int) prio, (f.statusFlags & LxFile.O_NONBLOCK) != 0, deadline, c.process.pid(), c.process.creds.ruid());
    }

    /**
     * mq_timedreceive(2): the timeout, EBADF unless a queue open for reading, EMSGSIZE for a buffer smaller
     * than mq_msgsize; an empty queue is EAGAIN under O_NONBLOCK, else waited on (ETIMEDOUT, EINTR). The
     * message's length; its priority stored when msg_prio is not NULL.
     */
    static long mqTimedreceive(Call c) {
        long buf = c.a(1), len = c.a(2), prioAt = c.a(3);
        long deadline = deadline(c, c.a(4));
        MessageQueue.File f = queueFile(c, 0);
        if (!f.readable()) return -Errno.EBADF;
        MessageQueue q = f.queue();
        if (Long.compareUnsigned(len, q.msgsize) < 0) return -Errno.EMSGSIZE;
        int[] prio = new int[1], error = new int[1];
        byte[] m = q.receive((f.statusFlags & LxFile.O_NONBLOCK) != 0, deadline, prio, error);
        if (m == null) return error[0];
        c.check(buf, m.length, PROT_WRITE); // the message is gone either way, as store_msg fails after taking it
        c.mem.write(buf, m);
        if (prioAt != 0) {
            c.check(prioAt, 4, PROT_WRITE);
            c.mem.write32(prioAt, prio[0]);
        }
        return m.length;
    }

    /**
     * mq_notify(2): struct sigevent {sigev_value, sigev_signo, sigev_notify}; EINVAL for a sigev_notify
     * other than SIGEV_NONE and SIGEV_SIGNAL (SIGEV_THREAD's netlink socket is not offered) or a bad
     * signal, then EBADF; NULL ends the caller's registration, else EBUSY when a process has one.
     */
    static long mqNotify(Call c) {
        long sev = c.a(1);
        int how = 0, signo = 0;
        long value = 0;
        if (sev != 0) {
            c.check(sev, 64, PROT_READ);
            value = c.mem.read64(sev);
            signo = c.mem.read32(sev + 8);
            how = c.mem.read32(sev + 12);
            if (how != MessageQueue.SIGEV_NONE && how != MessageQueue.SIGEV_SIGNAL) return -Errno.EINVAL;
            if (how == MessageQueue.SIGEV_SIGNAL && (signo < 0 || signo > lxrun.lxcore.Signals.NSIG)) return -Errno.EINVAL;
        }
        MessageQueue q = queueFile(c, 0).queue();
        if (sev == 0) {
            q.unregister(c.process);
            return 0;
        }
        return q.register(c.process, how, signo, value);
    }

    /**
     * mq_getsetattr(2): new and old struct mq_attr {mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs}; EINVAL
     * for new flags other than O_NONBLOCK, EBADF; the old attributes are those before the change.
     */
    static long mqGetsetattr(Call c) {
        long nw = c.a(1), old = c.a(2);
        long flags = 0;
        if (nw != 0) {
            c.check(nw, 64, PROT_READ);
            flags = c.mem.read64(nw);
            if ((flags & ~LxFile.O_NONBLOCK) != 0) return -Errno.EINVAL;
        }
        MessageQueue.File f = queueFile(c, 0);
        MessageQueue q = f.queue();
        long oldFlags = f.statusFlags & LxFile.O_NONBLOCK, cur = q.count();
        if (nw != 0) f.statusFlags = f.statusFlags & ~LxFile.O_NONBLOCK | (int) flags;
        if (old != 0) {
            c.check(old, 64, PROT_WRITE);
            c.mem.fill(old, 64, (byte) 0);
            c.mem.write64(old, oldFlags);
            c.mem.write64(old + 8, q.maxmsg);
            c.mem.write64(old + 16, q.msgsize);
            c.mem.write64(old + 24, cur);
        }
        return 0;
    }
}
