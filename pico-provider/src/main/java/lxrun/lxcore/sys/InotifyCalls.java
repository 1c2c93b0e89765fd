package lxrun.lxcore.sys;

import lxrun.lxcore.fs.Inotify;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.vfs.Fsnotify;
import lxrun.lxcore.vfs.Vnode;

/**
 * inotify(7): inotify_init(2), inotify_init1(2), inotify_add_watch(2), inotify_rm_watch(2). The events
 * come from {@link Fsnotify}'s hooks, so they are those of changes made by guest processes.
 */
final class InotifyCalls {
    private InotifyCalls() {}

    /** ALL_INOTIFY_BITS: a mask without any of these is EINVAL. */
    private static final int ALL_BITS = Fsnotify.IN_ALL_EVENTS | 0x2000 /* IN_UNMOUNT */ | Fsnotify.IN_Q_OVERFLOW
            | Fsnotify.IN_IGNORED | Inotify.IN_ONLYDIR | Inotify.IN_DONT_FOLLOW | Inotify.IN_EXCL_UNLINK
            | Inotify.IN_MASK_CREATE | Inotify.IN_MASK_ADD | Fsnotify.IN_ISDIR | Inotify.IN_ONESHOT;

    static long inotifyInit(Call c) {
        return c.process.install(new Inotify(0), false, 0);
    }

    /** inotify_init1(2): IN_NONBLOCK, IN_CLOEXEC (O_NONBLOCK, O_CLOEXEC); EINVAL for other flags. */
    static long inotifyInit1(Call c) {
        int flags = c.i(0);
        if ((flags & ~(LxFile.O_NONBLOCK | LxFile.O_CLOEXEC)) != 0) return -Errno.EINVAL;
        return c.process.install(new Inotify(flags), (flags & LxFile.O_CLOEXEC) != 0, 0);
    }

    private static Inotify instance(Call c, int i) {
        if (!(c.file(i) instanceof Inotify n)) throw Errno.error(Errno.EINVAL);
        return n;
    }

    /**
     * inotify_add_watch(2): EINVAL for IN_MASK_ADD with IN_MASK_CREATE or a mask of no inotify bit, EBADF,
     * EINVAL for an fd that is not an inotify instance, then the path's errors (followed unless
     * IN_DONT_FOLLOW; ENOTDIR under IN_ONLYDIR for a non-directory), EACCES without read permission.
     */
    static long inotifyAddWatch(Call c) {
        int mask = c.i(2);
        if ((mask & Inotify.IN_MASK_ADD) != 0 && (mask & Inotify.IN_MASK_CREATE) != 0) return -Errno.EINVAL;
        if ((mask & ALL_BITS) == 0) return -Errno.EINVAL;
        Inotify n = instance(c, 0);
        Vnode node = PathCalls.node(c, PathCalls.AT_FDCWD, c.path(1), (mask & Inotify.IN_DONT_FOLLOW) == 0);
        if ((mask & Inotify.IN_ONLYDIR) != 0 && !node.isDirectory()) return -Errno.ENOTDIR;
        if (!node.permits(4)) return -Errno.EACCES;
        return n.addWatch(Fsnotify.inode(node), mask);
    }

    /** inotify_rm_watch(2): EBADF, EINVAL for a non-inotify fd or an unknown wd; queues IN_IGNORED. */
    static long inotifyRmWatch(Call c) {
        return instance(c, 0).removeWatch(c.i(1));
    }
}
