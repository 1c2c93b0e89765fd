package lxrun.runtime.exec;

import lxrun.runtime.mem.GuestMemory;

/**
 * The translator, as the runtime sees it: turns guest code at an address into a runnable block.
 * Implemented by the translator module and handed to the process layer when the system is wired up,
 * so the runtime does not depend on the translator.
 */
public interface BlockTranslator {
    /** Translates the code at {@code rip}; throws a GuestException (fault, SIGILL) if it cannot be fetched. */
    CompiledBlock translate(GuestMemory mem, long rip);
}
