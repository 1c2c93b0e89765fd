package lxrun.psx;

import lxrun.nt.NtStatus;
import lxrun.nt.lpc.CommunicationPort;
import lxrun.nt.lpc.PortMessage;
import lxrun.nt.lpc.PortReply;
import lxrun.nt.lpc.PortServer;

/**
 * {@code \POSIX\ApiPort}, where POSIX clients (psxdll in NT) would talk to psxss. lxrun's client is the
 * CLI in this JVM, which calls {@link PsxServer} directly, so the port exists for the namespace's shape
 * and refuses connections until a client API is needed.
 */
final class PsxApiServer implements PortServer {
    @Override
    public int acceptConnection(CommunicationPort client, Record connectionInfo) {
        return NtStatus.STATUS_PORT_CONNECTION_REFUSED;
    }

    @Override
    public PortReply request(CommunicationPort client, PortMessage message) {
        return PortReply.of(NtStatus.STATUS_NOT_IMPLEMENTED);
    }

    @Override
    public void portClosed(CommunicationPort client) {}
}
