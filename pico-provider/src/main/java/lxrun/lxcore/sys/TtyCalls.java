package lxrun.lxcore.sys;

import lxrun.lxcore.LxInstance;
import lxrun.lxcore.LxProcess;
import lxrun.lxcore.Signals;
import lxrun.lxcore.TerminalSignals;
import lxrun.lxcore.fs.Host;
import lxrun.lxcore.fs.HostFd;
import lxrun.lxcore.fs.HostTerminal;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Pipe;
import lxrun.lxcore.fs.Stat;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * ioctl(2) (tty_ioctl(4)): terminal requests on fds that are the host's terminal are the host
 * terminal's to answer, except the process group, session and controlling terminal ones, which concern
 * guest processes (see sessionIoctl); any other fd is not a terminal (ENOTTY). FIONREAD also works on files and pipes;
 * a socket's requests are {@link SocketCalls#ioctl}'s.
 */
final class TtyCalls {
    private TtyCalls() {}

    static final long TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCSCTTY = 0x540e,
            TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541b,
            TIOCNOTTY = 0x5422, TCSBRK = 0x5409, TCXONC = 0x540a, TCFLSH = 0x540b, TIOCOUTQ = 0x5411,
            FIONBIO = 0x5421, TIOCGSID = 0x5429, FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIOASYNC = 0x5452;

    static long ioctl(Call c) {
        LxFile f = c.file(0);
        long req = c.a(1) & 0xffffffffL, arg = c.a(2);
        if (req == FIOCLEX || req == FIONCLEX || req == FIONBIO || req == FIOASYNC) return fileIoctl(c, f, req, arg);
        if (f instanceof lxrun.lxcore.fs.Socket s) return SocketCalls.ioctl(c, s, req, arg);
        int host = f.hostFd();
        if (req == FIONREAD && host < 0) return fionread(c, f, arg);
        if (host < 0) return -Errno.ENOTTY;
        if (req == TCGETS) return toGuest(c, host, req, arg, HostTerminal.TERMIOS_SIZE);
        if (req == TIOCGWINSZ) return toGuest(c, host, req, arg, 8);
        if (req == FIONREAD) return toGuest(c, host, req, arg, 4);
        if (req == TCSETS || req == TCSETSW || req == TCSETSF) {
            c.check(arg, HostTerminal.TERMIOS_SIZE, PROT_READ);
            int j = lxrun.lxcore.TerminalSignals.checkBackground(host, Signals.SIGTTOU); // tty_check_change
            if (j != 0) return j;
            if (c.process.instance.restoresTerminal()) HostTerminal.saveOriginal(host);
            return Host.ioctl(host, req, c.mem.read(arg, HostTerminal.TERMIOS_SIZE));
        }
        if (req == TIOCOUTQ) return toGuest(c, host, req, arg, 4);
        if (req == TCSBRK || req == TCXONC || req == TCFLSH) return Host.call("ioctl", host, req, arg); // by value
        if (req == TIOCSWINSZ) {
            c.check(arg, 8, PROT_READ);
            return Host.ioctl(host, req, c.mem.read(arg, 8));
        }
        if (!HostFd.isatty(host)) return -Errno.ENOTTY;
        if (req == TIOCGPGRP || req == TIOCSPGRP || req == TIOCGSID || req == TIOCSCTTY || req == TIOCNOTTY) {
            return sessionIoctl(c, host, req, arg);
        }
        return -Errno.ENOTTY;
    }

    /**
     * The requests on lxrun's terminal that concern guest sessions (tty_ioctl(4), drivers/tty/tty_jobctrl.c):
     * the host terminal is the JVM's (or the service client's), so the guest's session, foreground group and controlling terminal
     * are kept in the instance. A terminal that is not lxrun's controlling one is nobody's here (ENOTTY,
     * and TIOCSCTTY EPERM).
     */
    private static long sessionIoctl(Call c, int host, long req, long arg) {
        LxProcess p = c.process;
        LxInstance inst = p.instance;
        boolean ours = inst.isTerminal(host);
        boolean mine = ours && p.ctty && p.sid == inst.terminalSession; // the caller's controlling terminal
        if (req == TIOCSCTTY) {
            if (!ours) return -Errno.EPERM;
            if (mine && p.sid == p.pid()) return 0;
            if (p.sid != p.pid() || p.ctty) return -Errno.EPERM;
            // taken from a session that still has it only with arg 1 by a privileged caller
            boolean held = false;
            for (LxProcess q : inst.processes()) held |= q.ctty && q.sid == inst.terminalSession && q.endStatus() == -1;
            if (held && (arg != 1 || c.process.creds.euid() != 0)) return -Errno.EPERM;
            for (LxProcess q : inst.processes()) if (q.sid == inst.terminalSession) q.ctty = false;
            inst.terminalSession = p.sid;
            inst.terminalForeground = p.pgid;
            p.ctty = true;
            return 0;
        }
        if (!mine) return -Errno.ENOTTY;
        if (req == TIOCGPGRP || req == TIOCGSID) {
            c.check(arg, 4, PROT_WRITE);
            c.mem.write32(arg, (int) (req == TIOCGPGRP ? inst.terminalForeground : inst.terminalSession));
            return 0;
        }
        if (req == TIOCSPGRP) {
            c.check(arg, 4, PROT_READ);
            int pgrp = c.mem.read32(arg);
            if (pgrp < 0) return -Errno.EINVAL;
            // the group exists while a member does, zombies too (until reaped they hold their pid): a shell
            // takes the terminal back for a pipeline whose first process has already exited
            boolean found = false, same = false;
            for (LxProcess q : inst.processesAndZombies()) {
                if (q.pgid != pgrp) continue;
                found = true;
                same |= q.sid == p.sid;
            }
            if (!found) return -Errno.ESRCH;
            if (!same) return -Errno.EPERM;
            inst.terminalForeground = pgrp;
            return 0;
        }
        // TIOCNOTTY: the caller gives its controlling terminal up; when the session leader does, the whole
        // session loses it and the foreground group gets SIGHUP and SIGCONT (disassociate_ctty)
        if (p.sid != p.pid()) {
            p.ctty = false;
            return 0;
        }
        long fg = inst.terminalForeground;
        for (LxProcess q : inst.processes()) if (q.sid == p.sid) q.ctty = false;
        inst.terminalSession = -1;
        inst.terminalForeground = 0;
        inst.signalGroup(fg, new Signals.Info(Signals.SIGHUP, Signals.SI_KERNEL, 0, 0, 0));
        inst.signalGroup(fg, new Signals.Info(Signals.SIGCONT, Signals.SI_KERNEL, 0, 0, 0));
        return 0;
    }

    /** The ioctls every fd has (ioctl_fionbio(2)...): close-on-exec, O_NONBLOCK and O_ASYNC from an int. */
    private static long fileIoctl(Call c, LxFile f, long req, long arg) {
        if (req == FIOCLEX || req == FIONCLEX) {
            c.process.handles.setAttributes(c.i(0), req == FIOCLEX ? lxrun.nt.ob.HandleTable.INHERIT_NOT : 0);
            return 0;
        }
        c.check(arg, 4, PROT_READ);
        int bit = req == FIONBIO ? LxFile.O_NONBLOCK : 020000; // O_ASYNC
        f.statusFlags = c.mem.read32(arg) != 0 ? f.statusFlags | bit : f.statusFlags & ~bit;
        return 0;
    }

    /** A host ioctl that fills a {@code size}-byte structure for the guest. */
    private static long toGuest(Call c, int host, long req, long arg, int size) {
        c.check(arg, size, PROT_WRITE);
        byte[] buf = new byte[size];
        int r = Host.ioctl(host, req, buf);
        if (r < 0) return r;
        c.mem.write(arg, buf);
        return r;
    }

    /** FIONREAD: what a read could return at once; regular files: size minus position; directories ENOTTY. */
    private static long fionread(Call c, LxFile f, long arg) {
        long n;
        if (f instanceof Pipe.End p) {
            n = p.available();
        } else if (f instanceof lxrun.lxcore.fs.Inotify i) {
            n = i.available();
        } else {
            Stat st = f.stat();
            int type = st.mode() & Stat.S_IFMT;
            if (type == Stat.S_IFDIR) return -Errno.ENOTTY;
            n = type == Stat.S_IFREG ? Math.max(0, st.size() - Math.max(0, f.seek(0, 1))) : 0;
        }
        c.check(arg, 4, PROT_WRITE);
        c.mem.write32(arg, (int) Math.min(n, Integer.MAX_VALUE));
        return 0;
    }
}
