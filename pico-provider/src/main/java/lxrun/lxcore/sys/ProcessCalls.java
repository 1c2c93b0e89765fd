package lxrun.lxcore.sys;

import lxrun.lxcore.Signals;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Process and thread identity and lifetime: exit, ids, arch_prctl, tid address, limits, affinity. */
final class ProcessCalls {
    private ProcessCalls() {}

    static final int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
    /** Identity reported to guests: a regular user, like a WSL1 default user. */
    static final int UID = 1000, GID = 1000;

    /** exit(2): ends the calling thread; the last thread's exit code becomes the process's. */
    static long exit(Call c) {
        var pico = c.thread.pico;
        if (pico.process.threads().size() <= 1) {
            Signals.exitProcess(c.process, (c.i(0) & 0xff) << 8);
        }
        pico.process.layer.terminateThread(pico);
        return 0;
    }

    /** exit_group(2): ends every thread; wait status = (code & 0xff) << 8. */
    static long exitGroup(Call c) {
        Signals.exitProcess(c.process, (c.i(0) & 0xff) << 8);
        return 0;
    }

    static long getpid(Call c) {
        return c.process.pid();
    }

    static long gettid(Call c) {
        return c.thread.tid();
    }

    static long getppid(Call c) {
        return c.process.instance.parentPid();
    }

    static long getuid(Call c) {
        return UID;
    }

    static long geteuid(Call c) {
        return UID;
    }

    static long getgid(Call c) {
        return GID;
    }

    static long getegid(Call c) {
        return GID;
    }

    /** arch_prctl(2): the FS and GS bases (TLS) through PicoRoutines.setThreadDescriptorBase. */
    static long archPrctl(Call c) {
        var pico = c.thread.pico;
        long v = c.a(1);
        switch (c.i(0)) {
            case ARCH_SET_FS -> {
                if (v < 0) return -Errno.EPERM;
                pico.process.layer.setThreadDescriptorBase(pico, v, c.cpu.gsBase);
            }
            case ARCH_SET_GS -> {
                if (v < 0) return -Errno.EPERM;
                pico.process.layer.setThreadDescriptorBase(pico, c.cpu.fsBase, v);
            }
            case ARCH_GET_FS -> {
                c.check(v, 8, PROT_WRITE);
                c.mem.write64(v, c.cpu.fsBase);
            }
            case ARCH_GET_GS -> {
                c.check(v, 8, PROT_WRITE);
                c.mem.write64(v, c.cpu.gsBase);
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        return 0;
    }

    static long setTidAddress(Call c) {
        c.thread.clearChildTid = c.a(0);
        return c.thread.tid();
    }

    static long setRobustList(Call c) {
        if (c.a(1) != 24) return -Errno.EINVAL;
        c.thread.robustList = c.a(0);
        c.thread.robustListLen = c.a(1);
        return 0;
    }

    static long schedYield(Call c) {
        Thread.yield();
        return 0;
    }

    /** sched_getaffinity(2): every host CPU; returns the mask size in bytes written. */
    static long schedGetaffinity(Call c) {
        long size = c.a(1);
        int cpus = Math.min(Runtime.getRuntime().availableProcessors(), 1024);
        int bytes = 8 * ((cpus + 63) / 64);
        if (size < bytes || (size & 7) != 0) return -Errno.EINVAL;
        c.check(c.a(2), bytes, PROT_WRITE);
        byte[] mask = new byte[bytes];
        for (int i = 0; i < cpus; i++) mask[i / 8] |= (byte) (1 << (i % 8));
        c.mem.write(c.a(2), mask);
        return bytes;
    }

    static final long RLIM_INFINITY = -1;

    /** The limits guests ask about (getrlimit(2)); others are unlimited. */
    static long[] limit(int resource) {
        return switch (resource) {
            case 3 -> new long[] {8L << 20, RLIM_INFINITY};        // RLIMIT_STACK
            case 7 -> new long[] {lxrun.lxcore.LxProcess.RLIMIT_NOFILE, lxrun.lxcore.LxProcess.RLIMIT_NOFILE}; // NOFILE
            case 4 -> new long[] {0, RLIM_INFINITY};               // RLIMIT_CORE
            default -> resource >= 0 && resource < 16 ? new long[] {RLIM_INFINITY, RLIM_INFINITY} : null;
        };
    }

    /** prlimit64(2) for the calling process; setting a limit is accepted and not enforced. */
    static long prlimit64(Call c) {
        if (c.i(0) != 0 && c.i(0) != c.process.pid()) return -Errno.ESRCH;
        long[] l = limit(c.i(1));
        if (l == null) return -Errno.EINVAL;
        if (c.a(2) != 0) c.check(c.a(2), 16, PROT_READ);
        if (c.a(3) != 0) {
            c.check(c.a(3), 16, PROT_WRITE);
            c.mem.write64(c.a(3), l[0]);
            c.mem.write64(c.a(3) + 8, l[1]);
        }
        return 0;
    }

    static long getrlimit(Call c) {
        long[] l = limit(c.i(0));
        if (l == null) return -Errno.EINVAL;
        c.check(c.a(1), 16, PROT_WRITE);
        c.mem.write64(c.a(1), l[0]);
        c.mem.write64(c.a(1) + 8, l[1]);
        return 0;
    }

    /** getrusage(2): user time from the JVM's thread CPU time; the other fields are zero. */
    static long getrusage(Call c) {
        int who = c.i(0);
        if (who != 0 && who != -1 && who != 1) return -Errno.EINVAL;
        c.check(c.a(1), 144, PROT_WRITE);
        c.mem.fill(c.a(1), 144, (byte) 0);
        if (who != -1) {
            long ns = TimeCalls.cpuNanos();
            c.mem.write64(c.a(1), ns / 1_000_000_000L);
            c.mem.write64(c.a(1) + 8, ns / 1000 % 1_000_000L);
        }
        return 0;
    }
}
