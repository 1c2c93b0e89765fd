package lxrun.lxcore;

import lxrun.runtime.ps.PicoProcess;

import java.util.List;

/** A Linux instance: its root mapping, its processes. (API pinned; implementation in progress.) */
public final class LxInstance {
    /**
     * execve for a new process: loads the ELF at guest path {@code path}, builds the initial stack, and
     * creates a pico process with one suspended thread. Its stdin/stdout/stderr are the host's.
     *
     * @throws LxExecException with the errno and a one-line message when the file cannot be run
     */
    public PicoProcess createProcess(String path, List<String> argv, List<String> envp) throws LxExecException {
        throw new UnsupportedOperationException();
    }

    /** Runs the process's initial thread on the calling Java thread until the whole process has ended. */
    public void run(PicoProcess process) {
        throw new UnsupportedOperationException();
    }

    /** The exit status of an ended process as a shell shows it: the exit code, or 128+N for signal N. */
    public static int shellStatus(PicoProcess process) {
        throw new UnsupportedOperationException();
    }
}
