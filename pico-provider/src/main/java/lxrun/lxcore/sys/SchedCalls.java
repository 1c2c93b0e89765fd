package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * Priorities and scheduling policies (getpriority(2), setpriority(2), sched_setscheduler(2) and the
 * rest): kept per process and reported back; the host scheduler is not changed.
 */
final class SchedCalls {
    private SchedCalls() {}

    static final int PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;
    static final int SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5,
            SCHED_DEADLINE = 6, SCHED_RESET_ON_FORK = 0x40000000;

    /** The processes which/who select (PRIO_PROCESS: a pid, PRIO_PGRP: a group, PRIO_USER: a real uid; 0: the caller's). */
    private static java.util.List<LxProcess> selected(Call c, int which, int who) {
        LxProcess self = c.process;
        java.util.List<LxProcess> out = new java.util.ArrayList<>();
        for (LxProcess p : self.instance.processes()) {
            boolean match = switch (which) {
                case PRIO_PROCESS -> who == 0 ? p == self : p.pid() == who || ProcessCalls.isOwnThread(c, who) && p == self;
                case PRIO_PGRP -> p.pgid == (who == 0 ? self.pgid : who);
                default -> p.creds.ruid() == (who == 0 ? self.creds.euid() : who);
            };
            if (match && p.endStatus() == -1) out.add(p);
        }
        return out;
    }

    /** getpriority(2): 20 - the lowest nice value among the processes selected (the raw syscall's answer); ESRCH if none, EINVAL for which. */
    static long getpriority(Call c) {
        int which = c.i(0), who = c.i(1);
        if (which < PRIO_PROCESS || which > PRIO_USER) return -Errno.EINVAL;
        int best = Integer.MAX_VALUE;
        for (LxProcess p : selected(c, which, who)) best = Math.min(best, p.nice);
        return best == Integer.MAX_VALUE ? -Errno.ESRCH : 20 - best;
    }

    /** setpriority(2): the nice value, clamped to -20..19; lowering it needs root (EACCES); ESRCH if none. */
    static long setpriority(Call c) {
        int which = c.i(0), who = c.i(1), nice = Math.max(-20, Math.min(19, c.i(2)));
        if (which < PRIO_PROCESS || which > PRIO_USER) return -Errno.EINVAL;
        var ps = selected(c, which, who);
        if (ps.isEmpty()) return -Errno.ESRCH;
        for (LxProcess p : ps) {
            if (nice < p.nice && c.process.creds.euid() != 0) return -Errno.EACCES;
            p.nice = nice;
        }
        return 0;
    }

    /** The process sched_* call pid names (0: the caller); null (ESRCH) if none. */
    private static LxProcess target(Call c, int pid) {
        if (pid == 0) return c.process;
        var ps = selected(c, PRIO_PROCESS, pid);
        return ps.isEmpty() ? null : ps.get(0);
    }

    private static boolean realtime(int policy) {
        return policy == SCHED_FIFO || policy == SCHED_RR;
    }

    /** sched_get_priority_max(2): 99 for SCHED_FIFO and SCHED_RR, 0 for the others, EINVAL for an unknown policy. */
    static long schedGetPriorityMax(Call c) {
        int policy = c.i(0);
        if (realtime(policy)) return 99;
        return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE || policy == SCHED_DEADLINE ? 0 : -Errno.EINVAL;
    }

    /** sched_get_priority_min(2): 1 for SCHED_FIFO and SCHED_RR, 0 for the others. */
    static long schedGetPriorityMin(Call c) {
        int policy = c.i(0);
        if (realtime(policy)) return 1;
        return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE || policy == SCHED_DEADLINE ? 0 : -Errno.EINVAL;
    }

    /** sched_getscheduler(2): the policy of pid (EINVAL below 0, ESRCH if none). */
    static long schedGetscheduler(Call c) {
        if (c.i(0) < 0) return -Errno.EINVAL;
        LxProcess p = target(c, c.i(0));
        return p == null ? -Errno.ESRCH : p.schedPolicy;
    }

    /** sched_getparam(2): struct sched_param {sched_priority}. */
    static long schedGetparam(Call c) {
        if (c.i(0) < 0 || c.a(1) == 0) return -Errno.EINVAL;
        LxProcess p = target(c, c.i(0));
        if (p == null) return -Errno.ESRCH;
        c.check(c.a(1), 4, PROT_WRITE);
        c.mem.write32(c.a(1), p.schedPriority);
        return 0;
    }

    static long schedSetscheduler(Call c) {
        return setscheduler(c, c.i(0), c.i(1), c.a(2));
    }

    /** sched_setparam(2): the priority under the process's own policy. */
    static long schedSetparam(Call c) {
        return setscheduler(c, c.i(0), -1, c.a(1));
    }

    /**
     * sched_setscheduler(2): EINVAL for a negative pid, a NULL param, an unknown policy or a priority
     * outside its range (1..99 for SCHED_FIFO/SCHED_RR, 0 for the others); ESRCH; a real-time policy
     * needs root (EPERM). Kept for sched_getscheduler; the host's scheduling stays as it is.
     */
    private static long setscheduler(Call c, int pid, int policy, long param) {
        if (pid < 0 || param == 0) return -Errno.EINVAL;
        c.check(param, 4, PROT_READ);
        int prio = c.mem.read32(param);
        LxProcess p = target(c, pid);
        if (p == null) return -Errno.ESRCH;
        int pol = policy < 0 ? p.schedPolicy : policy & ~SCHED_RESET_ON_FORK;
        if (pol != SCHED_OTHER && pol != SCHED_BATCH && pol != SCHED_IDLE && !realtime(pol)) return -Errno.EINVAL;
        if (realtime(pol) ? prio < 1 || prio > 99 : prio != 0) return -Errno.EINVAL;
        if (realtime(pol) && c.process.creds.euid() != 0) return -Errno.EPERM;
        p.schedPolicy = pol;
        p.schedPriority = prio;
        return 0;
    }

    /** sched_rr_get_interval(2): the SCHED_RR quantum, 100 ms (0 for the other policies, as for SCHED_FIFO). */
    static long schedRrGetInterval(Call c) {
        if (c.i(0) < 0) return -Errno.EINVAL;
        LxProcess p = target(c, c.i(0));
        if (p == null) return -Errno.ESRCH;
        c.check(c.a(1), 16, PROT_WRITE);
        c.mem.write64(c.a(1), 0);
        c.mem.write64(c.a(1) + 8, p.schedPolicy == SCHED_RR ? 100_000_000L : 0);
        return 0;
    }
}
