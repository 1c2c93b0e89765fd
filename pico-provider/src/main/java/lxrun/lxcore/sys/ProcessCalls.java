package lxrun.lxcore.sys;

import lxrun.lxcore.Signals;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** Process and thread identity and lifetime: clone (threads), exit, ids, arch_prctl, tid address, limits, affinity. */
public final class ProcessCalls {
    private ProcessCalls() {}

    static final int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;

    /** exit(2): ends the calling thread; when it is the last one, its code becomes the process's status. */
    static long exit(Call c) {
        var pico = c.thread.pico;
        c.process.threadExitStatus = (c.i(0) & 0xff) << 8;
        pico.process.layer.terminateThread(pico);
        return 0;
    }

    static final long CSIGNAL = 0xff, CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400,
            CLONE_SIGHAND = 0x800, CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000,
            CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000,
            CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x01000000, CLONE_IO = 0x80000000L;
    /** The flags a thread may be created with (everything else would need a new process or namespace). */
    static final long THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
            | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED
            | CLONE_UNTRACED | CLONE_CHILD_SETTID | CLONE_IO;

    /** clone(2): flags, stack, parent_tid, child_tid, tls (the x86-64 argument order). */
    static long clone(Call c) {
        return spawnThread(c, c.a(0), c.a(1), c.a(2), c.a(3), c.a(4));
    }

    /** clone3(2): struct clone_args {flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, ...}. */
    static long clone3(Call c) {
        long args = c.a(0), size = c.a(1);
        if (Long.compareUnsigned(size, 4096) > 0) return -Errno.E2BIG;
        if (size < 64) return -Errno.EINVAL;
        c.check(args, size, PROT_READ);
        for (long off = 88; off + 8 <= size; off += 8) {
            if (c.mem.read64(args + off) != 0) return -Errno.E2BIG; // cgroup and later fields
        }
        long flags = c.mem.read64(args), childTid = c.mem.read64(args + 16), parentTid = c.mem.read64(args + 24),
                exitSignal = c.mem.read64(args + 32), stack = c.mem.read64(args + 40),
                stackSize = c.mem.read64(args + 48), tls = c.mem.read64(args + 56);
        if (size >= 80 && c.mem.read64(args + 72) != 0) return -Errno.EINVAL;  // set_tid_size
        if ((flags & CSIGNAL) != 0 || (exitSignal & ~CSIGNAL) != 0) return -Errno.EINVAL;
        if ((stack == 0) != (stackSize == 0)) return -Errno.EINVAL;
        if ((flags & CLONE_THREAD) != 0 && exitSignal != 0) return -Errno.EINVAL;
        return spawnThread(c, flags | exitSignal, stack == 0 ? 0 : stack + stackSize, parentTid, childTid, tls);
    }

    /**
     * A new thread of the calling process (pthread_create): a copy of the caller's registers with RAX 0,
     * RSP the new stack and the FS base the new TLS, started on its own Java thread. Clones that make a
     * new process (fork, vfork, posix_spawn) go to ForkExecCalls.
     */
    static long spawnThread(Call c, long flags, long sp, long parentTid, long childTid, long tls) {
        if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) return -Errno.EINVAL;
        if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0) return -Errno.EINVAL;
        if ((flags & CLONE_THREAD) == 0) return ForkExecCalls.newProcess(c, flags, sp, parentTid, childTid, tls);
        if ((flags & ~(THREAD_FLAGS | CSIGNAL)) != 0 || (flags & (CLONE_FS | CLONE_FILES)) != (CLONE_FS | CLONE_FILES)) {
            return -Errno.ENOSYS; // a thread with its own fd table or cwd, a pidfd, ptrace...
        }
        var parent = c.thread.pico;
        var process = parent.process;
        if (process.hasExited()) return -Errno.EAGAIN;
        lxrun.runtime.cpu.CpuState cpu = new lxrun.runtime.cpu.CpuState();
        cpu.copyFrom(c.cpu);
        cpu.r[lxrun.runtime.cpu.CpuState.RAX] = 0;
        if (sp != 0) cpu.r[lxrun.runtime.cpu.CpuState.RSP] = sp;
        if ((flags & CLONE_SETTLS) != 0) cpu.fsBase = tls;
        lxrun.lxcore.LxThread child = new lxrun.lxcore.LxThread(c.process);
        child.sigmask = c.thread.sigmask;
        if ((flags & CLONE_CHILD_CLEARTID) != 0) child.clearChildTid = childTid;
        var layer = process.layer;
        var pt = layer.createThread(process, cpu, child);
        child.pico = pt;
        int tid = (int) pt.id;
        // the kernel ignores a fault storing these (kernel_clone, schedule_tail): the thread is made anyway
        if ((flags & CLONE_PARENT_SETTID) != 0 && c.mem.accessible(parentTid, 4, PROT_WRITE)) c.mem.write32(parentTid, tid);
        if ((flags & CLONE_CHILD_SETTID) != 0 && c.mem.accessible(childTid, 4, PROT_WRITE)) c.mem.write32(childTid, tid);
        layer.resumeThread(pt);
        return tid;
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
        var parent = c.process.parent;
        return parent != null ? parent.pid() : c.process.instance.parentPid();
    }

    static final int ARCH_GET_CPUID = 0x1011;

    /**
     * arch_prctl(2): the FS and GS bases (TLS) through PicoRoutines.setThreadDescriptorBase, EPERM for a
     * base at or above TASK_SIZE_MAX; ARCH_GET_CPUID is 1 (CPUID is never made to fault).
     */
    static long archPrctl(Call c) {
        var pico = c.thread.pico;
        long v = c.a(1);
        switch (c.i(0)) {
            case ARCH_SET_FS -> {
                if (Long.compareUnsigned(v, MemoryCalls.TASK_SIZE) >= 0) return -Errno.EPERM;
                pico.process.layer.setThreadDescriptorBase(pico, v, c.cpu.gsBase);
            }
            case ARCH_SET_GS -> {
                if (Long.compareUnsigned(v, MemoryCalls.TASK_SIZE) >= 0) return -Errno.EPERM;
                pico.process.layer.setThreadDescriptorBase(pico, c.cpu.fsBase, v);
            }
            case ARCH_GET_CPUID -> {
                return 1;
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

    /** sched_getaffinity(2): the host's CPUs (the JVM's own affinity mask); returns the mask size written. */
    static long schedGetaffinity(Call c) {
        long size = c.a(1) & 0xffffffffL; // an unsigned int
        java.util.BitSet cpus = hostCpus();
        int ids = Math.max(cpus.length(), 1);
        int bytes = 8 * ((ids + 63) / 64);
        if (size < bytes || (size & 7) != 0) return -Errno.EINVAL;
        if (c.i(0) != 0 && !isOwnThread(c, c.i(0))) return -Errno.ESRCH;
        c.check(c.a(2), bytes, PROT_WRITE);
        byte[] mask = java.util.Arrays.copyOf(cpus.toByteArray(), bytes);
        c.mem.write(c.a(2), mask);
        return bytes;
    }

    /**
     * sched_setaffinity(2): accepted for the calling process's threads and not enforced; EINVAL when the
     * mask (its first len bytes, an unsigned int) holds none of the guest's CPUs.
     */
    static long schedSetaffinity(Call c) {
        int len = (int) Math.min(c.a(1) & 0xffffffffL, 1024);
        c.check(c.a(2), len, PROT_READ);
        if (c.i(0) != 0 && !isOwnThread(c, c.i(0))) return -Errno.ESRCH;
        java.util.BitSet want = java.util.BitSet.valueOf(c.mem.read(c.a(2), len));
        return want.intersects(hostCpus()) ? 0 : -Errno.EINVAL;
    }

    static boolean isOwnThread(Call c, int tid) {
        for (var t : c.process.pico.threads()) {
            if (t.id == tid) return true;
        }
        return false;
    }

    private static volatile java.util.BitSet hostCpus;

    /**
     * The guest's CPUs: Cpus_allowed of the host's /proc/self/status (the JVM's affinity), else CPUs
     * 0..availableProcessors-1. sched_getaffinity, /proc/cpuinfo and /sys/devices/system/cpu agree on it.
     */
    public static java.util.BitSet hostCpus() {
        java.util.BitSet b = hostCpus;
        if (b != null) return b;
        b = new java.util.BitSet();
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (!line.startsWith("Cpus_allowed:")) continue;
                String hex = line.substring(13).trim().replace(",", "");
                for (int i = 0; i < hex.length(); i++) {
                    int v = Character.digit(hex.charAt(hex.length() - 1 - i), 16);
                    for (int k = 0; k < 4; k++) if ((v >> k & 1) != 0) b.set(4 * i + k);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            b.clear();
        }
        if (b.isEmpty() || b.length() > 8192) {
            b = new java.util.BitSet();
            b.set(0, Runtime.getRuntime().availableProcessors());
        }
        hostCpus = b;
        return b;
    }

    /** The process {@code pid} names for prlimit64 (0: the caller), or null (ESRCH). */
    private static lxrun.lxcore.LxProcess limitTarget(Call c, int pid) {
        if (pid == 0) return c.process;
        for (var p : c.process.instance.processes()) if (p.pid() == pid && p.endStatus() == -1) return p;
        return null;
    }

    /**
     * prlimit64(2): the limits of process pid (0: the caller): the old ones written, then the new one set
     * (EINVAL for an unknown resource or a soft limit above the hard one; EPERM to raise the hard limit
     * but as root, or RLIMIT_NOFILE's past fs.nr_open). The new RLIMIT_NOFILE bounds the descriptors the
     * process makes from then on; the other limits are kept and reported, not enforced.
     */
    static long prlimit64(Call c) {
        return prlimit(c, c.i(0), c.i(1), c.a(2), c.a(3));
    }

    private static long prlimit(Call c, int pid, int resource, long rlim, long old) {
        long[] next = null;
        if (rlim != 0) {
            c.check(rlim, 16, PROT_READ);
            next = new long[] {c.mem.read64(rlim), c.mem.read64(rlim + 8)};
        }
        if (resource < 0 || resource >= lxrun.lxcore.LxProcess.RLIM_NLIMITS) return -Errno.EINVAL;
        if (next != null && Long.compareUnsigned(next[0], next[1]) > 0) return -Errno.EINVAL;
        var p = limitTarget(c, pid);
        if (p == null) return -Errno.ESRCH;
        synchronized (p.rlimits) {
            long[] cur = p.rlimits[resource];
            if (next != null) {
                if (Long.compareUnsigned(next[1], cur[1]) > 0 && c.process.creds.euid() != 0) return -Errno.EPERM;
                if (resource == lxrun.lxcore.LxProcess.RLIMIT_NOFILE_ID && Long.compareUnsigned(next[1], NR_OPEN) > 0) return -Errno.EPERM;
            }
            if (old != 0) {
                c.check(old, 16, PROT_WRITE);
                c.mem.write64(old, cur[0]);
                c.mem.write64(old + 8, cur[1]);
            }
            if (next != null) p.rlimits[resource] = next;
        }
        return 0;
    }

    /** sysctl fs.nr_open: the highest RLIMIT_NOFILE any process may set. */
    static final long NR_OPEN = 1 << 20;

    /** setrlimit(2): prlimit64 of the caller without the old limits. */
    static long setrlimit(Call c) {
        c.check(c.a(1), 16, PROT_READ);
        return prlimit(c, 0, c.i(0), c.a(1), 0);
    }

    /** getrlimit(2): prlimit64 of the caller without a new limit. */
    static long getrlimit(Call c) {
        if (c.i(0) < 0 || c.i(0) >= lxrun.lxcore.LxProcess.RLIM_NLIMITS) return -Errno.EINVAL;
        c.check(c.a(1), 16, PROT_WRITE);
        return prlimit(c, 0, c.i(0), 0, c.a(1));
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
