package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;

/**
 * Process groups and sessions (credentials(7)): getpgrp(2), getpgid(2), setpgid(2), getsid(2), setsid(2).
 * The terminal's side of them (TIOCGPGRP, TIOCSPGRP, TIOCSCTTY...) is in {@link TtyCalls}.
 */
final class SessionCalls {
    private SessionCalls() {}

    /** The live process {@code pid} of the caller's instance (0: the caller), or null. */
    static LxProcess process(Call c, long pid) {
        if (pid == 0) return c.process;
        for (LxProcess p : c.process.instance.processes()) if (p.pid() == pid) return p;
        return null;
    }

    /** getpgrp(2): the caller's process group. */
    static long getpgrp(Call c) {
        return c.process.pgid;
    }

    /** getpgid(2): the process group of process pid (0: the caller); ESRCH if there is none. */
    static long getpgid(Call c) {
        if (c.i(0) < 0) return -Errno.ESRCH;
        LxProcess p = process(c, c.i(0));
        return p == null ? -Errno.ESRCH : p.pgid;
    }

    /** getsid(2): the session of process pid (0: the caller); ESRCH if there is none. */
    static long getsid(Call c) {
        if (c.i(0) < 0) return -Errno.ESRCH;
        LxProcess p = process(c, c.i(0));
        return p == null ? -Errno.ESRCH : p.sid;
    }

    /**
     * setpgid(2): moves process pid (0: the caller; else the caller or one of its children, ESRCH) into
     * group pgid (0: pid's own), a new one led by it or an existing one of the same session (EPERM);
     * a session leader cannot move, nor a child of another session (EPERM) or one that has exec'd (EACCES).
     */
    static long setpgid(Call c) {
        int pid = c.i(0), pgid = c.i(1);
        if (pgid < 0) return -Errno.EINVAL;
        LxProcess self = c.process;
        LxProcess p = pid == 0 ? self : process(c, pid);
        if (p == null || p != self && p.parent != self) return -Errno.ESRCH;
        if (p != self && p.sid != self.sid) return -Errno.EPERM;
        if (p != self && p.execed) return -Errno.EACCES;
        if (p.sid == p.pid()) return -Errno.EPERM;
        long to = pgid == 0 ? p.pid() : pgid;
        if (to != p.pid()) {
            boolean exists = false;
            for (LxProcess q : self.instance.processesAndZombies()) exists |= q.pgid == to && q.sid == self.sid;
            if (!exists) return -Errno.EPERM;
        }
        p.pgid = to;
        return 0;
    }

    /**
     * setsid(2): a new session and process group, both led by the caller and without a controlling
     * terminal; EPERM if the caller already leads a process group.
     */
    static long setsid(Call c) {
        LxProcess self = c.process;
        synchronized (SessionCalls.class) {
            for (LxProcess q : self.instance.processesAndZombies()) if (q.pgid == self.pid()) return -Errno.EPERM;
            self.sid = self.pgid = self.pid();
            self.ctty = false;
        }
        return self.pid();
    }
}
