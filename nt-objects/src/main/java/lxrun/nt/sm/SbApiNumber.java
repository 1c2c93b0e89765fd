package lxrun.nt.sm;

/** What a subsystem serves on its SbApiPort for the session manager, in smmsg.h order. */
public enum SbApiNumber {
    CreateSession,
    TerminateSession,
    ForeignSessionComplete,
    CreateProcess
}
