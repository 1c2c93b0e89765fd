package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess.Credentials;

import static lxrun.runtime.mem.GuestMemory.PROT_READ;
import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/**
 * User and group ids (credentials(7)), as kernel/sys.c and kernel/groups.c keep them: each process has
 * its own {@link Credentials}, which start as the host user's and pass to the children it forks.
 * Privilege (CAP_SETUID, CAP_SETGID) is an effective user id of 0, as for a process whose capabilities
 * follow its ids (the kernel's default, without securebits). The ids change what the guest is told,
 * not the host: files are still opened with lxrun's own host credentials.
 */
final class IdCalls {
    private IdCalls() {}

    /** (uid_t) -1: "leave unchanged" for setre*id and setres*id; never a valid id. */
    private static final int NONE = -1;
    static final int NGROUPS_MAX = 65536;

    private static boolean privileged(Credentials k) {
        return k.euid() == 0;
    }

    /** getuid(2), geteuid(2), getgid(2), getegid(2). */
    static long getuid(Call c) {
        return c.process.creds.ruid() & 0xffffffffL;
    }

    static long geteuid(Call c) {
        return c.process.creds.euid() & 0xffffffffL;
    }

    static long getgid(Call c) {
        return c.process.creds.rgid() & 0xffffffffL;
    }

    static long getegid(Call c) {
        return c.process.creds.egid() & 0xffffffffL;
    }

    /** getresuid(2), getresgid(2): the three ids, stored one after the other (EFAULT for a bad pointer). */
    static long getresuid(Call c) {
        Credentials k = c.process.creds;
        return putIds(c, k.ruid(), k.euid(), k.suid());
    }

    static long getresgid(Call c) {
        Credentials k = c.process.creds;
        return putIds(c, k.rgid(), k.egid(), k.sgid());
    }

    private static long putIds(Call c, int r, int e, int s) {
        int[] ids = {r, e, s};
        for (int i = 0; i < 3; i++) {
            c.check(c.a(i), 4, PROT_WRITE);
            c.mem.write32(c.a(i), ids[i]);
        }
        return 0;
    }

    /**
     * setuid(2): privileged, sets all four ids; otherwise only the effective (and fs) id, to the real or
     * saved one (EPERM else). EINVAL for -1.
     */
    static long setuid(Call c) {
        int uid = c.i(0);
        if (uid == NONE) return -Errno.EINVAL;
        synchronized (c.process) {
            Credentials k = c.process.creds;
            if (privileged(k)) return set(c, new Credentials(uid, uid, uid, uid, k.rgid(), k.egid(), k.sgid(), k.fsgid(), k.groups()));
            if (uid != k.ruid() && uid != k.suid()) return -Errno.EPERM;
            return set(c, new Credentials(k.ruid(), uid, k.suid(), uid, k.rgid(), k.egid(), k.sgid(), k.fsgid(), k.groups()));
        }
    }

    /** setgid(2): the same for the group ids (CAP_SETGID). */
    static long setgid(Call c) {
        int gid = c.i(0);
        if (gid == NONE) return -Errno.EINVAL;
        synchronized (c.process) {
            Credentials k = c.process.creds;
            if (privileged(k)) return set(c, new Credentials(k.ruid(), k.euid(), k.suid(), k.fsuid(), gid, gid, gid, gid, k.groups()));
            if (gid != k.rgid() && gid != k.sgid()) return -Errno.EPERM;
            return set(c, new Credentials(k.ruid(), k.euid(), k.suid(), k.fsuid(), k.rgid(), gid, k.sgid(), gid, k.groups()));
        }
    }

    /**
     * setreuid(2): unprivileged, the real id may become the real or effective one, the effective id the
     * real, effective or saved one; the saved id becomes the new effective id when the real id is set or
     * the effective one set to other than the old real id.
     */
    static long setreuid(Call c) {
        int r = c.i(0), e = c.i(1);
        synchronized (c.process) {
            Credentials k = c.process.creds;
            int[] n = setre(k.ruid(), k.euid(), k.suid(), r, e, privileged(k));
            if (n == null) return -Errno.EPERM;
            return set(c, new Credentials(n[0], n[1], n[2], n[1], k.rgid(), k.egid(), k.sgid(), k.fsgid(), k.groups()));
        }
    }

    static long setregid(Call c) {
        int r = c.i(0), e = c.i(1);
        synchronized (c.process) {
            Credentials k = c.process.creds;
            int[] n = setre(k.rgid(), k.egid(), k.sgid(), r, e, privileged(k));
            if (n == null) return -Errno.EPERM;
            return set(c, new Credentials(k.ruid(), k.euid(), k.suid(), k.fsuid(), n[0], n[1], n[2], n[1], k.groups()));
        }
    }

    /** The new real, effective and saved ids of setreuid/setregid, or null (EPERM). */
    private static int[] setre(int oldR, int oldE, int oldS, int r, int e, boolean privileged) {
        int nr = oldR, ne = oldE, ns = oldS;
        if (r != NONE) {
            if (r != oldR && r != oldE && !privileged) return null;
            nr = r;
        }
        if (e != NONE) {
            if (e != oldR && e != oldE && e != oldS && !privileged) return null;
            ne = e;
        }
        if (r != NONE || e != NONE && e != oldR) ns = ne;
        return new int[] {nr, ne, ns};
    }

    /**
     * setresuid(2): -1 leaves an id unchanged; unprivileged, each new id must be one of the current real,
     * effective and saved ids (EPERM else). The fs id follows the effective one.
     */
    static long setresuid(Call c) {
        int r = c.i(0), e = c.i(1), s = c.i(2);
        synchronized (c.process) {
            Credentials k = c.process.creds;
            // nothing to change (the fs id included): the kernel returns at once
            if ((r == NONE || r == k.ruid()) && (e == NONE || e == k.euid() && e == k.fsuid())
                    && (s == NONE || s == k.suid())) {
                return 0;
            }
            int[] n = setres(k.ruid(), k.euid(), k.suid(), r, e, s, privileged(k));
            if (n == null) return -Errno.EPERM;
            return set(c, new Credentials(n[0], n[1], n[2], n[1], k.rgid(), k.egid(), k.sgid(), k.fsgid(), k.groups()));
        }
    }

    static long setresgid(Call c) {
        int r = c.i(0), e = c.i(1), s = c.i(2);
        synchronized (c.process) {
            Credentials k = c.process.creds;
            // nothing to change (the fs id included): the kernel returns at once
            if ((r == NONE || r == k.rgid()) && (e == NONE || e == k.egid() && e == k.fsgid())
                    && (s == NONE || s == k.sgid())) {
                return 0;
            }
            int[] n = setres(k.rgid(), k.egid(), k.sgid(), r, e, s, privileged(k));
            if (n == null) return -Errno.EPERM;
            return set(c, new Credentials(k.ruid(), k.euid(), k.suid(), k.fsuid(), n[0], n[1], n[2], n[1], k.groups()));
        }
    }

    private static int[] setres(int oldR, int oldE, int oldS, int r, int e, int s, boolean privileged) {
        if (!privileged) {
            for (int id : new int[] {r, e, s}) {
                if (id != NONE && id != oldR && id != oldE && id != oldS) return null;
            }
        }
        return new int[] {r != NONE ? r : oldR, e != NONE ? e : oldE, s != NONE ? s : oldS};
    }

    /**
     * setfsuid(2), setfsgid(2): the file-system id becomes one of the real, effective, saved or current fs
     * ids (any, privileged); the call always returns the previous fs id, and changes nothing for -1.
     */
    static long setfsuid(Call c) {
        int id = c.i(0);
        synchronized (c.process) {
            Credentials k = c.process.creds;
            if (id != NONE && (id == k.ruid() || id == k.euid() || id == k.suid() || privileged(k))) {
                c.process.creds = new Credentials(k.ruid(), k.euid(), k.suid(), id, k.rgid(), k.egid(), k.sgid(), k.fsgid(), k.groups());
            }
            return k.fsuid() & 0xffffffffL;
        }
    }

    static long setfsgid(Call c) {
        int id = c.i(0);
        synchronized (c.process) {
            Credentials k = c.process.creds;
            if (id != NONE && (id == k.rgid() || id == k.egid() || id == k.sgid() || privileged(k))) {
                c.process.creds = new Credentials(k.ruid(), k.euid(), k.suid(), k.fsuid(), k.rgid(), k.egid(), k.sgid(), id, k.groups());
            }
            return k.fsgid() & 0xffffffffL;
        }
    }

    /** getgroups(2): size 0 asks only for the count; EINVAL for a negative size or one too small. */
    static long getgroups(Call c) {
        int size = c.i(0);
        int[] groups = c.process.creds.groups();
        if (size < 0) return -Errno.EINVAL;
        if (size == 0) return groups.length;
        if (size < groups.length) return -Errno.EINVAL;
        c.check(c.a(1), 4L * groups.length, PROT_WRITE);
        for (int i = 0; i < groups.length; i++) c.mem.write32(c.a(1) + 4L * i, groups[i]);
        return groups.length;
    }

    /** setgroups(2): privileged only (EPERM); at most NGROUPS_MAX, no -1 (EINVAL); kept sorted. */
    static long setgroups(Call c) {
        int size = c.i(0);
        synchronized (c.process) {
            Credentials k = c.process.creds;
            if (!privileged(k)) return -Errno.EPERM;
            if (Integer.compareUnsigned(size, NGROUPS_MAX) > 0) return -Errno.EINVAL;
            c.check(c.a(1), 4L * size, PROT_READ);
            int[] groups = new int[size];
            for (int i = 0; i < size; i++) {
                groups[i] = c.mem.read32(c.a(1) + 4L * i);
                if (groups[i] == NONE) return -Errno.EINVAL;
            }
            // the kernel sorts them as unsigned numbers (groups_sort)
            for (int i = 0; i < size; i++) groups[i] ^= Integer.MIN_VALUE;
            java.util.Arrays.sort(groups);
            for (int i = 0; i < size; i++) groups[i] ^= Integer.MIN_VALUE;
            c.process.creds = new Credentials(k.ruid(), k.euid(), k.suid(), k.fsuid(), k.rgid(), k.egid(), k.sgid(), k.fsgid(), groups);
            return 0;
        }
    }

    private static long set(Call c, Credentials k) {
        c.process.creds = k;
        return 0;
    }
}
