package lxrun.psx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lxrun.nt.NtStatus;
import lxrun.nt.lpc.CommunicationPort;
import lxrun.nt.lpc.ConnectionPort;
import lxrun.nt.lpc.PortMessage;
import lxrun.nt.lpc.PortReply;
import lxrun.nt.lpc.PortServer;
import lxrun.nt.ob.ObjectManager;
import lxrun.nt.sm.SessionManager;
import lxrun.nt.sm.SmApiNumber;
import lxrun.nt.sm.SmMessages.SmTerminateForeignSession;
import lxrun.nt.sm.SmSession;

import java.util.List;

import org.junit.jupiter.api.Test;

/** psxss against the object manager and smss alone; no pico provider is needed for these flows. */
class PsxServerTest {
    static final int POSIX = 7;

    private final ObjectManager om = new ObjectManager();
    private final SessionManager sm = SessionManager.start(om);
    private final PsxServer psxss = PsxServer.start(om, null, null);

    @Test
    void startBuildsTheNamespaceAndRegisters() {
        String dump = om.dump();
        assertTrue(dump.contains("""
                  POSIX (Directory) refs=1 handles=0
                    ApiPort (Port) refs=2 handles=0
                    SbApiPort (Port) refs=3 handles=0
                    Sessions (Directory) refs=1 handles=0
                """), dump);
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION,
                SessionManager.connectToSm(om, PsxServer.SB_API_PORT, POSIX).status(), "POSIX already registered");
    }

    @Test
    void startFailsWithoutSmssOrTwice() {
        assertThrows(IllegalStateException.class, () -> PsxServer.start(new ObjectManager(), null, null));
        assertThrows(IllegalStateException.class, () -> PsxServer.start(om, null, null));
    }

    @Test
    void portsRefuseStrangers() {
        assertEquals(NtStatus.STATUS_PORT_CONNECTION_REFUSED,
                CommunicationPort.connect(om, PsxServer.SB_API_PORT, null).status(), "only smss");
        assertEquals(NtStatus.STATUS_PORT_CONNECTION_REFUSED,
                CommunicationPort.connect(om, PsxServer.API_PORT, null).status());
    }

    @Test
    void openSessionNamesItAndSmssKnowsIt() {
        PsxSession s1 = psxss.openSession();
        PsxSession s2 = psxss.openSession();
        assertEquals(List.of(new SmSession(s1.id(), POSIX, false, -1), new SmSession(s2.id(), POSIX, false, -1)),
                sm.sessions());
        String dump = om.dump();
        assertTrue(dump.contains("      " + s1.id() + " (Session) refs=1 handles=0\n"), dump);
        assertTrue(dump.contains("      " + s2.id() + " (Session) refs=1 handles=0\n"), dump);
        assertFalse(s1.isComplete());
        assertEquals(-1, s1.exitStatus());
    }

    @Test
    void exitIsRelayedToSmssAsSessionComplete() {
        PsxSession s = psxss.openSession();
        psxss.processExited(s, 3);
        assertTrue(s.isComplete());
        assertEquals(3, s.exitStatus());
        assertEquals(List.of(new SmSession(s.id(), POSIX, true, 3)), sm.sessions());
        assertFalse(om.dump().contains("(Session)"), "the session left the namespace");
        psxss.processExited(s, 9);
        assertEquals(3, s.exitStatus(), "the first exit counts");
        assertThrows(IllegalStateException.class, () -> psxss.runProcess(s, "/bin/true", List.of("true"), List.of()),
                "a session runs one program");
    }

    @Test
    void terminateForeignSessionEndsAnIdleSession() {
        CommunicationPort other = registerOtherSubsystem();
        PsxSession s = psxss.openSession();
        PortReply reply = other.request(SmApiNumber.TerminateForeignSession, new SmTerminateForeignSession(s.id(), 130));
        assertEquals(NtStatus.STATUS_SUCCESS, reply.status());
        assertEquals(130, s.exitStatus());
        assertEquals(new SmSession(s.id(), POSIX, true, 130), sm.sessions().get(0));
    }

    @Test
    void stopLeavesSmss() {
        PsxSession s = psxss.openSession();
        psxss.stop();
        assertFalse(om.dump().contains("    ApiPort") || om.dump().contains("SbApiPort"), om.dump());
        PsxServer again = PsxServer.start(om, null, null);
        assertTrue(again.openSession().id() > s.id(), "smss accepts a new POSIX server and keeps counting");
    }

    /** A second subsystem (image type 3) so the test can use smss's API like any registered subsystem. */
    private CommunicationPort registerOtherSubsystem() {
        PortServer sb = new PortServer() {
            @Override
            public int acceptConnection(CommunicationPort client, Record connectionInfo) {
                return NtStatus.STATUS_SUCCESS;
            }

            @Override
            public PortReply request(CommunicationPort client, PortMessage message) {
                return PortReply.of(NtStatus.STATUS_NOT_IMPLEMENTED);
            }

            @Override
            public void portClosed(CommunicationPort client) {}
        };
        om.insertObject("\\OtherSbApiPort", new ConnectionPort(sb));
        CommunicationPort.ConnectResult r = SessionManager.connectToSm(om, "\\OtherSbApiPort", 3);
        assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        return r.port();
    }
}
