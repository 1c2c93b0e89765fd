package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;

/**
 * A guest signalfd (signalfd(2)): reading it takes the signals of its mask pending for the reading thread
 * (then its process), as rt_sigtimedwait takes them, each as a 128-byte struct signalfd_siginfo; it waits
 * while none is pending. It is readable while one is. (Not the host signalfd of {@link lxrun.lxcore.TerminalSignals}.)
 */
public final class SignalFd extends LxFile {
    public static final int SIGINFO_SIZE = 128;
    private volatile long mask;

    public SignalFd(long mask, int flags) {
        super("anon_inode:[signalfd]", O_RDWR | (flags & O_NONBLOCK));
        setMask(mask);
    }

    /** The signals it takes (never SIGKILL or SIGSTOP). */
    public void setMask(long mask) {
        this.mask = mask & ~Signals.UNBLOCKABLE;
        LxFile.readinessChanged();
    }

    public long mask() {
        return mask;
    }

    @Override
    public int read(byte[] b, int off, int n) {
        if (n < SIGINFO_SIZE) return -Errno.EINVAL;
        LxThread t = LxThread.current();
        if (t == null) return -Errno.EINVAL;
        int done = 0;
        while (done + SIGINFO_SIZE <= n) {
            long gen = LxFile.readinessGeneration();
            Signals.Info info = Signals.dequeue(t, mask);
            if (info == null) {
                if (done > 0) break;
                if ((statusFlags & O_NONBLOCK) != 0) return -Errno.EAGAIN;
                try {
                    t.interruptibly(() -> {
                        LxFile.awaitReadiness(gen, 1_000_000_000L);
                        return null;
                    });
                } catch (InterruptedException e) {
                    return -Signals.ERESTARTSYS;
                }
                continue;
            }
            write(info, b, off + done);
            done += SIGINFO_SIZE;
        }
        return done;
    }

    /** signalfd_copyinfo: ssi_signo, ssi_errno, ssi_code, ssi_pid, ssi_uid ... ssi_int, ssi_ptr, ssi_addr. */
    private static void write(Signals.Info info, byte[] b, int at) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b, at, SIGINFO_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.Arrays.fill(b, at, at + SIGINFO_SIZE, (byte) 0);
        bb.putInt(at, info.sig());
        bb.putInt(at + 8, info.code());
        int sig = info.sig();
        boolean fault = sig == Signals.SIGSEGV || sig == Signals.SIGBUS || sig == Signals.SIGILL || sig == Signals.SIGFPE
                || sig == Signals.SIGTRAP;
        if (info.code() > 0 && fault) {
            bb.putLong(at + 72, info.addr());
        } else {
            bb.putInt(at + 12, (int) info.pid());
            bb.putInt(at + 16, info.uid());
            bb.putInt(at + 44, (int) info.value());
            bb.putLong(at + 48, info.value());
        }
    }

    @Override
    public int poll(int events) {
        LxThread t = LxThread.current();
        if (t == null) return 0;
        return ((t.pending | t.process.pending) & mask) != 0 ? events & (POLLIN | POLLRDNORM) : 0;
    }

    @Override
    public Stat stat() {
        return AnonInode.stat();
    }
}
