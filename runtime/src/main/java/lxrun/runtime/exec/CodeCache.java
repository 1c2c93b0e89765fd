package lxrun.runtime.exec;

import lxrun.runtime.mem.GuestMemory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translations of one address space, by guest address. A direct-mapped array answers most lookups with
 * one load and one compare; the map holds everything, and a per-page index lists the translations made
 * from each page.
 *
 * <p>Self-modifying code: a page with translations has the CODE bit, so guest writes to it take the
 * memory's slow path, which reports the written bytes here. Translations whose guest bytes overlap them
 * are dropped and flagged {@link CompiledBlock#invalidated}; writes to other bytes of the page (data next
 * to code) cost only that check. A translation that is running when it is invalidated (it wrote its own
 * code) leaves at its next jump: see the JIT's region exits.
 *
 * <p>Tiers: code first runs one block (trace) at a time in the interpreter
 * ({@link BlockTranslator.Tier#INTERPRETER}); a block entered {@link #PROMOTE_AFTER} times through this cache
 * is translated again as a region, which replaces it here. A thread running the old translation leaves it at
 * its next jump, as after a write to its code, and its next lookup finds the region.
 * {@code -Dlxrun.tier.threshold=N} (lxrun --tier-threshold) sets N (0: regions from the start, no
 * interpreter; -1: never promote).
 */
public final class CodeCache implements GuestMemory.CodeWatcher {
    private static final int FAST_BITS = 16; // a compiler or an interpreter has 10^5 blocks

    private final GuestMemory mem;
    private final BlockTranslator translator;
    /** Entries of a block before it is translated as a region (the default measured on cc1 and python3). */
    public static final int PROMOTE_AFTER = Integer.getInteger("lxrun.tier.threshold", 2000);

    private final CompiledBlock[] fast = new CompiledBlock[1 << FAST_BITS];
    private final Map<Long, CompiledBlock> all = new HashMap<>();
    /** Page address -> the translations whose guest bytes [low, high) touch that page. */
    private final Map<Long, List<CompiledBlock>> byPage = new HashMap<>();

    /** This cache's promotion point: {@link #PROMOTE_AFTER} unless a test chooses the tier. */
    private final int promoteAfter;

    public CodeCache(GuestMemory mem, BlockTranslator translator) {
        this(mem, translator, PROMOTE_AFTER);
    }

    /** A cache with its own promotion point (0: translate regions at once; -1: interpret, never promote). */
    public CodeCache(GuestMemory mem, BlockTranslator translator, int promoteAfter) {
        this.mem = mem;
        this.translator = translator;
        this.promoteAfter = promoteAfter;
        mem.setCodeWatcher(this);
    }

    private static int slot(long rip) {
        return (int) (rip ^ (rip >>> FAST_BITS)) & ((1 << FAST_BITS) - 1);
    }

    public CompiledBlock lookup(long rip) {
        if (EngineStats.ON) EngineStats.DISPATCHES.increment();
        CompiledBlock b = fast[slot(rip)];
        if (b != null && b.start == rip) {
            if (EngineStats.ON) EngineStats.ENTERED[b.tier.ordinal()].increment();
            if (b.untilPromotion == 0 || --b.untilPromotion != 0) return b;
            return promote(b);
        }
        return lookupSlow(rip);
    }

    private synchronized CompiledBlock lookupSlow(long rip) {
        CompiledBlock b = all.get(rip);
        if (b == null) b = add(translate(rip, promoteAfter == 0 ? BlockTranslator.Tier.REGION : BlockTranslator.Tier.INTERPRETER));
        fast[slot(rip)] = b;
        return b;
    }

    /** The region that replaces block {@code b}, or {@code b} if it is gone or was promoted meanwhile. */
    private synchronized CompiledBlock promote(CompiledBlock b) {
        if (b.invalidated || all.get(b.start) != b) return b;
        CompiledBlock r = translate(b.start, BlockTranslator.Tier.REGION);
        if (EngineStats.ON) EngineStats.PROMOTIONS.increment();
        drop(b); // another thread running it leaves at its next jump and finds the region
        add(r);
        fast[slot(r.start)] = r;
        return r;
    }

    private CompiledBlock translate(long rip, BlockTranslator.Tier tier) {
        long t0 = EngineStats.ON ? System.nanoTime() : 0;
        // regions at once (nothing has run yet): every block a direct branch reaches; else those that ran
        CompiledBlock b = translator.translate(mem, rip, tier, promoteAfter == 0 ? a -> true : this::ran);
        if (EngineStats.ON) EngineStats.translated(b, System.nanoTime() - t0);
        b.untilPromotion = b.tier != BlockTranslator.Tier.REGION && promoteAfter > 0 ? promoteAfter : 0;
        return b;
    }

    /** True when code at {@code a} has run: a block entered here, or a piece of a translation (a trace's leg). */
    private boolean ran(long a) {
        if (all.containsKey(a)) return true;
        List<CompiledBlock> here = byPage.get(a & ~GuestMemory.PAGE_MASK);
        if (here != null) for (CompiledBlock b : here) if (b.startsPiece(a)) return true;
        return false;
    }

    private CompiledBlock add(CompiledBlock b) {
        for (long p : b.pages()) {
            byPage.computeIfAbsent(p, k -> new ArrayList<>()).add(b);
            mem.markCode(p);
        }
        all.put(b.start, b);
        return b;
    }

    @Override
    public synchronized void codeWritten(long a, long n) {
        long page = a & ~GuestMemory.PAGE_MASK;
        List<CompiledBlock> here = byPage.get(page);
        if (here != null) {
            for (CompiledBlock b : here.toArray(new CompiledBlock[0])) {
                if (b.overlaps(a, a + n)) {
                    drop(b);
                    if (EngineStats.ON) EngineStats.INVALIDATIONS.increment();
                }
            }
        }
        if (!byPage.containsKey(page)) mem.clearCode(page);
    }

    /** Forgets a translation: lookups translate again, and a run of it in progress leaves at its next jump. */
    private void drop(CompiledBlock b) {
        b.invalidated = true;
        all.remove(b.start, b);
        int s = slot(b.start);
        if (fast[s] == b) fast[s] = null;
        for (long p : b.pages()) {
            List<CompiledBlock> l = byPage.get(p);
            l.remove(b);
            if (l.isEmpty()) {
                byPage.remove(p);
                mem.clearCode(p);
            }
        }
    }

    public synchronized int size() {
        return all.size();
    }
}
