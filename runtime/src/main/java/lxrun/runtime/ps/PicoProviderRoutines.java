package lxrun.runtime.ps;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestException;

/**
 * What a pico provider hands the process layer when it registers (PS_PICO_PROVIDER_ROUTINES, in order).
 * The process layer routes every event of a pico process here and knows nothing of what the provider
 * makes of it (for lxrun: Linux).
 */
public record PicoProviderRoutines(
        DispatchSystemCall dispatchSystemCall,
        ExitThread exitThread,
        ExitProcess exitProcess,
        DispatchException dispatchException,
        DeliverAlert deliverAlert,
        TerminateProcess terminateProcess,
        WalkUserStack walkUserStack,
        GetAllocatedProcessImageName getAllocatedProcessImageName,
        int openProcessAccess,
        int openThreadAccess) {

    /** A {@code syscall} instruction: number in RAX, arguments in RDI RSI RDX R10 R8 R9, result to RAX. */
    @FunctionalInterface
    public interface DispatchSystemCall {
        void dispatch(PicoThread thread, CpuState cpu);
    }

    /** A thread of a pico process has ended (its Java thread is about to return). */
    @FunctionalInterface
    public interface ExitThread {
        void exitThread(PicoThread thread);
    }

    /** The last thread of a pico process has ended. */
    @FunctionalInterface
    public interface ExitProcess {
        void exitProcess(PicoProcess process);
    }

    /**
     * A synchronous exception in guest code. Returns true when the provider handled it (for example by
     * setting up a signal frame); execution then resumes at {@code cpu.rip}. False ends the process.
     */
    @FunctionalInterface
    public interface DispatchException {
        boolean dispatch(PicoThread thread, CpuState cpu, GuestException exception);
    }

    /**
     * The thread left translated code at an instruction boundary because it was alerted
     * ({@link PicoRoutines#alertThread}, as a user APC interrupts a thread in WSL1): the provider delivers
     * what it queued for the thread (lxcore: pending signals), possibly redirecting {@code cpu.rip}.
     */
    @FunctionalInterface
    public interface DeliverAlert {
        void deliver(PicoThread thread, CpuState cpu);
    }

    /** Someone outside the provider terminates the process with {@code status}. */
    @FunctionalInterface
    public interface TerminateProcess {
        void terminate(PicoProcess process, int status);
    }

    /** Fills {@code frames} with return addresses of the guest stack; returns how many. */
    @FunctionalInterface
    public interface WalkUserStack {
        int walk(PicoThread thread, long[] frames);
    }

    @FunctionalInterface
    public interface GetAllocatedProcessImageName {
        String imageName(PicoProcess process);
    }
}
