package lxrun.nt.ob;

/**
 * The body of an object managed by the object manager, with its header fields (OBJECT_HEADER):
 * type, name, pointer count and handle count. Subclasses are the typed objects (files, processes...).
 *
 * <p>Lifetime follows ObReferenceObject/ObDereferenceObject: an object is created with one reference,
 * every handle holds one more, and the type's delete procedure runs when the count reaches zero.
 */
public abstract class NtObject {
    private final ObjectType type;
    private volatile String name;
    private int pointerCount = 1;
    private int handleCount;
    private boolean deleted;

    protected NtObject(ObjectType type) {
        this.type = type;
        type.created();
    }

    public final ObjectType type() {
        return type;
    }

    public final String name() {
        return name;
    }

    final void setName(String n) {
        name = n;
    }

    public final synchronized int pointerCount() {
        return pointerCount;
    }

    public final synchronized int handleCount() {
        return handleCount;
    }

    /** ObReferenceObject. */
    public final synchronized NtObject reference() {
        if (deleted) throw new IllegalStateException("reference to deleted " + type + " object");
        pointerCount++;
        return this;
    }

    /** ObDereferenceObject: the delete procedure runs after the last reference is dropped. */
    public final void dereference() {
        synchronized (this) {
            if (--pointerCount > 0 || deleted) return;
            deleted = true;
        }
        type.deleted();
        ObjectType.DeleteProcedure d = type.deleteProcedure();
        if (d != null) d.delete(this);
        onDelete();
    }

    /** Subclass hook for releasing what the object owns. */
    protected void onDelete() {}

    synchronized void handleOpened() {
        handleCount++;
        pointerCount++;
    }

    final void handleClosed() {
        synchronized (this) {
            handleCount--;
        }
        dereference();
    }

    @Override
    public String toString() {
        return type + (name != null ? " " + name : "");
    }
}
