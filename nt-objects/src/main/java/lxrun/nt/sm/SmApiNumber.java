package lxrun.nt.sm;

/** The session manager's API on {@code \SmApiPort}, in smmsg.h order (the dispatch table index). */
public enum SmApiNumber {
    CreateForeignSession,
    SessionComplete,
    TerminateForeignSession,
    ExecPgm,
    LoadDeferedSubsystem,
    StartCsr,
    StopCsr
}
