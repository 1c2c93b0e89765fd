package lxrun.lxcore.sys;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestFault;
import lxrun.runtime.ps.ThreadExit;

import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * LxpSysDispatch: the table indexed by RAX, the handler's result back in RAX (negative errno on
 * failure), strace lines, and signal delivery on the way back to the guest.
 */
public final class SystemCalls {
    private static final Syscall[] BY_NUMBER = new Syscall[SyscallTable.MAX + 1];

    static {
        for (Syscall s : SyscallTable.ALL) {
            if (BY_NUMBER[s.number()] != null) throw new ExceptionInInitializerError("duplicate syscall " + s.number());
            BY_NUMBER[s.number()] = s;
        }
    }

    private SystemCalls() {}

    /** execve(2), execveat(2): the memory holding their arguments is gone once they succeed. */
    private static final int NR_EXECVE = 59, NR_EXECVEAT = 322;

    /** The entry for a number, or null for a number Linux does not have. */
    public static Syscall lookup(long nr) {
        return nr >= 0 && nr < BY_NUMBER.length ? BY_NUMBER[(int) nr] : null;
    }

    public static Syscall lookup(String name) {
        for (Syscall s : SyscallTable.ALL) {
            if (s.name().equals(name)) return s;
        }
        return null;
    }

    public static java.util.List<Syscall> all() {
        return java.util.List.of(SyscallTable.ALL);
    }

    /** Runs the system call in the thread's registers; {@code strace} may be null. */
    public static void dispatch(LxThread thread, CpuState cpu, PrintStream strace) {
        // do_syscall_64 takes the number as an int, the low 32 bits of RAX: 0x1_0000_0027 is getpid, and a
        // negative int or one past the table is ENOSYS (the x32 numbers, from 0x40000000, are not offered)
        int nr = (int) cpu.r[CpuState.RAX];
        cpu.r[CpuState.RCX] = cpu.rip;        // what the syscall instruction leaves in RCX and R11
        cpu.r[CpuState.R11] = cpu.rflags();
        Syscall s = lookup(nr);
        thread.enter();
        Call c = new Call(thread, cpu);
        // execve replaces the memory its arguments are in: its line is rendered before it runs
        String callText = strace != null && s != null && (s.number() == NR_EXECVE || s.number() == NR_EXECVEAT) ? Strace.call(s, nr, c.args, 0, cpu.mem) : null;
        long r;
        try {
            r = s == null || s.handler() == null ? -Errno.ENOSYS : s.handler().call(c);
        } catch (LinuxError e) {
            r = -e.errno;
        } catch (GuestFault e) {
            r = -Errno.EFAULT;
        } catch (UncheckedIOException e) {
            r = -Errno.of(e.getCause());
        } catch (ThreadExit e) {
            if (strace != null) trace(strace, thread, Strace.call(s, nr, c.args, 0, cpu.mem) + " = ?");
            throw e;
        } catch (RuntimeException e) {
            // Last resort for a bug in lxrun: every handler checks its arguments and answers with Linux's
            // errno, so an exception here is lxrun's failure, never the guest's. It must not end the
            // guest (or the run) with a stack trace; one line says what broke, and the guest gets ENOSYS,
            // "this kernel cannot do that call", which programs handle (libc falls back), where an EFAULT
            // or EINVAL would blame arguments that Linux would have taken.
            PrintStream out = thread.process.instance.messages();
            out.println("lxrun: internal error in " + (s != null ? s.name() : "syscall " + nr) + ": " + e);
            out.flush();
            r = -Errno.ENOSYS;
        } finally {
            c.release();
        }
        cpu.r[CpuState.RAX] = r;
        if (strace != null) trace(strace, thread, callText != null ? callText + " = " + Strace.result(s, r) : Strace.line(s, nr, c.args, r, cpu.mem));
        if (thread.pending != 0 || thread.process.pending != 0 || thread.restoreSigmask || Signals.restartable(r)
                || thread.process.stopped) {
            Signals.deliverPending(thread, cpu, nr);
        }
    }

    private static void trace(PrintStream out, LxThread thread, String line) {
        out.println(thread.process.instance.tracePrefix() + line);
        out.flush();
    }

    /** {@code --syscalls}: number, name and support of every system call, with totals. */
    public static void printCoverage(PrintStream out) {
        int[] counts = new int[Syscall.Support.values().length];
        for (Syscall s : SyscallTable.ALL) {
            out.printf("%4d  %-24s %s%n", s.number(), s.name(), s.support().name().toLowerCase(java.util.Locale.ROOT));
            counts[s.support().ordinal()]++;
        }
        out.printf("%d system calls: %d implemented, %d partial, %d ENOSYS stubs, %d not handled%n",
                SyscallTable.ALL.length, counts[0], counts[1], counts[2], counts[3]);
    }
}
