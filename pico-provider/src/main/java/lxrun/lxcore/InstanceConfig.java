package lxrun.lxcore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How an instance is set up.
 *
 * @param root   host directory the guest sees as {@code /} (the root mapping)
 * @param strace where {@code --strace} lines go, or null for no tracing
 * @param tmpfs  guest directories to mount an empty tmpfs on ({@code --tmpfs})
 * @param launch what the process started from the host inherits from whoever asked for it
 * @param messages where lxrun's own lines about the guest go (SIGILL's disassembly, an internal error in
 *               a call): the stderr of whoever started it
 */
public record InstanceConfig(Path root, PrintStream strace, List<String> tmpfs, Launch launch, PrintStream messages) {
    public InstanceConfig(Path root, PrintStream strace, List<String> tmpfs, Launch launch) {
        this(root, strace, tmpfs, launch, System.err);
    }

    public InstanceConfig(Path root, PrintStream strace, List<String> tmpfs) {
        this(root, strace, tmpfs, Launch.ofThisProcess(List.of(0, 1, 2), 022, Map.of()));
    }

    public InstanceConfig(Path root, PrintStream strace) {
        this(root, strace, List.of());
    }

    /**
     * What a program started from the host inherits, as it would from the shell that ran it natively.
     *
     * @param fds       guest descriptor number to the host descriptor it is (in-process: the same number;
     *                  in the lxrun service: the client's, received with SCM_RIGHTS)
     * @param cwd       the host directory it starts in (the guest sees it when it lies under the root)
     * @param parentPid its getppid(2): the host process that started it (the JVM, or the service's client)
     * @param umask     the file mode creation mask
     * @param rlimits   {soft, hard} by resource number (RLIMIT_NOFILE, RLIMIT_STACK...; -1 unlimited); a
     *                  resource not given keeps lxcore's default
     * @param terminal  the controlling terminal: {@link #OWN_TERMINAL} (this JVM's, in-process), {@link
     *                  #NO_TERMINAL}, or a host fd open on the terminal of whoever asked (the service's client)
     */
    public record Launch(Map<Integer, Integer> fds, Path cwd, long parentPid, int umask, Map<Integer, long[]> rlimits, int terminal) {
        public static final int OWN_TERMINAL = -1, NO_TERMINAL = -2;

        /** This JVM's own descriptors {@code fds} under their numbers, its cwd and pid, with {@code umask} and {@code rlimits}. */
        public static Launch ofThisProcess(List<Integer> fds, int umask, Map<Integer, long[]> rlimits) {
            Map<Integer, Integer> same = new java.util.LinkedHashMap<>();
            for (int fd : fds) same.put(fd, fd);
            return new Launch(same, Path.of("").toAbsolutePath().normalize(), ProcessHandle.current().pid(), umask, rlimits, OWN_TERMINAL);
        }
    }
}
