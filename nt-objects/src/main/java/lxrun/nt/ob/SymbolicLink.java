package lxrun.nt.ob;

/** A symbolic link object (OBJECT_SYMBOLIC_LINK). (API pinned; implementation in progress.) */
public final class SymbolicLink extends NtObject {
    public static final ObjectType TYPE = new ObjectType("SymbolicLink");
    private final String target;

    public SymbolicLink(String target) {
        super(TYPE);
        this.target = target;
    }

    public String target() {
        return target;
    }
}
