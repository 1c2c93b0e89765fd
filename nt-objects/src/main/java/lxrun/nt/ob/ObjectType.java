package lxrun.nt.ob;

/**
 * An object type (OBJECT_TYPE): its name and the procedures the object manager calls for its objects.
 * A type with a parse procedure owns the part of the namespace below its objects (devices, mounts).
 */
public final class ObjectType {
    /** Parse procedure: resolves the remaining path below an object of this type (ObpParseObject). */
    @FunctionalInterface
    public interface ParseProcedure {
        NtObject parse(NtObject object, String remainingPath, ParseContext context);
    }

    /** Called when the last reference goes away (the type's DeleteProcedure). */
    @FunctionalInterface
    public interface DeleteProcedure {
        void delete(NtObject object);
    }

    /**
     * Lists the named objects a parse procedure owns below an object (a device's instances, an
     * instance's mounted file systems), so the namespace dump can show them; they are not directory
     * entries and are found only through the parse procedure.
     */
    @FunctionalInterface
    public interface EnumerateProcedure {
        java.util.Map<String, NtObject> enumerate(NtObject object);
    }

    /** What a parse procedure may need: the caller's options, passed through untouched. */
    public interface ParseContext {}

    private final String name;
    private final ParseProcedure parse;
    private final DeleteProcedure delete;
    private final EnumerateProcedure enumerate;
    private int objectCount;

    public ObjectType(String name, ParseProcedure parse, DeleteProcedure delete, EnumerateProcedure enumerate) {
        this.name = name;
        this.parse = parse;
        this.delete = delete;
        this.enumerate = enumerate;
    }

    public ObjectType(String name, ParseProcedure parse, DeleteProcedure delete) {
        this(name, parse, delete, null);
    }

    public ObjectType(String name) {
        this(name, null, null);
    }

    public String name() {
        return name;
    }

    public ParseProcedure parseProcedure() {
        return parse;
    }

    EnumerateProcedure enumerateProcedure() {
        return enumerate;
    }

    DeleteProcedure deleteProcedure() {
        return delete;
    }

    synchronized void created() {
        objectCount++;
    }

    synchronized void deleted() {
        objectCount--;
    }

    public synchronized int objectCount() {
        return objectCount;
    }

    @Override
    public String toString() {
        return name;
    }
}
