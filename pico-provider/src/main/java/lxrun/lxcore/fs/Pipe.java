package lxrun.lxcore.fs;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;

/**
 * An in-process pipe (pipe(7)): a 64 KiB ring buffer shared by a read end and a write end. Reads block
 * while it is empty and a writer exists; reads at end of data with no writer return 0; writes with no
 * reader fail with EPIPE.
 */
public final class Pipe {
    /** The default size and the most an unprivileged F_SETPIPE_SZ may ask for (/proc/sys/fs/pipe-max-size). */
    public static final int DEFAULT_SIZE = 65536, MAX_SIZE = 1048576;
    private static long nextIno = 0x10000;

    private byte[] buf = new byte[DEFAULT_SIZE];
    private int head, count;
    private boolean readerOpen = true, writerOpen = true;
    final long ino;

    public Pipe() {
        synchronized (Pipe.class) {
            ino = nextIno++;
        }
    }

    public End readEnd(int flags) {
        return new End(true, flags);
    }

    public End writeEnd(int flags) {
        return new End(false, flags);
    }

    public final class End extends LxFile {
        private final boolean reader;

        End(boolean reader, int flags) {
            super("pipe:[" + ino + "]", (reader ? O_RDONLY : O_WRONLY) | flags);
            this.reader = reader;
        }

        @Override
        public int read(byte[] b, int off, int n) {
            if (!reader) return -Errno.EBADF;
            synchronized (Pipe.this) {
                while (count == 0) {
                    if (!writerOpen) return 0;
                    if ((statusFlags & O_NONBLOCK) != 0) return -Errno.EAGAIN;
                    try {
                        await();
                    } catch (InterruptedException e) {
                        return -Signals.ERESTARTSYS;
                    }
                }
                int k = Math.min(n, count);
                for (int i = 0; i < k; i++) b[off + i] = buf[(head + i) % buf.length];
                head = (head + k) % buf.length;
                count -= k;
                Pipe.this.notifyAll();
                return k;
            }
        }

        /** pipe_write: with the read end gone, SIGPIPE for the writer, then EPIPE if nothing was written. */
        @Override
        public int write(byte[] b, int off, int n) {
            if (reader) return -Errno.EBADF;
            int done = 0;
            synchronized (Pipe.this) {
                while (done < n && readerOpen) {
                    if (count == buf.length) {
                        if ((statusFlags & O_NONBLOCK) != 0) return done > 0 ? done : -Errno.EAGAIN;
                        try {
                            await();
                        } catch (InterruptedException e) {
                            return done > 0 ? done : -Signals.ERESTARTSYS;
                        }
                        continue;
                    }
                    int k = Math.min(n - done, buf.length - count);
                    for (int i = 0; i < k; i++) buf[(head + count + i) % buf.length] = b[off + done + i];
                    count += k;
                    done += k;
                    Pipe.this.notifyAll();
                }
                if (done == n) return done;
            }
            LxThread self = LxThread.current();
            if (self != null) {
                Signals.sendProcess(self.process, new Signals.Info(Signals.SIGPIPE, Signals.SI_USER, 0,
                        self.process.pid(), LxProcess.UID), self);
            }
            return done > 0 ? done : -Errno.EPIPE;
        }

        /** Waits on the pipe; a signal for the calling guest thread interrupts (ERESTARTSYS, as pipe_wait). */
        private void await() throws InterruptedException {
            LxThread self = LxThread.current();
            if (self == null) {
                Pipe.this.wait();
                return;
            }
            self.interruptibly(() -> {
                Pipe.this.wait();
                return null;
            });
        }

        @Override
        public int poll(int events) {
            synchronized (Pipe.this) {
                int r = 0;
                if (reader && (count > 0 || !writerOpen)) r |= POLLIN;
                if (reader && !writerOpen) r |= POLLHUP;
                if (!reader && count < buf.length) r |= POLLOUT;
                if (!reader && !readerOpen) r |= POLLERR;
                return r & (events | POLLHUP | POLLERR);
            }
        }

        /** F_GETPIPE_SZ: the pipe's capacity. */
        public int capacity() {
            synchronized (Pipe.this) {
                return buf.length;
            }
        }

        /**
         * F_SETPIPE_SZ: at least {@code size} bytes, rounded up to a power of two pages; EBUSY when
         * the data in the pipe would not fit.
         */
        public int resize(long size) {
            int n = 4096;
            while (n < size) n <<= 1;
            synchronized (Pipe.this) {
                if (count > n) return -lxrun.lxcore.sys.Errno.EBUSY;
                byte[] b = new byte[n];
                for (int i = 0; i < count; i++) b[i] = buf[(head + i) % buf.length];
                buf = b;
                head = 0;
                Pipe.this.notifyAll();
                return n;
            }
        }

        /** Bytes waiting to be read (FIONREAD). */
        public int available() {
            synchronized (Pipe.this) {
                return count;
            }
        }

        @Override
        public Stat stat() {
            long now = System.currentTimeMillis() / 1000;
            return new Stat(12, ino, 1, Stat.S_IFIFO | 0600, 0, 0, 0, 0, 4096, 0, now, 0, now, 0, now, 0);
        }

        @Override
        protected void onDelete() {
            synchronized (Pipe.this) {
                if (reader) readerOpen = false;
                else writerOpen = false;
                Pipe.this.notifyAll();
            }
        }
    }
}
