package lxrun.runtime.mem;

/**
 * A guest memory access that the guest page tables refuse: the translator's equivalent of a #PF.
 * Thrown from memory helpers; the dispatch loop hands it to the pico provider as an exception.
 * No stack trace: faults are guest events, not JVM bugs, and some guests take them often.
 */
public final class GuestFault extends GuestException {
    /** si_code values from siginfo.h: the page is not mapped, or mapped without the access. */
    public static final int SEGV_MAPERR = 1, SEGV_ACCERR = 2;

    public final long address;
    public final int code;
    public final boolean write;

    public GuestFault(long address, int code, boolean write) {
        super(String.format("%s at 0x%x", write ? "write" : "read", address));
        this.address = address;
        this.code = code;
        this.write = write;
    }

    @Override
    public int vector() {
        return PF;
    }
}
