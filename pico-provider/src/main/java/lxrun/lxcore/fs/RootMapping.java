package lxrun.lxcore.fs;

import lxrun.lxcore.sys.Errno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The instance's root mapping: guest paths resolve to host paths under {@link #root}. Resolution walks
 * component by component as the kernel's path walk does (path_resolution(7)): {@code ..} at the root
 * stays at the root, and symbolic links are followed inside the mapping (an absolute target restarts
 * at the guest root), so no path escapes it.
 */
public final class RootMapping {
    private static final int MAXSYMLINKS = 40;

    public final Path root;

    public RootMapping(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A resolved path: the normalised guest path and the host path it maps to. */
    public record Resolved(String guestPath, Path hostPath) {}

    /**
     * Resolves {@code path} relative to the guest directory {@code base} (an absolute guest path).
     *
     * @param followLast follow a symbolic link in the last component (stat vs lstat)
     */
    public Resolved resolve(String base, String path, boolean followLast) {
        if (path.isEmpty()) throw Errno.error(Errno.ENOENT);
        if (path.length() >= 4096) throw Errno.error(Errno.ENAMETOOLONG);
        Deque<String> todo = new ArrayDeque<>(split(path));
        List<String> done = new ArrayList<>();
        if (!path.startsWith("/")) done.addAll(split(base));
        boolean trailingSlash = path.endsWith("/");
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.equals(".")) continue;
            if (c.equals("..")) {
                if (!done.isEmpty()) done.remove(done.size() - 1);
                continue;
            }
            if (c.length() > 255) throw Errno.error(Errno.ENAMETOOLONG);
            done.add(c);
            boolean last = todo.isEmpty();
            if (last && !followLast && !trailingSlash) break;
            Path host = host(done);
            if (Files.isSymbolicLink(host)) {
                if (++links > MAXSYMLINKS) throw Errno.error(Errno.ELOOP);
                String target;
                try {
                    target = Files.readSymbolicLink(host).toString();
                } catch (IOException e) {
                    throw Errno.error(Errno.of(e));
                }
                done.remove(done.size() - 1);
                if (target.startsWith("/")) done.clear();
                List<String> t = split(target);
                for (int i = t.size() - 1; i >= 0; i--) todo.addFirst(t.get(i));
            }
        }
        return new Resolved("/" + String.join("/", done), host(done));
    }

    private Path host(List<String> comps) {
        Path p = root;
        for (String c : comps) p = p.resolve(c);
        return p;
    }

    private static List<String> split(String p) {
        List<String> out = new ArrayList<>();
        for (String c : p.split("/")) {
            if (!c.isEmpty()) out.add(c);
        }
        return out;
    }
}
