package lxrun.nt.ob;

/** The namespace face of an {@link ObjectType}: the entries of {@code \ObjectTypes}, as in NT. */
public final class ObjectTypeObject extends NtObject {
    public static final ObjectType TYPE = new ObjectType("Type");

    private final ObjectType objectType;

    ObjectTypeObject(ObjectType objectType) {
        super(TYPE);
        this.objectType = objectType;
    }

    public ObjectType objectType() {
        return objectType;
    }
}
