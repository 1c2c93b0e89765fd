package lxrun.runtime.mem;

/**
 * A synchronous exception raised by guest execution (fault, undefined opcode, divide error, trap).
 * The dispatch loop routes it to PicoProviderRoutines.dispatchException, which turns it into a signal.
 */
public abstract class GuestException extends RuntimeException {
    /** Guest address of the instruction that raised it; filled in by the block that was running. */
    public long rip;

    protected GuestException(String message) {
        super(message, null, false, false);
    }
}
