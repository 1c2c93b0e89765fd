package lxrun.nt.ob;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A per-process handle table (HANDLE_TABLE). Handles are small integers allocated lowest-free first, so
 * the pico provider uses them directly as Linux file descriptors. Each entry holds a reference.
 */
public final class HandleTable {
    /** Per-handle attribute: closed across exec (FD_CLOEXEC). */
    public static final int INHERIT_NOT = 1;

    private NtObject[] objects = new NtObject[16];
    private int[] attributes = new int[16];
    private int count;
    private volatile java.util.function.Consumer<NtObject> closeHook;

    /** Tells {@code hook} of every handle closed (close, insertAt over it, rundown), before its reference goes. */
    public void onClose(java.util.function.Consumer<NtObject> hook) {
        closeHook = hook;
    }

    private void closed(NtObject o) {
        var hook = closeHook;
        if (hook != null) hook.accept(o);
        o.handleClosed();
    }

    /** Inserts at the lowest free handle not below {@code min}; -1 if {@code limit} would be reached. */
    public synchronized int insert(NtObject o, int attrs, int min, int limit) {
        for (int h = min; h < limit; h++) {
            if (h >= objects.length) grow(h + 1);
            if (objects[h] == null) {
                put(h, o, attrs);
                return h;
            }
        }
        return -1;
    }

    public int insert(NtObject o, int attrs) {
        return insert(o, attrs, 0, Integer.MAX_VALUE);
    }

    /** Places {@code o} at handle {@code h}, closing what was there (dup2 semantics). */
    public void insertAt(int h, NtObject o, int attrs) {
        NtObject old;
        synchronized (this) {
            if (h >= objects.length) grow(h + 1);
            old = objects[h];
            if (old != null) count--;
            put(h, o, attrs);
        }
        if (old != null) closed(old);
    }

    private void put(int h, NtObject o, int attrs) {
        o.handleOpened();
        objects[h] = o;
        attributes[h] = attrs;
        count++;
    }

    private void grow(int n) {
        int len = Math.max(n, objects.length * 2);
        objects = Arrays.copyOf(objects, len);
        attributes = Arrays.copyOf(attributes, len);
    }

    /** The object behind a handle, or null: the caller does not own a new reference. */
    public synchronized NtObject get(int h) {
        return h >= 0 && h < objects.length ? objects[h] : null;
    }

    public synchronized int attributes(int h) {
        return h >= 0 && h < objects.length && objects[h] != null ? attributes[h] : -1;
    }

    public synchronized void setAttributes(int h, int attrs) {
        if (h >= 0 && h < objects.length && objects[h] != null) attributes[h] = attrs;
    }

    /** NtClose: false if the handle was not open. */
    public boolean close(int h) {
        NtObject o;
        synchronized (this) {
            if (h < 0 || h >= objects.length || objects[h] == null) return false;
            o = objects[h];
            objects[h] = null;
            count--;
        }
        closed(o);
        return true;
    }

    public synchronized int count() {
        return count;
    }

    /** A copy for fork/clone: every handle refers to the same object, with one more handle on it. */
    public synchronized HandleTable duplicate() {
        HandleTable t = new HandleTable();
        t.grow(objects.length);
        for (int h = 0; h < objects.length; h++) {
            if (objects[h] != null) t.put(h, objects[h], attributes[h]);
        }
        return t;
    }

    public synchronized void forEach(BiConsumer<Integer, NtObject> f) {
        for (int h = 0; h < objects.length; h++) {
            if (objects[h] != null) f.accept(h, objects[h]);
        }
    }

    /** Closes every handle (process rundown). */
    public void closeAll() {
        for (int h = 0; ; h++) {
            synchronized (this) {
                if (h >= objects.length) return;
            }
            close(h);
        }
    }
}
