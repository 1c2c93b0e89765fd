package lxrun.nt.lpc;

import lxrun.nt.NtStatus;

/** The reply to a {@link PortMessage}: an NTSTATUS and, on success, the API's result record (or null). */
public record PortReply(int status, Record result) {
    public static PortReply of(int status) {
        return new PortReply(status, null);
    }

    public static PortReply success(Record result) {
        return new PortReply(NtStatus.STATUS_SUCCESS, result);
    }
}
