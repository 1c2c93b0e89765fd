package lxrun.lxcore;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How an instance is set up.
 *
 * @param root   host directory the guest sees as {@code /} (the root mapping)
 * @param strace where {@code --strace} lines go, or null for no tracing
 * @param tmpfs  guest directories to mount an empty tmpfs on ({@code --tmpfs})
 */
public record InstanceConfig(Path root, PrintStream strace, java.util.List<String> tmpfs) {
    public InstanceConfig(Path root, PrintStream strace) {
        this(root, strace, java.util.List.of());
    }
}
