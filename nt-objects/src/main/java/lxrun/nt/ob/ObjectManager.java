package lxrun.nt.ob;

import lxrun.nt.NtStatus;

/**
 * The object manager: the namespace rooted at {@code \}, with directories, symbolic links and objects
 * whose types own a parse procedure (how {@code \Device\lxss\...} reaches the VFS).
 *
 * <p>Reference rules: a name holds one reference on its object. {@link #insertObject} adds that
 * reference and leaves the caller's own alone; {@link #createDirectory} and {@link #createSymbolicLink}
 * return objects held only by the namespace (the caller does not dereference them); {@link #lookup}
 * returns an object referenced for the caller, who must dereference it. Errors are NTSTATUS values.
 *
 * <p>Paths are absolute and {@code \}-separated; names are case-sensitive. Thread-safe.
 */
public final class ObjectManager {
    /** Result of a name lookup: an NTSTATUS and, on success, a referenced object. */
    public record LookupResult(int status, NtObject object) {}

    private final ObjectDirectory root = new ObjectDirectory();
    private final ObjectDirectory objectTypes = new ObjectDirectory();

    /**
     * Creates the root directory and the standard directories {@code \Device}, {@code \??},
     * {@code \ObjectTypes}, and {@code \DosDevices} as a link to {@code \??}.
     */
    public ObjectManager() {
        root.setName(ObjectName.SEPARATOR);
        root.insertEntry("ObjectTypes", objectTypes);
        objectTypes.dereference();
        registerType(ObjectTypeObject.TYPE);
        registerType(ObjectDirectory.TYPE);
        createDirectory("\\Device");
        createDirectory("\\??");
        createSymbolicLink("\\DosDevices", "\\??");
    }

    /**
     * ObInsertObject with a name: places {@code object} at {@code path} (the parent path may go through
     * symbolic links) and adds the name's reference. Returns STATUS_OBJECT_NAME_COLLISION if the name is
     * taken, STATUS_OBJECT_PATH_NOT_FOUND if the parent is missing, STATUS_OBJECT_TYPE_MISMATCH if the
     * parent is not a directory, STATUS_INVALID_PARAMETER if the object already has a name.
     */
    public int insertObject(String path, NtObject object) {
        int status = ObjectName.check(path);
        if (status != NtStatus.STATUS_SUCCESS) return status;
        if (path.equals(ObjectName.SEPARATOR)) return NtStatus.STATUS_OBJECT_NAME_COLLISION;
        LookupResult parent = lookupParent(path);
        if (parent.status() != NtStatus.STATUS_SUCCESS) return parent.status();
        ObjectDirectory directory = (ObjectDirectory) parent.object();
        status = directory.insertEntry(ObjectName.leaf(path), object);
        directory.dereference();
        if (status == NtStatus.STATUS_SUCCESS) registerType(object.type());
        return status;
    }

    /** Creates an object directory at {@code path}, or opens the directory already there; null on failure. */
    public ObjectDirectory createDirectory(String path) {
        ObjectDirectory created = new ObjectDirectory();
        int status = insertObject(path, created);
        created.dereference();
        if (status == NtStatus.STATUS_SUCCESS) return created;
        if (status != NtStatus.STATUS_OBJECT_NAME_COLLISION) return null;
        LookupResult existing = lookup(path, null);
        if (existing.object() == null) return null;
        existing.object().dereference();
        return existing.object() instanceof ObjectDirectory d ? d : null;
    }

    /** Creates a symbolic link object at {@code path} that points to {@code target}; null on failure. */
    public SymbolicLink createSymbolicLink(String path, String target) {
        SymbolicLink link = new SymbolicLink(target);
        int status = insertObject(path, link);
        link.dereference();
        return status == NtStatus.STATUS_SUCCESS ? link : null;
    }

    /**
     * ObReferenceObjectByName: follows symbolic links and hands the rest of a path to parse procedures.
     * A parse procedure receives the path after its object's name without the leading {@code \} ("" when
     * the path names the object itself) and returns a referenced object, or null for
     * STATUS_OBJECT_NAME_NOT_FOUND. {@code context} is passed to it untouched and may be null.
     */
    public LookupResult lookup(String path, ObjectType.ParseContext context) {
        return ObjectNameLookup.lookup(root, path, context);
    }

    /**
     * Removes the name at {@code path} without following a link in its last component; the object
     * lives on while referenced. Non-empty directories are refused (STATUS_DIRECTORY_NOT_EMPTY).
     */
    public int removeObject(String path) {
        int status = ObjectName.check(path);
        if (status != NtStatus.STATUS_SUCCESS) return status;
        if (path.equals(ObjectName.SEPARATOR)) return NtStatus.STATUS_ACCESS_DENIED;
        LookupResult parent = lookupParent(path);
        if (parent.status() != NtStatus.STATUS_SUCCESS) return parent.status();
        ObjectDirectory directory = (ObjectDirectory) parent.object();
        status = directory.deleteEntry(ObjectName.leaf(path));
        directory.dereference();
        return status;
    }

    /** The namespace as a tree, with each object's type, pointer count and handle count (like WinObj). */
    public String dump() {
        return NamespaceDump.dump(root);
    }

    /** The referenced directory that holds the last component of a checked, non-root {@code path}. */
    private LookupResult lookupParent(String path) {
        LookupResult parent = lookup(ObjectName.parent(path), null);
        if (parent.status() == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND) {
            return new LookupResult(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, null);
        }
        if (parent.status() != NtStatus.STATUS_SUCCESS) return parent;
        if (parent.object() instanceof ObjectDirectory) return parent;
        parent.object().dereference();
        return new LookupResult(NtStatus.STATUS_OBJECT_TYPE_MISMATCH, null);
    }

    /** Lists {@code type} under {@code \ObjectTypes} the first time one of its objects gets a name. */
    private void registerType(ObjectType type) {
        NtObject existing = objectTypes.lookupEntry(type.name());
        if (existing != null) {
            existing.dereference();
            return;
        }
        ObjectTypeObject typeObject = new ObjectTypeObject(type);
        objectTypes.insertEntry(type.name(), typeObject);
        typeObject.dereference();
    }
}
