package lxrun.runtime.cpu;

import lxrun.runtime.mem.GuestException;

/**
 * An exception raised by an instruction itself rather than by a memory access: #DE (divide error),
 * #UD (undefined or unimplemented opcode), #BP (int3), #GP (privileged instruction). The message
 * names the instruction for the user's one-line error.
 */
public final class CpuException extends GuestException {
    private final int vector;

    public CpuException(int vector, String message) {
        super(message);
        this.vector = vector;
    }

    @Override
    public int vector() {
        return vector;
    }
}
