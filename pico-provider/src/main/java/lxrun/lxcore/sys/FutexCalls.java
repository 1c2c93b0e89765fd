package lxrun.lxcore.sys;

import lxrun.lxcore.Futexes;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * futex(2): WAIT, WAKE, their bitset forms (bitsets are treated as all ones: a waiter may be woken
 * spuriously, which futex users allow), REQUEUE and CMP_REQUEUE (waiters are woken rather than moved,
 * again a spurious wakeup), WAKE_OP, and the priority-inheritance LOCK_PI, LOCK_PI2, TRYLOCK_PI and
 * UNLOCK_PI (PTHREAD_PRIO_INHERIT mutexes; not WAIT_REQUEUE_PI and CMP_REQUEUE_PI). Without
 * FUTEX_PRIVATE_FLAG a futex in shared memory is keyed by the memory itself, so processes sharing it
 * wait and wake each other ({@link lxrun.lxcore.Futexes}).
 */
final class FutexCalls {
    private FutexCalls() {}

    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5,
            FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10,
            FUTEX_LOCK_PI2 = 13;
    static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

    static long futex(Call c) {
        long addr = c.a(0);
        int op = c.i(1) & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME), val = c.i(2);
        boolean priv = (c.i(1) & FUTEX_PRIVATE_FLAG) != 0;
        if ((addr & 3) != 0) return -Errno.EINVAL;
        if ((c.i(1) & FUTEX_CLOCK_REALTIME) != 0 && op != FUTEX_WAIT_BITSET && op != FUTEX_WAIT && op != FUTEX_LOCK_PI2) return -Errno.ENOSYS;
        switch (op) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                if (op == FUTEX_WAIT_BITSET && c.i(5) == 0) return -Errno.EINVAL;
                c.check(addr, 4, PROT_READ);
                long timeout = -1;
                if (c.a(3) != 0) {
                    c.check(c.a(3), 16, PROT_READ);
                    long sec = c.mem.read64(c.a(3)), nsec = c.mem.read64(c.a(3) + 8);
                    if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) return -Errno.EINVAL;
                    long ns = sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
                    if (op == FUTEX_WAIT_BITSET) {   // absolute
                        int clock = (c.i(1) & FUTEX_CLOCK_REALTIME) != 0 ? TimeCalls.CLOCK_REALTIME : TimeCalls.CLOCK_MONOTONIC;
                        ns -= TimeCalls.nanos(clock);
                    }
                    timeout = Math.max(ns, 0);
                }
                if (c.mem.read32(addr) != val) return -Errno.EAGAIN;
                final long t = timeout;
                try {
                    boolean woken = c.thread.interruptibly(
                            () -> c.process.futexes.await(Futexes.key(c.mem, addr, priv), t, () -> c.mem.read32(addr) == val));
                    return woken ? 0 : -Errno.ETIMEDOUT;
                } catch (InterruptedException e) {
                    // futex_wait: without a timeout the wait is re-run under SA_RESTART (ERESTARTSYS), with one EINTR
                    return t < 0 ? -lxrun.lxcore.Signals.ERESTARTSYS : -Errno.EINTR;
                }
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                if (op == FUTEX_WAKE_BITSET && c.i(5) == 0) return -Errno.EINVAL;
                return c.process.futexes.wake(Futexes.key(c.mem, addr, priv), val);
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                long addr2 = c.a(4);
                int nrRequeue = c.i(3);
                if (val < 0 || nrRequeue < 0 || (addr2 & 3) != 0) return -Errno.EINVAL;
                if (op == FUTEX_CMP_REQUEUE) {
                    c.check(addr, 4, PROT_READ);
                    if (c.mem.read32(addr) != c.i(5)) return -Errno.EAGAIN;
                }
                // the requeued waiters are woken instead: they re-check their condition and wait again
                return c.process.futexes.wake(Futexes.key(c.mem, addr, priv), (int) Math.min(Integer.MAX_VALUE, (long) val + nrRequeue));
            }
            case FUTEX_WAKE_OP -> {
                long addr2 = c.a(4);
                int val2 = c.i(3), encoded = c.i(5);
                if ((addr2 & 3) != 0) return -Errno.EINVAL;
                c.check(addr2, 4, PROT_READ | PROT_WRITE);
                int wop = (encoded >>> 28) & 7, cmp = (encoded >>> 24) & 15;
                int oparg = (encoded << 8) >> 20, cmparg = (encoded << 20) >> 20;
                if (((encoded >>> 28) & 8) != 0) oparg = 1 << (oparg & 31);    // FUTEX_OP_OPARG_SHIFT
                int old;
                while (true) {
                    old = c.mem.read32(addr2);
                    int nv = switch (wop) {
                        case 0 -> oparg;            // SET
                        case 1 -> old + oparg;      // ADD
                        case 2 -> old | oparg;      // OR
                        case 3 -> old & ~oparg;     // ANDN
                        case 4 -> old ^ oparg;      // XOR
                        default -> Integer.MIN_VALUE;
                    };
                    if (wop > 4) return -Errno.ENOSYS;
                    if (c.mem.cas(addr2, 4, old & 0xffffffffL, nv & 0xffffffffL)) break;
                }
                boolean hit = switch (cmp) {
                    case 0 -> old == cmparg;
                    case 1 -> old != cmparg;
                    case 2 -> old < cmparg;
                    case 3 -> old <= cmparg;
                    case 4 -> old > cmparg;
                    case 5 -> old >= cmparg;
                    default -> false;
                };
                if (cmp > 5) return -Errno.ENOSYS;
                int n = c.process.futexes.wake(Futexes.key(c.mem, addr, priv), val);
                if (hit) n += c.process.futexes.wake(Futexes.key(c.mem, addr2, priv), val2);
                return n;
            }
            case FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI -> {
                return lockPi(c, addr, priv, op);
            }
            case FUTEX_UNLOCK_PI -> {
                c.check(addr, 4, PROT_READ | PROT_WRITE);
                return c.process.futexes.unlockPi(Futexes.key(c.mem, addr, priv), c.mem, addr, (int) c.thread.tid());
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /**
     * FUTEX_LOCK_PI (an absolute CLOCK_REALTIME timeout), FUTEX_LOCK_PI2 (absolute CLOCK_MONOTONIC, or
     * CLOCK_REALTIME under FUTEX_CLOCK_REALTIME), FUTEX_TRYLOCK_PI (never waits): EINVAL for a bad
     * timeout, EFAULT; a signal re-runs the call after its handler (ERESTARTNOINTR), as Linux does.
     */
    private static long lockPi(Call c, long addr, boolean priv, int op) {
        long timeout = -1;
        if (c.a(3) != 0 && op != FUTEX_TRYLOCK_PI) {
            c.check(c.a(3), 16, PROT_READ);
            long sec = c.mem.read64(c.a(3)), nsec = c.mem.read64(c.a(3) + 8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) return -Errno.EINVAL;
            long ns = sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
            boolean realtime = op == FUTEX_LOCK_PI || (c.i(1) & FUTEX_CLOCK_REALTIME) != 0;
            timeout = Math.max(0, ns - TimeCalls.nanos(realtime ? TimeCalls.CLOCK_REALTIME : TimeCalls.CLOCK_MONOTONIC));
        }
        c.check(addr, 4, PROT_READ | PROT_WRITE);
        final long t = timeout;
        try {
            return c.thread.interruptibly(() -> c.process.futexes.lockPi(Futexes.key(c.mem, addr, priv), c.mem, addr,
                    (int) c.thread.tid(), op == FUTEX_TRYLOCK_PI, t, tid -> threadExists(c, tid)));
        } catch (InterruptedException e) {
            return -lxrun.lxcore.Signals.ERESTARTNOINTR;
        }
    }

    /** Whether a thread of the instance has the TID (a PI futex's owner must). */
    private static boolean threadExists(Call c, int tid) {
        for (var p : c.process.instance.processes()) {
            for (var pt : p.pico.threads()) if (pt.id == tid) return true;
        }
        return false;
    }
}
