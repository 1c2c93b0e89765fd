package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A timerfd (timerfd_create(2)): a timer on a clock whose expirations a read of 8 bytes takes as a count
 * (waiting while there are none). Armed with an absolute expiry on its clock and an interval; the count
 * is worked out from the clock when asked, and a task on the shared timer scheduler marks each expiry
 * so that poll, select and epoll waits wake.
 */
public final class TimerFd extends LxFile {
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    /** The next expiry on the clock (0: disarmed), the interval (0: one shot), expirations not yet read. */
    private long next, interval, ticks;
    private ScheduledFuture<?> task;

    public TimerFd(LongSupplier clock, ScheduledExecutorService scheduler, int flags) {
        super("anon_inode:[timerfd]", O_RDWR | (flags & O_NONBLOCK));
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Counts the expirations up to now. */
    private void update() {
        if (next == 0) return;
        long now = clock.getAsLong();
        if (now < next) return;
        if (interval > 0) {
            long k = 1 + (now - next) / interval;
            ticks += k;
            next += k * interval;
        } else {
            ticks++;
            next = 0;
        }
    }

    /** {interval, time left} of the timer now, as timerfd_gettime gives them (nanoseconds). */
    public synchronized long[] get() {
        update();
        return new long[] {interval, next == 0 ? 0 : Math.max(1, next - clock.getAsLong())};
    }

    /**
     * timerfd_settime: arms the timer at {@code value} (absolute on the clock, or relative to now; 0
     * disarms) with {@code period}; expirations not read are dropped. Returns the old setting.
     */
    public synchronized long[] set(long value, long period, boolean absolute) {
        long[] old = get();
        ticks = 0;
        interval = period;
        next = value == 0 ? 0 : absolute ? Math.max(1, value) : clock.getAsLong() + value;
        schedule();
        notifyAll();
        LxFile.readinessChanged();
        return old;
    }

    private void schedule() {
        if (task != null) task.cancel(false);
        task = null;
        if (next == 0) return;
        task = scheduler.schedule(this::expired, Math.max(0, next - clock.getAsLong()), TimeUnit.NANOSECONDS);
    }

    private synchronized void expired() {
        update();
        if (next != 0) schedule();
        else task = null;
        notifyAll();
        LxFile.readinessChanged();
    }

    @Override
    public synchronized int read(byte[] b, int off, int n) {
        if (n < 8) return -Errno.EINVAL;
        while (true) {
            update();
            if (ticks > 0) break;
            if ((statusFlags & O_NONBLOCK) != 0) return -Errno.EAGAIN;
            LxThread t = LxThread.current();
            long ms = next == 0 ? 0 : Math.max(1, (next - clock.getAsLong() + 999_999) / 1_000_000);
            try {
                if (t == null) wait(ms);
                else t.interruptibly(() -> {
                    wait(ms);
                    return null;
                });
            } catch (InterruptedException e) {
                return -Signals.ERESTARTSYS;
            }
        }
        java.nio.ByteBuffer.wrap(b, off, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(ticks);
        ticks = 0;
        LxFile.readinessChanged();
        return 8;
    }

    @Override
    public synchronized int poll(int events) {
        update();
        return ticks > 0 ? events & (POLLIN | POLLRDNORM) : 0;
    }

    @Override
    protected void onDelete() {
        synchronized (this) {
            if (task != null) task.cancel(false);
        }
    }

    @Override
    public Stat stat() {
        return AnonInode.stat();
    }
}
