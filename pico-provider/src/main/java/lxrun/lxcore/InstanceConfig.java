package lxrun.lxcore;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How an instance is set up.
 *
 * @param root   host directory the guest sees as {@code /} (the root mapping)
 * @param strace where {@code --strace} lines go, or null for no tracing
 */
public record InstanceConfig(Path root, PrintStream strace) {}
