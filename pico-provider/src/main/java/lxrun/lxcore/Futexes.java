package lxrun.lxcore;

import java.util.HashMap;
import java.util.Map;

/**
 * Futex wait queues of one process, by guest address (futex(2)). A waiter parks on a per-address
 * monitor; FUTEX_WAKE wakes up to N of them. Enough for one thread and for simple multi-threading.
 */
public final class Futexes {
    private static final class Queue {
        int waiters, wakeups;
    }

    private final Map<Long, Queue> queues = new HashMap<>();

    /** Waits until woken or {@code timeoutNanos} (negative: forever) pass; false on timeout. */
    public boolean await(long addr, long timeoutNanos, java.util.function.BooleanSupplier stillEqual)
            throws InterruptedException {
        Queue q;
        synchronized (this) {
            if (!stillEqual.getAsBoolean()) return true;
            q = queues.computeIfAbsent(addr, a -> new Queue());
            q.waiters++;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (q) {
            try {
                while (q.wakeups == 0) {
                    if (timeoutNanos < 0) {
                        q.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) return false;
                        q.wait(left / 1_000_000, (int) (left % 1_000_000));
                    }
                }
                q.wakeups--;
                return true;
            } finally {
                synchronized (this) {
                    q.waiters--;
                    if (q.waiters == 0 && q.wakeups == 0) queues.remove(addr);
                }
            }
        }
    }

    /** Wakes up to {@code n} waiters on {@code addr}; returns how many. */
    public int wake(long addr, int n) {
        Queue q;
        synchronized (this) {
            q = queues.get(addr);
            if (q == null) return 0;
        }
        synchronized (q) {
            int k = Math.max(0, Math.min(n, q.waiters - q.wakeups));
            q.wakeups += k;
            q.notifyAll();
            return k;
        }
    }
}
