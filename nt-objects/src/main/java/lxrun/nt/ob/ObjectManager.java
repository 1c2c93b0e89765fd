package lxrun.nt.ob;

/**
 * The object manager: the namespace rooted at {@code \}, with directories, symbolic links and objects
 * whose types own a parse procedure. (API pinned; implementation in progress.)
 */
public final class ObjectManager {
    /** Result of a name lookup: an NTSTATUS and, on success, a referenced object. */
    public record LookupResult(int status, NtObject object) {}

    /** Creates the root directory and the standard directories {@code \Device}, {@code \??}, {@code \ObjectTypes}. */
    public ObjectManager() {}

    /** ObInsertObject with a name: places {@code object} at {@code path}; returns an NTSTATUS. */
    public int insertObject(String path, NtObject object) {
        throw new UnsupportedOperationException();
    }

    /** Creates (or opens) an object directory at {@code path}. */
    public ObjectDirectory createDirectory(String path) {
        throw new UnsupportedOperationException();
    }

    /** Creates a symbolic link object at {@code path} that points to {@code target}. */
    public SymbolicLink createSymbolicLink(String path, String target) {
        throw new UnsupportedOperationException();
    }

    /** ObReferenceObjectByName: follows symbolic links and hands the rest of a path to parse procedures. */
    public LookupResult lookup(String path, ObjectType.ParseContext context) {
        throw new UnsupportedOperationException();
    }

    /** Removes the name of the object at {@code path} (it lives on while referenced). */
    public int removeObject(String path) {
        throw new UnsupportedOperationException();
    }

    /** The namespace as a tree, with each object's type, pointer count and handle count (like WinObj). */
    public String dump() {
        throw new UnsupportedOperationException();
    }
}
