package lxrun.lxcore;

import lxrun.runtime.mem.GuestMemory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The futex wait queues of an instance (futex(2)), by futex key as Linux's get_futex_key makes it: a
 * private futex (FUTEX_PRIVATE_FLAG, or any futex in private memory) is its address in one address
 * space; a shared futex in shared memory is the memory object and offset, so waiters and wakers in
 * different processes (a forked child, sem_open, a pthread mutex with PTHREAD_PROCESS_SHARED) meet.
 * A waiter parks on a per-key monitor; FUTEX_WAKE wakes up to N of them.
 */
public final class Futexes {
    /** One waiting thread: woken by exactly one FUTEX_WAKE, which takes it off its key's queue. */
    private static final class Waiter {
        boolean woken;
    }

    /** A futex in one address space. */
    private record PrivateKey(GuestMemory space, long addr) {}

    /** The waiters of each key in arrival order (guarded by this). */
    private final Map<Object, ArrayDeque<Waiter>> queues = new HashMap<>();

    /** The futex at {@code addr} of {@code mem}: shared memory's own key unless {@code priv}. */
    public static Object key(GuestMemory mem, long addr, boolean priv) {
        Object shared = priv ? null : mem.sharedPage(addr);
        return shared != null ? shared : new PrivateKey(mem, addr);
    }

    /**
     * FUTEX_WAIT: queues the caller if {@code stillEqual} holds (checked under the queue lock, so a wake
     * that follows the store cannot be missed) and waits until a wake takes it or {@code timeoutNanos}
     * (negative: forever) pass; false on timeout. A wake goes to a waiter that was queued when it came,
     * never to one that arrives after it.
     */
    public boolean await(Object key, long timeoutNanos, java.util.function.BooleanSupplier stillEqual)
            throws InterruptedException {
        Waiter w = new Waiter();
        synchronized (this) {
            if (!stillEqual.getAsBoolean()) return true;
            queues.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(w);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            synchronized (w) {
                while (!w.woken) {
                    if (timeoutNanos < 0) {
                        w.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) return false;
                        w.wait(left / 1_000_000, (int) (left % 1_000_000));
                    }
                }
                return true;
            }
        } finally {
            synchronized (this) {
                ArrayDeque<Waiter> q = queues.get(key);
                if (q != null && q.remove(w) && q.isEmpty()) queues.remove(key);
            }
        }
    }

    /** FUTEX_WAKE: wakes up to {@code n} of the waiters on {@code key}, first come first; returns how many. */
    public int wake(Object key, int n) {
        int k = 0;
        synchronized (this) {
            ArrayDeque<Waiter> q = queues.get(key);
            if (q == null) return 0;
            for (; k < n && !q.isEmpty(); k++) {
                Waiter w = q.pollFirst();
                synchronized (w) {
                    w.woken = true;
                    w.notify();
                }
            }
            if (q.isEmpty()) queues.remove(key);
        }
        return k;
    }
}
