package lxrun.nt.lpc;

import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectType;

/**
 * A server connection port (NtCreatePort): the named object clients connect to. Insert it into the
 * namespace with {@code ObjectManager.insertObject}; clients find it by name with
 * {@link CommunicationPort#connect}.
 */
public final class ConnectionPort extends NtObject {
    public static final ObjectType TYPE = new ObjectType("Port");

    private final PortServer server;
    private volatile boolean closed;

    public ConnectionPort(PortServer server) {
        super(TYPE);
        this.server = server;
    }

    PortServer server() {
        return server;
    }

    /** The server stops: new connections are refused and requests on open ones get STATUS_PORT_DISCONNECTED. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }
}
