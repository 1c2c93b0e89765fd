package lxrun.nt.lpc;

/**
 * The owner of a {@link ConnectionPort}: what NtListenPort, NtAcceptConnectPort and NtReplyWaitReceivePort
 * deliver in NT. Dispatch is synchronous on the client's thread, so a server must be thread-safe and
 * must not hold its locks while it calls other ports (smss and psxss call each other during a connect).
 */
public interface PortServer {
    /** A client asks to connect with {@code connectionInfo} (may be null); any failure status refuses it. */
    int acceptConnection(CommunicationPort client, Record connectionInfo);

    /** One request from {@code client}; the reply goes back to the caller of {@link CommunicationPort#request}. */
    PortReply request(CommunicationPort client, PortMessage message);

    /** LPC_PORT_CLOSED: {@code client} has disconnected; forget what was kept for it. */
    void portClosed(CommunicationPort client);
}
