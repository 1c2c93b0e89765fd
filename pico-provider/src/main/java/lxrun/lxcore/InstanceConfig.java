package lxrun.lxcore;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How an instance is set up.
 *
 * @param root   host directory the guest sees as {@code /} (the root mapping)
 * @param strace where {@code --strace} lines go, or null for no tracing
 * @param tmpfs  guest directories to mount an empty tmpfs on ({@code --tmpfs})
 * @param fds    the host descriptors a process started from the host gets under the same numbers: those
 *               lxrun was started with, not close-on-exec (the launcher lists them before the JVM opens its own)
 */
public record InstanceConfig(Path root, PrintStream strace, java.util.List<String> tmpfs, java.util.List<Integer> fds) {
    public InstanceConfig(Path root, PrintStream strace, java.util.List<String> tmpfs) {
        this(root, strace, tmpfs, java.util.List.of(0, 1, 2));
    }

    public InstanceConfig(Path root, PrintStream strace) {
        this(root, strace, java.util.List.of());
    }
}
