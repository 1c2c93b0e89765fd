package lxrun.lxcore;

import lxrun.nt.ob.ObjectManager;
import lxrun.runtime.ps.ProcessLayer;

/**
 * The Linux pico provider (lxcore). {@link #initialize} is LxInitialize: it registers the provider's
 * routine table with the process layer and creates {@code \Device\lxss}. (API pinned; implementation in progress.)
 */
public final class LxCore {
    private LxCore() {}

    public static LxCore initialize(ProcessLayer layer, ObjectManager objects) {
        throw new UnsupportedOperationException();
    }

    /** An instance: a root mapping and options, like a WSL1 distribution instance. */
    public LxInstance createInstance(InstanceConfig config) {
        throw new UnsupportedOperationException();
    }
}
