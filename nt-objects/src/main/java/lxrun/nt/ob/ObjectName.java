package lxrun.nt.ob;

import lxrun.nt.NtStatus;

/** Object path syntax: absolute, {@code \}-separated, no empty components, at most a UNICODE_STRING long. */
final class ObjectName {
    static final String SEPARATOR = "\\";
    static final char SEPARATOR_CHAR = '\\';
    /** UNICODE_STRING holds at most 32767 characters. */
    static final int MAX_LENGTH = 32767;

    private ObjectName() {}

    /** The NTSTATUS a lookup of {@code path} fails with before touching the namespace, or success. */
    static int check(String path) {
        if (path == null || !path.startsWith(SEPARATOR)) return NtStatus.STATUS_OBJECT_PATH_SYNTAX_BAD;
        if (path.length() > MAX_LENGTH) return NtStatus.STATUS_NAME_TOO_LONG;
        if (path.length() > 1 && path.endsWith(SEPARATOR)) return NtStatus.STATUS_OBJECT_NAME_INVALID;
        if (path.contains(SEPARATOR + SEPARATOR)) return NtStatus.STATUS_OBJECT_NAME_INVALID;
        return NtStatus.STATUS_SUCCESS;
    }

    /** {@code name} below {@code directory}, both absolute-path aware of the root. */
    static String join(String directory, String name) {
        return directory.equals(SEPARATOR) ? SEPARATOR + name : directory + SEPARATOR + name;
    }

    /** The directory part of a checked path other than the root: {@code \a\b} gives {@code \a}. */
    static String parent(String path) {
        int sep = path.lastIndexOf(SEPARATOR_CHAR);
        return sep == 0 ? SEPARATOR : path.substring(0, sep);
    }

    /** The last component of a checked path other than the root. */
    static String leaf(String path) {
        return path.substring(path.lastIndexOf(SEPARATOR_CHAR) + 1);
    }
}
