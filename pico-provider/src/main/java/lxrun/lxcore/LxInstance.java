package lxrun.lxcore;

import lxrun.lxcore.fs.HostStream;
import lxrun.lxcore.sys.Errno;
import lxrun.lxcore.sys.LinuxError;
import lxrun.lxcore.vfs.DevFs;
import lxrun.lxcore.vfs.FileSystem;
import lxrun.lxcore.vfs.HostFs;
import lxrun.lxcore.vfs.ProcFs;
import lxrun.lxcore.vfs.SysFs;
import lxrun.lxcore.vfs.Vfs;
import lxrun.lxcore.vfs.Vnode;
import lxrun.nt.ob.HandleTable;
import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectType;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.loader.ElfException;
import lxrun.runtime.loader.ElfImage;
import lxrun.runtime.loader.ElfLoader;
import lxrun.runtime.loader.InitialStack;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.PicoProcess;
import lxrun.runtime.ps.PicoThread;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Linux instance (\Device\lxss\{GUID}): its file systems and mount table, strace option and
 * processes. Its parse procedure is the path walk, so {@code \Device\lxss\{GUID}\etc\passwd} names
 * the guest's /etc/passwd; the object manager lists its mounted file systems below it.
 */
public final class LxInstance extends NtObject {
    public static final ObjectType TYPE = new ObjectType("LxssInstance", LxInstance::parse, null, LxInstance::mounted);

    private final LxCore core;
    private final InstanceConfig config;
    private final HostFs rootFs;
    private final Vfs vfs;
    private final String guid = "{" + HostRandom.uuid() + "}";
    /** futex(2)'s wait queues, for all the instance's processes. */
    final Futexes futexes = new Futexes();

    LxInstance(LxCore core, InstanceConfig config) {
        super(TYPE);
        this.core = core;
        this.config = config;
        this.rootFs = new HostFs(config.root() != null ? config.root() : Path.of("/"));
        this.vfs = new Vfs(rootFs);
        // as a distribution's startup does: each where the root has the directory for it
        mountIfPresent("/proc", new ProcFs(this));
        mountIfPresent("/sys", new SysFs(lxrun.lxcore.proc.ProcFiles.sysfsFiles()));
        mountIfPresent("/dev", new DevFs());
        mountIfPresent("/dev/shm", new lxrun.lxcore.vfs.TmpFs(01777));
        for (String dir : config.tmpfs()) {
            try {
                mount(dir, new lxrun.lxcore.vfs.TmpFs(01777));
            } catch (LinuxError e) {
                throw new IllegalArgumentException("--tmpfs " + dir + ": " + Errno.message(e.errno));
            }
        }
    }

    private void mountIfPresent(String path, FileSystem fs) {
        try {
            mount(path, fs);
        } catch (LinuxError e) {
            // no mount point: the guest root has no such directory
        }
    }

    /** Mounts {@code fs} at the guest directory {@code path} (which must exist), as mount(2) does. */
    public void mount(String path, FileSystem fs) {
        Vfs.Location at = vfs.resolve("/", path, true);
        if (!at.node().isDirectory()) throw Errno.error(Errno.ENOTDIR);
        vfs.mount(at.path(), fs);
    }

    /** The parse procedure: a guest path with \ for /, walked from the root, opened as an O_PATH file object. */
    private static NtObject parse(NtObject object, String rest, ObjectType.ParseContext context) {
        LxInstance i = (LxInstance) object;
        String path = "/" + rest.replace('\\', '/');
        try {
            Vfs.Location l = i.vfs.resolve("/", path, true);
            return l.node().open(l.path(), lxrun.lxcore.fs.LxFile.O_PATH);
        } catch (LinuxError e) {
            return null;
        }
    }

    /** What the object manager lists below the instance: the mounted file systems by mount point. */
    private static java.util.Map<String, NtObject> mounted(NtObject object) {
        java.util.Map<String, NtObject> m = new java.util.LinkedHashMap<>();
        for (Vfs.Mount mt : ((LxInstance) object).vfs.mounts()) m.put(mt.path(), mt.fs());
        return m;
    }

    @Override
    public String toString() {
        return "root " + rootFs.hostRoot;
    }

    /** The CPU the translator's CPUID describes (/proc/cpuinfo). */
    public lxrun.lxcore.proc.Cpu cpu() {
        return core.cpu();
    }

    /** The pid given out last (/proc/loadavg, /proc/stat). */
    public long lastPid() {
        return core.layer.lastId();
    }

    /**
     * The processes and the zombies not yet reaped: a zombie keeps its pid, and its process group and
     * session exist while it does (setpgid, setsid and TIOCSPGRP look groups up among these).
     */
    public List<LxProcess> processesAndZombies() {
        var out = new java.util.LinkedHashSet<LxProcess>(); // one that is ending is in both for a moment
        for (LxProcess p : processes()) {
            out.add(p);
            out.addAll(p.zombies());
        }
        return List.copyOf(out);
    }

    /** The processes of this instance whose end has not yet been made a zombie. */
    public List<LxProcess> processes() {
        List<LxProcess> out = new java.util.ArrayList<>();
        for (PicoProcess p : core.layer.processes()) {
            if (p.context() instanceof LxProcess lp && lp.instance == this) out.add(lp);
        }
        out.sort(java.util.Comparator.comparingLong(LxProcess::pid));
        return out;
    }

    /** Sends a signal to every live process of process group {@code pgid}; how many there were. */
    public int signalGroup(long pgid, Signals.Info info) {
        return signal(p -> p.pgid == pgid, info);
    }

    /**
     * Sends a process-directed signal to every live process {@code which} selects (kill(2) to a group or
     * to all), the caller's own process last, since its default action may end the calling thread; how
     * many processes there were.
     */
    public int signal(java.util.function.Predicate<LxProcess> which, Signals.Info info) {
        LxThread self = LxThread.current();
        int n = 0;
        boolean me = false;
        for (LxProcess p : processes()) {
            if (p.endStatus() != -1 || !which.test(p)) continue;
            n++;
            if (self != null && p == self.process) {
                me = true;
                continue;
            }
            Signals.sendProcess(p, info, null);
        }
        if (me) Signals.sendProcess(self.process, info, self);
        return n;
    }

    /** The instance's name under \Device\lxss: its GUID in braces. */
    public String guid() {
        return guid;
    }

    public Vfs vfs() {
        return vfs;
    }

    public PrintStream strace() {
        return config.strace();
    }

    /** Where lxrun's own one-line messages about this instance's programs go. */
    public PrintStream messages() {
        return config.messages();
    }

    /** Prints a line under --strace (exit and signal lines). */
    public void trace(String format, Object... args) {
        PrintStream s = config.strace();
        if (s != null) {
            s.println(tracePrefix() + String.format(format, args));
            s.flush();
        }
    }

    /**
     * What strace -f puts before a line while it traces more than one thread: "[pid N] " with the
     * calling thread's id (including a process's last line while another one lives); "" otherwise.
     */
    public String tracePrefix() {
        LxThread t = LxThread.current();
        if (t == null) return "";
        int n = 0;
        for (LxProcess p : processes()) n += p.pico.threads().size();
        boolean others = n > 1 || n == 1 && t.process.pico.threads().isEmpty();
        return others ? String.format("[pid %5d] ", t.tid()) : "";
    }

    /**
     * lxrun's terminal as the guest sees it (tty_ioctl(4)): the session it is the controlling terminal
     * of (-1: none; 0: lxrun's own, led from outside the guest) and its foreground process group
     * (TIOCGPGRP/TIOCSPGRP).
     */
    public volatile long terminalSession = -1, terminalForeground;

    /** Whether the program started from the host has a controlling terminal (lxrun's, or the service client's). */
    public boolean hasTerminal() {
        int t = config.launch().terminal();
        return t == InstanceConfig.Launch.OWN_TERMINAL ? TerminalSignals.hostHasTerminal() : t >= 0;
    }

    /**
     * Whether host fd {@code fd} is that controlling terminal: in-process, the host's answer for the JVM;
     * for a service client's, a character device that is the terminal it passed (its st_rdev is the
     * device TIOCGDEV names: the client's fd is an open of /dev/tty, whose own st_rdev is 5:0).
     */
    public boolean isTerminal(int fd) {
        int t = config.launch().terminal();
        if (t == InstanceConfig.Launch.OWN_TERMINAL) return TerminalSignals.isControllingTerminal(fd);
        byte[] dev = new byte[4], st = fd >= 0 ? lxrun.lxcore.fs.HostFd.fstat(fd) : null;
        if (t < 0 || st == null || lxrun.lxcore.fs.Host.ioctl(t, TIOCGDEV, dev) != 0) return false;
        lxrun.lxcore.fs.Stat s = lxrun.lxcore.fs.Stat.of(st);
        return (s.mode() & lxrun.lxcore.fs.Stat.S_IFMT) == lxrun.lxcore.fs.Stat.S_IFCHR
                && s.rdev() == (java.nio.ByteBuffer.wrap(dev).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL);
    }

    private static final long TIOCGDEV = 0x80045432L;

    /**
     * Whether lxrun puts its terminal's settings back when it exits (HostTerminal): in-process; the
     * service's client restores its own terminal, and the service's exit is no client's.
     */
    public boolean restoresTerminal() {
        return config.launch().terminal() == InstanceConfig.Launch.OWN_TERMINAL;
    }

    /** The host path /dev/tty opens for the guest: the JVM's own, or the client's terminal it passed. */
    public String terminalPath() {
        int t = config.launch().terminal();
        return t >= 0 ? "/proc/self/fd/" + t : "/dev/tty";
    }

    /** The guest cwd of a process started from the host: its host cwd when that lies under the root, else /. */
    public String initialCwd() {
        Path cwd = config.launch().cwd();
        Path root = Path.of(rootFs.hostRoot);
        if (!cwd.startsWith(root)) return "/";
        String rel = root.relativize(cwd).toString();
        return rel.isEmpty() ? "/" : "/" + rel;
    }

    /** getppid of a process started from the host: the host process that asked for it. */
    public long parentPid() {
        return config.launch().parentPid();
    }

    /** A program loaded into a new address space, ready to start: what execve(2) builds. */
    public record Image(GuestMemory memory, String exePath, long start, long rsp, long brk) {}

    /**
     * Loads the program at guest path {@code path} (an ELF, its PT_INTERP, or a "#!" script's interpreter)
     * into a new address space and builds its initial stack, as execve(2) does.
     *
     * @param cwd the guest directory a relative path starts from
     * @throws LxExecException with the errno and a one-line message when the file cannot be run
     */
    public Image load(String cwd, String path, List<String> argv, List<String> envp) throws LxExecException {
        return load(cwd, path, argv, envp, LxProcess.Credentials.HOST);
    }

    /** The same for a process with credentials {@code cred}: the auxiliary vector's AT_UID, AT_EUID, AT_GID, AT_EGID. */
    public Image load(String cwd, String path, List<String> argv, List<String> envp, LxProcess.Credentials cred) throws LxExecException {
        String execfn = path; // AT_EXECFN: the name execve(2) was given, a script's rather than its interpreter's
        for (int depth = 0; ; depth++) {
            Vfs.Location r = resolve(cwd, path, path);
            byte[] file = readExecutable(r, path, true);
            if (file.length >= 2 && file[0] == '#' && file[1] == '!') {
                if (depth >= 4) throw new LxExecException(Errno.ELOOP, path + ": " + Errno.message(Errno.ELOOP));
                // "#!interpreter [one argument]": the interpreter runs with the script's path in argv[0]'s place
                int end = 2;
                while (end < file.length && end < 256 && file[end] != '\n') end++;
                String line = new String(file, 2, end - 2, java.nio.charset.StandardCharsets.UTF_8).strip();
                int sp = line.indexOf(' ') < 0 ? line.indexOf('\t') : line.indexOf(' ');
                String interp = sp < 0 ? line : line.substring(0, sp);
                if (interp.isEmpty()) throw new LxExecException(Errno.ENOEXEC, path + ": " + Errno.message(Errno.ENOEXEC));
                List<String> args = new java.util.ArrayList<>();
                args.add(interp);
                if (sp >= 0 && !line.substring(sp).isBlank()) args.add(line.substring(sp).strip());
                args.add(path);
                if (argv.size() > 1) args.addAll(argv.subList(1, argv.size()));
                argv = args;
                path = interp;
                continue;
            }
            GuestMemory mem = new GuestMemory();
            try {
                ElfImage image = ElfLoader.load(mem, file, r.path(), ElfLoader.PIE_BASE, r.node().stat().dev(), r.node().stat().ino());
                long start = image.entry(), interpBase = 0;
                if (image.interp() != null) {
                    // the program interpreter (ld.so) from the guest's root, placed where mmap would put it
                    Vfs.Location ir = resolve(cwd, image.interp(), path + ": interpreter " + image.interp());
                    byte[] ld = readExecutable(ir, image.interp(), false);
                    long span = ElfLoader.span(ld);
                    long base = span == 0 ? 0 : mem.findFree(span, LxProcess.MMAP_TOP, LxProcess.MMAP_FLOOR);
                    ElfImage li = ElfLoader.load(mem, ld, ir.path(), base, ir.node().stat().dev(), ir.node().stat().ino());
                    if (li.interp() != null) throw new LxExecException(Errno.ENOEXEC, path + ": interpreter " + image.interp() + " is not a shared object");
                    start = li.entry();
                    interpBase = li.base();
                }
                byte[] random = new byte[16];
                HostRandom.nextBytes(random);
                long rsp = InitialStack.build(mem, image, interpBase, argv, envp, execfn, core.hwcap, core.hwcap2, random,
                        new InitialStack.Credentials(cred.ruid(), cred.euid(), cred.rgid(), cred.egid()));
                return new Image(mem, r.path(), start, rsp, image.brkStart());
            } catch (ElfException e) {
                mem.close();
                throw new LxExecException(Errno.ENOEXEC, path + ": " + e.getMessage());
            } catch (LxExecException e) {
                mem.close();
                throw e;
            }
        }
    }

    private Vfs.Location resolve(String cwd, String path, String what) throws LxExecException {
        try {
            return vfs.resolve(cwd, path, true);
        } catch (LinuxError e) {
            throw new LxExecException(e.errno, what + ": " + Errno.message(e.errno));
        }
    }

    /**
     * A new process started from the host (what psxss asks for): the program at {@code path} with one
     * suspended thread; its descriptors, cwd, umask and limits are those of the config's launch.
     */
    public PicoProcess createProcess(String path, List<String> argv, List<String> envp) throws LxExecException {
        Image img = load(initialCwd(), path, argv, envp);
        HandleTable handles = new HandleTable();
        LxProcess lp = new LxProcess(this, handles, img.exePath(), null);
        InstanceConfig.Launch launch = config.launch();
        launch.fds().forEach((fd, hostFd) -> {
            HostStream f = HostStream.inherited(hostFd, rootFs.hostRoot);
            if (f != null) lp.install(f, false, fd);
        });
        lp.cwd = initialCwd();
        lp.umask = launch.umask() & 0777;
        launch.rlimits().forEach((r, limit) -> {
            if (r >= 0 && r < LxProcess.RLIM_NLIMITS) lp.rlimits[r] = limit.clone();
        });
        lp.brkStart = lp.brkEnd = img.brk();
        PicoProcess p = core.pico.createProcess(img.memory(), handles, lp);
        lp.pico = p;
        // the leader of its own process group, in the foreground of lxrun's terminal, in the session lxrun
        // runs in: its leader is outside the guest's pids, so its id reads 0 (as from a pid namespace)
        lp.pgid = p.id;
        lp.sid = 0;
        lp.ctty = hasTerminal();
        if (lp.ctty) {
            terminalSession = 0;
            terminalForeground = p.id;
        }
        if (launch.terminal() == InstanceConfig.Launch.OWN_TERMINAL) TerminalSignals.forwardTo(this, p.id);
        CpuState cpu = new CpuState();
        cpu.rip = img.start();
        cpu.r[CpuState.RSP] = img.rsp();
        LxThread lt = new LxThread(lp);
        lt.pico = core.pico.createThread(p, cpu, lt);
        return p;
    }

    /**
     * fork(2), vfork(2), clone(2) without CLONE_THREAD: a child process with one thread in the caller's
     * registers (RAX 0, RSP {@code sp} if not 0), a copy of the fd table (the same open files), cwd,
     * umask, heap and signal actions, and either a copy of the address space or, with {@code shareMemory}
     * (CLONE_VM), the caller's own until the child execs. The thread is created suspended.
     */
    public LxThread fork(LxThread caller, CpuState cpu, boolean shareMemory, long sp) {
        LxProcess pp = caller.process;
        HandleTable handles = pp.handles.duplicate();
        LxProcess lp = new LxProcess(this, handles, pp.exePath, pp);
        lp.cwd = pp.cwd;
        lp.umask = pp.umask;
        lp.brkStart = pp.brkStart;
        lp.brkEnd = pp.brkEnd;
        System.arraycopy(pp.actions, 0, lp.actions, 0, pp.actions.length);
        PicoProcess p = shareMemory ? core.pico.createProcessSharingAddressSpace(pp.pico, handles, lp)
                : core.pico.createProcess(pp.pico.memory.fork(), handles, lp);
        lp.pico = p;
        synchronized (pp.children) {
            pp.children.add(lp);
        }
        CpuState child = new CpuState();
        child.copyFrom(cpu);
        child.r[CpuState.RAX] = 0;
        if (sp != 0) child.r[CpuState.RSP] = sp;
        LxThread lt = new LxThread(lp);
        lt.sigmask = caller.sigmask;
        lt.pico = core.pico.createThread(p, child, lt);
        return lt;
    }

    /**
     * execve(2) after the new program has been loaded: the other threads end, close-on-exec descriptors
     * close, caught signals return to their default action, and the calling thread continues at the new
     * program's entry in the new address space with fresh registers.
     */
    public void exec(LxThread t, CpuState cpu, Image img) {
        LxProcess lp = t.process;
        PicoProcess p = lp.pico;
        for (PicoThread other : p.threads()) if (other != t.pico) core.pico.terminateThread(other);
        // de_thread: the other threads leave before the address space they run in goes away
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (p.threads().size() > 1 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Integer> cloexec = new java.util.ArrayList<>();
        lp.handles.forEach((fd, o) -> {
            if ((lp.handles.attributes(fd) & HandleTable.INHERIT_NOT) != 0) cloexec.add(fd);
        });
        for (int fd : cloexec) lp.handles.close(fd);
        for (int sig = 1; sig < lp.actions.length; sig++) {
            if (lp.actions[sig].handler() != LxProcess.SignalAction.SIG_IGN) lp.actions[sig] = LxProcess.SignalAction.DEFAULT;
        }
        t.altStack = t.altStackSize = 0;
        t.altStackFlags = 2; // SS_DISABLE
        t.comm = null;      // the new program's name
        lp.dumpable = 1;
        lp.shared.releaseAll(p.memory);
        lp.exePath = img.exePath();
        lp.execed = true;
        lp.brkStart = lp.brkEnd = img.brk();
        p.replaceAddressSpace(img.memory());
        cpu.copyFrom(new CpuState());
        cpu.rip = img.start();
        cpu.r[CpuState.RSP] = img.rsp();
        cpu.interrupt = true; // leave the old program's translated code
        lp.vforkDone.countDown();
    }

    /** The bytes of an executable file (a program or its interpreter), with execve(2)'s errors. */
    private static byte[] readExecutable(Vfs.Location r, String path, boolean execute) throws LxExecException {
        Vnode n = r.node();
        if (n.type() != lxrun.lxcore.fs.Stat.S_IFREG || !n.permits(execute ? 1 : 4)) {
            throw new LxExecException(Errno.EACCES, path + ": Permission denied");
        }
        lxrun.lxcore.fs.LxFile f = null;
        try {
            f = n.open(r.path(), lxrun.lxcore.fs.LxFile.O_RDONLY);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            for (int k; (k = f.read(buf, 0, buf.length)) != 0; ) {
                if (k < 0) throw new LxExecException(-k, path + ": " + Errno.message(-k));
                out.write(buf, 0, k);
            }
            return out.toByteArray();
        } catch (LinuxError e) {
            throw new LxExecException(e.errno, path + ": " + Errno.message(e.errno));
        } finally {
            if (f != null) f.dereference();
        }
    }

    /** Runs the process's initial thread on the calling Java thread until the whole process has ended. */
    public void run(PicoProcess process) {
        List<PicoThread> threads = process.threads();
        if (!threads.isEmpty()) core.layer.runOnCurrentThread(threads.get(0));
        try {
            process.waitForExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
    }

    /** The exit status of an ended process as a shell shows it: the exit code, or 128+N for signal N. */
    public static int shellStatus(PicoProcess process) {
        int ws = process.exitStatus();
        if (ws == -1) return -1;
        return (ws & 0x7f) == 0 ? (ws >> 8) & 0xff : 128 + (ws & 0x7f);
    }
}
