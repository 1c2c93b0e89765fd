package lxrun.lxcore.sys;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * System V message queues (msgget(2), msgsnd(2), msgrcv(2), msgctl(2); ipc/msg.c): an instance's queues
 * of typed messages, each holding up to msg_qbytes bytes; senders wait while a queue is full, receivers
 * until a message of the type they ask for comes. The instance's table monitor guards every queue;
 * waiters wait on it.
 */
final class MsgCalls {
    private MsgCalls() {}

    static final int MSG_STAT = 11, MSG_INFO = 12, MSG_STAT_ANY = 13;
    static final int MSG_NOERROR = 010000, MSG_EXCEPT = 020000, MSG_COPY = 040000;
    static final int MSGMAX = 8192, MSGMNB = 16384, MSGMNI = 32000;

    record Message(long type, byte[] text) {}

    static final class Queue extends Ipc.Obj {
        final java.util.ArrayList<Message> messages = new java.util.ArrayList<>();
        long bytes, qbytes = MSGMNB, stime, rtime;
        int lspid, lrpid;
    }

    private static Ipc.Table<Queue> table(Call c) {
        return Ipc.of(c.process.instance).msg();
    }

    /** msgget(2): the queue of key (a new one for IPC_PRIVATE or under IPC_CREAT). */
    static long msgget(Call c) {
        var t = table(c);
        synchronized (t) {
            return t.get(c.process, c.i(0), c.i(1), Queue::new, q -> 0);
        }
    }

    /**
     * msgsnd(2): EFAULT for the type, EINVAL for a size past MSGMAX or a negative id, a type below 1, EFAULT
     * for the text, EINVAL for an unknown queue, EACCES without write permission; waits while the queue is
     * full (EAGAIN under IPC_NOWAIT, EINTR for a signal, EIDRM when the queue goes).
     */
    static long msgsnd(Call c) {
        int id = c.i(0), flags = c.i(3);
        long msgp = c.a(1), size = c.a(2);
        c.check(msgp, 8, PROT_READ);
        long type = c.mem.read64(msgp);
        if (size > MSGMAX || size < 0 || id < 0) return -Errno.EINVAL;
        if (type < 1) return -Errno.EINVAL;
        c.check(msgp + 8, size, PROT_READ);
        Message m = new Message(type, c.mem.read(msgp + 8, (int) size));
        var t = table(c);
        synchronized (t) {
            Queue q = t.get(id);
            if (q == null) return -Errno.EINVAL;
            if (!Ipc.permitted(c.process, q, 0222)) return -Errno.EACCES;
        }
        try {
            return c.thread.interruptibly(() -> {
                synchronized (t) {
                    Queue q = t.get(id);
                    if (q == null) return (long) -Errno.EIDRM;
                    // msg_fits: the bytes and the number of messages both within msg_qbytes
                    while (q.bytes + size > q.qbytes || q.messages.size() + 1 > q.qbytes) {
                        if ((flags & Ipc.IPC_NOWAIT) != 0) return (long) -Errno.EAGAIN;
                        t.wait();
                        if (q.removed) return (long) -Errno.EIDRM;
                    }
                    q.messages.add(m);
                    q.bytes += size;
                    q.lspid = (int) c.process.pid();
                    q.stime = Ipc.now();
                    t.notifyAll();
                    return 0L;
                }
            });
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        }
    }

    /** The message msgrcv takes: the first (type 0), the first of type (or, MSG_EXCEPT, of another), the lowest type up to -type. */
    private static int find(Queue q, long type, int flags) {
        int best = -1;
        for (int i = 0; i < q.messages.size(); i++) {
            long mt = q.messages.get(i).type();
            if (type == 0) return i;
            if (type > 0) {
                if ((flags & MSG_EXCEPT) != 0 ? mt != type : mt == type) return i;
            } else if (mt <= -type && (best < 0 || mt < q.messages.get(best).type())) {
                best = i;
            }
        }
        return best;
    }

    /**
     * msgrcv(2): EINVAL for a negative id or size, an unknown queue, MSG_COPY without IPC_NOWAIT or with
     * MSG_EXCEPT; EACCES without read permission; the message msgtyp selects (MSG_COPY: a copy of the
     * msgtyp-th, ENOMSG if there are fewer) written as its type and text; E2BIG for a longer text unless
     * MSG_NOERROR cuts it; waits for one (ENOMSG under IPC_NOWAIT, EINTR for a signal, EIDRM).
     */
    static long msgrcv(Call c) {
        int id = c.i(0), flags = c.i(4);
        long msgp = c.a(1), size = c.a(2), type = c.a(3);
        if (id < 0 || size < 0) return -Errno.EINVAL;
        if ((flags & MSG_COPY) != 0 && ((flags & MSG_EXCEPT) != 0 || (flags & Ipc.IPC_NOWAIT) == 0)) return -Errno.EINVAL;
        var t = table(c);
        synchronized (t) {
            Queue q = t.get(id);
            if (q == null) return -Errno.EINVAL;
            if (!Ipc.permitted(c.process, q, 0444)) return -Errno.EACCES;
        }
        Message m;
        try {
            m = c.thread.interruptibly(() -> {
                synchronized (t) {
                    Queue q = t.get(id);
                    if (q == null) throw Errno.error(Errno.EIDRM);
                    while (true) {
                        int i = (flags & MSG_COPY) != 0 ? (type >= 0 && type < q.messages.size() ? (int) type : -1) : find(q, type, flags);
                        if (i >= 0) {
                            Message got = q.messages.get(i);
                            if (got.text().length > size && (flags & MSG_NOERROR) == 0) throw Errno.error(Errno.E2BIG);
                            if ((flags & MSG_COPY) == 0) {
                                q.messages.remove(i);
                                q.bytes -= got.text().length;
                                q.lrpid = (int) c.process.pid();
                                q.rtime = Ipc.now();
                                t.notifyAll();
                            }
                            return got;
                        }
                        if ((flags & Ipc.IPC_NOWAIT) != 0) throw Errno.error(Errno.ENOMSG);
                        t.wait();
                        if (q.removed) throw Errno.error(Errno.EIDRM);
                    }
                }
            });
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof LinuxError le) return -le.errno;
            throw e;
        }
        int n = (int) Math.min(size, m.text().length);
        c.check(msgp, 8 + n, PROT_WRITE); // the message is gone then, as Linux's store_msg fails after the dequeue
        c.mem.write64(msgp, m.type());
        c.mem.write(msgp + 8, java.util.Arrays.copyOf(m.text(), n));
        return n;
    }

    /**
     * msgctl(2): IPC_STAT, MSG_STAT, MSG_STAT_ANY (struct msqid64_ds), IPC_SET (owner; msg_qbytes above
     * MSGMNB only for root, EPERM), IPC_RMID (waiters fail with EIDRM), IPC_INFO and MSG_INFO (struct
     * msginfo; the highest index).
     */
    static long msgctl(Call c) {
        int id = c.i(0), cmd = c.i(1);
        long buf = c.a(2);
        if (id < 0 || cmd < 0) return -Errno.EINVAL;
        var t = table(c);
        synchronized (t) {
            switch (cmd) {
                case Ipc.IPC_INFO, MSG_INFO -> {
                    c.check(buf, 32, PROT_WRITE);
                    int msgs = 0;
                    long bytes = 0;
                    for (Queue q : t.byIndex.values()) {
                        msgs += q.messages.size();
                        bytes += q.bytes;
                    }
                    boolean info = cmd == MSG_INFO;
                    // msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql, msgseg
                    int[] v = {info ? t.byIndex.size() : MSGMNI * MSGMNB / 1024, info ? msgs : MSGMNB, MSGMAX, MSGMNB, MSGMNI, 16,
                        info ? (int) bytes : MSGMNB, 0xffff};
                    for (int i = 0; i < 7; i++) c.mem.write32(buf + 4L * i, v[i]);
                    c.mem.write16(buf + 28, (short) v[7]);
                    return t.highest();
                }
                case Ipc.IPC_STAT, MSG_STAT, MSG_STAT_ANY -> {
                    Queue q = cmd == Ipc.IPC_STAT ? t.get(id) : t.at(id);
                    if (q == null) return -Errno.EINVAL;
                    if (cmd != MSG_STAT_ANY && !Ipc.permitted(c.process, q, 0444)) return -Errno.EACCES;
                    c.check(buf, 120, PROT_WRITE);
                    Ipc.writePerm(c, buf, q);
                    c.mem.fill(buf + 48, 72, (byte) 0);
                    c.mem.write64(buf + 48, q.stime);
                    c.mem.write64(buf + 56, q.rtime);
                    c.mem.write64(buf + 64, q.ctime);
                    c.mem.write64(buf + 72, q.bytes);
                    c.mem.write64(buf + 80, q.messages.size());
                    c.mem.write64(buf + 88, q.qbytes);
                    c.mem.write32(buf + 96, q.lspid);
                    c.mem.write32(buf + 100, q.lrpid);
                    return cmd == Ipc.IPC_STAT ? 0 : q.id;
                }
                case Ipc.IPC_SET, Ipc.IPC_RMID -> {
                    Queue q = t.get(id);
                    if (q == null) return -Errno.EINVAL;
                    if (cmd == Ipc.IPC_SET) c.check(buf, 120, PROT_READ);
                    if (!Ipc.owner(c.process, q)) return -Errno.EPERM;
                    if (cmd == Ipc.IPC_RMID) {
                        t.remove(q);
                        t.notifyAll();
                        return 0;
                    }
                    long qbytes = c.mem.read64(buf + 88);
                    if (Long.compareUnsigned(qbytes, MSGMNB) > 0 && c.process.creds.euid() != 0) return -Errno.EPERM;
                    Ipc.readPerm(c, buf, q);
                    q.qbytes = qbytes;
                    t.notifyAll();
                    return 0;
                }
                default -> {
                    return -Errno.EINVAL;
                }
            }
        }
    }
}
