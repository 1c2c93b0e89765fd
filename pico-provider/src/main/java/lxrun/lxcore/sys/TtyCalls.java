package lxrun.lxcore.sys;

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
 * terminal's to answer, except the process group and controlling terminal ones, which concern guest
 * processes; any other fd is not a terminal (ENOTTY). FIONREAD also works on files and pipes.
 */
final class TtyCalls {
    private TtyCalls() {}

    static final long TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCSCTTY = 0x540e,
            TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541b,
            TIOCNOTTY = 0x5422, TCSBRK = 0x5409, TCXONC = 0x540a, TCFLSH = 0x540b, TIOCOUTQ = 0x5411,
            FIONBIO = 0x5421, FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIOASYNC = 0x5452;

    static long ioctl(Call c) {
        LxFile f = c.file(0);
        long req = c.a(1) & 0xffffffffL, arg = c.a(2);
        if (req == FIOCLEX || req == FIONCLEX || req == FIONBIO || req == FIOASYNC) return fileIoctl(c, f, req, arg);
        int host = f.hostFd();
        if (req == FIONREAD && host < 0) return fionread(c, f, arg);
        if (host < 0) return -Errno.ENOTTY;
        if (req == TCGETS) return toGuest(c, host, req, arg, HostTerminal.TERMIOS_SIZE);
        if (req == TIOCGWINSZ) return toGuest(c, host, req, arg, 8);
        if (req == FIONREAD) return toGuest(c, host, req, arg, 4);
        if (req == TCSETS || req == TCSETSW || req == TCSETSF) {
            c.check(arg, HostTerminal.TERMIOS_SIZE, PROT_READ);
            HostTerminal.saveOriginal(host);
            return Host.ioctl(host, req, c.mem.read(arg, HostTerminal.TERMIOS_SIZE));
        }
        if (req == TIOCOUTQ) return toGuest(c, host, req, arg, 4);
        if (req == TCSBRK || req == TCXONC || req == TCFLSH) return Host.call("ioctl", host, req, arg); // by value
        if (req == TIOCSWINSZ) {
            c.check(arg, 8, PROT_READ);
            return Host.ioctl(host, req, c.mem.read(arg, 8));
        }
        if (!HostFd.isatty(host)) return -Errno.ENOTTY;
        if (req == TIOCGPGRP) {
            // guests have no process groups of their own: each is its own group, in the foreground
            c.check(arg, 4, PROT_WRITE);
            c.mem.write32(arg, (int) c.process.pid());
            return 0;
        }
        if (req == TIOCSPGRP) {
            c.check(arg, 4, PROT_READ);
            int pgrp = c.mem.read32(arg);
            return pgrp < 0 ? -Errno.EINVAL : pgrp == c.process.pid() ? 0 : -Errno.EPERM;
        }
        // the host terminal stays lxrun's controlling terminal: taking or giving it up changes nothing
        if (req == TIOCSCTTY || req == TIOCNOTTY) return 0;
        return -Errno.ENOTTY;
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
