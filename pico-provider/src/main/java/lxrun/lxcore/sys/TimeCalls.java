package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.runtime.ps.PicoThread;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;

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

    /** The value in nanoseconds of a clock that is not a CPU clock, or -1 for an unknown clock. */
    static long nanos(int clock) {
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_TAI -> { // TAI: with the TAI offset 0 that NTP has not set
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> System.nanoTime();
            default -> -1;
        };
    }

    /** What a CPU clock counts: user and system time, user time, all the time run (CPUCLOCK_PROF, VIRT, SCHED). */
    static final int CPUCLOCK_PROF = 0, CPUCLOCK_VIRT = 1, CPUCLOCK_SCHED = 2;

    /**
     * A CPU-time clock: a process's (the sum over its threads, so a thread that has ended no longer
     * counts) or one thread's ({@code thread} not null), counting {@code which}; the Java threads' CPU
     * time, translation included.
     */
    record CpuClock(LxProcess process, PicoThread thread, int which) {
        long nanos() {
            var mx = ManagementFactory.getThreadMXBean();
            long t = 0;
            for (PicoThread pt : thread != null ? List.of(thread) : process.pico.threads()) {
                Thread j = pt.javaThread();
                if (j == null) continue;
                long v = which == CPUCLOCK_VIRT ? mx.getThreadUserTime(j.threadId()) : mx.getThreadCpuTime(j.threadId());
                if (v > 0) t += v;
            }
            return t;
        }

        /** How much faster than real time it can advance at most: by the threads it sums that can run at once. */
        int rate() {
            return thread != null ? 1 : Math.max(1, Math.min(process.pico.threads().size(), Runtime.getRuntime().availableProcessors()));
        }

        /** Whether it can still advance: its thread or process has not ended. */
        boolean live() {
            if (thread != null) return thread.javaThread() != null && thread.javaThread().isAlive();
            return process.endStatus() == -1 && !process.pico.hasExited();
        }
    }

    /**
     * The CPU clock a clock id names (pid_for_clock), or null for another clock: CLOCK_PROCESS_CPUTIME_ID,
     * CLOCK_THREAD_CPUTIME_ID, and the ids clock_getcpuclockid(3) and pthread_getcpuclockid(3) make
     * (negative: ~pid << 3 | 4 for a thread | which; pid 0 is the caller's). EINVAL for which 3, a process
     * not of the instance, a thread not of the caller's process. A CLOCKFD id (a clock device's fd) is not one.
     */
    static CpuClock cpuClock(Call c, int clock) {
        if (clock == CLOCK_PROCESS_CPUTIME_ID) return new CpuClock(c.process, null, CPUCLOCK_SCHED);
        if (clock == CLOCK_THREAD_CPUTIME_ID) return new CpuClock(c.process, c.thread.pico, CPUCLOCK_SCHED);
        if (clock >= 0 || (clock & 7) == 3) return null;
        int which = clock & 3, pid = ~(clock >> 3);
        if (which == 3) throw Errno.error(Errno.EINVAL); // CPUCLOCK_MAX
        if ((clock & 4) != 0) {
            if (pid == 0) return new CpuClock(c.process, c.thread.pico, which);
            for (PicoThread pt : c.process.pico.threads()) if (pt.id == pid) return new CpuClock(c.process, pt, which);
            throw Errno.error(Errno.EINVAL);
        }
        if (pid == 0 || pid == c.process.pid()) return new CpuClock(c.process, null, which);
        for (LxProcess p : c.process.instance.processes()) if (p.pid() == pid) return new CpuClock(p, null, which);
        throw Errno.error(Errno.EINVAL);
    }

    static long clockGettime(Call c) {
        CpuClock cpu = cpuClock(c, c.i(0));
        long ns = cpu != null ? cpu.nanos() : nanos(c.i(0));
        if (ns < 0) return -Errno.EINVAL;
        c.check(c.a(1), 16, PROT_WRITE);
        c.mem.write64(c.a(1), ns / 1_000_000_000L);
        c.mem.write64(c.a(1) + 8, ns % 1_000_000_000L);
        return 0;
    }

    /** clock_getres(2): 1 ns, a tick for the coarse clocks and the CPU clocks other than CPUCLOCK_SCHED. */
    static long clockGetres(Call c) {
        int clock = c.i(0);
        CpuClock cpu = cpuClock(c, clock);
        if (cpu == null && nanos(clock) < 0) return -Errno.EINVAL;
        boolean tick = cpu != null ? cpu.which() != CPUCLOCK_SCHED : clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE;
        if (c.a(1) != 0) {
            c.check(c.a(1), 16, PROT_WRITE);
            c.mem.write64(c.a(1), 0);
            c.mem.write64(c.a(1) + 8, tick ? COARSE_RES : 1);
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

    /**
     * clock_nanosleep(2): EINVAL for an unknown clock or the caller's own thread CPU clock; on a CPU clock
     * it sleeps until that clock reaches the time (other threads or processes use it), on the others for
     * real time; flags other than TIMER_ABSTIME are ignored.
     */
    static long clockNanosleep(Call c) {
        int clock = c.i(0);
        boolean abs = (c.i(1) & 1) != 0; // TIMER_ABSTIME
        CpuClock cpu = cpuClock(c, clock);
        if (cpu != null) {
            if (cpu.thread() == c.thread.pico) return -Errno.EINVAL;
            return cpuSleep(c, cpu, c.a(2), abs ? 0 : c.a(3), abs);
        }
        if (nanos(clock) < 0) return -Errno.EINVAL;
        return sleep(c, c.a(2), abs ? 0 : c.a(3), abs ? clock : -1);
    }

    /** A struct timespec in ns (capped), EFAULT, EINVAL unless 0 <= tv_nsec < 10^9 and tv_sec >= 0. */
    private static long request(Call c, long req) {
        c.check(req, 16, PROT_READ);
        long s = c.mem.read64(req), ns = c.mem.read64(req + 8);
        if (s < 0 || ns < 0 || ns >= 1_000_000_000L) throw Errno.error(Errno.EINVAL);
        return s > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : s * 1_000_000_000L + ns;
    }

    /**
     * The sleep of clock_nanosleep on a CPU clock: until the clock reaches the time, looked at as often as
     * it could have got there; a signal ends it with EINTR and, for a relative one, the CPU time left.
     */
    private static long cpuSleep(Call c, CpuClock cpu, long req, long rem, boolean abs) {
        long t = request(c, req), now = cpu.nanos();
        final long target = abs ? t : t > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + t;
        try {
            c.thread.interruptibly(() -> {
                while (true) {
                    long left = target - cpu.nanos();
                    if (left <= 0 || !cpu.live()) return null;
                    long wait = Math.max(50_000, Math.min(left / cpu.rate(), 10_000_000L));
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            });
            return 0;
        } catch (InterruptedException e) {
            long left = Math.max(0, target - cpu.nanos());
            if (rem != 0 && c.mem.accessible(rem, 16, PROT_WRITE)) {
                c.mem.write64(rem, left / 1_000_000_000L);
                c.mem.write64(rem + 8, left % 1_000_000_000L);
            }
            return -Errno.EINTR;
        }
    }

    private static long sleep(Call c, long req, long rem, int absClock) {
        long total = request(c, req);
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
