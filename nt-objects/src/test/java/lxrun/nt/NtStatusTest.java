package lxrun.nt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class NtStatusTest {
    /** The errno every caller relies on; a change here changes what guests see. */
    @Test
    void errnoTableIsPinned() {
        Map<Integer, Integer> pinned = Map.ofEntries(
                Map.entry(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, 2),   // ENOENT
                Map.entry(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, 2),   // ENOENT
                Map.entry(NtStatus.STATUS_NO_SUCH_FILE, 2),            // ENOENT
                Map.entry(NtStatus.STATUS_NOT_A_DIRECTORY, 20),        // ENOTDIR
                Map.entry(NtStatus.STATUS_OBJECT_NAME_COLLISION, 17),  // EEXIST
                Map.entry(NtStatus.STATUS_ACCESS_DENIED, 13),          // EACCES
                Map.entry(NtStatus.STATUS_PRIVILEGE_NOT_HELD, 1),      // EPERM
                Map.entry(NtStatus.STATUS_INVALID_PARAMETER, 22),      // EINVAL
                Map.entry(NtStatus.STATUS_OBJECT_TYPE_MISMATCH, 22),   // EINVAL
                Map.entry(NtStatus.STATUS_INVALID_HANDLE, 9),          // EBADF
                Map.entry(NtStatus.STATUS_NO_MEMORY, 12),              // ENOMEM
                Map.entry(NtStatus.STATUS_NOT_IMPLEMENTED, 38),        // ENOSYS
                Map.entry(NtStatus.STATUS_FILE_IS_A_DIRECTORY, 21),    // EISDIR
                Map.entry(NtStatus.STATUS_DIRECTORY_NOT_EMPTY, 39),    // ENOTEMPTY
                Map.entry(NtStatus.STATUS_TOO_MANY_OPENED_FILES, 24),  // EMFILE
                Map.entry(NtStatus.STATUS_NAME_TOO_LONG, 36),          // ENAMETOOLONG
                Map.entry(NtStatus.STATUS_ACCESS_VIOLATION, 14),       // EFAULT
                Map.entry(NtStatus.STATUS_REPARSE_POINT_NOT_RESOLVED, 40), // ELOOP
                Map.entry(NtStatus.STATUS_PIPE_BROKEN, 32),            // EPIPE
                Map.entry(NtStatus.STATUS_CONNECTION_REFUSED, 111),    // ECONNREFUSED
                Map.entry(NtStatus.STATUS_PORT_DISCONNECTED, 104),     // ECONNRESET
                Map.entry(NtStatus.STATUS_INVALID_IMAGE_FORMAT, 8),    // ENOEXEC
                Map.entry(NtStatus.STATUS_NOT_SAME_DEVICE, 18),        // EXDEV
                Map.entry(NtStatus.STATUS_MEDIA_WRITE_PROTECTED, 30),  // EROFS
                Map.entry(NtStatus.STATUS_DISK_FULL, 28),              // ENOSPC
                Map.entry(NtStatus.STATUS_NOT_SUPPORTED, 95),          // EOPNOTSUPP
                Map.entry(NtStatus.STATUS_INVALID_CID, 3));            // ESRCH
        pinned.forEach((status, errno) -> assertEquals(errno, NtStatus.toErrno(status), NtStatus.name(status)));
    }

    @Test
    void realNtValues() {
        assertEquals(0xC0000034, NtStatus.STATUS_OBJECT_NAME_NOT_FOUND);
        assertEquals(0xC0000035, NtStatus.STATUS_OBJECT_NAME_COLLISION);
        assertEquals(0xC0000022, NtStatus.STATUS_ACCESS_DENIED);
        assertEquals(0xC0000005, NtStatus.STATUS_ACCESS_VIOLATION);
        assertEquals(0x00000104, NtStatus.STATUS_REPARSE);
        assertEquals(0xC0000103, NtStatus.STATUS_NOT_A_DIRECTORY);
    }

    @Test
    void successAndUnknownStatuses() {
        assertEquals(0, NtStatus.toErrno(NtStatus.STATUS_SUCCESS));
        assertEquals(0, NtStatus.toErrno(NtStatus.STATUS_REPARSE), "informational is not an error");
        assertEquals(5, NtStatus.toErrno(0xC0DEC0DE), "unknown failure is EIO");
        assertTrue(NtStatus.isSuccess(NtStatus.STATUS_OBJECT_NAME_EXISTS));
        assertFalse(NtStatus.isSuccess(NtStatus.STATUS_BUFFER_OVERFLOW), "warnings are not success");
        assertFalse(NtStatus.isSuccess(NtStatus.STATUS_UNSUCCESSFUL));
    }

    @Test
    void names() {
        assertEquals("STATUS_OBJECT_PATH_NOT_FOUND", NtStatus.name(0xC000003A));
        assertEquals("STATUS_SUCCESS", NtStatus.name(0));
        assertEquals("0xC0DEC0DE", NtStatus.name(0xC0DEC0DE));
    }
}
