package lxrun.lxcore.sys;

import lxrun.lxcore.LxExecException;
import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** New processes and programs: fork(2), vfork(2), clone(2) of a process, execve(2), wait4(2), waitid(2). */
final class ForkExecCalls {
    private ForkExecCalls() {}

    static final int WNOHANG = 1, WUNTRACED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000,
            WALL = 0x40000000, WCLONE = 0x80000000;
    static final int P_ALL = 0, P_PID = 1, P_PGID = 2;
    /** execve's argv/envp: at most this many strings (Linux limits the total size, ARG_MAX). */
    static final int MAX_ARGS = 1 << 16;

    static long fork(Call c) {
        return newProcess(c, Signals.SIGCHLD, 0, 0, 0, 0);
    }

    static long vfork(Call c) {
        return newProcess(c, ProcessCalls.CLONE_VM | ProcessCalls.CLONE_VFORK | Signals.SIGCHLD, 0, 0, 0, 0);
    }

    /** The flags a new process may be cloned with (namespaces, ptrace, pidfds are not supported). */
    static final long PROCESS_FLAGS = ProcessCalls.CLONE_VM | ProcessCalls.CLONE_VFORK | ProcessCalls.CLONE_SETTLS
            | ProcessCalls.CLONE_PARENT_SETTID | ProcessCalls.CLONE_CHILD_SETTID | ProcessCalls.CLONE_CHILD_CLEARTID
            | ProcessCalls.CLONE_UNTRACED | ProcessCalls.CLONE_DETACHED | ProcessCalls.CLONE_IO | ProcessCalls.CSIGNAL;

    /**
     * clone(2) without CLONE_THREAD: a child process (see LxInstance.fork). CLONE_VM shares the address
     * space until the child execs (vfork, posix_spawn); CLONE_VFORK suspends the caller until then.
     * The child's exit signal is SIGCHLD whatever CSIGNAL says.
     */
    static long newProcess(Call c, long flags, long sp, long parentTid, long childTid, long tls) {
        if ((flags & ~PROCESS_FLAGS) != 0) return -Errno.ENOSYS;
        if ((flags & ProcessCalls.CLONE_PARENT_SETTID) != 0) c.check(parentTid, 4, PROT_WRITE);
        boolean shareMemory = (flags & ProcessCalls.CLONE_VM) != 0;
        LxThread child = c.process.instance.fork(c.thread, c.cpu, shareMemory, sp);
        LxProcess cp = child.process;
        int pid = (int) cp.pid();
        if ((flags & ProcessCalls.CLONE_SETTLS) != 0) child.pico.cpu.fsBase = tls;
        if ((flags & ProcessCalls.CLONE_CHILD_CLEARTID) != 0) child.clearChildTid = childTid;
        if ((flags & ProcessCalls.CLONE_PARENT_SETTID) != 0) c.mem.write32(parentTid, pid);
        if ((flags & ProcessCalls.CLONE_CHILD_SETTID) != 0 && cp.memory().accessible(childTid, 4, PROT_WRITE)) {
            cp.memory().write32(childTid, pid); // in the child's address space
        }
        child.pico.process.layer.resumeThread(child.pico);
        if ((flags & ProcessCalls.CLONE_VFORK) != 0) cp.awaitExecOrExit();
        return pid;
    }

    /** execve(2): on success the caller continues in the new program and this returns 0 into it. */
    static long execve(Call c) {
        String path = c.path(0);
        List<String> argv = strings(c, c.a(1)), envp = strings(c, c.a(2));
        try {
            c.process.instance.exec(c.thread, c.cpu, c.process.instance.load(c.process.cwd, path, argv, envp));
        } catch (LxExecException e) {
            return -e.errno;
        }
        return 0;
    }

    /** A NULL-terminated array of C strings in guest memory (NULL itself: none). */
    private static List<String> strings(Call c, long array) {
        List<String> out = new ArrayList<>();
        if (array == 0) return out;
        for (long p = array; ; p += 8) {
            c.check(p, 8, PROT_READ);
            long s = c.mem.read64(p);
            if (s == 0) return out;
            if (out.size() >= MAX_ARGS) throw Errno.error(Errno.E2BIG);
            out.add(new String(c.mem.readCBytes(s, 1 << 17), StandardCharsets.UTF_8));
        }
    }

    /** wait4(2): pid, wstatus, options, rusage; returns the reaped child's pid, 0 (WNOHANG), or an error. */
    static long wait4(Call c) {
        long pid = c.i(0), status = c.a(1), rusage = c.a(3);
        int options = c.i(2);
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | WALL | WCLONE)) != 0) return -Errno.EINVAL;
        if (status != 0) c.check(status, 4, PROT_WRITE);
        if (rusage != 0) c.check(rusage, 144, PROT_WRITE);
        LxProcess ch;
        try {
            // pid 0: the children in the caller's process group; below -1: in group -pid (wait4(2))
            ch = c.process.reapChild(pid == 0 ? -c.process.pgid : pid, (options & WNOHANG) == 0, false, c.thread);
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        }
        if (ch == null) return 0;
        if (status != 0) c.mem.write32(status, ch.endStatus());
        if (rusage != 0) c.mem.fill(rusage, 144, (byte) 0);
        return ch.pid();
    }

    /** waitid(2): idtype, id, siginfo, options, rusage; 0, with siginfo describing the child (si_pid 0 under WNOHANG with none ended). */
    static long waitid(Call c) {
        int idtype = c.i(0), options = c.i(3);
        long id = c.a(1), info = c.a(2), rusage = c.a(4);
        if ((options & ~(WNOHANG | WEXITED | WUNTRACED | WCONTINUED | WNOWAIT | WALL | WCLONE)) != 0) return -Errno.EINVAL;
        if ((options & (WEXITED | WUNTRACED | WCONTINUED)) == 0) return -Errno.EINVAL;
        if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID) return -Errno.EINVAL;
        if (idtype == P_PID && (int) id <= 0 || idtype == P_PGID && (int) id < 0) return -Errno.EINVAL;
        if (info != 0) c.check(info, 128, PROT_WRITE);
        if (rusage != 0) c.check(rusage, 144, PROT_WRITE);
        if ((options & WEXITED) == 0) return -Errno.ECHILD; // only exits are reported: stops and continues never happen here
        LxProcess ch;
        try {
            // P_PGID: the children in group id, the caller's own when id is 0 (waitid(2), Linux 5.4)
            long sel = idtype == P_PID ? id : idtype == P_PGID ? -(id == 0 ? c.process.pgid : id) : -1;
            ch = c.process.reapChild(sel, (options & WNOHANG) == 0, (options & WNOWAIT) != 0, c.thread);
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        }
        if (info != 0) {
            c.mem.fill(info, 128, (byte) 0);
            if (ch != null) {
                int ws = ch.endStatus();
                boolean exited = (ws & 0x7f) == 0;
                c.mem.write32(info, Signals.SIGCHLD);
                c.mem.write32(info + 8, exited ? LxProcess.CLD_EXITED : LxProcess.CLD_KILLED);
                c.mem.write32(info + 16, (int) ch.pid());
                c.mem.write32(info + 20, LxProcess.UID);
                c.mem.write32(info + 24, exited ? (ws >> 8) & 0xff : ws & 0x7f);
            }
        }
        if (rusage != 0) c.mem.fill(rusage, 144, (byte) 0);
        return 0;
    }
}
