package lxrun.nt.ob;

import lxrun.nt.NtStatus;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An object directory (OBJECT_DIRECTORY): names to objects, one level of the namespace. Each entry holds
 * a reference on its object, so a named object lives at least as long as its name. Names are
 * case-sensitive (lxss needs that). Entries are kept sorted so listings and dumps are stable.
 */
public final class ObjectDirectory extends NtObject {
    public static final ObjectType TYPE = new ObjectType("Directory");

    private final SortedMap<String, NtObject> entries = new TreeMap<>();

    public ObjectDirectory() {
        super(TYPE);
    }

    /** ObpLookupEntryDirectory: the object named {@code name}, referenced for the caller, or null. */
    public synchronized NtObject lookupEntry(String name) {
        NtObject o = entries.get(name);
        return o != null ? o.reference() : null;
    }

    /**
     * ObpInsertEntryDirectory: the directory takes its own reference on {@code object}. An object has at
     * most one name, so an object that already has one is refused (this also keeps the tree acyclic).
     */
    synchronized int insertEntry(String name, NtObject object) {
        if (entries.containsKey(name)) return NtStatus.STATUS_OBJECT_NAME_COLLISION;
        synchronized (object) {
            if (object.name() != null) return NtStatus.STATUS_INVALID_PARAMETER;
            object.setName(name);
        }
        entries.put(name, object.reference());
        return NtStatus.STATUS_SUCCESS;
    }

    /** ObpDeleteEntryDirectory: drops the name and the directory's reference. */
    int deleteEntry(String name) {
        NtObject o;
        synchronized (this) {
            o = entries.get(name);
            if (o == null) return NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
            if (o instanceof ObjectDirectory d && !d.isEmpty()) return NtStatus.STATUS_DIRECTORY_NOT_EMPTY;
            entries.remove(name);
            o.setName(null);
        }
        o.dereference();
        return NtStatus.STATUS_SUCCESS;
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** A snapshot of the entries, sorted by name; the objects are not referenced for the caller. */
    synchronized SortedMap<String, NtObject> snapshot() {
        return new TreeMap<>(entries);
    }
}
