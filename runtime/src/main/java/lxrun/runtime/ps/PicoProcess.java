package lxrun.runtime.ps;

import lxrun.nt.ob.HandleTable;
import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectType;
import lxrun.runtime.exec.CodeCache;
import lxrun.runtime.mem.GuestMemory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pico process (EPROCESS with the pico flag): an address space, a handle table, its threads, and an
 * opaque context that belongs to the pico provider (PsGetPicoProcessContext).
 */
public final class PicoProcess extends NtObject {
    public static final ObjectType TYPE = new ObjectType("Process");

    public final ProcessLayer layer;
    public final long id;
    /** Replaced by an exec ({@link #replaceAddressSpace}); shared with the parent by a CLONE_VM child until then. */
    public volatile GuestMemory memory;
    public volatile CodeCache codeCache;
    /** Whether this process created {@link #memory} and so releases it (a CLONE_VM child borrows its parent's). */
    private volatile boolean ownsMemory = true;
    public final HandleTable handles;
    final List<PicoThread> threads = new CopyOnWriteArrayList<>();
    private volatile Object context;
    private volatile int exitStatus = -1;
    private final java.util.concurrent.CountDownLatch exited = new java.util.concurrent.CountDownLatch(1);

    PicoProcess(ProcessLayer layer, long id, GuestMemory memory, HandleTable handles) {
        super(TYPE);
        this.layer = layer;
        this.id = id;
        this.memory = memory;
        this.handles = handles;
        this.codeCache = new CodeCache(memory, layer.translator());
    }

    /** A CLONE_VM child (vfork, posix_spawn): it runs in its parent's address space and translations until it execs. */
    PicoProcess(ProcessLayer layer, long id, PicoProcess parent, HandleTable handles) {
        super(TYPE);
        this.layer = layer;
        this.id = id;
        this.memory = parent.memory;
        this.handles = handles;
        this.codeCache = parent.codeCache;
        this.ownsMemory = false;
    }

    /**
     * An exec: the process continues in a new address space with new translations. The old one is
     * released if it was this process's own and no other thread is left in it. The threads' CPU states
     * point at the new memory; each running thread must leave its translated code (the caller raises
     * {@code cpu.interrupt}).
     */
    public void replaceAddressSpace(GuestMemory m) {
        GuestMemory old = ownsMemory ? memory : null;
        memory = m;
        codeCache = new CodeCache(m, layer.translator());
        ownsMemory = true;
        for (PicoThread t : threads) t.cpu.mem = m;
        if (old != null && threads.size() <= 1) old.close(); // else a thread that would not end may still touch it
    }

    public Object context() {
        return context;
    }

    public void setContext(Object c) {
        context = c;
    }

    public List<PicoThread> threads() {
        return List.copyOf(threads);
    }

    /** The status given to TerminateProcess, or -1 while the process runs. */
    public int exitStatus() {
        return exitStatus;
    }

    void setExited(int status) {
        if (exitStatus == -1) exitStatus = status;
        exited.countDown();
    }

    public boolean hasExited() {
        return exited.getCount() == 0;
    }

    /** Waits until the process has ended and returns its status. */
    public int waitForExit() throws InterruptedException {
        exited.await();
        return exitStatus;
    }

    /** All threads have ended: shared memory mappings of an address space it owns go at once. */
    void releaseSharedMemory() {
        if (ownsMemory) memory.unshareAll();
    }

    @Override
    protected void onDelete() {
        if (ownsMemory) memory.close();
    }
}
