package lxrun.lxcore.vfs;

import lxrun.lxcore.LxInstance;
import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.fs.LxFile;
import lxrun.lxcore.fs.Stat;
import lxrun.lxcore.proc.ProcFiles;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * procfs: the instance's processes (never the host's or the JVM's), /proc/self for the calling
 * process, and the system files. The per-process magic links (exe, cwd, root, fd/N) lead to the file
 * itself ({@link Vnode#jump}), so an unlinked or unnamed file can still be reopened through them.
 */
public final class ProcFs extends FileSystem {
    private final LxInstance instance;
    private final Vnode root, sys;

    public ProcFs(LxInstance instance) {
        super("proc", "proc");
        this.instance = instance;
        this.root = new Synthetic.Dir(this, "/proc", 0555, this::rootEntries);
        this.sys = Synthetic.tree(this, "/proc/sys", ProcFiles.sysctls());
    }

    /** The guest's threads: all counted as runnable, as a busy machine shows them. */
    private int threads() {
        int n = 0;
        for (LxProcess p : instance.processes()) n += p.pico.threads().size();
        return n;
    }

    private int runnable() {
        return Math.max(1, threads());
    }

    @Override
    public Vnode root() {
        return root;
    }

    @Override
    public long magic() {
        return 0x9fa0L; // PROC_SUPER_MAGIC
    }

    @Override
    public String options() {
        return "rw,nosuid,nodev,noexec,relatime";
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Vnode file(String key, Supplier<byte[]> text) {
        return new Synthetic.File(this, key, 0444, text);
    }

    private Map<String, Vnode> rootEntries() {
        Map<String, Vnode> e = new LinkedHashMap<>();
        LxThread self = LxThread.current();
        if (self != null) {
            e.put("self", new Synthetic.Link(this, "/proc/self", Long.toString(self.process.pid())));
            e.put("thread-self", new Synthetic.Link(this, "/proc/thread-self", self.process.pid() + "/task/" + self.tid()));
        }
        e.put("mounts", new Synthetic.Link(this, "/proc/mounts", "self/mounts"));
        e.put("filesystems", file("/proc/filesystems", () -> text("nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n\thostfs\n")));
        e.put("cpuinfo", file("/proc/cpuinfo", () -> ProcFiles.cpuinfo(instance.cpu())));
        e.put("meminfo", file("/proc/meminfo", ProcFiles::meminfo));
        e.put("uptime", file("/proc/uptime", ProcFiles::uptime));
        e.put("version", file("/proc/version", ProcFiles::version));
        e.put("stat", file("/proc/stat", () -> ProcFiles.systemStat(instance.lastPid(), runnable())));
        e.put("loadavg", file("/proc/loadavg", () -> ProcFiles.loadavg(runnable(), threads(), instance.lastPid())));
        e.put("sys", sys);
        for (LxProcess p : instance.processes()) e.put(Long.toString(p.pid()), processDir(p, null));
        return e;
    }

    /** /proc/PID, or with a thread /proc/PID/task/TID: the process's files, the thread's own stat and status. */
    private Vnode processDir(LxProcess p, LxThread thread) {
        String k = "/proc/" + p.pid() + (thread != null ? "/task/" + thread.tid() : "");
        return new Synthetic.Dir(this, k, 0555, () -> {
            Map<String, Vnode> e = new LinkedHashMap<>();
            Vfs vfs = instance.vfs();
            e.put("exe", new Synthetic.Link(this, k + "/exe", () -> p.exePath, () -> vfs.resolve("/", p.exePath, true)));
            e.put("cwd", new Synthetic.Link(this, k + "/cwd", () -> p.cwd, () -> vfs.resolve("/", p.cwd, true)));
            e.put("root", new Synthetic.Link(this, k + "/root", () -> "/", () -> vfs.resolve("/", "/", true)));
            e.put("fd", new Synthetic.Dir(this, k + "/fd", 0500, () -> fds(p, k + "/fd/", false)));
            e.put("fdinfo", new Synthetic.Dir(this, k + "/fdinfo", 0500, () -> fds(p, k + "/fdinfo/", true)));
            e.put("mounts", file(k + "/mounts", this::mountsText));
            e.put("comm", file(k + "/comm", () -> text(ProcFiles.comm(p) + "\n")));
            e.put("status", file(k + "/status", () -> thread != null ? ProcFiles.taskStatus(thread) : ProcFiles.status(p)));
            e.put("stat", file(k + "/stat", () -> thread != null ? ProcFiles.taskStat(thread) : ProcFiles.stat(p)));
            e.put("statm", file(k + "/statm", () -> ProcFiles.statm(p)));
            e.put("cmdline", file(k + "/cmdline", () -> ProcFiles.cmdline(p)));
            e.put("environ", new Synthetic.File(this, k + "/environ", 0400, () -> ProcFiles.environ(p)));
            e.put("auxv", new Synthetic.File(this, k + "/auxv", 0400, () -> ProcFiles.auxv(p)));
            e.put("maps", file(k + "/maps", () -> ProcFiles.maps(p)));
            if (thread == null) e.put("task", new Synthetic.Dir(this, k + "/task", 0555, () -> {
                Map<String, Vnode> t = new LinkedHashMap<>();
                for (var th : p.pico.threads()) {
                    if (th.context() instanceof LxThread lt) t.put(Long.toString(lt.tid()), processDir(p, lt));
                }
                return t;
            }));
            return e;
        });
    }

    /** fd/N magic links to the open files, or fdinfo/N with their position and flags. */
    private Map<String, Vnode> fds(LxProcess p, String k, boolean info) {
        Map<String, Vnode> e = new LinkedHashMap<>();
        p.handles.forEach((fd, o) -> {
            if (!(o instanceof LxFile f)) return;
            String key = k + fd;
            if (info) {
                int flags = f.statusFlags | ((p.handles.attributes(fd) & 1) != 0 ? LxFile.O_CLOEXEC : 0);
                e.put(Integer.toString(fd), file(key, () -> text(String.format("pos:\t%d\nflags:\t0%o\nmnt_id:\t%d\n",
                        Math.max(0, f.seek(0, 1)), flags, f.vnode() != null ? f.vnode().fs.dev : 0))));
            } else {
                e.put(Integer.toString(fd), new Synthetic.Link(this, key, () -> f.guestPath, () -> destination(f)));
            }
        });
        return e;
    }

    /** Where fd/N leads: the file's own node, or for a pipe or stream a node that opens the same file. */
    private Vfs.Location destination(LxFile f) {
        if (f.vnode() != null) return new Vfs.Location(f.vnode(), f.guestPath);
        Stat st = f.stat();
        if (f instanceof lxrun.lxcore.fs.HostStream h) { // a host terminal, pipe or file: opened anew, as Linux does
            return new Vfs.Location(new Synthetic.Opener(this, f.guestPath, st.mode(), f::stat, h::reopen), f.guestPath);
        }
        return new Vfs.Location(new Synthetic.Opener(this, f.guestPath, st.mode(), f::stat, flags -> {
            f.reference();
            return f;
        }), f.guestPath);
    }

    /** /proc/self/mounts: one line per mount, fstab(5) format. */
    private byte[] mountsText() {
        StringBuilder sb = new StringBuilder();
        for (Vfs.Mount m : instance.vfs().mounts()) {
            sb.append(m.fs().source.replace(" ", "\\040")).append(' ').append(m.path().replace(" ", "\\040")).append(' ')
                    .append(m.fs().typeName).append(' ').append(m.fs().options()).append(" 0 0\n");
        }
        return text(sb.toString());
    }
}
