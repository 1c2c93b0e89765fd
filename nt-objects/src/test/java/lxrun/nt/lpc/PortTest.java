package lxrun.nt.lpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import lxrun.nt.NtStatus;
import lxrun.nt.ob.ObjectManager;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PortTest {
    enum EchoApi { Echo, Unused }

    record Text(String value) {}

    /** Echoes Text back and records who connected and who left. */
    static final class EchoServer implements PortServer {
        final List<CommunicationPort> connected = new ArrayList<>();
        final List<CommunicationPort> closed = new ArrayList<>();
        final ApiDispatchTable<EchoApi> api = new ApiDispatchTable<>(EchoApi.class)
                .set(EchoApi.Echo, Text.class, (client, text) -> PortReply.success(text));

        @Override
        public int acceptConnection(CommunicationPort client, Record connectionInfo) {
            if (connectionInfo != null) return NtStatus.STATUS_PORT_CONNECTION_REFUSED;
            connected.add(client);
            return NtStatus.STATUS_SUCCESS;
        }

        @Override
        public PortReply request(CommunicationPort client, PortMessage message) {
            return api.dispatch(client, message);
        }

        @Override
        public void portClosed(CommunicationPort client) {
            closed.add(client);
        }
    }

    private final ObjectManager om = new ObjectManager();
    private final EchoServer server = new EchoServer();
    private final ConnectionPort port = new ConnectionPort(server);

    PortTest() {
        om.insertObject("\\EchoPort", port);
    }

    @Test
    void requestReplyAndDisconnectOnLastReference() {
        CommunicationPort client = CommunicationPort.connect(om, "\\EchoPort", null).port();
        assertSame(client, server.connected.get(0));
        assertEquals(3, port.pointerCount(), "creator, name, connection");
        assertEquals(PortReply.success(new Text("hi")), client.request(EchoApi.Echo, new Text("hi")));
        assertEquals(NtStatus.STATUS_NOT_IMPLEMENTED, client.request(EchoApi.Unused, null).status());
        client.dereference();
        assertEquals(List.of(client), server.closed);
        assertEquals(2, port.pointerCount());
        assertEquals(NtStatus.STATUS_PORT_DISCONNECTED, client.request(EchoApi.Echo, new Text("x")).status());
    }

    @Test
    void connectFailures() {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, CommunicationPort.connect(om, "\\Nope", null).status());
        assertEquals(NtStatus.STATUS_OBJECT_TYPE_MISMATCH, CommunicationPort.connect(om, "\\Device", null).status());
        assertEquals(NtStatus.STATUS_PORT_CONNECTION_REFUSED,
                CommunicationPort.connect(om, "\\EchoPort", new Text("no")).status(), "the server refused");
        assertEquals(2, port.pointerCount(), "refused connections keep nothing");
        assertEquals(List.of(), server.closed, "a refused client was never connected");
    }

    @Test
    void closedServerPort() {
        CommunicationPort client = CommunicationPort.connect(om, "\\EchoPort", null).port();
        port.close();
        assertEquals(NtStatus.STATUS_PORT_DISCONNECTED, client.request(EchoApi.Echo, new Text("x")).status());
        assertEquals(NtStatus.STATUS_PORT_CONNECTION_REFUSED, CommunicationPort.connect(om, "\\EchoPort", null).status());
    }
}
