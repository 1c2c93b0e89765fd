package lxrun.psx;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxCore;
import lxrun.lxcore.LxExecException;
import lxrun.lxcore.LxInstance;
import lxrun.nt.NtStatus;
import lxrun.nt.lpc.CommunicationPort;
import lxrun.nt.lpc.ConnectionPort;
import lxrun.nt.lpc.PortReply;
import lxrun.nt.ob.ObjectManager;
import lxrun.nt.ob.ObjectManager.LookupResult;
import lxrun.nt.sm.SessionManager;
import lxrun.nt.sm.SmApiNumber;
import lxrun.nt.sm.SmMessages;
import lxrun.nt.sm.SmMessages.SmCreateForeignSession;
import lxrun.nt.sm.SmMessages.SmCreateForeignSessionReply;
import lxrun.nt.sm.SmMessages.SmSessionComplete;
import lxrun.runtime.ps.PicoProcess;

import java.util.List;

/**
 * The POSIX subsystem server (psxss): owns {@code \POSIX}, registers with the session manager, keeps
 * sessions, and starts Linux programs in them through the pico provider, each session in a Linux
 * instance of its own (so a resident psxss, {@link lxrun.psx.service.PsxService}, runs programs with
 * different roots, descriptors and cwds side by side).
 *
 * <p>How the CLI runs a program (the role of posix.exe / wsl.exe):
 * <pre>{@code
 * ObjectManager objects = new ObjectManager();
 * SessionManager sm = SessionManager.start(objects);                // \SmApiPort
 * LxCore lxcore = LxCore.initialize(processLayer, objects);         // \Device\lxss
 * PsxServer psxss = PsxServer.start(objects, lxcore, new InstanceConfig(root, strace));
 * PsxSession session = psxss.openSession();                         // smss allocates the id
 * int status = psxss.runProcess(session, "/bin/sh", argv, envp);    // throws LxExecException
 * psxss.stop();
 * }</pre>
 * {@link #runProcess} runs the program on the calling thread until the whole process has ended and
 * returns its shell status (exit code, or 128+signal). If the program cannot be started it throws
 * {@link LxExecException} (errno and a one-line message) and the session completes with 127 for
 * ENOENT, 126 otherwise, as a shell would report. Either way smss is told SessionComplete.
 *
 * <p>At start psxss creates {@code \POSIX}, {@code \POSIX\Sessions}, {@code \POSIX\ApiPort} and
 * {@code \POSIX\SbApiPort}, then calls SmConnectToSm; smss connects back to SbApiPort and sends
 * SbCreateSession for every {@link #openSession}. A session's Linux instance is created with its program,
 * so a psxss can start (and be tested) without touching the root mapping.
 */
public final class PsxServer {
    public static final String ROOT = "\\POSIX";
    public static final String SESSIONS = ROOT + "\\Sessions";
    public static final String API_PORT = ROOT + "\\ApiPort";
    public static final String SB_API_PORT = ROOT + "\\SbApiPort";

    private static final int ENOENT = 2;

    private final ObjectManager objects;
    private final LxCore lxCore;
    private final InstanceConfig config;
    private final ConnectionPort apiPort = new ConnectionPort(new PsxApiServer());
    private final ConnectionPort sbApiPort = new ConnectionPort(new PsxSbApiServer(this));
    private CommunicationPort smApiPort;

    private PsxServer(ObjectManager objects, LxCore lxCore, InstanceConfig config) {
        this.objects = objects;
        this.lxCore = lxCore;
        this.config = config;
    }

    /**
     * Starts psxss: builds {@code \POSIX} and registers with the session manager, which must already
     * listen on {@code \SmApiPort}. Throws IllegalStateException if either fails (a second psxss, no smss).
     */
    public static PsxServer start(ObjectManager objects, LxCore lxCore, InstanceConfig config) {
        PsxServer psxss = new PsxServer(objects, lxCore, config);
        if (objects.createDirectory(ROOT) == null || objects.createDirectory(SESSIONS) == null) {
            throw new IllegalStateException("cannot create " + SESSIONS);
        }
        check("create " + API_PORT, objects.insertObject(API_PORT, psxss.apiPort));
        check("create " + SB_API_PORT, objects.insertObject(SB_API_PORT, psxss.sbApiPort));
        CommunicationPort.ConnectResult sm =
                SessionManager.connectToSm(objects, SB_API_PORT, SmMessages.IMAGE_SUBSYSTEM_POSIX_CUI);
        check("connect to " + SessionManager.SM_API_PORT_NAME, sm.status());
        psxss.smApiPort = sm.port();
        return psxss;
    }

    /** A new session with the server's instance config. */
    public PsxSession openSession() {
        return openSession(config);
    }

    /**
     * A new session whose program runs in an instance set up by {@code sessionConfig}: smss allocates its
     * id and sends SbCreateSession back to this server.
     */
    public PsxSession openSession(InstanceConfig sessionConfig) {
        PortReply reply = smApiPort.request(SmApiNumber.CreateForeignSession,
                new SmCreateForeignSession(SmMessages.IMAGE_SUBSYSTEM_POSIX_CUI));
        check("open a session", reply.status());
        PsxSession session = session(((SmCreateForeignSessionReply) reply.result()).sessionId());
        if (session == null) throw new IllegalStateException("session vanished before it was returned");
        session.setConfig(sessionConfig);
        session.dereference();
        return session;
    }

    /**
     * Runs {@code path} as the session's program on the calling thread until it has ended, and returns
     * its shell status. A session runs one program: a second call throws IllegalStateException.
     */
    public int runProcess(PsxSession session, String path, List<String> argv, List<String> envp)
            throws LxExecException {
        return runToExit(session, createProcess(session, path, argv, envp));
    }

    /**
     * Creates the session's program with one suspended thread (through {@link LxInstance#createProcess}).
     * If it cannot be started, the session completes with 127 (ENOENT) or 126 and the exception goes on.
     */
    PicoProcess createProcess(PsxSession session, String path, List<String> argv, List<String> envp)
            throws LxExecException {
        if (!session.beginProcess()) throw new IllegalStateException("session " + session.id() + " already ran a program");
        try {
            LxInstance lx = lxCore.createInstance(session.config());
            session.setInstance(lx);
            PicoProcess process = lx.createProcess(path, argv, envp);
            session.setProcess(process);
            return process;
        } catch (LxExecException e) {
            processExited(session, e.errno == ENOENT ? 127 : 126);
            throw e;
        }
    }

    /** Runs a created program to its end on the calling thread, then reports its exit. */
    int runToExit(PsxSession session, PicoProcess process) {
        session.instance().run(process);
        int status = LxInstance.shellStatus(process);
        processExited(session, status);
        return status;
    }

    /**
     * Exit notification: records the status on the session, tells smss SessionComplete, and removes the
     * session's name. Later notifications for the same session are ignored.
     */
    void processExited(PsxSession session, int status) {
        if (!session.complete(status)) return;
        smApiPort.request(SmApiNumber.SessionComplete, new SmSessionComplete(session.id(), status));
        objects.removeObject(sessionPath(session.id()));
    }

    /**
     * Forgets a complete session's Linux instance (a resident psxss runs many): it leaves
     * {@code \Device\lxss}; processes the leader left behind run on until they end.
     */
    public void closeSession(PsxSession session) {
        if (session.instance() != null) lxCore.closeInstance(session.instance());
    }

    /** SbCreateSession: names a new session object {@code \POSIX\Sessions\<id>}; returns an NTSTATUS. */
    int createSession(int id) {
        PsxSession session = new PsxSession(id);
        int status = objects.insertObject(sessionPath(id), session);
        session.dereference();
        return status;
    }

    /** SbTerminateSession: ends the running program through the provider, or completes an idle session. */
    void terminateSession(PsxSession session, int status) {
        PicoProcess process = session.process();
        if (process != null && !process.hasExited()) {
            process.layer.provider().terminateProcess().terminate(process, status);
        } else if (process == null) {
            processExited(session, status);
        }
    }

    /** The open session with {@code id}, referenced for the caller, or null. */
    PsxSession session(int id) {
        LookupResult found = objects.lookup(sessionPath(id), null);
        if (found.object() instanceof PsxSession s) return s;
        if (found.object() != null) found.object().dereference();
        return null;
    }

    /** Leaves the session manager and takes psxss's names out of the namespace; open sessions stay. */
    public void stop() {
        smApiPort.dereference();
        apiPort.close();
        sbApiPort.close();
        objects.removeObject(API_PORT);
        objects.removeObject(SB_API_PORT);
    }

    private static String sessionPath(int id) {
        return SESSIONS + "\\" + id;
    }

    private static void check(String what, int status) {
        if (status != NtStatus.STATUS_SUCCESS) {
            throw new IllegalStateException("psxss cannot " + what + ": " + NtStatus.name(status));
        }
    }
}
