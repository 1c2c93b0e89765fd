package lxrun.lxcore.sys;

import lxrun.lxcore.LxInstance;
import lxrun.lxcore.LxProcess;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;

/**
 * What the System V IPC families share (svipc(7), ipc/util.c): an instance's id tables (one per
 * family: shared memory, semaphores, message queues, seen by every guest process of the instance),
 * keys and ipcget's IPC_CREAT/IPC_EXCL rules, ids, struct ipc64_perm and ipcperms's permission checks.
 */
final class Ipc {
    private Ipc() {}

    static final int IPC_PRIVATE = 0, IPC_CREAT = 01000, IPC_EXCL = 02000, IPC_NOWAIT = 04000;
    static final int IPC_RMID = 0, IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3;
    static final int S_IRWXUGO = 0777, SEQ_MULTIPLIER = 32768;

    /** One IPC object: its key and ipc64_perm (guarded by its table). */
    static class Obj {
        int id, key, uid, gid, cuid, cgid, mode;
        long ctime = now();
        /** Removed (IPC_RMID): waiters wake with EIDRM. */
        boolean removed;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** One family's ids in one instance (struct ipc_ids). Its monitor guards the table and its objects. */
    static final class Table<T extends Obj> {
        final java.util.TreeMap<Integer, T> byIndex = new java.util.TreeMap<>();
        final int max;
        private int seq;

        Table(int max) {
            this.max = max;
        }

        /** The object of {@code id}, or null (EINVAL for the caller): an index and a sequence that match. */
        T get(int id) {
            if (id < 0) return null;
            T o = byIndex.get(id % SEQ_MULTIPLIER);
            return o != null && o.id == id ? o : null;
        }

        /** The object at index {@code index} (the *_STAT commands), or null. */
        T at(int index) {
            return index < 0 ? null : byIndex.get(index);
        }

        /** The highest index in use, or 0 (the *_INFO commands' result). */
        int highest() {
            return byIndex.isEmpty() ? 0 : byIndex.lastKey();
        }

        void remove(T o) {
            byIndex.remove(o.id % SEQ_MULTIPLIER);
            o.removed = true;
        }

        /**
         * ipcget: a new object for IPC_PRIVATE or an unknown key with IPC_CREAT (ENOENT without, ENOSPC when
         * the table is full), else the key's object: EEXIST under IPC_CREAT|IPC_EXCL, then {@code check}'s
         * error (a size that does not fit), then EACCES for permissions {@code flags} asks and the caller
         * lacks. Returns the id or -errno.
         */
        long get(LxProcess caller, int key, int flags, java.util.function.Supplier<T> create,
                java.util.function.ToIntFunction<T> check) {
            if (key != IPC_PRIVATE) {
                for (T o : byIndex.values()) {
                    if (o.key != key) continue;
                    if ((flags & IPC_CREAT) != 0 && (flags & IPC_EXCL) != 0) return -Errno.EEXIST;
                    int r = check.applyAsInt(o);
                    if (r < 0) return r;
                    if (!permitted(caller, o, flags)) return -Errno.EACCES;
                    return o.id;
                }
                if ((flags & IPC_CREAT) == 0) return -Errno.ENOENT;
            }
            if (byIndex.size() >= max) return -Errno.ENOSPC;
            T o = create.get();
            if (o == null) return -Errno.EINVAL;
            int index = 0;
            while (byIndex.containsKey(index)) index++;
            seq = (seq + 1) % (Integer.MAX_VALUE / SEQ_MULTIPLIER);
            o.id = seq * SEQ_MULTIPLIER + index;
            o.key = key;
            var k = caller.creds;
            o.uid = o.cuid = k.euid();
            o.gid = o.cgid = k.egid();
            o.mode = flags & S_IRWXUGO;
            byIndex.put(index, o);
            return o.id;
        }
    }

    /** The three tables of each instance. */
    record Space(Table<ShmCalls.Segment> shm, Table<SemCalls.Set> sem, Table<MsgCalls.Queue> msg) {}

    private static final java.util.Map<LxInstance, Space> SPACES = new java.util.WeakHashMap<>();

    static Space of(LxInstance inst) {
        synchronized (SPACES) {
            return SPACES.computeIfAbsent(inst, i -> new Space(new Table<>(4096), new Table<>(32000), new Table<>(32000)));
        }
    }

    /**
     * ipcperms: whether the caller may have the access {@code flags}' low nine bits ask for (read 4, write 2
     * in any of the three classes): by the owner's or creator's class, else the groups', else others'.
     */
    static boolean permitted(LxProcess caller, Obj o, int flags) {
        int requested = (flags >> 6 | flags >> 3 | flags) & 7;
        var k = caller.creds;
        if (k.euid() == 0) return true; // CAP_IPC_OWNER
        int granted = o.mode;
        if (k.euid() == o.cuid || k.euid() == o.uid) granted >>= 6;
        else if (inGroup(k, o.cgid) || inGroup(k, o.gid)) granted >>= 3;
        return (requested & ~granted & 7) == 0;
    }

    private static boolean inGroup(LxProcess.Credentials k, int gid) {
        if (k.egid() == gid) return true;
        for (int g : k.groups()) if (g == gid) return true;
        return false;
    }

    /** IPC_SET and IPC_RMID: the owner, the creator or root (else EPERM). */
    static boolean owner(LxProcess caller, Obj o) {
        int euid = caller.creds.euid();
        return euid == 0 || euid == o.uid || euid == o.cuid;
    }

    /** Writes struct ipc64_perm (48 bytes): key, uid, gid, cuid, cgid, mode, seq. */
    static void writePerm(Call c, long at, Obj o) {
        c.mem.fill(at, 48, (byte) 0);
        c.mem.write32(at, o.key);
        c.mem.write32(at + 4, o.uid);
        c.mem.write32(at + 8, o.gid);
        c.mem.write32(at + 12, o.cuid);
        c.mem.write32(at + 16, o.cgid);
        c.mem.write32(at + 20, o.mode);
        c.mem.write16(at + 24, (short) (o.id / SEQ_MULTIPLIER));
    }

    /** IPC_SET's part of ipc64_perm (ipc_update_perm): uid, gid and the permission bits; ctime. */
    static void readPerm(Call c, long at, Obj o) {
        c.check(at, 48, PROT_READ);
        o.uid = c.mem.read32(at + 4);
        o.gid = c.mem.read32(at + 8);
        o.mode = o.mode & ~S_IRWXUGO | c.mem.read32(at + 20) & S_IRWXUGO;
        o.ctime = now();
    }
}
