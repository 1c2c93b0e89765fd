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
     * A background process's use of its controlling terminal, host fd {@code fd} (__tty_check_change):
     * 0 to go on. A read ({@code sig} SIGTTIN) is EIO when the caller ignores or blocks SIGTTIN or its
     * process group is orphaned; a write under TOSTOP or a change of the settings (SIGTTOU) goes on when
     * it ignores or blocks SIGTTOU and is EIO in an orphaned group; otherwise the signal goes to the
     * caller's process group (which it stops by default) and the call is re-run after it (ERESTARTSYS).
     */
    public static int checkBackground(int fd, int sig) {
        LxThread t = LxThread.current();
        if (t == null) return 0;
        LxProcess p = t.process;
        LxInstance inst = p.instance;
        if (!p.ctty || p.sid != inst.terminalSession || p.pgid == inst.terminalForeground) return 0;
        if (!inst.isTerminal(fd)) return 0;
        boolean ignored = p.actions[sig].handler() == LxProcess.SignalAction.SIG_IGN || (t.sigmask & Signals.bit(sig)) != 0;
        if (ignored) return sig == Signals.SIGTTIN ? -lxrun.lxcore.sys.Errno.EIO : 0;
        if (p.orphanedGroup()) return -lxrun.lxcore.sys.Errno.EIO;
        inst.signalGroup(p.pgid, new Signals.Info(sig, Signals.SI_KERNEL, 0, 0, 0));
        return -Signals.ERESTARTSYS;
    }

    private static final long TCGETS = 0x5401;
    private static final int TOSTOP = 0400;

    /** A write to host terminal {@code fd}: SIGTTOU's check when its settings have TOSTOP (n_tty_write). */
    public static int checkBackgroundWrite(int fd) {
        LxThread t = LxThread.current();
        if (t == null || t.process.pgid == t.process.instance.terminalForeground || !t.process.ctty) return 0;
        byte[] termios = new byte[36];
        if (Host.ioctl(fd, TCGETS, termios) != 0) return 0;
        int lflag = java.nio.ByteBuffer.wrap(termios).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(12);
        return (lflag & TOSTOP) != 0 ? checkBackground(fd, Signals.SIGTTOU) : 0;
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
            deliver(i, firstPid, new Signals.Info(sig, b.getInt(8), 0, 0, b.getInt(16)));
        }
    }

    /**
     * A signal lxrun got (or the service's client forwarded) for {@code instance}: a terminal's key goes to
     * the foreground group of the guest's controlling terminal; without one, and for SIGTERM, SIGHUP and
     * the rest, to the process lxrun started, {@code pid}.
     */
    public static void deliver(LxInstance instance, long pid, Signals.Info si) {
        boolean key = si.sig() == Signals.SIGINT || si.sig() == Signals.SIGQUIT || si.sig() == Signals.SIGTSTP || si.sig() == Signals.SIGWINCH;
        if (instance.terminalSession != -1 && key) instance.signalGroup(instance.terminalForeground, si);
        else instance.signal(p -> p.pid() == pid, si);
    }
}
