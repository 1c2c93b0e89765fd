package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;

/**
 * An eventfd (eventfd(2)): a 64-bit counter. A read of 8 bytes or more takes the count and zeroes it
 * (EFD_SEMAPHORE: takes 1), waiting while it is 0; a write adds to it, waiting while the sum would pass
 * 0xfffffffffffffffe; -1 is no value (EINVAL). Readable while the count is not 0, writable while 1 more fits.
 */
public final class EventFd extends LxFile {
    public static final int EFD_SEMAPHORE = 1;
    private static final long MAX = 0xfffffffffffffffeL;
    private final boolean semaphore;
    private long count;

    public EventFd(long initial, int flags) {
        super("anon_inode:[eventfd]", O_RDWR | (flags & O_NONBLOCK));
        this.count = initial;
        this.semaphore = (flags & EFD_SEMAPHORE) != 0;
    }

    @Override
    public synchronized int read(byte[] b, int off, int n) {
        if (n < 8) return -Errno.EINVAL;
        while (count == 0) {
            if ((statusFlags & O_NONBLOCK) != 0) return -Errno.EAGAIN;
            int r = await();
            if (r < 0) return r;
        }
        long v = semaphore ? 1 : count;
        count -= v;
        java.nio.ByteBuffer.wrap(b, off, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v);
        changed();
        return 8;
    }

    @Override
    public synchronized int write(byte[] b, int off, int n) {
        if (n < 8) return -Errno.EINVAL;
        long v = java.nio.ByteBuffer.wrap(b, off, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        if (v == -1) return -Errno.EINVAL;
        while (Long.compareUnsigned(v, MAX - count) > 0) {
            if ((statusFlags & O_NONBLOCK) != 0) return -Errno.EAGAIN;
            int r = await();
            if (r < 0) return r;
        }
        count += v;
        if (v != 0) changed();
        return 8;
    }

    private void changed() {
        notifyAll();
        LxFile.readinessChanged();
    }

    /** Waits for a change; a signal for the thread ends it with ERESTARTSYS (eventfd_read's wait). */
    private int await() {
        LxThread t = LxThread.current();
        try {
            if (t == null) wait();
            else t.interruptibly(() -> {
                wait();
                return null;
            });
            return 0;
        } catch (InterruptedException e) {
            return -Signals.ERESTARTSYS;
        }
    }

    /** eventfd_poll: POLLIN with a count, POLLOUT while another 1 fits, POLLERR at the overflow value. */
    @Override
    public synchronized int poll(int events) {
        int r = 0;
        if (count != 0) r |= POLLIN | POLLRDNORM;
        if (count == -1) r |= POLLERR;
        if (Long.compareUnsigned(count, MAX) < 0) r |= POLLOUT | POLLWRNORM;
        return r & (events | POLLERR | POLLHUP);
    }

    @Override
    public Stat stat() {
        return AnonInode.stat();
    }
}
