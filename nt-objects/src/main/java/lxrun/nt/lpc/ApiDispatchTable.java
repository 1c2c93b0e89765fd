package lxrun.nt.lpc;

import lxrun.nt.NtStatus;

/**
 * The handler array a server indexes by API number (smss's SmpApiDispatch, csrss's CsrServerSbApiDispatch):
 * one routine per enum constant, each with the record type its arguments must have. Unset entries answer
 * STATUS_NOT_IMPLEMENTED; a message of the wrong API enum or argument type gets STATUS_INVALID_PARAMETER.
 */
public final class ApiDispatchTable<A extends Enum<A>> {
    /** One API routine: the caller's port and its checked arguments. */
    @FunctionalInterface
    public interface ApiRoutine<R extends Record> {
        PortReply call(CommunicationPort client, R arguments);
    }

    private record Entry<R extends Record>(Class<R> arguments, ApiRoutine<R> routine) {
        PortReply call(CommunicationPort client, Record arguments) {
            if (!this.arguments.isInstance(arguments)) return PortReply.of(NtStatus.STATUS_INVALID_PARAMETER);
            return routine.call(client, this.arguments.cast(arguments));
        }
    }

    private final Class<A> api;
    private final Entry<?>[] entries;

    public ApiDispatchTable(Class<A> api) {
        this.api = api;
        this.entries = new Entry<?>[api.getEnumConstants().length];
    }

    /** Installs the routine for {@code number}; returns this table for chaining. */
    public <R extends Record> ApiDispatchTable<A> set(A number, Class<R> arguments, ApiRoutine<R> routine) {
        entries[number.ordinal()] = new Entry<>(arguments, routine);
        return this;
    }

    public PortReply dispatch(CommunicationPort client, PortMessage message) {
        if (!api.isInstance(message.api())) return PortReply.of(NtStatus.STATUS_INVALID_PARAMETER);
        Entry<?> entry = entries[message.api().ordinal()];
        return entry != null ? entry.call(client, message.arguments()) : PortReply.of(NtStatus.STATUS_NOT_IMPLEMENTED);
    }
}
