package lxrun.nt;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * NTSTATUS values, as plain {@code int}s so they travel up the call chain without allocation.
 * The top two bits are the severity: success (00), informational (01), warning (10), error (11).
 *
 * <p>{@link #toErrno} is the one place where an NTSTATUS becomes a Linux errno (what lxcore does when
 * a system call returns to a pico process).
 */
public final class NtStatus {
    private NtStatus() {}

    public static final int STATUS_SUCCESS = 0x00000000;
    public static final int STATUS_TIMEOUT = 0x00000102;
    public static final int STATUS_PENDING = 0x00000103;
    public static final int STATUS_REPARSE = 0x00000104;
    public static final int STATUS_OBJECT_NAME_EXISTS = 0x40000000;
    public static final int STATUS_BUFFER_OVERFLOW = 0x80000005;
    public static final int STATUS_NO_MORE_FILES = 0x80000006;
    public static final int STATUS_UNSUCCESSFUL = 0xC0000001;
    public static final int STATUS_NOT_IMPLEMENTED = 0xC0000002;
    public static final int STATUS_ACCESS_VIOLATION = 0xC0000005;
    public static final int STATUS_INVALID_HANDLE = 0xC0000008;
    public static final int STATUS_INVALID_CID = 0xC000000B;
    public static final int STATUS_INVALID_PARAMETER = 0xC000000D;
    public static final int STATUS_NO_SUCH_DEVICE = 0xC000000E;
    public static final int STATUS_NO_SUCH_FILE = 0xC000000F;
    public static final int STATUS_INVALID_DEVICE_REQUEST = 0xC0000010;
    public static final int STATUS_END_OF_FILE = 0xC0000011;
    public static final int STATUS_NO_MEMORY = 0xC0000017;
    public static final int STATUS_ACCESS_DENIED = 0xC0000022;
    public static final int STATUS_BUFFER_TOO_SMALL = 0xC0000023;
    public static final int STATUS_OBJECT_TYPE_MISMATCH = 0xC0000024;
    public static final int STATUS_OBJECT_NAME_INVALID = 0xC0000033;
    public static final int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;
    public static final int STATUS_OBJECT_NAME_COLLISION = 0xC0000035;
    public static final int STATUS_PORT_DISCONNECTED = 0xC0000037;
    public static final int STATUS_OBJECT_PATH_INVALID = 0xC0000039;
    public static final int STATUS_OBJECT_PATH_NOT_FOUND = 0xC000003A;
    public static final int STATUS_OBJECT_PATH_SYNTAX_BAD = 0xC000003B;
    public static final int STATUS_PORT_CONNECTION_REFUSED = 0xC0000041;
    public static final int STATUS_INVALID_PORT_HANDLE = 0xC0000042;
    public static final int STATUS_SHARING_VIOLATION = 0xC0000043;
    public static final int STATUS_DELETE_PENDING = 0xC0000056;
    public static final int STATUS_PRIVILEGE_NOT_HELD = 0xC0000061;
    public static final int STATUS_INVALID_IMAGE_FORMAT = 0xC000007B;
    public static final int STATUS_DISK_FULL = 0xC000007F;
    public static final int STATUS_INTEGER_OVERFLOW = 0xC0000095;
    public static final int STATUS_INSUFFICIENT_RESOURCES = 0xC000009A;
    public static final int STATUS_MEDIA_WRITE_PROTECTED = 0xC00000A2;
    public static final int STATUS_IO_TIMEOUT = 0xC00000B5;
    public static final int STATUS_FILE_IS_A_DIRECTORY = 0xC00000BA;
    public static final int STATUS_NOT_SUPPORTED = 0xC00000BB;
    public static final int STATUS_NOT_SAME_DEVICE = 0xC00000D4;
    public static final int STATUS_DIRECTORY_NOT_EMPTY = 0xC0000101;
    public static final int STATUS_NOT_A_DIRECTORY = 0xC0000103;
    public static final int STATUS_NAME_TOO_LONG = 0xC0000106;
    public static final int STATUS_PROCESS_IS_TERMINATING = 0xC000010A;
    public static final int STATUS_TOO_MANY_OPENED_FILES = 0xC000011F;
    public static final int STATUS_CANCELLED = 0xC0000120;
    public static final int STATUS_PIPE_BROKEN = 0xC000014B;
    public static final int STATUS_CONNECTION_REFUSED = 0xC0000236;
    public static final int STATUS_TOO_MANY_LINKS = 0xC0000265;
    public static final int STATUS_REPARSE_POINT_NOT_RESOLVED = 0xC0000280;

    // Linux x86-64 errno values, only for the table below.
    private static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EIO = 5, ENOEXEC = 8, EBADF = 9,
            ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, EXDEV = 18,
            ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EMFILE = 24, ENOSPC = 28, EROFS = 30,
            EMLINK = 31, EPIPE = 32, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40,
            EOVERFLOW = 75, EOPNOTSUPP = 95, ECONNRESET = 104, ETIMEDOUT = 110, ECONNREFUSED = 111,
            ECANCELED = 125;

    /** NTSTATUS to errno: the single translation table (lxcore's status-to-errno step). */
    private static final Map<Integer, Integer> ERRNO = Map.ofEntries(
            Map.entry(STATUS_UNSUCCESSFUL, EIO),
            Map.entry(STATUS_NOT_IMPLEMENTED, ENOSYS),
            Map.entry(STATUS_ACCESS_VIOLATION, EFAULT),
            Map.entry(STATUS_INVALID_HANDLE, EBADF),
            Map.entry(STATUS_INVALID_CID, ESRCH),
            Map.entry(STATUS_INVALID_PARAMETER, EINVAL),
            Map.entry(STATUS_NO_SUCH_DEVICE, ENODEV),
            Map.entry(STATUS_NO_SUCH_FILE, ENOENT),
            Map.entry(STATUS_INVALID_DEVICE_REQUEST, EINVAL),
            Map.entry(STATUS_END_OF_FILE, EIO),
            Map.entry(STATUS_NO_MEMORY, ENOMEM),
            Map.entry(STATUS_ACCESS_DENIED, EACCES),
            Map.entry(STATUS_BUFFER_TOO_SMALL, EINVAL),
            Map.entry(STATUS_BUFFER_OVERFLOW, EOVERFLOW),
            Map.entry(STATUS_OBJECT_TYPE_MISMATCH, EINVAL),
            Map.entry(STATUS_OBJECT_NAME_INVALID, EINVAL),
            Map.entry(STATUS_OBJECT_NAME_NOT_FOUND, ENOENT),
            Map.entry(STATUS_OBJECT_NAME_COLLISION, EEXIST),
            Map.entry(STATUS_PORT_DISCONNECTED, ECONNRESET),
            Map.entry(STATUS_OBJECT_PATH_INVALID, ENOTDIR),
            Map.entry(STATUS_OBJECT_PATH_NOT_FOUND, ENOENT),
            Map.entry(STATUS_OBJECT_PATH_SYNTAX_BAD, EINVAL),
            Map.entry(STATUS_PORT_CONNECTION_REFUSED, ECONNREFUSED),
            Map.entry(STATUS_INVALID_PORT_HANDLE, EBADF),
            Map.entry(STATUS_SHARING_VIOLATION, EBUSY),
            Map.entry(STATUS_DELETE_PENDING, ENOENT),
            Map.entry(STATUS_PRIVILEGE_NOT_HELD, EPERM),
            Map.entry(STATUS_INVALID_IMAGE_FORMAT, ENOEXEC),
            Map.entry(STATUS_DISK_FULL, ENOSPC),
            Map.entry(STATUS_INTEGER_OVERFLOW, EOVERFLOW),
            Map.entry(STATUS_INSUFFICIENT_RESOURCES, ENOMEM),
            Map.entry(STATUS_MEDIA_WRITE_PROTECTED, EROFS),
            Map.entry(STATUS_IO_TIMEOUT, ETIMEDOUT),
            Map.entry(STATUS_FILE_IS_A_DIRECTORY, EISDIR),
            Map.entry(STATUS_NOT_SUPPORTED, EOPNOTSUPP),
            Map.entry(STATUS_NOT_SAME_DEVICE, EXDEV),
            Map.entry(STATUS_DIRECTORY_NOT_EMPTY, ENOTEMPTY),
            Map.entry(STATUS_NOT_A_DIRECTORY, ENOTDIR),
            Map.entry(STATUS_NAME_TOO_LONG, ENAMETOOLONG),
            Map.entry(STATUS_PROCESS_IS_TERMINATING, ESRCH),
            Map.entry(STATUS_TOO_MANY_OPENED_FILES, EMFILE),
            Map.entry(STATUS_CANCELLED, ECANCELED),
            Map.entry(STATUS_PIPE_BROKEN, EPIPE),
            Map.entry(STATUS_CONNECTION_REFUSED, ECONNREFUSED),
            Map.entry(STATUS_TOO_MANY_LINKS, EMLINK),
            Map.entry(STATUS_REPARSE_POINT_NOT_RESOLVED, ELOOP));


    private static final Map<Integer, String> NAMES = names();

    private static Map<Integer, String> names() {
        Map<Integer, String> m = new HashMap<>();
        for (Field f : NtStatus.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    m.put(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return Map.copyOf(m);
    }

    /** NT_SUCCESS: success and informational codes. */
    public static boolean isSuccess(int status) {
        return status >= 0;
    }

    /** The constant's name, e.g. {@code STATUS_OBJECT_NAME_NOT_FOUND}, or the hex value if unknown. */
    public static String name(int status) {
        String n = NAMES.get(status);
        return n != null ? n : String.format("0x%08X", status);
    }

    /**
     * The positive Linux errno for a failed status; 0 for success and informational codes; EIO for any
     * failure the table does not know (an unmapped status is a bug to fix in the table, not in callers).
     */
    public static int toErrno(int status) {
        if (isSuccess(status)) return 0;
        return ERRNO.getOrDefault(status, EIO);
    }
}
