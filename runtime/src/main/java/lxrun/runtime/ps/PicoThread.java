package lxrun.runtime.ps;

import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectType;
import lxrun.runtime.cpu.CpuState;

/** A pico thread (ETHREAD): guest CPU state, run by one Java thread, with the provider's context. */
public final class PicoThread extends NtObject {
    public static final ObjectType TYPE = new ObjectType("Thread");

    public final PicoProcess process;
    public final long id;
    public final CpuState cpu;
    private volatile Object context;
    volatile boolean terminateRequested;
    Thread javaThread;

    PicoThread(PicoProcess process, long id, CpuState cpu) {
        super(TYPE);
        this.process = process;
        this.id = id;
        this.cpu = cpu;
        cpu.owner = this;
        cpu.mem = process.memory;
    }

    public Object context() {
        return context;
    }

    public void setContext(Object c) {
        context = c;
    }

    public Thread javaThread() {
        return javaThread;
    }

    /** The pico thread running on the calling Java thread. */
    public static PicoThread of(CpuState cpu) {
        return (PicoThread) cpu.owner;
    }
}
