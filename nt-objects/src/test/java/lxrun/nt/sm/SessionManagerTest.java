package lxrun.nt.sm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lxrun.nt.NtStatus;
import lxrun.nt.lpc.ApiDispatchTable;
import lxrun.nt.lpc.CommunicationPort;
import lxrun.nt.lpc.ConnectionPort;
import lxrun.nt.lpc.PortMessage;
import lxrun.nt.lpc.PortReply;
import lxrun.nt.lpc.PortServer;
import lxrun.nt.ob.ObjectManager;
import lxrun.nt.sm.SmMessages.SbCreateSession;
import lxrun.nt.sm.SmMessages.SbTerminateSession;
import lxrun.nt.sm.SmMessages.SmCreateForeignSession;
import lxrun.nt.sm.SmMessages.SmCreateForeignSessionReply;
import lxrun.nt.sm.SmMessages.SmSessionComplete;
import lxrun.nt.sm.SmMessages.SmTerminateForeignSession;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** smss with a fake subsystem server that records what arrives on its SbApiPort. */
class SessionManagerTest {
    static final int POSIX = SmMessages.IMAGE_SUBSYSTEM_POSIX_CUI;

    /** A subsystem's SbApiPort server: accepts smss, records sessions it is told about. */
    static final class FakeSubsystem implements PortServer {
        final List<Record> received = new ArrayList<>();
        int createSessionStatus = NtStatus.STATUS_SUCCESS;
        final ApiDispatchTable<SbApiNumber> sbApi = new ApiDispatchTable<>(SbApiNumber.class)
                .set(SbApiNumber.CreateSession, SbCreateSession.class, (c, m) -> {
                    received.add(m);
                    return PortReply.of(createSessionStatus);
                })
                .set(SbApiNumber.TerminateSession, SbTerminateSession.class, (c, m) -> {
                    received.add(m);
                    return PortReply.of(NtStatus.STATUS_SUCCESS);
                });

        @Override
        public int acceptConnection(CommunicationPort client, Record connectionInfo) {
            return NtStatus.STATUS_SUCCESS;
        }

        @Override
        public PortReply request(CommunicationPort client, PortMessage message) {
            return sbApi.dispatch(client, message);
        }

        @Override
        public void portClosed(CommunicationPort client) {}
    }

    private final ObjectManager om = new ObjectManager();
    private final SessionManager sm = SessionManager.start(om);
    private final FakeSubsystem psx = new FakeSubsystem();

    private CommunicationPort register(String sbName, FakeSubsystem server, int imageType) {
        om.createDirectory("\\" + sbName);
        ConnectionPort sb = new ConnectionPort(server);
        assertEquals(NtStatus.STATUS_SUCCESS, om.insertObject("\\" + sbName + "\\SbApiPort", sb));
        sb.dereference();
        CommunicationPort.ConnectResult r = SessionManager.connectToSm(om, "\\" + sbName + "\\SbApiPort", imageType);
        assertEquals(NtStatus.STATUS_SUCCESS, r.status(), () -> NtStatus.name(r.status()));
        return r.port();
    }

    @Test
    void smApiPortIsInTheNamespace() {
        assertTrue(om.dump().contains("  SmApiPort (Port) refs=1 handles=0\n"), om.dump());
        assertThrows(IllegalStateException.class, () -> SessionManager.start(om), "a second smss");
    }

    @Test
    void connectingBackToTheSbApiPort() {
        CommunicationPort sm = register("POSIX", psx, POSIX);
        assertTrue(sm.isConnected());
        assertTrue(om.dump().contains("    SbApiPort (Port) refs=2 handles=0\n"), "smss holds its connection back:\n" + om.dump());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION,
                SessionManager.connectToSm(om, "\\POSIX\\SbApiPort", POSIX).status(), "one server per image type");
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
                SessionManager.connectToSm(om, "\\Missing", 2).status(), "smss cannot connect back");
    }

    @Test
    void sessionLifecycle() {
        CommunicationPort port = register("POSIX", psx, POSIX);
        PortReply created = port.request(SmApiNumber.CreateForeignSession, new SmCreateForeignSession(POSIX));
        assertEquals(NtStatus.STATUS_SUCCESS, created.status());
        int id = ((SmCreateForeignSessionReply) created.result()).sessionId();
        PortReply second = port.request(SmApiNumber.CreateForeignSession, new SmCreateForeignSession(POSIX));
        int id2 = ((SmCreateForeignSessionReply) second.result()).sessionId();
        assertTrue(id2 != id, "ids are unique");
        assertEquals(List.of(new SbCreateSession(id), new SbCreateSession(id2)), psx.received);

        assertEquals(NtStatus.STATUS_SUCCESS,
                port.request(SmApiNumber.SessionComplete, new SmSessionComplete(id, 42)).status());
        assertEquals(new SmSession(id, POSIX, true, 42), sm.sessions().get(0));
        assertEquals(new SmSession(id2, POSIX, false, -1), sm.sessions().get(1));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                port.request(SmApiNumber.SessionComplete, new SmSessionComplete(id, 0)).status(), "completes once");
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                port.request(SmApiNumber.SessionComplete, new SmSessionComplete(999, 0)).status());
    }

    @Test
    void refusedSessionIsForgotten() {
        CommunicationPort port = register("POSIX", psx, POSIX);
        psx.createSessionStatus = NtStatus.STATUS_NO_MEMORY;
        assertEquals(NtStatus.STATUS_NO_MEMORY,
                port.request(SmApiNumber.CreateForeignSession, new SmCreateForeignSession(POSIX)).status());
        assertTrue(sm.sessions().isEmpty());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
                port.request(SmApiNumber.CreateForeignSession, new SmCreateForeignSession(2)).status(),
                "no Win32 subsystem registered");
    }

    @Test
    void terminateForeignSessionReachesTheOwner() {
        CommunicationPort port = register("POSIX", psx, POSIX);
        int id = ((SmCreateForeignSessionReply) port.request(SmApiNumber.CreateForeignSession,
                new SmCreateForeignSession(POSIX)).result()).sessionId();
        assertEquals(NtStatus.STATUS_SUCCESS,
                port.request(SmApiNumber.TerminateForeignSession, new SmTerminateForeignSession(id, 137)).status());
        assertEquals(new SbTerminateSession(id, 137), psx.received.get(1));
    }

    @Test
    void dispatchTableRejectsWhatItDoesNotServe() {
        CommunicationPort port = register("POSIX", psx, POSIX);
        for (SmApiNumber n : List.of(SmApiNumber.ExecPgm, SmApiNumber.LoadDeferedSubsystem,
                SmApiNumber.StartCsr, SmApiNumber.StopCsr)) {
            assertEquals(NtStatus.STATUS_NOT_IMPLEMENTED, port.request(n, null).status(), n.name());
        }
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                port.request(SmApiNumber.SessionComplete, new SmCreateForeignSession(POSIX)).status(), "wrong layout");
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                port.request(SbApiNumber.CreateSession, new SbCreateSession(1)).status(), "wrong API");
    }

    @Test
    void disconnectUnregistersTheSubsystem() {
        CommunicationPort port = register("POSIX", psx, POSIX);
        port.dereference();
        assertFalse(port.isConnected());
        assertEquals(NtStatus.STATUS_PORT_DISCONNECTED,
                port.request(SmApiNumber.CreateForeignSession, new SmCreateForeignSession(POSIX)).status());
        assertTrue(om.dump().contains("    SbApiPort (Port) refs=1 handles=0\n"), "smss let go of its connection back");
        register("POSIX2", new FakeSubsystem(), POSIX);
    }
}
