package lxrun.lxcore.sys;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Clocks and sleeping: clock_gettime(2), gettimeofday(2), time(2), nanosleep(2), times(2). */
final class TimeCalls {
    private TimeCalls() {}

    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3,
            CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7,
            CLOCK_TAI = 11;
    /** The resolution of the coarse clocks: one tick of a CONFIG_HZ=250 kernel (Debian's). */
    static final long COARSE_RES = 4_000_000;
    private static final long START = System.nanoTime();

    static long cpuNanos() {
        var mx = ManagementFactory.getThreadMXBean();
        long t = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        return t >= 0 ? t : System.nanoTime() - START;
    }

    /** The clock's value in nanoseconds, or -1 for an unknown clock. */
    static long nanos(int clock) {
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_TAI -> { // TAI: with the TAI offset 0 that NTP has not set
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> System.nanoTime();
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> cpuNanos();
            default -> -1;
        };
    }

    /**
     * A clock id as clock_gettime, clock_getres and clock_nanosleep take it: the fixed clocks, and the
     * CPU-time clocks clock_getcpuclockid(3) and pthread_getcpuclockid(3) make (negative:
     * ~pid << 3 | 4 for a thread | CPUCLOCK_PROF 0, VIRT 1 or SCHED 2), which here measure as the fixed
     * CLOCK_PROCESS_CPUTIME_ID for this process and CLOCK_THREAD_CPUTIME_ID for the calling thread.
     * -1 for any other: EINVAL (Linux would also read another process's or thread's CPU time).
     */
    static int clockId(Call c, int clock) {
        if (clock >= 0) return nanos(clock) < 0 ? -1 : clock;
        if ((clock & 3) == 3) return -1; // CLOCKFD: a clock device's fd
        int pid = ~(clock >> 3);
        if ((clock & 4) != 0) return pid == 0 || pid == c.thread.tid() ? CLOCK_THREAD_CPUTIME_ID : -1;
        return pid == 0 || pid == c.process.pid() ? CLOCK_PROCESS_CPUTIME_ID : -1;
    }

    static long clockGettime(Call c) {
        int clock = clockId(c, c.i(0));
        long ns = clock < 0 ? -1 : nanos(clock);
        if (ns < 0) return -Errno.EINVAL;
        c.check(c.a(1), 16, PROT_WRITE);
        c.mem.write64(c.a(1), ns / 1_000_000_000L);
        c.mem.write64(c.a(1) + 8, ns % 1_000_000_000L);
        return 0;
    }

    static long clockGetres(Call c) {
        int clock = clockId(c, c.i(0));
        if (clock < 0) return -Errno.EINVAL;
        if (c.a(1) != 0) {
            c.check(c.a(1), 16, PROT_WRITE);
            c.mem.write64(c.a(1), 0);
            c.mem.write64(c.a(1) + 8, clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE ? COARSE_RES : 1);
        }
        return 0;
    }

    static long gettimeofday(Call c) {
        if (c.a(0) != 0) {
            long ns = nanos(CLOCK_REALTIME);
            c.check(c.a(0), 16, PROT_WRITE);
            c.mem.write64(c.a(0), ns / 1_000_000_000L);
            c.mem.write64(c.a(0) + 8, ns / 1000 % 1_000_000L);
        }
        if (c.a(1) != 0) {
            c.check(c.a(1), 8, PROT_WRITE);
            c.mem.write64(c.a(1), 0);
        }
        return 0;
    }

    static long time(Call c) {
        long s = nanos(CLOCK_REALTIME) / 1_000_000_000L;
        if (c.a(0) != 0) {
            c.check(c.a(0), 8, PROT_WRITE);
            c.mem.write64(c.a(0), s);
        }
        return s;
    }

    /** times(2): clock ticks (100 Hz) of CPU time and of elapsed time. */
    static long times(Call c) {
        long ticks = cpuNanos() / 10_000_000L;
        if (c.a(0) != 0) {
            c.check(c.a(0), 32, PROT_WRITE);
            c.mem.write64(c.a(0), ticks);
            c.mem.write64(c.a(0) + 8, 0);
            c.mem.write64(c.a(0) + 16, 0);
            c.mem.write64(c.a(0) + 24, 0);
        }
        return System.nanoTime() / 10_000_000L;
    }

    static long nanosleep(Call c) {
        return sleep(c, c.a(0), c.a(1), -1);
    }

    /** clock_nanosleep(2): EINVAL for an unknown clock or a thread's CPU clock; flags other than TIMER_ABSTIME are ignored. */
    static long clockNanosleep(Call c) {
        int clock = clockId(c, c.i(0));
        if (clock < 0 || clock == CLOCK_THREAD_CPUTIME_ID) return -Errno.EINVAL;
        boolean abs = (c.i(1) & 1) != 0; // TIMER_ABSTIME
        return sleep(c, c.a(2), abs ? 0 : c.a(3), abs ? clock : -1);
    }

    private static long sleep(Call c, long req, long rem, int absClock) {
        c.check(req, 16, PROT_READ);
        long s = c.mem.read64(req), ns = c.mem.read64(req + 8);
        if (s < 0 || ns < 0 || ns >= 1_000_000_000L) return -Errno.EINVAL;
        long total = s > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : s * 1_000_000_000L + ns;
        if (absClock >= 0) total = Math.max(0, total - nanos(absClock));
        // measured as time elapsed since the start, which cannot overflow as an end time would for a huge request
        final long start = System.nanoTime(), length = total;
        try {
            c.thread.interruptibly(() -> {     // a signal for this thread ends the sleep early (EINTR)
                while (true) {
                    long left = length - (System.nanoTime() - start);
                    if (left <= 0) return null;
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
            });
            return 0;
        } catch (InterruptedException e) {
            long left = Math.max(0, length - (System.nanoTime() - start));
            if (rem != 0 && c.mem.accessible(rem, 16, PROT_WRITE)) {
                c.mem.write64(rem, left / 1_000_000_000L);
                c.mem.write64(rem + 8, left % 1_000_000_000L);
            }
            return -Errno.EINTR;
        }
    }
}
