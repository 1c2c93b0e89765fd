package lxrun.runtime.ps;

import lxrun.nt.ob.HandleTable;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;

/** What the process layer offers the registered pico provider (PS_PICO_ROUTINES). */
public interface PicoRoutines {
    /** PspPicoCreateProcess: a new, threadless pico process over {@code memory}. */
    PicoProcess createProcess(GuestMemory memory, HandleTable handles, Object context);

    /** A new, threadless pico process in {@code parent}'s address space (a CLONE_VM child: vfork, posix_spawn). */
    PicoProcess createProcessSharingAddressSpace(PicoProcess parent, HandleTable handles, Object context);

    /** PspPicoCreateThread: a suspended thread that will start with {@code initial} registers. */
    PicoThread createThread(PicoProcess process, CpuState initial, Object context);

    /** Starts a created thread on its own Java thread. */
    void resumeThread(PicoThread thread);

    /** Sets FS/GS bases (arch_prctl, clone TLS). */
    void setThreadDescriptorBase(PicoThread thread, long fsBase, long gsBase);

    /**
     * Alerts a thread (KeAlertThread with a user APC): a thread running translated code leaves it at the
     * next back edge or block end and the provider's {@code deliverAlert} runs on it; a thread in a
     * system call sees it when the call returns.
     */
    void alertThread(PicoThread thread);

    /** Ends a thread; from the thread itself this unwinds it at once (never returns). */
    void terminateThread(PicoThread thread);

    /** Ends every thread of the process and records its exit status. */
    void terminateProcess(PicoProcess process, int status);
}
