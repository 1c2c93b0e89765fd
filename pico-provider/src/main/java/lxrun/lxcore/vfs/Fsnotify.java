package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.Inotify;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fsnotify (include/linux/fsnotify.h): the hooks the system calls call when a guest process changes or
 * uses a file, and the inotify watches that hear of it. A watch is on an inode, named by st_dev and
 * st_ino, so every name and open file of it reaches the same watches. An event on a file goes to its
 * own watches and, with its name, to its directory's (the directory and name it was opened or found
 * by). Only what lxrun's processes do is seen: host processes change host files unheard.
 * With no watch anywhere every hook returns at its first test, touching no file.
 */
public final class Fsnotify {
    private Fsnotify() {}

    public static final int IN_ACCESS = 1, IN_MODIFY = 2, IN_ATTRIB = 4, IN_CLOSE_WRITE = 8, IN_CLOSE_NOWRITE = 0x10,
            IN_OPEN = 0x20, IN_MOVED_FROM = 0x40, IN_MOVED_TO = 0x80, IN_CREATE = 0x100, IN_DELETE = 0x200,
            IN_DELETE_SELF = 0x400, IN_MOVE_SELF = 0x800, IN_ALL_EVENTS = 0xfff, IN_Q_OVERFLOW = 0x4000,
            IN_IGNORED = 0x8000, IN_ISDIR = 0x40000000;

    /** An inode: the device and inode numbers its stat reports. */
    public record Inode(long dev, long ino) {
        static Inode of(Stat s) {
            return new Inode(s.dev(), s.ino());
        }
    }

    /**
     * The directory and name a file was opened by (Linux's f_path.dentry), and the inodes of both once
     * asked: the file's stays its own after an unlink, the directory's that of the one it was opened in.
     */
    public static final class Dentry {
        final Vnode dir;
        final String name;
        volatile Inode inode, dirInode;

        public Dentry(Vnode dir, String name) {
            this.dir = dir;
            this.name = name;
        }
    }

    private static final Map<Inode, List<Inotify.Watch>> WATCHES = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** Unlinked inodes still open: how many open files hold each; the last close reports IN_DELETE_SELF. */
    private static final Map<Inode, Integer> DOOMED = new ConcurrentHashMap<>();
    private static final AtomicInteger COOKIE = new AtomicInteger();

    static boolean active() {
        return COUNT.get() != 0;
    }

    public static Inode inode(Vnode n) {
        return Inode.of(n.stat());
    }

    /** The inode of a node an event names, or null when it is gone (its watches went with it). */
    private static Inode inodeIfAny(Vnode n) {
        try {
            return n == null ? null : inode(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The watch's inode gains it. */
    public static void watch(Inotify.Watch w) {
        WATCHES.computeIfAbsent(w.inode, k -> new CopyOnWriteArrayList<>()).add(w);
        COUNT.incrementAndGet();
    }

    /** The watch is gone (inotify_rm_watch, IN_ONESHOT, its inode deleted, its instance closed). */
    public static void unwatch(Inotify.Watch w) {
        List<Inotify.Watch> l = WATCHES.get(w.inode);
        if (l != null && l.remove(w)) {
            COUNT.decrementAndGet();
            if (l.isEmpty() && WATCHES.remove(w.inode, l)) DOOMED.remove(w.inode);
        }
    }

    /** Reports {@code mask} to the watches of {@code inode} that ask for it, with {@code name} when it is a child's event. */
    private static void report(Inode inode, int mask, int cookie, String name, Vnode dir) {
        List<Inotify.Watch> l = inode == null ? null : WATCHES.get(inode);
        if (l == null) return;
        for (Inotify.Watch w : l) {
            if ((w.mask() & mask & IN_ALL_EVENTS) == 0) continue;
            if (name != null && dir != null && (w.mask() & Inotify.IN_EXCL_UNLINK) != 0 && dir.lookup(name) == null) continue;
            w.event(mask, cookie, name);
        }
    }

    /** An event on a file: its directory's watches with the name (fsnotify_parent), then its own. */
    private static void notify(Vnode dir, Inode dirInode, String name, Inode self, boolean isDir, int mask) {
        if (isDir) mask |= IN_ISDIR;
        report(dirInode, mask, 0, name, dir);
        report(self, mask, 0, null, null);
    }

    /** Deletes the inode's watches, each reporting IN_DELETE_SELF if it asks for it, then IN_IGNORED. */
    private static void deleted(Inode inode) {
        report(inode, IN_DELETE_SELF, 0, null, null);
        ignoreAll(inode);
    }

    // ---------------------------------------------------------------- hooks of the namespace calls

    /** fsnotify_create/fsnotify_mkdir: {@code name} was made in {@code dir} (a file, node, link or directory). */
    public static void created(Vnode dir, String name, boolean isDir) {
        if (!active()) return;
        report(inodeIfAny(dir), IN_CREATE | (isDir ? IN_ISDIR : 0), 0, name, null);
    }

    /** fsnotify_link: IN_ATTRIB on the inode (its link count), IN_CREATE of the new name. */
    public static void linked(Vnode dir, String name, Vnode target) {
        if (!active()) return;
        report(inodeIfAny(target), IN_ATTRIB, 0, null, null);
        report(inodeIfAny(dir), IN_CREATE, 0, name, null);
    }

    /** fsnotify_change: a node's attributes changed ({@code mask} IN_ATTRIB, IN_MODIFY or IN_ACCESS for times). */
    public static void changed(Vnode dir, String name, Vnode node, int mask) {
        if (!active()) return;
        notify(dir, inodeIfAny(dir), name, inodeIfAny(node), node.isDirectory(), mask);
    }

    /**
     * What a removal or a rename must know of the inodes before they change: for the removed or replaced
     * one, -1 when other names keep it, else how many open files hold it (0: it goes at once).
     */
    public record Before(Inode self, boolean isDir, int held, Inode other, boolean otherDir, int otherHeld) {}

    /** -1 when the node keeps other names; else the open files of the instance on it (taken while its name leads to it). */
    private static int holders(Stat s, lxrun.lxcore.LxInstance instance) {
        if ((s.mode() & Stat.S_IFMT) != Stat.S_IFDIR && s.nlink() > 1) return -1;
        Inode inode = Inode.of(s);
        if (!WATCHES.containsKey(inode)) return 0; // nothing to tell of its end
        java.util.Set<LxFile> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (var p : instance.processes()) {
            p.handles.forEach((fd, o) -> {
                if (o instanceof LxFile f && (f.statusFlags & LxFile.O_PATH) == 0 && inode.equals(inodeOf(f))) open.add(f);
            });
        }
        return open.size();
    }

    /** Taken before unlink(2)/rmdir(2) of {@code node}, for {@link #removed}; null when nothing watches. */
    public static Before removing(Vnode node, lxrun.lxcore.LxInstance instance) {
        if (!active()) return null;
        Stat s = node.stat();
        return new Before(Inode.of(s), node.isDirectory(), holders(s, instance), null, false, -1);
    }

    /**
     * After a removal (vfs_unlink, vfs_rmdir): IN_ATTRIB on a file (its link count), its deletion when that
     * was its last name and no open file holds it (else at the last close), IN_DELETE of the name.
     */
    public static void removed(Before b, Vnode dir, String name) {
        if (b == null) return;
        if (!b.isDir) report(b.self, IN_ATTRIB, 0, null, null);
        if (b.held == 0) report(b.self, IN_DELETE_SELF, 0, null, null);
        report(inodeIfAny(dir), IN_DELETE | (b.isDir ? IN_ISDIR : 0), 0, name, null);
        if (b.held == 0) ignoreAll(b.self);
        else if (b.held > 0) DOOMED.put(b.self, b.held);
    }

    private static void ignoreAll(Inode inode) {
        List<Inotify.Watch> l = WATCHES.get(inode);
        if (l != null) for (Inotify.Watch w : l) w.ignored();
    }

    /** Taken before a rename: the moved inode and the one it replaces or exchanges with. */
    public static Before moving(Vnode source, Vnode target, lxrun.lxcore.LxInstance instance) {
        if (!active()) return null;
        Stat s = source.stat(), t = target != null ? target.stat() : null;
        return new Before(Inode.of(s), source.isDirectory(), -1, t != null ? Inode.of(t) : null,
                target != null && target.isDirectory(), t != null ? holders(t, instance) : -1);
    }

    /**
     * fsnotify_move: IN_MOVED_FROM and IN_MOVED_TO with one new cookie, IN_ATTRIB and the deletion of a
     * replaced inode, IN_MOVE_SELF of the moved one; an exchange is two moves. A rename of a name onto
     * another name of the same inode does nothing, and reports nothing.
     */
    public static void moved(Before b, Vnode fromDir, String from, Vnode toDir, String to, boolean exchange) {
        if (b == null || b.self.equals(b.other)) return;
        move(fromDir, from, toDir, to, b.isDir, b.self);
        if (exchange) {
            move(toDir, to, fromDir, from, b.otherDir, b.other);
        } else if (b.other != null) {
            report(b.other, IN_ATTRIB, 0, null, null);
            if (b.otherHeld == 0) deleted(b.other);
            else if (b.otherHeld > 0) DOOMED.put(b.other, b.otherHeld);
        }
    }

    private static void move(Vnode fromDir, String from, Vnode toDir, String to, boolean isDir, Inode self) {
        int cookie = COOKIE.incrementAndGet();
        if (cookie == 0) cookie = COOKIE.incrementAndGet();
        int d = isDir ? IN_ISDIR : 0;
        report(inodeIfAny(fromDir), IN_MOVED_FROM | d, cookie, from, null);
        report(inodeIfAny(toDir), IN_MOVED_TO | d, cookie, to, null);
        report(self, IN_MOVE_SELF, 0, null, null);
    }

    // ---------------------------------------------------------------- hooks of open files

    /** The inode of an open file of the namespace (asked once, while its name still leads to it), or null. */
    private static Inode inodeOf(LxFile f) {
        Dentry d = f.dentry;
        if (d == null) return null;
        Inode i = d.inode;
        if (i == null) {
            try {
                d.inode = i = Inode.of(f.stat());
            } catch (RuntimeException e) {
                return null; // its directory was removed before anyone asked
            }
        }
        return i;
    }

    private static void fileEvent(LxFile f, int mask) {
        Dentry d = f.dentry;
        if (d == null || (f.statusFlags & LxFile.O_PATH) != 0) return;
        Inode di = d.dirInode;
        if (di == null) d.dirInode = di = inodeIfAny(d.dir);
        notify(d.dir, di, d.name, inodeOf(f), f.isDirectory(), mask);
    }

    /** fsnotify_open. */
    public static void opened(LxFile f) {
        if (active()) fileEvent(f, IN_OPEN);
    }

    /** fsnotify_access: a read (or getdents) of the file. */
    public static void accessed(LxFile f) {
        if (active()) fileEvent(f, IN_ACCESS);
    }

    /** fsnotify_modify: a write, truncation or allocation. */
    public static void modified(LxFile f) {
        if (active()) fileEvent(f, IN_MODIFY);
    }

    /** fsnotify_change of an open file (fchmod, fchown, futimens). */
    public static void changed(LxFile f, int mask) {
        if (active()) fileEvent(f, mask);
    }

    /** fsnotify_close, at the last reference to the open file; the last close of an unlinked inode deletes it. */
    public static void closed(LxFile f) {
        if (!active() || f.dentry == null || (f.statusFlags & LxFile.O_PATH) != 0) return;
        fileEvent(f, f.writable() ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
        Inode i = inodeOf(f);
        if (i == null || DOOMED.isEmpty() || !DOOMED.containsKey(i)) return;
        if (DOOMED.merge(i, -1, Integer::sum) <= 0) {
            DOOMED.remove(i);
            deleted(i);
        }
    }
}
