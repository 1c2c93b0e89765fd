package lxrun.lxcore.sys;

import java.nio.charset.StandardCharsets;

import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** prctl(2): the options programs use (kernel/sys.c); any other is EINVAL. */
final class PrctlCalls {
    private PrctlCalls() {}

    static final int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4,
            PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS = 8, PR_SET_NAME = 15, PR_GET_NAME = 16, PR_GET_SECCOMP = 21,
            PR_CAPBSET_READ = 23, PR_GET_TIMERSLACK = 30, PR_SET_TIMERSLACK = 29, PR_SET_CHILD_SUBREAPER = 36,
            PR_GET_CHILD_SUBREAPER = 37, PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39, PR_GET_TID_ADDRESS = 40,
            PR_SET_THP_DISABLE = 41, PR_GET_THP_DISABLE = 42;
    static final int CAP_LAST_CAP = 40, TASK_COMM_LEN = 16;

    /**
     * prctl(2): PR_SET/GET_PDEATHSIG (a signal number or 0, EINVAL else), PR_SET/GET_DUMPABLE (0 or 1),
     * PR_SET/GET_NAME (the calling thread's name, 15 bytes and a NUL, as /proc/PID/comm shows it),
     * PR_SET/GET_CHILD_SUBREAPER (kept; orphans are not reparented to it yet), PR_SET/GET_NO_NEW_PRIVS
     * (only 1 with the other arguments 0), PR_GET_TID_ADDRESS, PR_GET/SET_KEEPCAPS, PR_GET/SET_TIMERSLACK,
     * PR_GET_SECCOMP (0: no filter), PR_CAPBSET_READ, PR_GET/SET_THP_DISABLE.
     */
    static long prctl(Call c) {
        var p = c.process;
        long a2 = c.a(1), a3 = c.a(2), a4 = c.a(3), a5 = c.a(4);
        switch (c.i(0)) {
            case PR_SET_PDEATHSIG -> {
                if (a2 < 0 || a2 > lxrun.lxcore.Signals.NSIG) return -Errno.EINVAL;
                p.pdeathSignal = (int) a2;
                return 0;
            }
            case PR_GET_PDEATHSIG -> {
                c.check(a2, 4, PROT_WRITE);
                c.mem.write32(a2, p.pdeathSignal);
                return 0;
            }
            case PR_GET_DUMPABLE -> {
                return p.dumpable;
            }
            case PR_SET_DUMPABLE -> {
                if (a2 != 0 && a2 != 1) return -Errno.EINVAL;
                p.dumpable = (int) a2;
                return 0;
            }
            case PR_SET_NAME -> {
                byte[] b = new byte[TASK_COMM_LEN - 1];
                int n = 0;
                for (; n < b.length; n++) {   // strncpy_from_user of 15 bytes: EFAULT at the first unreadable one
                    b[n] = (byte) c.mem.read8(a2 + n);
                    if (b[n] == 0) break;
                }
                c.thread.comm = new String(b, 0, n, StandardCharsets.UTF_8);
                return 0;
            }
            case PR_GET_NAME -> {
                c.check(a2, TASK_COMM_LEN, PROT_WRITE);
                String name = c.thread.comm != null ? c.thread.comm : lxrun.lxcore.proc.ProcFiles.comm(p);
                byte[] b = java.util.Arrays.copyOf(name.getBytes(StandardCharsets.UTF_8), TASK_COMM_LEN);
                b[TASK_COMM_LEN - 1] = 0;
                c.mem.write(a2, b);
                return 0;
            }
            case PR_SET_CHILD_SUBREAPER -> {
                p.childSubreaper = a2 != 0;
                return 0;
            }
            case PR_GET_CHILD_SUBREAPER -> {
                c.check(a2, 4, PROT_WRITE);
                c.mem.write32(a2, p.childSubreaper ? 1 : 0);
                return 0;
            }
            case PR_SET_NO_NEW_PRIVS -> {
                if (a2 != 1 || a3 != 0 || a4 != 0 || a5 != 0) return -Errno.EINVAL;
                p.noNewPrivs = true;
                return 0;
            }
            case PR_GET_NO_NEW_PRIVS -> {
                if (a2 != 0 || a3 != 0 || a4 != 0 || a5 != 0) return -Errno.EINVAL;
                return p.noNewPrivs ? 1 : 0;
            }
            case PR_GET_TID_ADDRESS -> {
                c.check(a2, 8, PROT_WRITE);
                c.mem.write64(a2, c.thread.clearChildTid);
                return 0;
            }
            case PR_GET_KEEPCAPS, PR_GET_SECCOMP, PR_GET_THP_DISABLE -> {
                return 0;
            }
            case PR_SET_KEEPCAPS -> {
                return a2 == 0 || a2 == 1 ? 0 : -Errno.EINVAL;
            }
            case PR_SET_THP_DISABLE -> {
                return a3 != 0 || a4 != 0 || a5 != 0 ? -Errno.EINVAL : 0;
            }
            case PR_GET_TIMERSLACK -> {
                return 50_000; // the default 50 µs
            }
            case PR_SET_TIMERSLACK -> {
                return 0;
            }
            case PR_CAPBSET_READ -> {
                return a2 >= 0 && a2 <= CAP_LAST_CAP ? 1 : -Errno.EINVAL;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }
}
