package lxrun.lxcore.vfs;

import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.sys.Errno;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance's mount table and its path walk (path_resolution(7)). Every guest path goes through
 * {@link #walk}: components are looked up one by one in the file system that holds them, a mount point
 * switches to the mounted file system's root, {@code ..} never rises above the root (or above the
 * starting directory under RESOLVE_IN_ROOT), and symbolic links are read and walked inside the same
 * namespace (an absolute target restarts at the guest root). The host is only ever reached through a
 * mounted file system, so no path leaves what is mounted.
 */
public final class Vfs {
    public static final int MAXSYMLINKS = 40, PATH_MAX = 4096, NAME_MAX = 255;
    /** openat2(2) resolve flags, and the walk's own: follow a link in the last component. */
    public static final int RESOLVE_NO_XDEV = 1, RESOLVE_NO_MAGICLINKS = 2, RESOLVE_NO_SYMLINKS = 4,
            RESOLVE_BENEATH = 8, RESOLVE_IN_ROOT = 0x10, RESOLVE_CACHED = 0x20, FOLLOW = 0x10000,
            /** The last name is looked up, never followed even with a trailing slash (unlink, rmdir, rename). */
            LAST = 0x20000;

    /** A node and its canonical guest path. */
    public record Location(Vnode node, String path) {}

    /** A mount table entry. */
    public record Mount(String path, FileSystem fs) {}

    /**
     * A finished walk: the directory holding the last name, that name, the node it names (null when it
     * does not exist, so that a creating call can make it) and the canonical path.
     */
    public record Walk(Vnode parent, String name, Vnode node, String path, boolean trailingSlash) {
        /** The existing node; ENOENT when the last name does not exist. */
        public Vnode existing() {
            if (node == null) throw Errno.error(Errno.ENOENT);
            return node;
        }
    }

    private final Map<String, FileSystem> mounts = new LinkedHashMap<>();

    public Vfs(FileSystem root) {
        mounts.put("/", root);
    }

    /** mount(2) of {@code fs} on the directory at canonical path {@code path}. */
    public synchronized void mount(String path, FileSystem fs) {
        mounts.put(path, fs);
    }

    /** The mount table in mount order (/proc/self/mounts). */
    public synchronized List<Mount> mounts() {
        List<Mount> out = new ArrayList<>();
        mounts.forEach((p, fs) -> out.add(new Mount(p, fs)));
        return out;
    }

    private synchronized FileSystem mountedAt(String path) {
        return mounts.get(path);
    }

    /** Resolves {@code path} from the directory {@code base} (a canonical guest path) to an existing node. */
    public Location resolve(String base, String path, boolean follow) {
        Walk w = walk(base, path, follow ? FOLLOW : 0);
        return new Location(w.existing(), w.path());
    }

    /** The walk of {@code path} from the canonical directory {@code base}, with FOLLOW and RESOLVE_* flags. */
    public Walk walk(String base, String path, int flags) {
        if (path.isEmpty()) throw Errno.error(Errno.ENOENT);
        if (path.length() >= PATH_MAX) throw Errno.error(Errno.ENAMETOOLONG);
        State s = new State(mountedAt("/").root());
        if (!path.startsWith("/") || (flags & RESOLVE_IN_ROOT) != 0) {
            Walk b = s.run(base, FOLLOW, 0);
            if (b.node == null) throw Errno.error(Errno.ENOENT);
            if (!b.node.isDirectory()) throw Errno.error(Errno.ENOTDIR);
            s.floor = (flags & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0 ? s.nodes.size() : 1;
        } else if ((flags & RESOLVE_BENEATH) != 0) {
            throw Errno.error(Errno.EXDEV);
        }
        return s.run(path, flags, flags);
    }

    /** The walk's stack of directories from the root: what ".." pops. */
    private final class State {
        final List<Vnode> nodes = new ArrayList<>();
        final List<String> paths = new ArrayList<>();
        int floor = 1, links;

        State(Vnode root) {
            nodes.add(root);
            paths.add("/");
        }

        Vnode top() {
            return nodes.get(nodes.size() - 1);
        }

        Walk run(String path, int flags, int resolve) {
            Deque<String> todo = new ArrayDeque<>(split(path));
            boolean trailing = path.endsWith("/"), follow = (flags & FOLLOW) != 0, lastOnly = (flags & LAST) != 0;
            if (path.startsWith("/")) reset();
            String lastName = ".";
            while (!todo.isEmpty()) {
                String c = todo.pollFirst();
                Vnode cur = top();
                if (!cur.isDirectory()) throw Errno.error(Errno.ENOTDIR);
                lastName = c;
                if (c.equals(".")) continue;
                if (c.equals("..")) {
                    if (nodes.size() > floor) pop();
                    else if ((resolve & RESOLVE_BENEATH) != 0) throw Errno.error(Errno.EXDEV);
                    continue;
                }
                if (c.length() > NAME_MAX) throw Errno.error(Errno.ENAMETOOLONG);
                boolean last = todo.isEmpty();
                String cp = childPath(c);
                Vnode child = child(cur, c, cp, resolve);
                if (child == null) {
                    if (last) return new Walk(cur, c, null, cp, trailing);
                    throw Errno.error(Errno.ENOENT);
                }
                if (child.isSymlink() && (!last || follow || trailing && !lastOnly)) {
                    if ((resolve & RESOLVE_NO_SYMLINKS) != 0 || ++links > MAXSYMLINKS) throw Errno.error(Errno.ELOOP);
                    Location j = child.jump();
                    if (j != null) {
                        if ((resolve & (RESOLVE_NO_MAGICLINKS | RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0) {
                            throw Errno.error(Errno.ELOOP);
                        }
                        jumpTo(j);
                        continue;
                    }
                    String target = child.readlink();
                    if (target.startsWith("/")) {
                        if ((resolve & RESOLVE_BENEATH) != 0) throw Errno.error(Errno.EXDEV);
                        reset();
                    }
                    List<String> t = split(target);
                    for (int i = t.size() - 1; i >= 0; i--) todo.addFirst(t.get(i));
                    if (target.endsWith("/") && last) trailing = true;
                    continue;
                }
                nodes.add(child);
                paths.add(cp);
            }
            Vnode node = top();
            if (trailing && !lastOnly && !node.isDirectory()) throw Errno.error(Errno.ENOTDIR);
            Vnode parent = nodes.size() >= 2 ? nodes.get(nodes.size() - 2) : node;
            return new Walk(parent, lastName, node, paths.get(paths.size() - 1), trailing);
        }

        private String childPath(String name) {
            String p = paths.get(paths.size() - 1);
            return p.equals("/") ? "/" + name : p + "/" + name;
        }

        /** A name in a directory, the mounted file system's root where one is mounted on it. */
        private Vnode child(Vnode dir, String name, String path, int resolve) {
            Vnode child = dir.lookup(name);
            if (child == null) return null;
            FileSystem m = mountedAt(path);
            if (m == null) return child;
            if ((resolve & RESOLVE_NO_XDEV) != 0) throw Errno.error(Errno.EXDEV);
            return m.root();
        }

        /**
         * A magic link's destination becomes the walk's position with its own ancestry, so ".." after it
         * goes to the destination's parent (the root stays the root); a file no longer reachable by its
         * path (deleted, unnamed) hangs directly below the root.
         */
        private void jumpTo(Location j) {
            reset();
            if (j.path().equals("/")) return;
            List<String> comps = split(j.path());
            for (int i = 0; i < comps.size() - 1; i++) {
                Vnode d = top().isDirectory() ? child(top(), comps.get(i), childPath(comps.get(i)), 0) : null;
                if (d == null) {
                    reset();
                    break;
                }
                paths.add(childPath(comps.get(i)));
                nodes.add(d);
            }
            nodes.add(j.node());
            paths.add(j.path());
        }

        private void pop() {
            nodes.remove(nodes.size() - 1);
            paths.remove(paths.size() - 1);
        }

        /** An absolute path or link target starts again at the root (the starting directory under IN_ROOT). */
        private void reset() {
            while (nodes.size() > floor) pop();
        }
    }

    static List<String> split(String p) {
        List<String> out = new ArrayList<>();
        for (String c : p.split("/")) {
            if (!c.isEmpty()) out.add(c);
        }
        return out;
    }

    /** The S_IFMT bits of a mode as getdents64's d_type. */
    public static int dtype(int ifmt) {
        return (ifmt & Stat.S_IFMT) >>> 12;
    }
}
