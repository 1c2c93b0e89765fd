package lxrun.lxcore;

import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.LxFile;

/**
 * The signals lxrun's terminal sends (termios(3) ISIG: SIGINT, SIGQUIT, SIGTSTP from the keyboard,
 * SIGWINCH on a resize) go to the terminal's foreground process group, as the kernel sends them: here the
 * guest's (TIOCSPGRP), since the host's is the JVM. SIGTERM and SIGHUP sent to lxrun (kill, timeout(1),
 * a shell's hangup) go to the process lxrun started, as they would reach the program run natively. The
 * launcher starts the JVM with all six blocked in every thread (and -Xrs, so SIGQUIT prints no thread
 * dump); a daemon thread reads them from a signalfd.
 */
public final class TerminalSignals {
    private TerminalSignals() {}

    private static final long TIOCGPGRP = 0x540f;
    private static final int[] FORWARDED = {Signals.SIGINT, Signals.SIGQUIT, Signals.SIGTSTP, Signals.SIGWINCH,
        Signals.SIGTERM, Signals.SIGHUP};
    private static volatile LxInstance target;
    private static volatile long firstPid;
    private static boolean started;
    private static Boolean hasTerminal;

    /** Whether lxrun has a controlling terminal (opening the host's /dev/tty works, as tty(4) says). */
    public static synchronized boolean hostHasTerminal() {
        if (hasTerminal == null) {
            int fd = Host.call("open", "/dev/tty", LxFile.O_RDONLY | LxFile.O_NOCTTY | LxFile.O_NONBLOCK | LxFile.O_CLOEXEC, 0);
            if (fd >= 0) Host.call("close", fd);
            hasTerminal = fd >= 0;
        }
        return hasTerminal;
    }

    /** Whether host fd {@code fd} is lxrun's controlling terminal (the host answers TIOCGPGRP only for that one). */
    public static boolean isControllingTerminal(int fd) {
        return fd >= 0 && Host.ioctl(fd, TIOCGPGRP, new byte[4]) == 0;
    }

    /**
     * From now on the terminal's signals go to {@code instance}'s foreground process group, or while the
     * guest has no controlling terminal (lxrun has none, or it was given up) to process {@code pid}, the one
     * lxrun started, as a kill(1) of lxrun's own pid would reach it.
     */
    public static synchronized void forwardTo(LxInstance instance, long pid) {
        target = instance;
        firstPid = pid;
        if (started) return;
        byte[] mask = new byte[128]; // sigset_t; the kernel reads its first 8 bytes
        long bits = 0;
        for (int s : FORWARDED) bits |= Signals.bit(s);
        java.nio.ByteBuffer.wrap(mask).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(bits);
        int fd = Host.call("signalfd", -1, mask, LxFile.O_CLOEXEC);
        if (fd < 0) return;
        started = true;
        Thread t = new Thread(() -> read(fd), "lxrun-terminal-signals");
        t.setDaemon(true);
        t.start();
    }

    private static void read(int fd) {
        byte[] info = new byte[128]; // struct signalfd_siginfo
        while (Host.read(fd, info, 0, info.length) == info.length) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(info).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int sig = b.getInt(0);
            LxInstance i = target;
            if (i == null) continue;
            // ssi_code as the host has it (SI_KERNEL from the terminal, SI_USER from kill); a sender outside
            // the guest has no pid the guest knows: 0, as from another pid namespace
            Signals.Info si = new Signals.Info(sig, b.getInt(8), 0, 0, b.getInt(16));
            if (i.terminalSession != -1 && sig != Signals.SIGTERM && sig != Signals.SIGHUP) i.signalGroup(i.terminalForeground, si);
            else i.signal(p -> p.pid() == firstPid, si);
        }
    }
}
