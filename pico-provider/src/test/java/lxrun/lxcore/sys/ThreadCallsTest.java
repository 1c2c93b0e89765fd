package lxrun.lxcore.sys;

import lxrun.lxcore.LxThread;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.ps.PicoThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static lxrun.lxcore.sys.Guest.SCRATCH;
import static org.junit.jupiter.api.Assertions.*;

/** clone validation, futexes between threads, signals interrupting waits, clear_child_tid, affinity. */
class ThreadCallsTest {
    @TempDir
    Path root;

    static final int FUTEX_WAIT_PRIVATE = 128, FUTEX_WAKE_PRIVATE = 129;

    /** A second thread of the guest's process, whose system calls a Java thread of the test makes. */
    static final class Second {
        final LxThread thread;
        final CpuState cpu = new CpuState();
        final PicoThread pico;

        Second(Guest g) {
            thread = new LxThread(g.thread.process);
            pico = g.process.layer.createThread(g.process, cpu, thread);
            thread.pico = pico;
            cpu.r[CpuState.RSP] = SCRATCH + 0xc000;
        }

        CompletableFuture<Long> sys(int nr, long... args) {
            return CompletableFuture.supplyAsync(() -> {
                int[] regs = {CpuState.RDI, CpuState.RSI, CpuState.RDX, CpuState.R10, CpuState.R8, CpuState.R9};
                cpu.r[CpuState.RAX] = nr;
                for (int i = 0; i < 6; i++) cpu.r[regs[i]] = i < args.length ? args[i] : 0;
                SystemCalls.dispatch(thread, cpu, new PrintStream(java.io.OutputStream.nullOutputStream()));
                return cpu.r[CpuState.RAX];
            }, r -> new Thread(r).start());
        }
    }

    @Test
    void futexWakeReachesAWaiterOnAnotherThread() throws Exception {
        Guest g = new Guest(root);
        Second b = new Second(g);
        long word = SCRATCH + 0x100;
        g.mem.write32(word, 7);
        CompletableFuture<Long> waiting = b.sys(202, word, FUTEX_WAIT_PRIVATE, 7, 0);
        long woken = 0;
        for (int i = 0; i < 200 && woken == 0; i++) {
            Thread.sleep(5);
            woken = g.sys(202, word, FUTEX_WAKE_PRIVATE, 1);
        }
        assertEquals(1, woken);
        assertEquals(0, waiting.get(5, TimeUnit.SECONDS));
        assertEquals(-Errno.EAGAIN, g.sys(202, word, FUTEX_WAIT_PRIVATE, 8, 0)); // value differs
        assertNotEquals(g.sys(186), (long) b.sys(186).get());                     // gettid differs
    }

    /**
     * A process's only thread may wait without a timeout: a thread that has just left the thread list
     * still wakes it (pthread_join against the exiting thread's clear_child_tid wake), as may a signal
     * or another process. Linux never answers FUTEX_WAIT with EDEADLK.
     */
    @Test
    void futexWaitOfTheOnlyThreadBlocksUntilWoken() throws Exception {
        Guest g = new Guest(root);
        long word = SCRATCH + 0x100;
        g.mem.write32(word, 7);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(
                () -> g.sys(202, word, 9 | 128, 7, 0, 0, -1), r -> new Thread(r).start());  // WAIT_BITSET
        int woken = 0;
        for (int i = 0; i < 400 && woken == 0 && !waiting.isDone(); i++) {
            Thread.sleep(5);
            g.mem.write32(word, 0);
            woken = g.thread.process.futexes.wake(lxrun.lxcore.Futexes.key(g.mem, word, false), 1);   // what the exiting thread's clear-tid does
        }
        assertEquals(0, waiting.get(5, TimeUnit.SECONDS));
        assertEquals(1, woken);
    }

    @Test
    void futexTimeoutsAndBitsets() throws Exception {
        Guest g = new Guest(root);
        new Second(g);
        long word = SCRATCH + 0x100, ts = SCRATCH + 0x200;
        g.mem.write64(ts, 0);
        g.mem.write64(ts + 8, 20_000_000);                                        // 20 ms relative
        assertEquals(-Errno.ETIMEDOUT, g.sys(202, word, FUTEX_WAIT_PRIVATE, 0, ts));
        g.mem.write64(ts, 0);                                                     // absolute, long past
        g.mem.write64(ts + 8, 0);
        assertEquals(-Errno.ETIMEDOUT, g.sys(202, word, 9 | 128, 0, ts, 0, -1));  // WAIT_BITSET
        assertEquals(-Errno.EINVAL, g.sys(202, word, 9 | 128, 0, ts, 0, 0));      // bitset 0
        assertEquals(0, g.sys(202, word, 10 | 128, 1, 0, 0, -1));                 // WAKE_BITSET, nobody
        g.mem.write32(word + 4, 5);                                               // WAKE_OP: *uaddr2 += 1
        assertEquals(0, g.sys(202, word, 5 | 128, 1, 1, word + 4, (1 << 28) | (1 << 12)));
        assertEquals(6, g.mem.read32(word + 4));
    }

    @Test
    void aSignalInterruptsAFutexWait() throws Exception {
        Guest g = new Guest(root);
        Second b = new Second(g);
        long act = SCRATCH + 0x300, word = SCRATCH + 0x100;
        g.mem.write64(act, 0x400100);                                             // handler
        g.mem.write64(act + 8, 0x04000000);                                       // SA_RESTORER
        g.mem.write64(act + 16, 0x400200);
        g.mem.write64(act + 24, 0);
        assertEquals(0, g.sys(13, 10, act, 0, 8));                                // rt_sigaction(SIGUSR1)
        g.mem.write32(word, 0);
        CompletableFuture<Long> waiting = b.sys(202, word, FUTEX_WAIT_PRIVATE, 0, 0);
        Thread.sleep(50);
        assertEquals(0, g.sys(234, g.process.id, b.pico.id, 10));                 // tgkill
        waiting.get(5, TimeUnit.SECONDS);
        assertEquals(0x400100, b.cpu.rip);                                        // in the handler
        assertEquals(10, b.cpu.r[CpuState.RDI]);
        assertEquals(-Errno.ESRCH, g.sys(234, g.process.id, 99999, 10));
    }

    @Test
    void threadExitClearsAndWakesTheTidAddress() throws Exception {
        Guest g = new Guest(root);
        Second b = new Second(g);
        long tidAddr = SCRATCH + 0x400;
        g.mem.write32(tidAddr, (int) b.pico.id);
        assertEquals(b.pico.id, (long) b.sys(218, tidAddr).get());               // set_tid_address
        CompletableFuture<Long> join = new Second(g).sys(202, tidAddr, FUTEX_WAIT_PRIVATE, (int) b.pico.id, 0);
        Thread.sleep(50);
        g.process.layer.provider().exitThread().exitThread(b.pico);
        assertEquals(0, g.mem.read32(tidAddr));
        assertEquals(0, join.get(5, TimeUnit.SECONDS));
    }

    @Test
    void cloneRejectsWhatItCannotDo() throws Exception {
        Guest g = new Guest(root);
        assertEquals(-Errno.ENOSYS, g.sys(56, 0x20000 | 17, 0, 0, 0, 0));         // a process in a new mount namespace
        assertEquals(-Errno.ENOSYS, g.sys(56, 0x1000 | 17, 0, 0, 0, 0));          // a process with a pidfd
        assertEquals(-Errno.EINVAL, g.sys(56, 0x10000 | 0x100, 0, 0, 0, 0));      // THREAD without SIGHAND
        assertEquals(-Errno.EINVAL, g.sys(56, 0x800, 0, 0, 0, 0));                // SIGHAND without VM
        assertEquals(-Errno.EINVAL, g.sys(435, SCRATCH, 32));                     // clone3: too small
        g.mem.fill(SCRATCH, 88, (byte) 0);
        g.mem.write64(SCRATCH, 0x100 | 0x200 | 0x400 | 0x800 | 0x10000);
        g.mem.write64(SCRATCH + 32, 17);                                          // exit_signal with THREAD
        assertEquals(-Errno.EINVAL, g.sys(435, SCRATCH, 88));
        g.mem.write64(SCRATCH + 32, 0);
        g.mem.write64(SCRATCH + 40, 0x1000);                                      // stack without size
        assertEquals(-Errno.EINVAL, g.sys(435, SCRATCH, 88));
        assertEquals(1, g.process.threads().size());
    }

    @Test
    void affinityIsTheHostsCpus() throws Exception {
        Guest g = new Guest(root);
        long n = g.sys(204, 0, 1024, SCRATCH);
        assertTrue(n > 0 && n % 8 == 0, "size " + n);
        int bits = 0;
        for (int i = 0; i < n; i++) bits += Integer.bitCount(g.mem.read8(SCRATCH + i));
        assertEquals(ProcessCalls.hostCpus().cardinality(), bits);
        assertTrue(bits >= 1);
        assertEquals(-Errno.EINVAL, g.sys(204, 0, 4, SCRATCH));
        assertEquals(-Errno.ESRCH, g.sys(204, 424242, 1024, SCRATCH));
    }
}
