package lxrun.nt.ob;

/** An object directory (OBJECT_DIRECTORY). (API pinned; implementation in progress.) */
public final class ObjectDirectory extends NtObject {
    public static final ObjectType TYPE = new ObjectType("Directory");

    public ObjectDirectory() {
        super(TYPE);
    }
}
