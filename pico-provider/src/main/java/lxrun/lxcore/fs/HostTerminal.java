package lxrun.lxcore.fs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host terminal's settings as they were before a guest changed them: the first TCSETS* on a host
 * fd saves them, and they are put back when lxrun exits, however it exits (a JVM shutdown hook: normal
 * exit, the guest killed by a signal, an internal error, SIGINT/SIGTERM to lxrun), so a guest that
 * switched the terminal to raw mode and died does not leave the user's shell without echo.
 */
public final class HostTerminal {
    private HostTerminal() {}

    /** ioctl requests on the kernel's struct termios (36 bytes on x86-64, asm-generic/termbits.h). */
    public static final long TCGETS = 0x5401, TCSETS = 0x5402;
    public static final int TERMIOS_SIZE = 36;

    private static final Map<Integer, byte[]> SAVED = new LinkedHashMap<>();
    private static boolean hooked;

    /** Before a guest first changes host fd {@code fd}'s settings: remembers them (once per fd). */
    public static synchronized void saveOriginal(int fd) {
        if (SAVED.containsKey(fd)) return;
        byte[] t = new byte[TERMIOS_SIZE];
        if (Host.ioctl(fd, TCGETS, t) != 0) return;
        SAVED.put(fd, t);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(HostTerminal::restore, "lxrun-restore-terminal"));
        }
    }

    /** Puts every saved terminal back as it was and forgets it (the shutdown hook; callable earlier). */
    public static synchronized void restore() {
        for (var e : SAVED.entrySet()) Host.ioctl(e.getKey(), TCSETS, e.getValue());
        SAVED.clear();
    }
}
