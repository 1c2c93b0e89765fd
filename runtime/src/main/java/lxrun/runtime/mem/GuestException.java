package lxrun.runtime.mem;

/**
 * A synchronous exception raised by guest execution (fault, undefined opcode, divide error, trap).
 * The dispatch loop routes it to PicoProviderRoutines.dispatchException, which turns it into a signal.
 * {@link #vector()} is the x86 exception vector, so the provider maps hardware events, not Java classes.
 */
public abstract class GuestException extends RuntimeException {
    public static final int DE = 0, DB = 1, BP = 3, UD = 6, GP = 13, PF = 14, MF = 16, XM = 19;

    /** Guest address of the instruction that raised it; filled in by the block that was running. */
    public long rip;

    /**
     * Set by a string instruction's helper: RAX, RCX, RSI and RDI in CpuState already show the progress
     * the instruction made before the fault (as hardware reports a REP string fault), so the translated
     * code must not write its own copies of them back.
     */
    public boolean stringProgress;

    protected GuestException(String message) {
        super(message, null, false, false);
    }

    /** The exception vector: DE divide error, BP int3, UD invalid opcode, GP protection, PF page fault. */
    public abstract int vector();
}
