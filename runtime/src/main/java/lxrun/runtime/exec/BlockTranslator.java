package lxrun.runtime.exec;

import lxrun.runtime.mem.GuestMemory;

import java.util.function.LongPredicate;

/**
 * The translator, as the runtime sees it: turns guest code at an address into a runnable block.
 * Implemented by the translator module and handed to the process layer when the system is wired up,
 * so the runtime does not depend on the translator.
 */
public interface BlockTranslator {
    /**
     * How much work a translation is worth. Code starts in the cheapest tier; the code cache moves an entry
     * up when it has been entered {@link CodeCache#promoteAfter} times.
     */
    enum Tier {
        /**
         * One basic block (a trace through its direct jumps), decoded once and interpreted: most guest code
         * runs only a few times, and costs nothing here beyond its decoding.
         */
        INTERPRETER,
        /** The blocks reachable from the entry through direct branches, one method HotSpot optimises as a whole. */
        REGION
    }

    /**
     * Translates the code at {@code rip} in {@code tier}; throws a GuestException (fault, SIGILL) if it cannot be
     * fetched. A region takes in only the blocks {@code ran} says have run: paths the program has not taken
     * stay exits (to the interpreter), so HotSpot compiles what is hot and no more.
     */
    CompiledBlock translate(GuestMemory mem, long rip, Tier tier, LongPredicate ran);
}
