package lxrun.runtime.exec;

import lxrun.runtime.mem.GuestMemory;

import java.util.HashMap;
import java.util.Map;

/**
 * Translations of one address space, by guest address. A direct-mapped array answers most lookups with
 * one load and one compare; the map holds everything. A write to a page with translated code
 * (self-modifying code, JITs, mprotect) drops every translation that overlaps that page.
 */
public final class CodeCache implements GuestMemory.CodeWatcher {
    private static final int FAST_BITS = 14;

    private final GuestMemory mem;
    private final BlockTranslator translator;
    private final CompiledBlock[] fast = new CompiledBlock[1 << FAST_BITS];
    private final Map<Long, CompiledBlock> all = new HashMap<>();

    public CodeCache(GuestMemory mem, BlockTranslator translator) {
        this.mem = mem;
        this.translator = translator;
        mem.setCodeWatcher(this);
    }

    private static int slot(long rip) {
        return (int) (rip ^ (rip >>> FAST_BITS)) & ((1 << FAST_BITS) - 1);
    }

    public CompiledBlock lookup(long rip) {
        CompiledBlock b = fast[slot(rip)];
        if (b != null && b.start == rip) return b;
        return lookupSlow(rip);
    }

    private synchronized CompiledBlock lookupSlow(long rip) {
        CompiledBlock b = all.get(rip);
        if (b == null) {
            b = translator.translate(mem, rip);
            for (long p = b.low & ~GuestMemory.PAGE_MASK; p < b.high; p += GuestMemory.PAGE_SIZE) mem.markCode(p);
            all.put(rip, b);
        }
        fast[slot(rip)] = b;
        return b;
    }

    @Override
    public synchronized void codeChanged(long pageStart) {
        long pageEnd = pageStart + GuestMemory.PAGE_SIZE;
        all.values().removeIf(b -> b.low < pageEnd && b.high > pageStart);
        for (int i = 0; i < fast.length; i++) {
            CompiledBlock b = fast[i];
            if (b != null && b.low < pageEnd && b.high > pageStart) fast[i] = null;
        }
    }

    public synchronized int size() {
        return all.size();
    }
}
