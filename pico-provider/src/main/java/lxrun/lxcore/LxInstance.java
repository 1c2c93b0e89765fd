package lxrun.lxcore;

import lxrun.lxcore.fs.HostStream;
import lxrun.lxcore.fs.RootMapping;
import lxrun.lxcore.sys.Errno;
import lxrun.lxcore.sys.LinuxError;
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
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;

/**
 * A Linux instance (\Device\lxss\{GUID}): its root mapping, strace option and processes.
 */
public final class LxInstance extends NtObject {
    public static final ObjectType TYPE = new ObjectType("LxssInstance");
    private static final SecureRandom RNG = new SecureRandom();

    private final LxCore core;
    private final InstanceConfig config;
    private final RootMapping root;
    private final String guid = "{" + UUID.randomUUID() + "}";

    LxInstance(LxCore core, InstanceConfig config) {
        super(TYPE);
        this.core = core;
        this.config = config;
        this.root = new RootMapping(config.root() != null ? config.root() : Path.of("/"));
    }

    /** The instance's name under \Device\lxss: its GUID in braces. */
    public String guid() {
        return guid;
    }

    public RootMapping root() {
        return root;
    }

    public PrintStream strace() {
        return config.strace();
    }

    /** Prints a line under --strace (exit and signal lines). */
    public void trace(String format, Object... args) {
        PrintStream s = config.strace();
        if (s != null) {
            s.println(String.format(format, args));
            s.flush();
        }
    }

    /** The guest cwd of a process started from the host: the host's cwd when it lies under the root, else /. */
    public String initialCwd() {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (!cwd.startsWith(root.root)) return "/";
        String rel = root.root.relativize(cwd).toString();
        return rel.isEmpty() ? "/" : "/" + rel;
    }

    /** getppid of a process started from the host: the JVM's pid. */
    public long parentPid() {
        return ProcessHandle.current().pid();
    }

    /**
     * execve for a new process: loads the ELF at guest path {@code path}, builds the initial stack, and
     * creates a pico process with one suspended thread. Its stdin/stdout/stderr are the host's.
     *
     * @throws LxExecException with the errno and a one-line message when the file cannot be run
     */
    public PicoProcess createProcess(String path, List<String> argv, List<String> envp) throws LxExecException {
        RootMapping.Resolved r;
        try {
            r = root.resolve(initialCwd(), path, true);
        } catch (LinuxError e) {
            throw new LxExecException(e.errno, path + ": " + Errno.message(e.errno));
        }
        byte[] file = readExecutable(r, path, true);
        GuestMemory mem = new GuestMemory();
        try {
            ElfImage image = ElfLoader.load(mem, file, r.guestPath());
            long start = image.entry(), interpBase = 0;
            if (image.interp() != null) {
                // the program interpreter (ld.so) from the guest's root, placed where mmap would put it
                RootMapping.Resolved ir;
                try {
                    ir = root.resolve(initialCwd(), image.interp(), true);
                } catch (LinuxError e) {
                    throw new LxExecException(e.errno, path + ": interpreter " + image.interp() + ": " + Errno.message(e.errno));
                }
                byte[] ld = readExecutable(ir, image.interp(), false);
                long span = ElfLoader.span(ld);
                long base = span == 0 ? 0 : mem.findFree(span, LxProcess.MMAP_TOP, LxProcess.MMAP_FLOOR);
                ElfImage li = ElfLoader.load(mem, ld, ir.guestPath(), base);
                if (li.interp() != null) throw new LxExecException(Errno.ENOEXEC, path + ": interpreter " + image.interp() + " is not a shared object");
                start = li.entry();
                interpBase = li.base();
            }
            byte[] random = new byte[16];
            RNG.nextBytes(random);
            int uid = 1000, gid = 1000;
            long rsp = InitialStack.build(mem, image, interpBase, argv, envp, path, core.hwcap, random,
                    new InitialStack.Credentials(uid, uid, gid, gid));

            HandleTable handles = new HandleTable();
            LxProcess lp = new LxProcess(this, mem, handles, r.guestPath());
            for (int fd = 0; fd < 3; fd++) lp.install(new HostStream(fd), false, fd);
            lp.cwd = initialCwd();
            lp.brkStart = lp.brkEnd = image.brkStart();
            PicoProcess p = core.pico.createProcess(mem, handles, lp);
            lp.pico = p;

            CpuState cpu = new CpuState();
            cpu.rip = start;
            cpu.r[CpuState.RSP] = rsp;
            LxThread lt = new LxThread(lp);
            lt.pico = core.pico.createThread(p, cpu, lt);
            return p;
        } catch (ElfException e) {
            mem.close();
            throw new LxExecException(Errno.ENOEXEC, path + ": " + e.getMessage());
        } catch (LxExecException e) {
            mem.close();
            throw e;
        }
    }

    /** The bytes of an executable file (a program or its interpreter), with execve(2)'s errors. */
    private static byte[] readExecutable(RootMapping.Resolved r, String path, boolean execute) throws LxExecException {
        Path h = r.hostPath();
        if (!Files.exists(h)) throw new LxExecException(Errno.ENOENT, path + ": No such file or directory");
        if (!Files.isRegularFile(h) || !(execute ? Files.isExecutable(h) : Files.isReadable(h))) {
            throw new LxExecException(Errno.EACCES, path + ": Permission denied");
        }
        try {
            return Files.readAllBytes(h);
        } catch (IOException e) {
            throw new LxExecException(Errno.of(e), path + ": " + Errno.message(Errno.of(e)));
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
