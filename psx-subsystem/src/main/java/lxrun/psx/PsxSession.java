package lxrun.psx;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxInstance;
import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectType;
import lxrun.runtime.ps.PicoProcess;

/**
 * A POSIX session, named {@code \POSIX\Sessions\<id>} while it is open. The id comes from smss. A session
 * runs one program (its leader, like one {@code posix.exe /c} or {@code wsl.exe} command); when the leader
 * ends, the session is complete, keeps the exit status, and leaves the namespace. Each session has its own
 * Linux instance (root, mounts, the descriptors and cwd its program starts with), made with its program.
 */
public final class PsxSession extends NtObject {
    public static final ObjectType TYPE = new ObjectType("Session");

    private final int id;
    private InstanceConfig config;
    private LxInstance instance;
    private boolean started;
    private PicoProcess process;
    private boolean complete;
    private int exitStatus = -1;

    PsxSession(int id) {
        super(TYPE);
        this.id = id;
    }

    /** The session id smss allocated. */
    public int id() {
        return id;
    }

    synchronized void setConfig(InstanceConfig c) {
        config = c;
    }

    synchronized InstanceConfig config() {
        return config;
    }

    /** The session's Linux instance once its program was created, else null. */
    public synchronized LxInstance instance() {
        return instance;
    }

    synchronized void setInstance(LxInstance i) {
        instance = i;
    }

    /** The leader process once created, else null. */
    public synchronized PicoProcess process() {
        return process;
    }

    public synchronized boolean isComplete() {
        return complete;
    }

    /** The leader's shell status (exit code, or 128+signal) once complete; -1 before. */
    public synchronized int exitStatus() {
        return exitStatus;
    }

    /** Claims the session for its one program; false if a program already started or the session ended. */
    synchronized boolean beginProcess() {
        if (started || complete) return false;
        started = true;
        return true;
    }

    synchronized void setProcess(PicoProcess p) {
        process = p;
    }

    /** Records the exit status; false if the session was already complete. */
    synchronized boolean complete(int status) {
        if (complete) return false;
        complete = true;
        exitStatus = status;
        return true;
    }
}
