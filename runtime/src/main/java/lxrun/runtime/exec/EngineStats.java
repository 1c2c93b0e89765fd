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

    static {
        for (LongAdder[] t : TRANSLATED) for (int i = 0; i < t.length; i++) t[i] = new LongAdder();
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

    public static void print(PrintStream out) {
        out.println("lxrun --stats:");
        for (BlockTranslator.Tier tier : BlockTranslator.Tier.values()) {
            LongAdder[] t = TRANSLATED[tier.ordinal()];
            out.printf("  %-8s %8d translations %10d guest instructions %8d KB of classes %8.1f ms translating%n",
                    tier.name().toLowerCase(), t[0].sum(), t[1].sum(), t[2].sum() >> 10, t[3].sum() / 1e6);
        }
        out.printf("  %d guest instructions interpreted, %d dispatch-loop round trips, %d blocks promoted to regions, %d translations invalidated%n",
                INTERPRETED.sum(), DISPATCHES.sum(), PROMOTIONS.sum(), INVALIDATIONS.sum());
    }
}
