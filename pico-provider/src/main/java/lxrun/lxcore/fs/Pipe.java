package lxrun.lxcore.fs;

import lxrun.lxcore.LxThread;
import lxrun.lxcore.Signals;
import lxrun.lxcore.sys.Errno;

import static lxrun.lxcore.fs.LxFile.O_ACCMODE;
import static lxrun.lxcore.fs.LxFile.O_NONBLOCK;
import static lxrun.lxcore.fs.LxFile.O_RDONLY;
import static lxrun.lxcore.fs.LxFile.O_RDWR;
import static lxrun.lxcore.fs.LxFile.O_WRONLY;

/**
 * An in-process pipe (pipe(7)): a 64 KiB ring buffer shared by a read end and a write end. Reads block
 * while it is empty and a writer exists; reads at end of data with no writer return 0; writes with no
 * reader fail with EPIPE. A FIFO (fifo(7)) is the same pipe, shared by every open of its inode while one
 * is open ({@link #openFifo}).
 */
public final class Pipe {
    /** The default size and the most an unprivileged F_SETPIPE_SZ may ask for (/proc/sys/fs/pipe-max-size). */
    public static final int DEFAULT_SIZE = 65536, MAX_SIZE = 1048576;
    private static long nextIno = 0x10000;

    private byte[] buf = new byte[DEFAULT_SIZE];
    private int head, count;
    /** Whether a read side and a write side are open (readers > 0, writers > 0). */
    private boolean readerOpen, writerOpen;
    /** Open read and write sides (an O_RDWR FIFO descriptor is both), and how many of each were ever opened (Linux's r_counter, w_counter). */
    private int readers, writers, readersOpened, writersOpened;
    final long ino;
    /** The FIFO's inode (dev, ino) in {@link #FIFOS}, or null for pipe(2)'s pipes. */
    private final Object fifo;

    /** The pipes of the FIFOs that are open now, by inode: guest processes all live in this JVM. */
    private static final java.util.Map<Object, Pipe> FIFOS = new java.util.HashMap<>();

    public Pipe() {
        this(null);
    }

    private Pipe(Object fifo) {
        synchronized (Pipe.class) {
            ino = nextIno++;
        }
        this.fifo = fifo;
    }

    public End readEnd(int flags) {
        return new End(O_RDONLY | flags, null, null);
    }

    public End writeEnd(int flags) {
        return new End(O_WRONLY | flags, null, null);
    }

    /**
     * open(2) of the FIFO {@code node} (fifo(7)): the pipe of its inode, made at its first open and gone
     * (with any data left) at its last close. O_RDONLY waits until a writer opens and O_WRONLY until a
     * reader does (a signal ends the wait: EINTR); with O_NONBLOCK a read open succeeds at once and a
     * write open with no reader fails with ENXIO; O_RDWR never waits. A host process at the other end
     * of a host FIFO is not seen: only the opens of guests in this JVM meet.
     */
    public static End openFifo(lxrun.lxcore.vfs.Vnode node, String path, int flags) {
        Stat st = node.stat();
        Object key = java.util.List.of(st.dev(), st.ino());
        int acc = flags & O_ACCMODE;
        boolean nonblock = (flags & O_NONBLOCK) != 0;
        End end;
        Pipe p;
        int seen;
        boolean alone;
        synchronized (FIFOS) {
            p = FIFOS.computeIfAbsent(key, Pipe::new);
            synchronized (p) {
                if (acc == O_WRONLY && nonblock && p.readers == 0) {
                    if (p.writers == 0) FIFOS.remove(key, p);
                    throw lxrun.lxcore.sys.Errno.error(lxrun.lxcore.sys.Errno.ENXIO);
                }
                alone = acc == O_RDONLY ? p.writers == 0 : p.readers == 0;
                end = p.new End(flags, node, path);
                seen = acc == O_RDONLY ? p.writersOpened : p.readersOpened;
            }
        }
        if (acc == O_RDWR || acc == O_RDONLY && nonblock || !alone) return end;
        try {
            p.awaitPartner(acc == O_RDONLY, seen);
        } catch (InterruptedException e) {
            end.dereference();
            throw lxrun.lxcore.sys.Errno.error(lxrun.lxcore.sys.Errno.EINTR);
        }
        return end;
    }

    /** fifo_open's wait_for_partner: until a side of the other kind opens (it may have closed again since). */
    private void awaitPartner(boolean reader, int seen) throws InterruptedException {
        java.util.concurrent.Callable<Void> wait = () -> {
            synchronized (this) {
                while ((reader ? writersOpened : readersOpened) == seen) wait();
            }
            return null;
        };
        lxrun.lxcore.LxThread t = lxrun.lxcore.LxThread.current();
        try {
            if (t != null) t.interruptibly(wait);
            else wait.call();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public final class End extends LxFile {
        private final boolean reader, writer;
        /** A FIFO's inode (for fstat), or null for pipe(2)'s ends. */
        private final lxrun.lxcore.vfs.Vnode node;
        /** Write sides opened before this read side (Linux's f_version): only a writer seen since hangs it up. */
        private final int seenWriters;

        End(int flags, lxrun.lxcore.vfs.Vnode node, String path) {
            super(path != null ? path : "pipe:[" + ino + "]", flags);
            int acc = flags & O_ACCMODE;
            this.reader = acc != O_WRONLY;
            this.writer = acc != O_RDONLY;
            this.node = node;
            synchronized (Pipe.this) {
                seenWriters = writersOpened;
                if (reader) {
                    readers++;
                    readersOpened++;
                    readerOpen = true;
                }
                if (writer) {
                    writers++;
                    writersOpened++;
                    writerOpen = true;
                }
                Pipe.this.notifyAll();
            }
            LxFile.readinessChanged();
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
                LxFile.readinessChanged();
                return k;
            }
        }

        /** pipe_write: with the read end gone, SIGPIPE for the writer, then EPIPE if nothing was written. */
        @Override
        public int write(byte[] b, int off, int n) {
            if (!writer) return -Errno.EBADF;
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
                    LxFile.readinessChanged();
                }
                if (done == n) return done;
            }
            return done > 0 ? done : -Errno.EPIPE; // and SIGPIPE, raised by the writing call (FileCalls.brokenPipe)
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

        /** pipe_poll: data is POLLIN|POLLRDNORM, room POLLOUT|POLLWRNORM; no writer left POLLHUP, no reader POLLERR. */
        @Override
        public int poll(int events) {
            synchronized (Pipe.this) {
                int r = 0;
                if (reader && count > 0) r |= POLLIN | POLLRDNORM;
                if (reader && !writerOpen && writersOpened != seenWriters) r |= POLLHUP;
                if (writer && count < buf.length) r |= POLLOUT | POLLWRNORM;
                if (writer && !readerOpen) r |= POLLERR;
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
                LxFile.readinessChanged();
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
        public lxrun.lxcore.vfs.Vnode vnode() {
            return node;
        }

        @Override
        public Stat stat() {
            if (node != null) return node.stat();
            long now = System.currentTimeMillis() / 1000;
            return new Stat(12, ino, 1, Stat.S_IFIFO | 0600, 0, 0, 0, 0, 4096, 0, now, 0, now, 0, now, 0);
        }

        @Override
        protected void onDelete() {
            synchronized (FIFOS) {
                synchronized (Pipe.this) {
                    if (reader) readerOpen = --readers > 0;
                    if (writer) writerOpen = --writers > 0;
                    if (fifo != null && readers == 0 && writers == 0) FIFOS.remove(fifo, Pipe.this);
                    Pipe.this.notifyAll();
                }
            }
            LxFile.readinessChanged();
        }
    }
}
