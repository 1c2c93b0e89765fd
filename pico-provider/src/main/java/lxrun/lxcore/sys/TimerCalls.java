package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * Interval timers: alarm(2), getitimer(2)/setitimer(2) and the POSIX timers of timer_create(2),
 * timer_settime(2), timer_gettime(2), timer_getoverrun(2), timer_delete(2). Each process has one set
 * (created on first use), run by a shared daemon scheduler; a fork starts without timers, an exec keeps
 * the itimers and deletes the POSIX timers (as Linux), and they die with the process.
 */
final class TimerCalls {
    private TimerCalls() {}

    static final int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
    static final int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
    static final int TIMER_ABSTIME = 1;
    private static final long NS = 1_000_000_000L;

    static final ScheduledThreadPoolExecutor CLOCK = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "lxrun-timers");
        t.setDaemon(true);
        return t;
    });

    static {
        CLOCK.setRemoveOnCancelPolicy(true);
    }

    /**
     * One timer: armed while {@code expiry} (System.nanoTime, or the time of its CPU clock) is not 0,
     * reloaded by {@code interval}; each expiry sends its signal unless the last one is still pending,
     * which counts an overrun instead. A CPU clock's timer looks at the clock as often as it could have
     * reached the expiry (real time for a thread's, divided by the threads that can run at once for a
     * process's, and at least every 10 ms).
     */
    private static final class Timer {
        final LxProcess process;
        /** The CPU clock it runs on, or null for a clock of real time. */
        final TimeCalls.CpuClock cpu;
        final int id, clock, notify, signo, tid;
        final long value;
        long interval, expiry, generation;
        int overrun, lastOverrun;
        ScheduledFuture<?> next;
        /** The last signal sent, and to which thread (null: the process). */
        Signals.Info sent;
        LxThread sentTo;

        Timer(LxProcess process, int id, int clock, TimeCalls.CpuClock cpu, int notify, int signo, long value, int tid) {
            this.process = process;
            this.cpu = cpu;
            this.id = id;
            this.clock = clock;
            this.notify = notify;
            this.signo = signo;
            this.value = value;
            this.tid = tid;
        }

        /** Arms for {@code first} ns from now (0 disarms), then every {@code interval} ns (0: once). */
        synchronized void arm(long first, long interval) {
            if (next != null) next.cancel(false);
            next = null;
            generation++;
            this.interval = first == 0 ? 0 : interval;
            expiry = first == 0 ? 0 : now() + Math.max(1, first);
            schedule();
        }

        /** Its clock's time: System.nanoTime, or the CPU clock's. */
        long now() {
            return cpu != null ? cpu.nanos() : System.nanoTime();
        }

        private void schedule() {
            long gen = generation;
            if (expiry == 0) return;
            long left = expiry - now();
            if (cpu != null) left = Math.max(50_000, Math.min(left / cpu.rate(), 10_000_000L));
            next = CLOCK.schedule(() -> fire(gen), left, TimeUnit.NANOSECONDS);
        }

        /**
         * Nanoseconds to the next expiry, 0 when disarmed or when a one-shot timer is due: the clock decides,
         * not whether the timer thread has run fire() yet (a loaded machine delays it).
         */
        synchronized long remaining() {
            if (expiry == 0) return 0;
            long left = expiry - now();
            if (left > 0) return left;
            if (interval == 0) return 0;
            long into = -left % interval;
            return into == 0 ? interval : interval - into;
        }

        /** timer_delete: disarmed, and its signal taken back if it is still pending. */
        void delete() {
            arm(0, 0);
            Signals.Info i;
            LxThread to;
            synchronized (this) {
                i = sent;
                to = sentTo;
            }
            if (i != null) Signals.withdraw(process, to, i);
        }

        synchronized long interval() {
            return interval;
        }

        private void fire(long gen) {
            Signals.Info info;
            LxThread target = null;
            synchronized (this) {
                if (gen != generation || expiry == 0 || process.endStatus() != -1 || process.pico.hasExited()) return;
                long now = now();
                if (cpu != null && now < expiry) { // not there yet, or never: its thread or process is gone
                    if (cpu.live()) schedule();
                    return;
                }
                if (interval > 0) {
                    long missed = Math.max(0, (now - expiry) / interval);
                    overrun += (int) Math.min(missed, Integer.MAX_VALUE - overrun);
                    expiry += (missed + 1) * interval;
                    schedule();
                } else {
                    expiry = 0;
                }
                if (notify == SIGEV_NONE) return;
                if (notify == SIGEV_THREAD_ID) {
                    for (var pt : process.pico.threads()) if (pt.id == tid && pt.context() instanceof LxThread lt) target = lt;
                    if (target == null) return;
                }
                if (target != null ? Signals.isPending(target, signo) : (process.pending & Signals.bit(signo)) != 0) {
                    if (overrun < Integer.MAX_VALUE) overrun++;
                    return;
                }
                lastOverrun = overrun;
                overrun = 0;
                info = id < 0 ? new Signals.Info(signo, Signals.SI_KERNEL, 0, 0, 0)
                        : new Signals.Info(signo, Signals.SI_TIMER, 0, id, lastOverrun, value);
                sent = info;
                sentTo = target;
            }
            if (target != null) Signals.send(target, info);
            else Signals.sendProcess(process, info, null);
        }
    }

    /**
     * A process's timers: the three itimers and the POSIX timers by id. ITIMER_VIRTUAL and ITIMER_PROF
     * count down the process's user and user+system CPU time (its threads' Java CPU time, looked at every
     * 10 ms while one is armed; a thread that has ended no longer counts) and send SIGVTALRM and SIGPROF.
     */
    private static final class Timers implements AutoCloseable {
        final Timer real;
        final LxProcess process;
        /** ITIMER_VIRTUAL and ITIMER_PROF: {interval, time left} in ns (guarded by this). */
        final long[][] cpuItimers = new long[3][];
        final Map<Integer, Timer> posix = new TreeMap<>();
        int nextId;
        private ScheduledFuture<?> cpuTick;
        private long lastUser, lastTotal;

        Timers(LxProcess p) {
            process = p;
            real = new Timer(p, -1, TimeCalls.CLOCK_MONOTONIC, null, SIGEV_SIGNAL, Signals.SIGALRM, 0, 0);
        }

        private boolean cpuLive(int which) {
            return cpuItimers[which] != null && cpuItimers[which][1] > 0;
        }

        /** After a CPU itimer changes: the 10 ms look at the CPU time runs while one is armed. */
        synchronized void cpuChanged() {
            boolean any = cpuLive(ITIMER_VIRTUAL) || cpuLive(ITIMER_PROF);
            if (any && cpuTick == null) {
                long[] t = cpuTimes(process);
                lastUser = t[0];
                lastTotal = t[1];
                cpuTick = CLOCK.scheduleAtFixedRate(this::tickCpu, 10, 10, TimeUnit.MILLISECONDS);
            } else if (!any && cpuTick != null) {
                cpuTick.cancel(false);
                cpuTick = null;
            }
        }

        private void tickCpu() {
            int[] expired = new int[2];
            int n = 0;
            synchronized (this) {
                if (process.endStatus() != -1 || process.pico.hasExited()) {
                    cpuItimers[ITIMER_VIRTUAL] = cpuItimers[ITIMER_PROF] = null;
                    cpuChanged();
                    return;
                }
                long[] t = cpuTimes(process);
                long[] used = {0, Math.max(0, t[0] - lastUser), Math.max(0, t[1] - lastTotal)};
                lastUser = t[0];
                lastTotal = t[1];
                for (int w = ITIMER_VIRTUAL; w <= ITIMER_PROF; w++) {
                    long[] it = cpuItimers[w];
                    if (it == null || it[1] <= 0) continue;
                    it[1] -= used[w];
                    if (it[1] > 0) continue;
                    expired[n++] = w == ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
                    it[1] = it[0]; // reloaded, or 0: disarmed
                }
                cpuChanged();
            }
            for (int i = 0; i < n; i++) Signals.sendProcess(process, new Signals.Info(expired[i], Signals.SI_KERNEL, 0, 0, 0), null);
        }

        /** exec: the POSIX timers are deleted, the itimers stay. */
        synchronized void deletePosix() {
            for (Timer t : posix.values()) t.delete();
            posix.clear();
        }

        @Override
        public synchronized void close() {
            real.arm(0, 0);
            deletePosix();
            if (cpuTick != null) cpuTick.cancel(false);
            cpuTick = null;
        }
    }

    static final int SIGVTALRM = 26, SIGPROF = 27;

    /** The process's {user, user+system} CPU time in ns. */
    private static long[] cpuTimes(LxProcess p) {
        return new long[] {new TimeCalls.CpuClock(p, null, TimeCalls.CPUCLOCK_VIRT).nanos(),
                new TimeCalls.CpuClock(p, null, TimeCalls.CPUCLOCK_PROF).nanos()};
    }

    private static Timers timers(LxProcess p) {
        synchronized (p) {
            if (p.timers == null) p.timers = new Timers(p);
            return (Timers) p.timers;
        }
    }

    /** On execve: POSIX timers are disarmed and deleted, itimers and alarms preserved (timer_create(2)). */
    static void execed(LxProcess p) {
        if (p.timers instanceof Timers ts) ts.deletePosix();
    }

    // ------------------------------------------------------------ itimers

    /** A struct timeval in ns; EINVAL unless 0 <= tv_usec < 1000000. */
    private static long timeval(Call c, long a) {
        long s = c.mem.read64(a), us = c.mem.read64(a + 8);
        if (s < 0 || us < 0 || us >= 1_000_000) throw Errno.error(Errno.EINVAL);
        return s > Long.MAX_VALUE / NS / 2 ? Long.MAX_VALUE / 2 : s * NS + us * 1000;
    }

    private static void writeTimeval(Call c, long a, long ns) {
        c.mem.write64(a, ns / NS);
        c.mem.write64(a + 8, ns % NS / 1000);
    }

    /** The itimer's {interval, value} in ns. */
    private static long[] itimer(Timers ts, int which) {
        if (which == ITIMER_REAL) return new long[] {ts.real.interval(), ts.real.remaining()};
        synchronized (ts) {
            return ts.cpuItimers[which] == null ? new long[2] : ts.cpuItimers[which].clone();
        }
    }

    /**
     * getitimer(2): struct itimerval {it_interval, it_value}: the time left to SIGALRM (ITIMER_REAL), or
     * the CPU time left to SIGVTALRM (ITIMER_VIRTUAL) or SIGPROF (ITIMER_PROF).
     */
    static long getitimer(Call c) {
        int which = c.i(0);
        if (which < ITIMER_REAL || which > ITIMER_PROF) return -Errno.EINVAL;
        c.check(c.a(1), 32, PROT_WRITE);
        long[] v = itimer(timers(c.process), which);
        writeTimeval(c, c.a(1), v[0]);
        writeTimeval(c, c.a(1) + 16, v[1]);
        return 0;
    }

    /**
     * setitimer(2): arms ITIMER_REAL (SIGALRM after it_value of real time, then every it_interval),
     * ITIMER_VIRTUAL (SIGVTALRM, user CPU time) or ITIMER_PROF (SIGPROF, user and system CPU time); a
     * null or zero value disarms.
     */
    static long setitimer(Call c) {
        int which = c.i(0);
        long nv = c.a(1), ov = c.a(2);
        if (which < ITIMER_REAL || which > ITIMER_PROF) return -Errno.EINVAL;
        long interval = 0, value = 0;
        if (nv != 0) {
            c.check(nv, 32, PROT_READ);
            interval = timeval(c, nv);
            value = timeval(c, nv + 16);
        }
        if (ov != 0) c.check(ov, 32, PROT_WRITE);
        Timers ts = timers(c.process);
        long[] old = itimer(ts, which);
        if (which == ITIMER_REAL) ts.real.arm(value, interval);
        else synchronized (ts) {
            ts.cpuItimers[which] = new long[] {value == 0 ? 0 : interval, value};
            ts.cpuChanged();
        }
        if (ov != 0) {
            writeTimeval(c, ov, old[0]);
            writeTimeval(c, ov + 16, old[1]);
        }
        return 0;
    }

    /** alarm(2): SIGALRM in {@code seconds} (0 cancels); returns the seconds left of the previous one, rounded. */
    static long alarm(Call c) {
        long secs = c.a(0) & 0xffffffffL;
        Timer real = timers(c.process).real;
        long left;
        synchronized (real) {
            left = real.remaining();
            real.arm(secs * NS, 0);
        }
        long s = left / NS, us = left % NS / 1000;
        return (s == 0 && us != 0) || us >= 500_000 ? s + 1 : s; // as alarm_setitimer rounds
    }

    // ------------------------------------------------------------ POSIX timers

    private static Timer timer(Call c, int id) {
        Timers ts = timers(c.process);
        synchronized (ts) {
            Timer t = ts.posix.get(id);
            if (t == null) throw Errno.error(Errno.EINVAL);
            return t;
        }
    }

    /**
     * timer_create(2) on CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME or a CPU clock (the process's,
     * a thread's, or one of clock_getcpuclockid(3): EINVAL after the sigevent for a process or thread
     * there is not): struct sigevent {sigev_value, sigev_signo, sigev_notify, sigev_notify_thread_id}; a
     * null one is SIGEV_SIGNAL of SIGALRM with the timer id as value. EOPNOTSUPP for a clock device's fd.
     */
    static long timerCreate(Call c) {
        int clock = c.i(0);
        long sev = c.a(1), idp = c.a(2);
        switch (clock) {
            case TimeCalls.CLOCK_REALTIME, TimeCalls.CLOCK_MONOTONIC, TimeCalls.CLOCK_BOOTTIME,
                    TimeCalls.CLOCK_PROCESS_CPUTIME_ID, TimeCalls.CLOCK_THREAD_CPUTIME_ID -> { }
            case TimeCalls.CLOCK_MONOTONIC_RAW, TimeCalls.CLOCK_REALTIME_COARSE, TimeCalls.CLOCK_MONOTONIC_COARSE -> {
                return -Errno.EOPNOTSUPP;
            }
            case 8, 9 -> {
                return -Errno.EPERM; // CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM need CAP_WAKE_ALARM
            }
            default -> {
                if (clock >= 0) return -Errno.EINVAL;
                if ((clock & 7) == 3) return -Errno.EOPNOTSUPP; // CLOCKFD: no timers
            }
        }
        int notify = SIGEV_SIGNAL, signo = Signals.SIGALRM, tid = 0;
        long value = 0;
        boolean defaultValue = sev == 0;
        if (sev != 0) {
            c.check(sev, 20, PROT_READ);
            value = c.mem.read64(sev);
            signo = c.mem.read32(sev + 8);
            notify = c.mem.read32(sev + 12);
            tid = c.mem.read32(sev + 16);
            if (notify != SIGEV_SIGNAL && notify != SIGEV_NONE && notify != SIGEV_THREAD && notify != SIGEV_THREAD_ID) {
                return -Errno.EINVAL;
            }
            if (notify != SIGEV_NONE && (signo < 1 || signo > Signals.NSIG)) return -Errno.EINVAL;
            if (notify == SIGEV_THREAD_ID) {
                boolean found = false;
                for (var pt : c.process.pico.threads()) found |= pt.id == tid;
                if (!found) return -Errno.EINVAL;
            }
        }
        c.check(idp, 4, PROT_WRITE);
        TimeCalls.CpuClock cpu = TimeCalls.cpuClock(c, clock);
        Timers ts = timers(c.process);
        synchronized (ts) {
            int id = ts.nextId++;
            ts.posix.put(id, new Timer(c.process, id, clock, cpu, notify == SIGEV_THREAD ? SIGEV_SIGNAL : notify, signo,
                    defaultValue ? id : value, tid));
            c.mem.write32(idp, id);
            return 0;
        }
    }

    private static long timespec(Call c, long a) {
        long s = c.mem.read64(a), ns = c.mem.read64(a + 8);
        if (s < 0 || ns < 0 || ns >= NS) throw Errno.error(Errno.EINVAL);
        return s > Long.MAX_VALUE / NS / 2 ? Long.MAX_VALUE / 2 : s * NS + ns;
    }

    private static void writeItimerspec(Call c, long a, Timer t) {
        long interval = t.interval(), left = t.remaining();
        c.mem.write64(a, interval / NS);
        c.mem.write64(a + 8, interval % NS);
        c.mem.write64(a + 16, left / NS);
        c.mem.write64(a + 24, left % NS);
    }

    /** timer_settime(2): struct itimerspec {it_interval, it_value}; TIMER_ABSTIME makes it_value a time of the clock. */
    static long timerSettime(Call c) {
        Timer t = timer(c, c.i(0));
        int flags = c.i(1);
        long nv = c.a(2), ov = c.a(3);
        c.check(nv, 32, PROT_READ);
        long interval = timespec(c, nv), value = timespec(c, nv + 16);
        if (ov != 0) c.check(ov, 32, PROT_WRITE);
        synchronized (t) {
            if (ov != 0) writeItimerspec(c, ov, t);
            if ((flags & TIMER_ABSTIME) != 0 && value != 0) value = Math.max(1, value - (t.cpu != null ? t.now() : TimeCalls.nanos(t.clock)));
            t.arm(value, interval);
        }
        return 0;
    }

    /** timer_gettime(2): the interval and the time left to the next expiry. */
    static long timerGettime(Call c) {
        Timer t = timer(c, c.i(0));
        c.check(c.a(1), 32, PROT_WRITE);
        synchronized (t) {
            writeItimerspec(c, c.a(1), t);
        }
        return 0;
    }

    /** timer_getoverrun(2): expirations lost before the last signal was delivered. */
    static long timerGetoverrun(Call c) {
        Timer t = timer(c, c.i(0));
        synchronized (t) {
            return t.lastOverrun;
        }
    }

    /** timer_delete(2): disarms and frees the timer. */
    static long timerDelete(Call c) {
        Timer t = timer(c, c.i(0));
        Timers ts = timers(c.process);
        synchronized (ts) {
            ts.posix.remove(t.id);
        }
        t.delete();
        return 0;
    }
}
