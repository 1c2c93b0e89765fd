package lxrun.nt.sm;

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
import lxrun.nt.sm.SmMessages.SmConnectInfo;
import lxrun.nt.sm.SmMessages.SmCreateForeignSession;
import lxrun.nt.sm.SmMessages.SmCreateForeignSessionReply;
import lxrun.nt.sm.SmMessages.SmSessionComplete;
import lxrun.nt.sm.SmMessages.SmTerminateForeignSession;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The session manager (smss): listens on {@code \SmApiPort}, registers subsystem servers that connect
 * with {@link #connectToSm}, allocates session ids and keeps each session's completion status.
 *
 * <p>A subsystem connects with its SbApiPort name; smss connects back to that port (as NT's smss does)
 * and later sends it SbCreateSession and SbTerminateSession. Only connected subsystems can call the
 * API, because a connection is accepted only from one. ExecPgm, LoadDeferedSubsystem, StartCsr and
 * StopCsr answer STATUS_NOT_IMPLEMENTED: lxrun starts no Win32 subsystem and no programs of its own.
 */
public final class SessionManager implements PortServer {
    public static final String SM_API_PORT_NAME = "\\SmApiPort";

    /** A registered subsystem server and smss's connection to its SbApiPort. */
    private record Subsystem(int imageType, CommunicationPort sbApiPort) {}

    private final ObjectManager objects;
    private final ApiDispatchTable<SmApiNumber> api = new ApiDispatchTable<>(SmApiNumber.class)
            .set(SmApiNumber.CreateForeignSession, SmCreateForeignSession.class, this::createForeignSession)
            .set(SmApiNumber.SessionComplete, SmSessionComplete.class, this::sessionComplete)
            .set(SmApiNumber.TerminateForeignSession, SmTerminateForeignSession.class, this::terminateForeignSession);
    private final Map<CommunicationPort, Subsystem> subsystems = new ConcurrentHashMap<>();
    private final Map<Integer, SmSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger nextSessionId = new AtomicInteger(1);

    private SessionManager(ObjectManager objects) {
        this.objects = objects;
    }

    /** Starts smss: creates {@code \SmApiPort}. Fails only if the name is taken (a second smss). */
    public static SessionManager start(ObjectManager objects) {
        SessionManager sm = new SessionManager(objects);
        ConnectionPort port = new ConnectionPort(sm);
        int status = objects.insertObject(SM_API_PORT_NAME, port);
        port.dereference();
        if (status != NtStatus.STATUS_SUCCESS) {
            throw new IllegalStateException("cannot create " + SM_API_PORT_NAME + ": " + NtStatus.name(status));
        }
        return sm;
    }

    /** SmConnectToSm (smlib): a subsystem server registers for {@code imageType}. */
    public static CommunicationPort.ConnectResult connectToSm(ObjectManager objects, String sbApiPortName, int imageType) {
        return CommunicationPort.connect(objects, SM_API_PORT_NAME, new SmConnectInfo(sbApiPortName, imageType));
    }

    /** Every session allocated so far, complete or not, by id. */
    public List<SmSession> sessions() {
        return sessions.values().stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();
    }

    /**
     * Registers a subsystem and connects back to its SbApiPort. Serialized like NT's single smss API
     * thread; the subsystem's SbApiPort must accept without calling smss.
     */
    @Override
    public synchronized int acceptConnection(CommunicationPort client, Record connectionInfo) {
        if (!(connectionInfo instanceof SmConnectInfo info) || info.sbApiPortName() == null) {
            return NtStatus.STATUS_INVALID_PARAMETER;
        }
        for (Subsystem s : subsystems.values()) {
            if (s.imageType() == info.imageType()) return NtStatus.STATUS_OBJECT_NAME_COLLISION;
        }
        CommunicationPort.ConnectResult back = CommunicationPort.connect(objects, info.sbApiPortName(), null);
        if (back.status() != NtStatus.STATUS_SUCCESS) return back.status();
        subsystems.put(client, new Subsystem(info.imageType(), back.port()));
        return NtStatus.STATUS_SUCCESS;
    }

    @Override
    public PortReply request(CommunicationPort client, PortMessage message) {
        if (!subsystems.containsKey(client)) return PortReply.of(NtStatus.STATUS_ACCESS_DENIED);
        return api.dispatch(client, message);
    }

    @Override
    public synchronized void portClosed(CommunicationPort client) {
        Subsystem s = subsystems.remove(client);
        if (s != null) s.sbApiPort().dereference();
    }

    private PortReply createForeignSession(CommunicationPort client, SmCreateForeignSession request) {
        Subsystem owner = subsystemFor(request.imageType());
        if (owner == null) return PortReply.of(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND);
        int id = nextSessionId.getAndIncrement();
        sessions.put(id, new SmSession(id, request.imageType(), false, -1));
        PortReply reply = owner.sbApiPort().request(SbApiNumber.CreateSession, new SbCreateSession(id));
        if (reply.status() != NtStatus.STATUS_SUCCESS) {
            sessions.remove(id);
            return reply;
        }
        return PortReply.success(new SmCreateForeignSessionReply(id));
    }

    private PortReply sessionComplete(CommunicationPort client, SmSessionComplete request) {
        SmSession session = sessions.get(request.sessionId());
        if (session == null || session.complete()) return PortReply.of(NtStatus.STATUS_INVALID_PARAMETER);
        Subsystem caller = subsystems.get(client);
        if (caller == null || caller.imageType() != session.imageType()) {
            return PortReply.of(NtStatus.STATUS_ACCESS_DENIED);
        }
        sessions.put(session.id(), session.completed(request.exitStatus()));
        return PortReply.of(NtStatus.STATUS_SUCCESS);
    }

    private PortReply terminateForeignSession(CommunicationPort client, SmTerminateForeignSession request) {
        SmSession session = sessions.get(request.sessionId());
        if (session == null || session.complete()) return PortReply.of(NtStatus.STATUS_INVALID_PARAMETER);
        Subsystem owner = subsystemFor(session.imageType());
        if (owner == null) return PortReply.of(NtStatus.STATUS_PORT_DISCONNECTED);
        return owner.sbApiPort().request(SbApiNumber.TerminateSession,
                new SbTerminateSession(session.id(), request.exitStatus()));
    }

    private Subsystem subsystemFor(int imageType) {
        for (Subsystem s : subsystems.values()) {
            if (s.imageType() == imageType) return s;
        }
        return null;
    }
}
