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

    // ---------------------------------------------------------------- priority-inheritance futexes

    public static final int FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3fffffff;

    /** A thread waiting in FUTEX_LOCK_PI: the unlocking owner hands it the futex (the word then holds its TID). */
    private static final class PiWaiter {
        final int tid;
        boolean granted;

        PiWaiter(int tid) {
            this.tid = tid;
        }
    }

    /** The FUTEX_LOCK_PI waiters of each key in arrival order (guarded by this). */
    private final Map<Object, ArrayDeque<PiWaiter>> piQueues = new HashMap<>();

    /**
     * FUTEX_LOCK_PI, FUTEX_LOCK_PI2 and FUTEX_TRYLOCK_PI (futex_lock_pi_atomic): a word without an owner
     * TID is taken (its FUTEX_OWNER_DIED kept); EDEADLK when the caller owns it; else FUTEX_WAITERS is
     * set and the owner must be a live thread ({@code alive}; ESRCH). Then a trylock is EAGAIN, and a lock
     * waits until the owner's FUTEX_UNLOCK_PI hands the futex over, or {@code timeoutNanos} (negative:
     * forever) pass (ETIMEDOUT). 0 when the caller owns it. The owner's priority is not raised: guest
     * threads have none that the host schedules by.
     */
    public int lockPi(Object key, GuestMemory mem, long addr, int tid, boolean trylock, long timeoutNanos,
            java.util.function.IntPredicate alive) throws InterruptedException {
        PiWaiter w = new PiWaiter(tid);
        synchronized (this) {
            while (true) {
                int uval = mem.read32(addr), owner = uval & FUTEX_TID_MASK;
                if (owner == 0) {
                    if (mem.cas(addr, 4, uval & 0xffffffffL, (uval & FUTEX_OWNER_DIED | tid) & 0xffffffffL)) return 0;
                    continue;
                }
                if (owner == tid) return -lxrun.lxcore.sys.Errno.EDEADLK;
                if ((uval & FUTEX_WAITERS) == 0 && !mem.cas(addr, 4, uval & 0xffffffffL, (uval | FUTEX_WAITERS) & 0xffffffffL)) continue;
                if (!alive.test(owner)) return -lxrun.lxcore.sys.Errno.ESRCH;
                if (trylock) return -lxrun.lxcore.sys.Errno.EAGAIN;
                break;
            }
            piQueues.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(w);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        InterruptedException interrupted = null;
        synchronized (w) {
            try {
                while (!w.granted) {
                    long left = deadline - System.nanoTime();
                    if (timeoutNanos >= 0 && left <= 0) break;
                    if (timeoutNanos < 0) w.wait();
                    else w.wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            } catch (InterruptedException e) {
                interrupted = e;
            }
        }
        synchronized (this) {
            ArrayDeque<PiWaiter> q = piQueues.get(key);
            if (q != null && q.remove(w) && q.isEmpty()) piQueues.remove(key);
        }
        synchronized (w) { // handed over meanwhile: it is the caller's, whatever ended the wait
            if (w.granted) return 0;
        }
        if (interrupted != null) throw interrupted;
        return -lxrun.lxcore.sys.Errno.ETIMEDOUT;
    }

    /**
     * FUTEX_UNLOCK_PI: EPERM unless the word's owner TID is the caller's; the first waiter gets the futex
     * (the word its TID with FUTEX_WAITERS), or the word becomes 0 (EAGAIN if it changed meanwhile).
     */
    public int unlockPi(Object key, GuestMemory mem, long addr, int tid) {
        synchronized (this) {
            while (true) {
                int uval = mem.read32(addr);
                if ((uval & FUTEX_TID_MASK) != tid) return -lxrun.lxcore.sys.Errno.EPERM;
                ArrayDeque<PiWaiter> q = piQueues.get(key);
                PiWaiter next = q == null ? null : q.peekFirst();
                if (next == null) return mem.cas(addr, 4, uval & 0xffffffffL, 0) ? 0 : -lxrun.lxcore.sys.Errno.EAGAIN;
                if (!mem.cas(addr, 4, uval & 0xffffffffL, (FUTEX_WAITERS | next.tid) & 0xffffffffL)) continue;
                q.pollFirst();
                if (q.isEmpty()) piQueues.remove(key);
                synchronized (next) {
                    next.granted = true;
                    next.notify();
                }
                return 0;
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
