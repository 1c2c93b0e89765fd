package lxrun.psx;

import lxrun.lxcore.LxExecException;
import lxrun.nt.NtStatus;
import lxrun.nt.lpc.ApiDispatchTable;
import lxrun.nt.lpc.CommunicationPort;
import lxrun.nt.lpc.PortMessage;
import lxrun.nt.lpc.PortReply;
import lxrun.nt.lpc.PortServer;
import lxrun.nt.sm.SbApiNumber;
import lxrun.nt.sm.SmMessages.SbCreateProcess;
import lxrun.nt.sm.SmMessages.SbCreateProcessReply;
import lxrun.nt.sm.SmMessages.SbCreateSession;
import lxrun.nt.sm.SmMessages.SbTerminateSession;
import lxrun.runtime.ps.PicoProcess;

/**
 * psxss's {@code \POSIX\SbApiPort}: what the session manager asks of the subsystem (CsrServerSbApiDispatch
 * in csrss). Only one client is accepted, smss connecting back during SmConnectToSm; ForeignSessionComplete
 * answers STATUS_NOT_IMPLEMENTED because psxss never asks for sessions in other subsystems.
 */
final class PsxSbApiServer implements PortServer {
    private static final int ENOENT = 2;
    private static final int EACCES = 13;

    private final PsxServer server;
    private final ApiDispatchTable<SbApiNumber> api = new ApiDispatchTable<>(SbApiNumber.class)
            .set(SbApiNumber.CreateSession, SbCreateSession.class, this::createSession)
            .set(SbApiNumber.TerminateSession, SbTerminateSession.class, this::terminateSession)
            .set(SbApiNumber.CreateProcess, SbCreateProcess.class, this::createProcess);
    private CommunicationPort sessionManager;

    PsxSbApiServer(PsxServer server) {
        this.server = server;
    }

    @Override
    public synchronized int acceptConnection(CommunicationPort client, Record connectionInfo) {
        if (sessionManager != null) return NtStatus.STATUS_PORT_CONNECTION_REFUSED;
        sessionManager = client;
        return NtStatus.STATUS_SUCCESS;
    }

    @Override
    public PortReply request(CommunicationPort client, PortMessage message) {
        synchronized (this) {
            if (client != sessionManager) return PortReply.of(NtStatus.STATUS_ACCESS_DENIED);
        }
        return api.dispatch(client, message);
    }

    @Override
    public synchronized void portClosed(CommunicationPort client) {
        if (client == sessionManager) sessionManager = null;
    }

    private PortReply createSession(CommunicationPort client, SbCreateSession request) {
        return PortReply.of(server.createSession(request.sessionId()));
    }

    private PortReply terminateSession(CommunicationPort client, SbTerminateSession request) {
        PsxSession session = server.session(request.sessionId());
        if (session == null) return PortReply.of(NtStatus.STATUS_INVALID_PARAMETER);
        try {
            server.terminateSession(session, request.exitStatus());
        } finally {
            session.dereference();
        }
        return PortReply.of(NtStatus.STATUS_SUCCESS);
    }

    /** Creates the session's program and starts it on a thread of its own, as a subsystem resumes one. */
    private PortReply createProcess(CommunicationPort client, SbCreateProcess request) {
        PsxSession session = server.session(request.sessionId());
        if (session == null) return PortReply.of(NtStatus.STATUS_INVALID_PARAMETER);
        try {
            PicoProcess process = server.createProcess(session, request.path(), request.argv(), request.envp());
            Thread.ofPlatform().name("psx-session-" + session.id()).start(() -> server.runToExit(session, process));
            return PortReply.success(new SbCreateProcessReply(process.id));
        } catch (LxExecException e) {
            return PortReply.of(switch (e.errno) {
                case ENOENT -> NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
                case EACCES -> NtStatus.STATUS_ACCESS_DENIED;
                default -> NtStatus.STATUS_INVALID_IMAGE_FORMAT;
            });
        } catch (IllegalStateException e) {
            return PortReply.of(NtStatus.STATUS_INVALID_PARAMETER);
        } finally {
            session.dereference();
        }
    }
}
