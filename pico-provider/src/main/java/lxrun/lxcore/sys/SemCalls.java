package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * System V semaphores (semget(2), semop(2), semtimedop(2), semctl(2); ipc/sem.c): sets of counters of
 * an instance, operated on atomically (all of a call's operations or none), with waits for a value to
 * become large enough or zero, and SEM_UNDO adjustments a process's exit applies. The instance's table
 * monitor guards every set; waiters wait on it.
 */
final class SemCalls {
    private SemCalls() {}

    static final int GETPID = 11, GETVAL = 12, GETALL = 13, GETNCNT = 14, GETZCNT = 15, SETVAL = 16, SETALL = 17,
            SEM_STAT = 18, SEM_INFO = 19, SEM_STAT_ANY = 20;
    static final int SEM_UNDO = 0x1000, SEMMSL = 32000, SEMMNI = 32000, SEMOPM = 500, SEMVMX = 32767, SEMAEM = SEMVMX;
    static final int SEMMNS = SEMMNI * SEMMSL;

    static final class Set extends Ipc.Obj {
        int[] val, pid, ncnt, zcnt;
        long otime;
        /** SEM_UNDO adjustments of each process that has some (its Undo), per semaphore. */
        final java.util.Map<Undo, int[]> adj = new java.util.HashMap<>();
    }

    /** A process's SEM_UNDO list (struct sem_undo_list): not inherited by fork, kept by exec, applied at exit. */
    static final class Undo implements AutoCloseable {
        final Ipc.Table<Set> table;
        final LxProcess process;
        final java.util.Set<Set> sets = new java.util.HashSet<>();

        Undo(Ipc.Table<Set> table, LxProcess process) {
            this.table = table;
            this.process = process;
        }

        /** exit_sem: each adjustment is added, the value kept within 0..SEMVMX; waiters wake. */
        @Override
        public void close() {
            synchronized (table) {
                for (Set s : sets) {
                    int[] a = s.adj.remove(this);
                    if (s.removed || a == null) continue;
                    for (int i = 0; i < a.length; i++) {
                        if (a[i] == 0) continue;
                        s.val[i] = Math.max(0, Math.min(SEMVMX, s.val[i] + a[i]));
                        s.pid[i] = (int) process.pid();
                    }
                }
                sets.clear();
                table.notifyAll();
            }
        }
    }

    private static Ipc.Table<Set> table(Call c) {
        return Ipc.of(c.process.instance).sem();
    }

    /** semget(2): the set of key; a new one needs 1..SEMMSL semaphores (EINVAL), an existing one at least nsems. */
    static long semget(Call c) {
        int key = c.i(0), nsems = c.i(1), flags = c.i(2);
        if (nsems < 0 || nsems > SEMMSL) return -Errno.EINVAL;
        var t = table(c);
        synchronized (t) {
            return t.get(c.process, key, flags, () -> {
                if (nsems == 0) return null;
                Set s = new Set();
                s.val = new int[nsems];
                s.pid = new int[nsems];
                s.ncnt = new int[nsems];
                s.zcnt = new int[nsems];
                return s;
            }, s -> nsems > s.val.length ? -Errno.EINVAL : 0);
        }
    }

    static long semop(Call c) {
        return semtimedop(c, c.i(0), c.a(1), c.a(2), 0);
    }

    static long semtimedop(Call c) {
        return semtimedop(c, c.i(0), c.a(1), c.a(2), c.a(3));
    }

    /**
     * semtimedop(2) (semop without a timeout): EINVAL for no operations or a negative id, E2BIG past
     * SEMOPM, EFAULT, EINVAL for a bad timeout or an unknown set, EFBIG for a semaphore past the set's,
     * EACCES (write permission to change a value, read to wait for zero); then all operations at once
     * or a wait until they can be done: EAGAIN under IPC_NOWAIT or when the timeout runs out, EINTR for
     * a signal (never restarted), EIDRM when the set goes; ERANGE past SEMVMX or the SEM_UNDO range.
     */
    private static long semtimedop(Call c, int id, long sops, long nsopsArg, long timeout) {
        if (nsopsArg < 1 || id < 0) return -Errno.EINVAL;
        if (nsopsArg > SEMOPM) return -Errno.E2BIG;
        int n = (int) nsopsArg;
        c.check(sops, 6L * n, PROT_READ);
        int[] num = new int[n];
        short[] op = new short[n], flg = new short[n];
        boolean alter = false, undo = false;
        int max = 0;
        for (int i = 0; i < n; i++) {
            num[i] = c.mem.read16(sops + 6L * i) & 0xffff;
            op[i] = (short) c.mem.read16(sops + 6L * i + 2);
            flg[i] = (short) c.mem.read16(sops + 6L * i + 4);
            max = Math.max(max, num[i]);
            alter |= op[i] != 0;
            undo |= (flg[i] & SEM_UNDO) != 0;
        }
        long limit = -1;
        if (timeout != 0) {
            c.check(timeout, 16, PROT_READ);
            long s = c.mem.read64(timeout), ns = c.mem.read64(timeout + 8);
            if (s < 0 || ns < 0 || ns >= 1_000_000_000L) return -Errno.EINVAL;
            limit = s > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + ns;
        }
        var t = table(c);
        final long deadline = limit < 0 ? 0 : System.nanoTime() + limit;
        final boolean timed = limit >= 0, undoes = undo;
        synchronized (t) {
            Set s = t.get(id);
            if (s == null) return -Errno.EINVAL;
            if (max >= s.val.length) return -Errno.EFBIG;
            if (!Ipc.permitted(c.process, s, alter ? 0222 : 0444)) return -Errno.EACCES;
        }
        try {
            return c.thread.interruptibly(() -> {
                synchronized (t) {
                    Set s = t.get(id);
                    if (s == null) return (long) -Errno.EIDRM;
                    Undo u = undoes ? undo(c, t) : null;
                    while (true) {
                        int r = tryOps(s, num, op, flg, u, (int) c.process.pid());
                        if (r <= 0) {
                            if (r == 0) t.notifyAll();
                            return (long) r;
                        }
                        int b = r - 1; // the operation that blocks
                        if ((flg[b] & Ipc.IPC_NOWAIT) != 0) return (long) -Errno.EAGAIN;
                        long left = timed ? deadline - System.nanoTime() : 0;
                        if (timed && left <= 0) return (long) -Errno.EAGAIN;
                        int[] count = op[b] == 0 ? s.zcnt : s.ncnt;
                        count[num[b]]++;
                        try {
                            if (timed) t.wait(left / 1_000_000, (int) (left % 1_000_000));
                            else t.wait();
                        } finally {
                            count[num[b]]--;
                        }
                        if (s.removed) return (long) -Errno.EIDRM;
                    }
                }
            });
        } catch (InterruptedException e) {
            return -Errno.EINTR;
        }
    }

    /** The caller's SEM_UNDO list, made on first use (the caller holds the table). */
    private static Undo undo(Call c, Ipc.Table<Set> t) {
        LxProcess p = c.process;
        if (p.semUndo instanceof Undo u) return u;
        Undo u = new Undo(t, p);
        p.semUndo = u;
        return u;
    }

    /**
     * perform_atomic_semop: 0 with every operation done (values, pids, undo adjustments), -ERANGE, or
     * 1 + the index of the operation that has to wait (nothing done).
     */
    private static int tryOps(Set s, int[] num, short[] op, short[] flg, Undo u, int pid) {
        int[] val = s.val.clone();
        int[] adj = u == null ? null : s.adj.getOrDefault(u, new int[s.val.length]).clone();
        for (int i = 0; i < num.length; i++) {
            int k = num[i], result = val[k] + op[i];
            if (op[i] == 0 && val[k] != 0 || result < 0) return 1 + i;
            if (result > SEMVMX) return -Errno.ERANGE;
            if ((flg[i] & SEM_UNDO) != 0) {
                int a = adj[k] - op[i];
                if (a < -SEMAEM - 1 || a > SEMAEM) return -Errno.ERANGE;
                adj[k] = a;
            }
            val[k] = result;
        }
        for (int i = 0; i < num.length; i++) s.pid[num[i]] = pid;
        s.val = val;
        if (adj != null) {
            s.adj.put(u, adj);
            u.sets.add(s);
        }
        s.otime = Ipc.now();
        return 0;
    }

    /**
     * semctl(2): IPC_STAT, SEM_STAT, SEM_STAT_ANY (struct semid64_ds), IPC_SET, IPC_RMID (waiters fail with
     * EIDRM), IPC_INFO and SEM_INFO (struct seminfo; the highest index), GETVAL, GETPID, GETNCNT, GETZCNT,
     * GETALL, SETVAL and SETALL (ERANGE past SEMVMX; the semaphores' undo adjustments in every process are
     * cleared and waiters wake). arg is the fourth argument: a value or a pointer.
     */
    static long semctl(Call c) {
        int id = c.i(0), semnum = c.i(1), cmd = c.i(2);
        long arg = c.a(3);
        if (id < 0) return -Errno.EINVAL;
        if (cmd == SETVAL && ((int) arg > SEMVMX || (int) arg < 0)) return -Errno.ERANGE;
        var t = table(c);
        synchronized (t) {
            switch (cmd) {
                case Ipc.IPC_INFO, SEM_INFO -> {
                    c.check(arg, 40, PROT_WRITE);
                    int used = 0;
                    for (Set s : t.byIndex.values()) used += s.val.length;
                    int[] v = {SEMMNS, SEMMNI, SEMMNS, SEMMNS, SEMMSL, SEMOPM, SEMOPM, cmd == SEM_INFO ? t.byIndex.size() : 20,
                        SEMVMX, cmd == SEM_INFO ? used : SEMAEM};
                    for (int i = 0; i < v.length; i++) c.mem.write32(arg + 4L * i, v[i]);
                    return t.highest();
                }
                case Ipc.IPC_STAT, SEM_STAT, SEM_STAT_ANY -> {
                    Set s = cmd == Ipc.IPC_STAT ? t.get(id) : t.at(id);
                    if (s == null) return -Errno.EINVAL;
                    if (cmd != SEM_STAT_ANY && !Ipc.permitted(c.process, s, 0444)) return -Errno.EACCES;
                    c.check(arg, 104, PROT_WRITE);
                    Ipc.writePerm(c, arg, s);
                    c.mem.fill(arg + 48, 56, (byte) 0);
                    c.mem.write64(arg + 48, s.otime);
                    c.mem.write64(arg + 64, s.ctime);
                    c.mem.write64(arg + 80, s.val.length);
                    return cmd == Ipc.IPC_STAT ? 0 : s.id;
                }
                case Ipc.IPC_SET, Ipc.IPC_RMID -> {
                    Set s = t.get(id);
                    if (s == null) return -Errno.EINVAL;
                    if (cmd == Ipc.IPC_SET) c.check(arg, 104, PROT_READ);
                    if (!Ipc.owner(c.process, s)) return -Errno.EPERM;
                    if (cmd == Ipc.IPC_SET) {
                        Ipc.readPerm(c, arg, s);
                    } else {
                        t.remove(s);
                        t.notifyAll();
                    }
                    return 0;
                }
                case GETPID, GETVAL, GETNCNT, GETZCNT, GETALL, SETVAL, SETALL -> {
                    Set s = t.get(id);
                    if (s == null) return -Errno.EINVAL;
                    boolean set = cmd == SETVAL || cmd == SETALL;
                    if (!Ipc.permitted(c.process, s, set ? 0222 : 0444)) return -Errno.EACCES;
                    int n = s.val.length;
                    if (cmd == GETALL) {
                        c.check(arg, 2L * n, PROT_WRITE);
                        for (int i = 0; i < n; i++) c.mem.write16(arg + 2L * i, (short) s.val[i]);
                        return 0;
                    }
                    if (cmd == SETALL) {
                        c.check(arg, 2L * n, PROT_READ);
                        int[] v = new int[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = c.mem.read16(arg + 2L * i) & 0xffff;
                            if (v[i] > SEMVMX) return -Errno.ERANGE;
                        }
                        s.val = v;
                        for (int[] a : s.adj.values()) java.util.Arrays.fill(a, 0);
                        java.util.Arrays.fill(s.pid, (int) c.process.pid());
                        s.ctime = Ipc.now();
                        t.notifyAll();
                        return 0;
                    }
                    if (semnum < 0 || semnum >= n) return -Errno.EINVAL;
                    switch (cmd) {
                        case GETPID -> {
                            return s.pid[semnum];
                        }
                        case GETVAL -> {
                            return s.val[semnum];
                        }
                        case GETNCNT -> {
                            return s.ncnt[semnum];
                        }
                        case GETZCNT -> {
                            return s.zcnt[semnum];
                        }
                        default -> { // SETVAL
                            s.val[semnum] = (int) arg;
                            s.pid[semnum] = (int) c.process.pid();
                            for (int[] a : s.adj.values()) a[semnum] = 0;
                            s.ctime = Ipc.now();
                            t.notifyAll();
                            return 0;
                        }
                    }
                }
                default -> {
                    return -Errno.EINVAL;
                }
            }
        }
    }
}
