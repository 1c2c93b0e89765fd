package lxrun.lxcore.sys;

import lxrun.lxcore.fs.HostFd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

/** flock(2) and fcntl(2) record locks; expected results are what Linux 6.x gives (checked natively). */
class LockCallsTest {
    @TempDir
    Path root;

    static final int FLOCK = 73, FCNTL = 72, CLOSE = 3, DUP = 32, OPENAT = 257, O_RDWR = 2, O_RDONLY = 0;
    static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    static final int F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
    static final int F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
    static final long FL = SCRATCH + 0x800;

    Guest guest() throws Exception {
        Files.writeString(root.resolve("f"), "0123456789");
        return new Guest(root);
    }

    static int open(Proc p, int flags) {
        p.mem.write(SCRATCH + 0x700, "/f\0".getBytes());
        return (int) p.sys(OPENAT, -100, SCRATCH + 0x700, flags);
    }

    /** fcntl with a struct flock {type, SEEK_SET, start, len, pid} at FL of {@code p}'s memory. */
    static long lk(Proc p, int fd, int cmd, int type, long start, long len) {
        p.mem.write16(FL, type);
        p.mem.write16(FL + 2, 0);
        p.mem.write64(FL + 8, start);
        p.mem.write64(FL + 16, len);
        p.mem.write32(FL + 24, 0);
        return p.sys(FCNTL, fd, cmd, FL);
    }

    /** F_GETLK's answer as "type start len pid". */
    static String getlk(Proc p, int fd, int cmd, int type, long start, long len) {
        assertEquals(0, lk(p, fd, cmd, type, start, len));
        return p.mem.read16(FL) + " " + p.mem.read64(FL + 8) + " " + p.mem.read64(FL + 16) + " " + p.mem.read32(FL + 24);
    }

    @Test
    void flockBelongsToTheOpenDescription() throws Exception {
        Proc p = Proc.of(guest());
        int fd = open(p, O_RDWR), fd2 = open(p, O_RDWR);
        int dup = (int) p.sys(DUP, fd);
        assertEquals(0, p.sys(FLOCK, fd, LOCK_EX));
        assertEquals(-Errno.EAGAIN, p.sys(FLOCK, fd2, LOCK_EX | LOCK_NB));
        assertEquals(-Errno.EAGAIN, p.sys(FLOCK, fd2, LOCK_SH | LOCK_NB));
        assertEquals(0, p.sys(FLOCK, dup, LOCK_SH | LOCK_NB));            // the same lock, converted
        assertEquals(0, p.sys(FLOCK, fd2, LOCK_SH | LOCK_NB));            // shared with shared
        assertEquals(-Errno.EAGAIN, p.sys(FLOCK, fd, LOCK_EX | LOCK_NB));
        assertEquals(0, p.sys(FLOCK, fd2, LOCK_UN));
        assertEquals(0, p.sys(FLOCK, fd, LOCK_EX | LOCK_NB));
        assertEquals(0, p.sys(CLOSE, fd));                                  // dup still holds it
        assertEquals(-Errno.EAGAIN, p.sys(FLOCK, fd2, LOCK_EX | LOCK_NB));
        assertEquals(0, p.sys(CLOSE, dup));                                 // the last reference: released
        assertEquals(0, p.sys(FLOCK, fd2, LOCK_EX | LOCK_NB));
        assertEquals(-Errno.EINVAL, p.sys(FLOCK, fd2, LOCK_SH | LOCK_EX));
        assertEquals(-Errno.EINVAL, p.sys(FLOCK, 99, 3));                   // the operation is checked first
        assertEquals(-Errno.EBADF, p.sys(FLOCK, 99, LOCK_SH));
        assertEquals(0, p.sys(FLOCK, fd2, 32 | LOCK_EX));                   // LOCK_MAND: accepted, ignored
    }

    @Test
    void flockIsInheritedAndSeenByTheHost() throws Exception {
        Guest g = guest();
        Proc p = Proc.of(g);
        int fd = open(p, O_RDWR);
        assertEquals(0, p.sys(FLOCK, fd, LOCK_EX));
        Proc child = Proc.fork(g, p);
        assertEquals(0, child.sys(FLOCK, fd, LOCK_EX | LOCK_NB));          // inherited fd: the same lock
        assertEquals(-Errno.EAGAIN, child.sys(FLOCK, open(child, O_RDWR), LOCK_EX | LOCK_NB));
        int host = HostFd.open(root.resolve("f").toString(), HostFd.O_RDONLY | HostFd.O_CLOEXEC);
        try {
            assertEquals(-Errno.EAGAIN, HostFd.flock(host, LOCK_SH | LOCK_NB));
            assertEquals(0, p.sys(FLOCK, fd, LOCK_UN));
            assertEquals(0, HostFd.flock(host, LOCK_EX | LOCK_NB));
            assertEquals(-Errno.EAGAIN, p.sys(FLOCK, fd, LOCK_SH | LOCK_NB)); // a host process holds it
        } finally {
            HostFd.close(host);
        }
        assertEquals(0, p.sys(FLOCK, fd, LOCK_SH | LOCK_NB));
    }

    @Test
    void aBlockedFlockWaitsForTheHolderAndASignalEndsIt() throws Exception {
        Guest g = guest();
        Proc p = Proc.of(g);
        int fd = open(p, O_RDWR);
        assertEquals(0, p.sys(FLOCK, fd, LOCK_EX));
        Proc child = Proc.fork(g, p);
        int other = open(child, O_RDWR);
        CompletableFuture<Long> waiting = child.async(FLOCK, other, LOCK_SH);
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        assertEquals(0, p.sys(FLOCK, fd, LOCK_UN));
        assertEquals(0, waiting.get(5, TimeUnit.SECONDS));

        // now the child holds it shared; the parent's exclusive wait is ended by SIGUSR1 with a handler
        long act = SCRATCH + 0x300;
        p.mem.write64(act, 0x400100);
        p.mem.write64(act + 8, 0x04000000);                                   // SA_RESTORER
        p.mem.write64(act + 16, 0x400200);
        p.mem.write64(act + 24, 0);
        assertEquals(0, p.sys(13, 10, act, 0, 8));                           // rt_sigaction(SIGUSR1)
        CompletableFuture<Long> blocked = p.async(FLOCK, fd, LOCK_EX);
        assertThrows(TimeoutException.class, () -> blocked.get(200, TimeUnit.MILLISECONDS));
        assertEquals(0, child.sys(62, p.pid(), 10));                          // kill(parent, SIGUSR1)
        blocked.get(5, TimeUnit.SECONDS);
        assertEquals(0x400100, p.cpu.rip);                                    // interrupted, in the handler
        assertEquals(-Errno.EAGAIN, p.sys(FLOCK, fd, LOCK_EX | LOCK_NB));     // and without the lock
    }

    @Test
    void posixLocksSplitMergeAndConflictBetweenProcesses() throws Exception {
        Guest g = guest();
        Proc p = Proc.of(g);
        int fd = open(p, O_RDWR);
        assertEquals(0, lk(p, fd, F_SETLK, F_WRLCK, 0, 5));
        assertEquals(0, lk(p, fd, F_SETLK, F_RDLCK, 5, 5));
        assertEquals(F_UNLCK + " 0 0 0", getlk(p, fd, F_GETLK, F_WRLCK, 0, 0));  // own locks never conflict
        Proc child = Proc.fork(g, p);
        int cfd = open(child, O_RDWR);
        assertEquals(F_WRLCK + " 0 5 " + p.pid(), getlk(child, cfd, F_GETLK, F_WRLCK, 0, 0));
        assertEquals(F_WRLCK + " 0 5 " + p.pid(), getlk(child, cfd, F_GETLK, F_RDLCK, 3, 10));
        assertEquals(F_UNLCK + " 5 0 0", getlk(child, cfd, F_GETLK, F_RDLCK, 5, 0));
        assertEquals(0, lk(child, cfd, F_SETLK, F_RDLCK, 6, 1));
        assertEquals(-Errno.EAGAIN, lk(child, cfd, F_SETLK, F_WRLCK, 6, 1));
        assertEquals(0, lk(child, cfd, F_SETLK, F_UNLCK, 0, 0));

        assertEquals(0, lk(p, fd, F_SETLK, F_UNLCK, 2, 2));                  // split
        assertEquals(F_WRLCK + " 0 2 " + p.pid(), getlk(child, cfd, F_GETLK, F_WRLCK, 0, 0));
        assertEquals(F_UNLCK + " 2 2 0", getlk(child, cfd, F_GETLK, F_WRLCK, 2, 2));
        assertEquals(F_WRLCK + " 4 1 " + p.pid(), getlk(child, cfd, F_GETLK, F_WRLCK, 4, 1));
        assertEquals(0, lk(p, fd, F_SETLK, F_WRLCK, 0, 5));
        assertEquals(0, lk(p, fd, F_SETLK, F_WRLCK, 5, 5));                  // merges with 0-4
        assertEquals(F_WRLCK + " 0 10 " + p.pid(), getlk(child, cfd, F_GETLK, F_RDLCK, 0, 0));

        int other = open(p, O_RDONLY);                                        // closing ANY fd of the file
        assertEquals(0, p.sys(CLOSE, other));                                 // releases the process's locks
        assertEquals(F_UNLCK + " 0 0 0", getlk(child, cfd, F_GETLK, F_WRLCK, 0, 0));

        assertEquals(0, lk(child, cfd, F_SETLK, F_WRLCK, 0, 0));             // to EOF
        assertEquals(F_WRLCK + " 0 0 " + child.pid(), getlk(p, fd, F_GETLK, F_RDLCK, 1000, 1));
        child.thread.process.handles.closeAll();                              // the child exits
        assertEquals(F_UNLCK + " 1000 1 0", getlk(p, fd, F_GETLK, F_RDLCK, 1000, 1));
    }

    @Test
    void recordLockArgumentsAreChecked() throws Exception {
        Proc p = Proc.of(guest());
        int fd = open(p, O_RDWR), ro = open(p, O_RDONLY);
        assertEquals(-Errno.EBADF, lk(p, ro, F_SETLK, F_WRLCK, 0, 1));
        assertEquals(0, lk(p, ro, F_SETLK, F_RDLCK, 0, 1));
        assertEquals(-Errno.EINVAL, lk(p, fd, F_SETLK, 7, 0, 1));
        assertEquals(-Errno.EINVAL, lk(p, fd, F_GETLK, F_UNLCK, 0, 1));
        assertEquals(-Errno.EINVAL, lk(p, fd, F_SETLK, F_WRLCK, -1, 1));
        assertEquals(0, lk(p, fd, F_SETLK, F_WRLCK, 5, -3));                 // bytes 2-4
        assertEquals(-Errno.EINVAL, lk(p, fd, F_SETLK, F_WRLCK, 2, -3));
        assertEquals(-Errno.EOVERFLOW, lk(p, fd, F_SETLK, F_WRLCK, 10, Long.MAX_VALUE));
        p.mem.write16(FL + 2, 9);
        assertEquals(-Errno.EINVAL, p.sys(FCNTL, fd, F_SETLK, FL));           // bad l_whence
        lk(p, fd, F_OFD_SETLK, F_WRLCK, 0, 1);
        p.mem.write32(FL + 24, 5);
        assertEquals(-Errno.EINVAL, p.sys(FCNTL, fd, F_OFD_SETLK, FL));       // OFD: l_pid must be 0
        assertEquals(-Errno.EFAULT, p.sys(FCNTL, fd, F_SETLK, 0xdead0000L));
        p.mem.write16(FL, F_WRLCK);                                           // SEEK_END: from the size (10)
        p.mem.write16(FL + 2, 2);
        p.mem.write64(FL + 8, -2);
        p.mem.write64(FL + 16, 1);
        p.mem.write32(FL + 24, 0);
        assertEquals(0, p.sys(FCNTL, fd, F_SETLK, FL));
    }

    @Test
    void ofdLocksBelongToTheDescriptionAndConflictWithPosixLocks() throws Exception {
        Guest g = guest();
        Proc p = Proc.of(g);
        int fd = open(p, O_RDWR), ofd = open(p, O_RDWR);
        assertEquals(0, lk(p, fd, F_SETLK, F_WRLCK, 0, 1));
        assertEquals(-Errno.EAGAIN, lk(p, ofd, F_OFD_SETLK, F_WRLCK, 0, 1));  // even in the same process
        assertEquals(0, lk(p, ofd, F_OFD_SETLK, F_WRLCK, 100, 1));
        assertEquals(F_WRLCK + " 100 1 -1", getlk(p, fd, F_GETLK, F_WRLCK, 100, 1));
        assertEquals(F_WRLCK + " 0 1 " + p.pid(), getlk(p, ofd, F_OFD_GETLK, F_WRLCK, 0, 0));
        int dup = (int) p.sys(DUP, ofd);
        assertEquals(0, p.sys(CLOSE, ofd));                                   // a dup keeps the description
        assertEquals(F_WRLCK + " 100 1 -1", getlk(p, fd, F_GETLK, F_WRLCK, 100, 1));
        assertEquals(0, p.sys(CLOSE, dup));
        assertEquals(F_UNLCK + " 100 1 0", getlk(p, fd, F_GETLK, F_WRLCK, 100, 1));
    }

    @Test
    void setlkwWaitsAndDetectsDeadlock() throws Exception {
        Guest g = guest();
        Proc p = Proc.of(g);
        int fd = open(p, O_RDWR);
        assertEquals(0, lk(p, fd, F_SETLK, F_WRLCK, 0, 1));
        Proc child = Proc.fork(g, p);
        int cfd = open(child, O_RDWR);
        assertEquals(0, lk(child, cfd, F_SETLK, F_WRLCK, 1, 1));
        child.mem.write16(FL, F_WRLCK);
        child.mem.write64(FL + 8, 0);
        child.mem.write64(FL + 16, 1);
        CompletableFuture<Long> waiting = child.async(FCNTL, cfd, F_SETLKW, FL);
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        assertEquals(-Errno.EDEADLK, lk(p, fd, F_SETLKW, F_WRLCK, 1, 1));    // each waits for the other
        assertEquals(0, lk(p, fd, F_SETLK, F_UNLCK, 0, 1));
        assertEquals(0, waiting.get(5, TimeUnit.SECONDS));
        assertEquals(F_WRLCK + " 0 2 " + child.pid(), getlk(p, fd, F_GETLK, F_RDLCK, 0, 0));
        int ofd = open(p, O_RDWR);                                            // F_OFD_SETLKW waits too
        p.mem.write16(FL, F_RDLCK);
        p.mem.write16(FL + 2, 0);
        p.mem.write64(FL + 8, 0);
        p.mem.write64(FL + 16, 0);
        p.mem.write32(FL + 24, 0);
        CompletableFuture<Long> ofdWait = p.async(FCNTL, ofd, F_OFD_SETLKW, FL);
        assertThrows(TimeoutException.class, () -> ofdWait.get(200, TimeUnit.MILLISECONDS));
        assertEquals(0, child.sys(CLOSE, cfd));
        assertEquals(0, ofdWait.get(5, TimeUnit.SECONDS));
    }
}
