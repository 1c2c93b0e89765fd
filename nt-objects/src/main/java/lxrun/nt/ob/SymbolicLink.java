package lxrun.nt.ob;

/**
 * A symbolic link object (OBJECT_SYMBOLIC_LINK): a name that stands for another path. An absolute
 * target starts at {@code \}; a relative one is taken from the directory that holds the link.
 */
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

    /**
     * ObpParseSymbolicLink: the path to look up instead, given the absolute path of the directory that
     * holds this link and what was left of the original path after the link's name ("" if nothing).
     */
    String reparse(String linkDirectoryPath, String remaining) {
        String base = target.startsWith(ObjectName.SEPARATOR) ? target : ObjectName.join(linkDirectoryPath, target);
        return remaining.isEmpty() ? base : ObjectName.join(base, remaining);
    }
}
