package lxrun.nt.lpc;

import lxrun.nt.NtStatus;
import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectManager;
import lxrun.nt.ob.ObjectManager.LookupResult;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's end of a connection (the port handle NtConnectPort returns). The server sees the same
 * object in its callbacks, so it can key per-client state on it. Dropping the last reference
 * disconnects (NtClose).
 */
public final class CommunicationPort extends NtObject {
    /** Result of {@link #connect}: an NTSTATUS and, on success, the client's port. */
    public record ConnectResult(int status, CommunicationPort port) {}

    private final ConnectionPort connectionPort;
    private final AtomicBoolean connected = new AtomicBoolean(true);

    private CommunicationPort(ConnectionPort connectionPort) {
        super(ConnectionPort.TYPE);
        this.connectionPort = connectionPort;
    }

    /**
     * NtConnectPort: finds the connection port named {@code portName} and asks its server to accept.
     * Fails with the lookup status, STATUS_OBJECT_TYPE_MISMATCH if the name is not a port,
     * STATUS_PORT_CONNECTION_REFUSED if the server is closed, or the status the server refused with.
     */
    public static ConnectResult connect(ObjectManager objects, String portName, Record connectionInfo) {
        LookupResult found = objects.lookup(portName, null);
        if (found.status() != NtStatus.STATUS_SUCCESS) return new ConnectResult(found.status(), null);
        if (!(found.object() instanceof ConnectionPort port)) {
            found.object().dereference();
            return new ConnectResult(NtStatus.STATUS_OBJECT_TYPE_MISMATCH, null);
        }
        if (port.isClosed()) {
            port.dereference();
            return new ConnectResult(NtStatus.STATUS_PORT_CONNECTION_REFUSED, null);
        }
        // The lookup's reference on the connection port now belongs to the connection.
        CommunicationPort client = new CommunicationPort(port);
        int status = port.server().acceptConnection(client, connectionInfo);
        if (status != NtStatus.STATUS_SUCCESS) {
            client.connected.set(false);
            port.dereference();
            client.dereference();
            return new ConnectResult(status, null);
        }
        return new ConnectResult(NtStatus.STATUS_SUCCESS, client);
    }

    /** NtRequestWaitReplyPort: sends {@code api} with {@code arguments} and returns the server's reply. */
    public PortReply request(Enum<?> api, Record arguments) {
        if (!connected.get() || connectionPort.isClosed()) return PortReply.of(NtStatus.STATUS_PORT_DISCONNECTED);
        return connectionPort.server().request(this, new PortMessage(api, arguments));
    }

    /** Ends the connection; the server is told once. Requests afterwards get STATUS_PORT_DISCONNECTED. */
    public void disconnect() {
        if (!connected.compareAndSet(true, false)) return;
        connectionPort.server().portClosed(this);
        connectionPort.dereference();
    }

    public boolean isConnected() {
        return connected.get();
    }

    @Override
    protected void onDelete() {
        disconnect();
    }
}
