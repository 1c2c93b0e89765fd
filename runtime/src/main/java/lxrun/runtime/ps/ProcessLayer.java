package lxrun.runtime.ps;

import lxrun.nt.ob.HandleTable;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.BlockTranslator;
import lxrun.runtime.exec.CodeCache;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process layer (the Ps part of the kernel): creates pico processes and threads, runs threads
 * through the dispatch loop, and routes their system calls, exceptions and exits to the one registered
 * pico provider. It knows nothing of Linux.
 */
public final class ProcessLayer implements PicoRoutines {
    private final BlockTranslator translator;
    private volatile PicoProviderRoutines provider;
    private final AtomicLong nextId;
    private final Map<Long, PicoProcess> processes = new ConcurrentHashMap<>();

    public ProcessLayer(BlockTranslator translator, long firstId) {
        this.translator = translator;
        this.nextId = new AtomicLong(firstId);
    }

    BlockTranslator translator() {
        return translator;
    }

    /** PsRegisterPicoProvider: only one provider, once. */
    public synchronized PicoRoutines registerPicoProvider(PicoProviderRoutines routines) {
        if (provider != null) throw new IllegalStateException("a pico provider is already registered");
        provider = routines;
        return this;
    }

    public PicoProviderRoutines provider() {
        return provider;
    }

    public PicoProcess process(long id) {
        return processes.get(id);
    }

    /** The live processes, in no particular order. */
    public java.util.Collection<PicoProcess> processes() {
        return java.util.List.copyOf(processes.values());
    }

    /** The id given out last (a process's or a thread's): /proc/loadavg's last field. */
    public long lastId() {
        return nextId.get() - 1;
    }

    // ------------------------------------------------------------------ PicoRoutines

    @Override
    public PicoProcess createProcess(GuestMemory memory, HandleTable handles, Object context) {
        return register(new PicoProcess(this, nextId.getAndIncrement(), memory, handles), context);
    }

    @Override
    public PicoProcess createProcessSharingAddressSpace(PicoProcess parent, HandleTable handles, Object context) {
        return register(new PicoProcess(this, nextId.getAndIncrement(), parent, handles), context);
    }

    private PicoProcess register(PicoProcess p, Object context) {
        p.setContext(context);
        processes.put(p.id, p);
        return p;
    }

    /** Thread ids share the process id space, as Linux tids do; the first thread takes the process id. */
    @Override
    public PicoThread createThread(PicoProcess process, CpuState initial, Object context) {
        long tid = process.threads.isEmpty() ? process.id : nextId.getAndIncrement();
        PicoThread t = new PicoThread(process, tid, initial);
        t.setContext(context);
        process.threads.add(t);
        return t;
    }

    @Override
    public void resumeThread(PicoThread t) {
        Thread j = Thread.ofPlatform().name("guest-" + t.id).stackSize(16 << 20).unstarted(() -> run(t));
        t.javaThread = j;
        j.start();
    }

    /** Runs a thread on the calling Java thread (the initial thread of a process runs on its creator). */
    public void runOnCurrentThread(PicoThread t) {
        t.javaThread = Thread.currentThread();
        run(t);
    }

    @Override
    public void setThreadDescriptorBase(PicoThread t, long fsBase, long gsBase) {
        t.cpu.fsBase = fsBase;
        t.cpu.gsBase = gsBase;
    }

    @Override
    public void alertThread(PicoThread t) {
        t.cpu.interrupt = true;
    }

    @Override
    public void terminateThread(PicoThread t) {
        t.terminateRequested = true;
        t.cpu.interrupt = true;
        if (Thread.currentThread() == t.javaThread) throw new ThreadExit();
        if (t.javaThread != null) t.javaThread.interrupt();
    }

    @Override
    public void terminateProcess(PicoProcess p, int status) {
        p.setExited(status);
        for (PicoThread t : p.threads) {
            if (Thread.currentThread() != t.javaThread) terminateThread(t);
        }
        for (PicoThread t : p.threads) {
            if (Thread.currentThread() == t.javaThread) terminateThread(t);
        }
    }

    // ------------------------------------------------------------------ dispatch

    /** Entry from translated code for a {@code syscall} instruction; {@code cpu.rip} is already past it. */
    public static void systemCall(CpuState cpu) {
        PicoThread t = (PicoThread) cpu.owner;
        t.process.layer.provider.dispatchSystemCall().dispatch(t, cpu);
        if (t.terminateRequested) throw new ThreadExit();
    }

    /** The dispatch loop: look up (or translate) the block at RIP, run it, repeat. */
    private void run(PicoThread t) {
        CpuState cpu = t.cpu;
        PicoProviderRoutines routines = provider;
        try {
            while (!t.terminateRequested) {
                CodeCache cache = t.process.codeCache; // an exec replaces it and raises cpu.interrupt
                try {
                    long rip = cpu.rip;
                    while (!cpu.interrupt) rip = cpu.rip = cache.lookup(rip).run(cpu);
                    if (t.terminateRequested) break;
                    cpu.interrupt = false; // an exec or an alert: the provider delivers what is queued
                    routines.deliverAlert().deliver(t, cpu);
                } catch (GuestException e) {
                    cpu.rip = e.rip;
                    if (!routines.dispatchException().dispatch(t, cpu, e)) break;
                }
            }
        } catch (ThreadExit e) {
            // normal end of a thread
        } finally {
            t.process.threads.remove(t);
            routines.exitThread().exitThread(t);
            if (t.process.threads.isEmpty()) {
                // still listed while the provider ends it: a pid stays findable until its zombie exists
                // (kill(2) and pidfd_send_signal(2) of an exiting process succeed, as on Linux)
                routines.exitProcess().exitProcess(t.process);
                processes.remove(t.process.id);
                t.process.releaseSharedMemory();
                t.process.setExited(t.process.exitStatus() == -1 ? 0 : t.process.exitStatus());
                // the creation reference: its address space (a 64 GiB reservation) goes now, not at the
                // JVM's exit, which never comes in the resident service
                t.process.dereference();
            }
        }
    }
}
