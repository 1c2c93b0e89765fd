package lxrun.nt.sm;

import java.util.List;

/** The message layouts of the SM and SB APIs (smmsg.h), one record per request or reply. */
public final class SmMessages {
    private SmMessages() {}

    /** IMAGE_SUBSYSTEM_POSIX_CUI: the image type psxss registers for. */
    public static final int IMAGE_SUBSYSTEM_POSIX_CUI = 7;

    /** SB_CONNECTION_INFO: what SmConnectToSm passes; smss connects back to {@code sbApiPortName}. */
    public record SmConnectInfo(String sbApiPortName, int imageType) {}

    /** SmCreateForeignSession: a new session in the subsystem registered for {@code imageType}. */
    public record SmCreateForeignSession(int imageType) {}

    public record SmCreateForeignSessionReply(int sessionId) {}

    /** SmSessionComplete: the subsystem reports that the session's program ended with {@code exitStatus}. */
    public record SmSessionComplete(int sessionId, int exitStatus) {}

    /** SmTerminateForeignSession: end a session, whichever subsystem owns it. */
    public record SmTerminateForeignSession(int sessionId, int exitStatus) {}

    /** SbCreateSession: smss hands the subsystem a session id it allocated. */
    public record SbCreateSession(int sessionId) {}

    /** SbTerminateSession: the subsystem must end the session's processes. */
    public record SbTerminateSession(int sessionId, int exitStatus) {}

    /** SbCreateProcess: start {@code path} in an existing session. */
    public record SbCreateProcess(int sessionId, String path, List<String> argv, List<String> envp) {}

    public record SbCreateProcessReply(long processId) {}
}
