package lxrun.lxcore.sys;

import lxrun.lxcore.LxThread;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/** A guest thread whose system calls a test makes: the Guest's own, or a forked child process's. */
final class Proc {
    final LxThread thread;
    final CpuState cpu;
    final GuestMemory mem;

    Proc(LxThread thread, CpuState cpu) {
        this.thread = thread;
        this.cpu = cpu;
        this.mem = cpu.mem;
    }

    static Proc of(Guest g) {
        return new Proc(g.thread, g.cpu);
    }

    /** fork(2) of {@code p} (the child's thread is not started: the test makes its calls). */
    static Proc fork(Guest g, Proc p) {
        LxThread t = g.instance.fork(p.thread, p.cpu, false, 0);
        return new Proc(t, t.pico.cpu);
    }

    synchronized long sys(int nr, long... args) {
        int[] regs = {CpuState.RDI, CpuState.RSI, CpuState.RDX, CpuState.R10, CpuState.R8, CpuState.R9};
        cpu.r[CpuState.RAX] = nr;
        for (int i = 0; i < 6; i++) cpu.r[regs[i]] = i < args.length ? args[i] : 0;
        SystemCalls.dispatch(thread, cpu, new PrintStream(OutputStream.nullOutputStream()));
        return cpu.r[CpuState.RAX];
    }

    /** The call on a new Java thread (for one that blocks). */
    CompletableFuture<Long> async(int nr, long... args) {
        return CompletableFuture.supplyAsync(() -> sys(nr, args), r -> new Thread(r).start());
    }

    long pid() {
        return thread.process.pid();
    }
}
