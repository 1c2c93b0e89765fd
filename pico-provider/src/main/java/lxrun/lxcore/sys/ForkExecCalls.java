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
            WNOTHREAD = 0x20000000, WALL = 0x40000000, WCLONE = 0x80000000;
    static final int P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;
    /** The longest execve argument or environment string, its NUL included (MAX_ARG_STRLEN). */
    static final int MAX_ARG_STRLEN = 32 * 4096;

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
        boolean shareMemory = (flags & ProcessCalls.CLONE_VM) != 0;
        LxThread child = c.process.instance.fork(c.thread, c.cpu, shareMemory, sp);
        LxProcess cp = child.process;
        int pid = (int) cp.pid();
        if ((flags & ProcessCalls.CLONE_SETTLS) != 0) child.pico.cpu.fsBase = tls;
        if ((flags & ProcessCalls.CLONE_CHILD_CLEARTID) != 0) child.clearChildTid = childTid;
        // a fault storing the pid is ignored, as kernel_clone ignores it
        if ((flags & ProcessCalls.CLONE_PARENT_SETTID) != 0 && c.mem.accessible(parentTid, 4, PROT_WRITE)) c.mem.write32(parentTid, pid);
        if ((flags & ProcessCalls.CLONE_CHILD_SETTID) != 0 && cp.memory().accessible(childTid, 4, PROT_WRITE)) {
            cp.memory().write32(childTid, pid); // in the child's address space
        }
        child.pico.process.layer.resumeThread(child.pico);
        if ((flags & ProcessCalls.CLONE_VFORK) != 0) cp.awaitExecOrExit();
        return pid;
    }

    /**
     * execve(2): on success the caller continues in the new program and this returns 0 into it.
     * The argument and environment strings are measured as fs/exec.c's bprm_stack_limits and
     * copy_strings do: E2BIG when one string (NUL included) is longer than MAX_ARG_STRLEN, or when the
     * strings, the file name and a pointer for each exceed a quarter of RLIMIT_STACK (at most 6 MiB, at
     * least 128 KiB); EFAULT for a bad pointer. An empty argv gets one empty string, as Linux adds.
     */
    static long execve(Call c) {
        return exec(c, c.process.cwd, c.path(0), c.a(1), c.a(2));
    }

    /**
     * execveat(2): dirfd, path, argv, envp, flags: a relative path starts at dirfd; with AT_EMPTY_PATH an
     * empty path runs dirfd's own file (fexecve(3); the cwd, a directory, for AT_FDCWD: EACCES), and
     * AT_SYMLINK_NOFOLLOW refuses a symbolic link (ELOOP).
     */
    static long execveat(Call c) {
        int dirfd = c.i(0), flags = c.i(4);
        String path = c.path(1); // the name is read (ENOENT for an empty one) before the flags are checked
        if (path.isEmpty() && (flags & PathCalls.AT_EMPTY_PATH) == 0) return -Errno.ENOENT;
        if ((flags & ~(PathCalls.AT_SYMLINK_NOFOLLOW | PathCalls.AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
        if (path.isEmpty()) {
            return exec(c, "/", dirfd == PathCalls.AT_FDCWD ? c.process.cwd : c.fd(dirfd).guestPath, c.a(2), c.a(3));
        }
        if ((flags & PathCalls.AT_SYMLINK_NOFOLLOW) != 0 && PathCalls.node(c, dirfd, path, false).isSymlink()) {
            return -Errno.ELOOP;
        }
        return exec(c, PathCalls.base(c, dirfd, path), path, c.a(2), c.a(3));
    }

    /** execve(2) of {@code path} from directory {@code base}. */
    private static long exec(Call c, String base, String path, long argvp, long envpp) {
        long stack;
        synchronized (c.process.rlimits) {
            stack = c.process.rlimits[LxProcess.RLIMIT_STACK][0]; // a quarter of it holds the arguments (bprm_stack_limits)
        }
        long limit = Math.max(Long.compareUnsigned(stack / 4, 6L << 20) < 0 && stack >= 0 ? stack / 4 : 6L << 20, 32 * 4096);
        int argc = count(c, argvp, limit), envc = count(c, envpp, limit);
        long[] room = {limit - 8L * (Math.max(argc, 1) + envc) - (path.getBytes(StandardCharsets.UTF_8).length + 1)};
        List<String> envp = strings(c, envpp, envc, room), argv = strings(c, argvp, argc, room);
        if (argv.isEmpty()) argv.add("");
        if (room[0] < 0) {
            c.process.vfs().resolve(base, path, true); // Linux opens the file first: its errors come before E2BIG
            return -Errno.E2BIG;
        }
        LxProcess.Credentials k = c.process.creds;
        try {
            c.process.instance.exec(c.thread, c.cpu, c.process.instance.load(base, path, argv, envp, k));
        } catch (LxExecException e) {
            return -e.errno;
        }
        TimerCalls.execed(c.process);
        // the saved and file-system ids become the effective ones (execve(2); set-user-ID bits are not honoured, as on a nosuid mount)
        c.process.creds = new LxProcess.Credentials(k.ruid(), k.euid(), k.euid(), k.euid(), k.rgid(), k.egid(), k.egid(), k.egid(), k.groups());
        return 0;
    }

    /** How many pointers a NULL-terminated array holds (NULL itself: none); past {@code limit} bytes of them the count no longer matters. */
    private static int count(Call c, long array, long limit) {
        if (array == 0) return 0;
        int n = 0;
        for (long p = array; n <= limit / 8; p += 8, n++) {
            c.check(p, 8, PROT_READ);
            if (c.mem.read64(p) == 0) return n;
        }
        return n;
    }

    /** The {@code n} C strings of an array, each taken from {@code room[0]} bytes (below 0: E2BIG, reported by the caller). */
    private static List<String> strings(Call c, long array, int n, long[] room) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n && room[0] >= 0; i++) {
            byte[] b = c.mem.readCBytes(c.mem.read64(array + 8L * i), MAX_ARG_STRLEN);
            if (b == null) {
                room[0] = -1;
                break;
            }
            room[0] -= b.length + 1;
            out.add(new String(b, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * wait4(2): pid, wstatus, options, rusage; the pid of the child that ended (reaped), stopped
     * (WUNTRACED) or continued (WCONTINUED), 0 under WNOHANG with none, or an error.
     */
    static long wait4(Call c) {
        long pid = c.i(0), status = c.a(1), rusage = c.a(3);
        int options = c.i(2);
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) != 0) return -Errno.EINVAL;
        if (status != 0) c.check(status, 4, PROT_WRITE);
        if (rusage != 0) c.check(rusage, 144, PROT_WRITE);
        LxProcess.WaitReport r;
        try {
            // pid 0: the children in the caller's process group; below -1: in group -pid (wait4(2))
            r = c.process.waitChild(pid == 0 ? -c.process.pgid : pid, options | WEXITED, c.thread);
        } catch (InterruptedException e) {
            return -Signals.ERESTARTSYS; // EINTR, or re-run under SA_RESTART (see Signals.deliverPending)
        }
        if (r == null) return 0;
        if (status != 0) c.mem.write32(status, r.status());
        if (rusage != 0) c.mem.fill(rusage, 144, (byte) 0);
        return r.child().pid();
    }

    /**
     * waitid(2): idtype (P_ALL, P_PID, P_PGID, P_PIDFD), id, siginfo, options, rusage; 0, with siginfo describing the child that ended
     * (WEXITED), stopped (WSTOPPED) or continued (WCONTINUED), reported again later under WNOWAIT; si_pid
     * 0 under WNOHANG with none.
     */
    static long waitid(Call c) {
        int idtype = c.i(0), options = c.i(3);
        long id = c.a(1), info = c.a(2), rusage = c.a(4);
        if ((options & ~(WNOHANG | WEXITED | WUNTRACED | WCONTINUED | WNOWAIT | WNOTHREAD | WALL | WCLONE)) != 0) return -Errno.EINVAL;
        if ((options & (WEXITED | WUNTRACED | WCONTINUED)) == 0) return -Errno.EINVAL;
        if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID && idtype != P_PIDFD) return -Errno.EINVAL;
        long pidfdPid = 0;
        boolean nonblockPidfd = false;
        if (idtype == P_PIDFD) { // the pidfd's process; a non-blocking pidfd waits as WNOHANG
            if ((int) id < 0) return -Errno.EINVAL;
            if (!(c.fd((int) id) instanceof PidfdCalls.PidFd p)) return -Errno.EBADF;
            pidfdPid = p.process.pid();
            nonblockPidfd = (p.statusFlags & lxrun.lxcore.fs.LxFile.O_NONBLOCK) != 0;
            if (nonblockPidfd) options |= WNOHANG;
        }
        if (idtype == P_PID && (int) id <= 0 || idtype == P_PGID && (int) id < 0) return -Errno.EINVAL;
        if (info != 0) c.check(info, 128, PROT_WRITE);
        if (rusage != 0) c.check(rusage, 144, PROT_WRITE);
        LxProcess.WaitReport r;
        try {
            // P_PGID: the children in group id, the caller's own when id is 0 (waitid(2), Linux 5.4)
            long sel = idtype == P_PID ? id : idtype == P_PIDFD ? pidfdPid : idtype == P_PGID ? -(id == 0 ? c.process.pgid : id) : -1;
            r = c.process.waitChild(sel, options, c.thread);
        } catch (InterruptedException e) {
            return -Signals.ERESTARTSYS; // EINTR, or re-run under SA_RESTART (see Signals.deliverPending)
        }
        if (r == null && nonblockPidfd) return -Errno.EAGAIN;
        if (info != 0) {
            c.mem.fill(info, 128, (byte) 0);
            if (r != null) {
                int ws = r.status();
                boolean exited = (ws & 0x7f) == 0;
                c.mem.write32(info, Signals.SIGCHLD);
                c.mem.write32(info + 8, r.stopped() ? LxProcess.CLD_STOPPED : r.continued() ? LxProcess.CLD_CONTINUED
                        : exited ? LxProcess.CLD_EXITED : LxProcess.CLD_KILLED);
                c.mem.write32(info + 16, (int) r.child().pid());
                c.mem.write32(info + 20, r.child().creds.ruid());
                c.mem.write32(info + 24, r.stopped() ? ws >> 8 & 0xff : r.continued() ? Signals.SIGCONT
                        : exited ? (ws >> 8) & 0xff : ws & 0x7f);
            }
        }
        if (rusage != 0) c.mem.fill(rusage, 144, (byte) 0);
        return 0;
    }
}
