package lxrun.lxcore.sys;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;

/** futex(2): FUTEX_WAIT, FUTEX_WAKE and their bitset forms (bitsets treated as all ones). */
final class FutexCalls {
    private FutexCalls() {}

    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;
    static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

    static long futex(Call c) {
        long addr = c.a(0);
        int op = c.i(1) & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME), val = c.i(2);
        if ((addr & 3) != 0) return -Errno.EINVAL;
        switch (op) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                c.check(addr, 4, PROT_READ);
                long timeout = -1;
                if (c.a(3) != 0) {
                    c.check(c.a(3), 16, PROT_READ);
                    long ns = c.mem.read64(c.a(3)) * 1_000_000_000L + c.mem.read64(c.a(3) + 8);
                    if (op == FUTEX_WAIT_BITSET) {   // absolute
                        int clock = (c.i(1) & FUTEX_CLOCK_REALTIME) != 0 ? TimeCalls.CLOCK_REALTIME : TimeCalls.CLOCK_MONOTONIC;
                        ns -= TimeCalls.nanos(clock);
                    }
                    timeout = Math.max(ns, 0);
                }
                if (c.mem.read32(addr) != val) return -Errno.EAGAIN;
                if (c.process.pico.threads().size() <= 1 && timeout < 0) {
                    return -Errno.EDEADLK;  // nobody could ever wake it; better than hanging forever
                }
                try {
                    boolean woken = c.process.futexes.await(addr, timeout, () -> c.mem.read32(addr) == val);
                    return woken ? 0 : -Errno.ETIMEDOUT;
                } catch (InterruptedException e) {
                    return -Errno.EINTR;
                }
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                return c.process.futexes.wake(addr, val);
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }
}
