package lxrun.runtime.exec;

import java.io.PrintStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the engine did in this run, for {@code lxrun --stats}: translations per tier and what they cost,
 * dispatch-loop round trips, promotions and invalidations. Counting is compiled out unless the property
 * {@code lxrun.stats} is set before this class loads ({@link #ON} is a constant HotSpot folds).
 */
public final class EngineStats {
    public static final boolean ON = Boolean.getBoolean("lxrun.stats");

    /** Per tier of {@link BlockTranslator.Tier}: translations, guest instructions in them, class-file bytes, nanoseconds. */
    private static final LongAdder[][] TRANSLATED = new LongAdder[BlockTranslator.Tier.values().length][4];
    static final LongAdder DISPATCHES = new LongAdder(), INVALIDATIONS = new LongAdder(), PROMOTIONS = new LongAdder();
    /** Guest instructions run by the interpreter (translated code is not counted: it runs at full speed). */
    public static final LongAdder INTERPRETED = new LongAdder();
    /** How regions were left, counted by translated code generated while ON: see {@link #exit}. */
    public static final int EXIT_DIRECT = 0, EXIT_INDIRECT = 1, EXIT_RETURN = 2, EXIT_SYSCALL = 3;
    private static final String[] EXIT_NAMES = {"to a known address", "indirect jump or call", "return", "system call"};
    private static final LongAdder[] EXITS = new LongAdder[EXIT_NAMES.length];
    /** Dispatch-loop entries per tier of the translation entered. */
    static final LongAdder[] ENTERED = new LongAdder[BlockTranslator.Tier.values().length];

    static {
        for (LongAdder[] t : TRANSLATED) for (int i = 0; i < t.length; i++) t[i] = new LongAdder();
        for (int i = 0; i < EXITS.length; i++) EXITS[i] = new LongAdder();
        for (int i = 0; i < ENTERED.length; i++) ENTERED[i] = new LongAdder();
    }

    private EngineStats() {
    }

    static void translated(CompiledBlock b, long nanos) {
        LongAdder[] t = TRANSLATED[b.tier.ordinal()];
        t[0].increment();
        t[1].add(b.instructions);
        t[2].add(b.classBytes);
        t[3].add(nanos);
    }

    /** A region exit of kind {@code kind} (EXIT_*), called from translated code generated with stats on. */
    public static void exit(int kind) {
        EXITS[kind].increment();
    }

    public static void print(PrintStream out) {
        out.println("lxrun --stats:");
        for (BlockTranslator.Tier tier : BlockTranslator.Tier.values()) {
            LongAdder[] t = TRANSLATED[tier.ordinal()];
            out.printf("  %-8s %8d translations %10d guest instructions %8d KB of classes %8.1f ms translating%n",
                    tier.name().toLowerCase(), t[0].sum(), t[1].sum(), t[2].sum() >> 10, t[3].sum() / 1e6);
        }
        out.printf("  %d guest instructions interpreted, %d dispatch-loop round trips, %d blocks promoted to regions, %d translations invalidated%n",
                INTERPRETED.sum(), DISPATCHES.sum(), PROMOTIONS.sum(), INVALIDATIONS.sum());
        StringBuilder entered = new StringBuilder("  dispatch-loop entries:");
        for (BlockTranslator.Tier tier : BlockTranslator.Tier.values()) {
            entered.append(String.format(" %d %s", ENTERED[tier.ordinal()].sum(), tier.name().toLowerCase()));
        }
        out.println(entered);
        StringBuilder exits = new StringBuilder("  region exits:");
        for (int i = 0; i < EXITS.length; i++) exits.append(String.format(" %d %s;", EXITS[i].sum(), EXIT_NAMES[i]));
        out.println(exits);
    }
}
