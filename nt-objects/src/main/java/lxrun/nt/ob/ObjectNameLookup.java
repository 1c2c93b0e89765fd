package lxrun.nt.ob;

import lxrun.nt.NtStatus;
import lxrun.nt.ob.ObjectManager.LookupResult;

/**
 * ObpLookupObjectName: walks directories one component at a time, restarts at a symbolic link's target
 * (reparse), and stops at the first object whose type has a parse procedure, which then owns the rest.
 * Only one object is referenced at a time, and no directory lock is held across steps, so lookups run
 * concurrently with inserts and removals.
 */
final class ObjectNameLookup {
    /** How many symbolic links one lookup may follow (Linux allows 40, NT 32). */
    static final int MAX_REPARSE = 32;

    private ObjectNameLookup() {}

    static LookupResult lookup(ObjectDirectory root, String path, ObjectType.ParseContext context) {
        for (int reparses = 0; ; reparses++) {
            if (reparses > MAX_REPARSE) return failed(NtStatus.STATUS_REPARSE_POINT_NOT_RESOLVED);
            int status = ObjectName.check(path);
            if (status != NtStatus.STATUS_SUCCESS) return failed(status);

            NtObject current = root.reference();
            String currentPath = ObjectName.SEPARATOR;
            String remaining = path.substring(1);
            String reparsed = null;
            while (!remaining.isEmpty() && current instanceof ObjectDirectory directory) {
                int sep = remaining.indexOf(ObjectName.SEPARATOR_CHAR);
                String name = sep < 0 ? remaining : remaining.substring(0, sep);
                String rest = sep < 0 ? "" : remaining.substring(sep + 1);
                NtObject child = directory.lookupEntry(name);
                current.dereference();
                if (child == null) {
                    return failed(rest.isEmpty()
                            ? NtStatus.STATUS_OBJECT_NAME_NOT_FOUND
                            : NtStatus.STATUS_OBJECT_PATH_NOT_FOUND);
                }
                if (child instanceof SymbolicLink link) {
                    reparsed = link.reparse(currentPath, rest);
                    child.dereference();
                    break;
                }
                current = child;
                currentPath = ObjectName.join(currentPath, name);
                remaining = rest;
            }
            if (reparsed != null) {
                path = reparsed;
                continue;
            }
            return finish(current, remaining, context);
        }
    }

    /** Hands the rest to the parse procedure if the type has one; otherwise the walk must have ended. */
    private static LookupResult finish(NtObject current, String remaining, ObjectType.ParseContext context) {
        ObjectType.ParseProcedure parse = current.type().parseProcedure();
        if (parse != null) {
            NtObject found = parse.parse(current, remaining, context);
            current.dereference();
            return found != null ? new LookupResult(NtStatus.STATUS_SUCCESS, found)
                    : failed(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND);
        }
        if (!remaining.isEmpty()) {
            current.dereference();
            return failed(NtStatus.STATUS_OBJECT_TYPE_MISMATCH);
        }
        return new LookupResult(NtStatus.STATUS_SUCCESS, current);
    }

    private static LookupResult failed(int status) {
        return new LookupResult(status, null);
    }
}
