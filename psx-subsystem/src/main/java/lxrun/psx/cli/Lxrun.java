package lxrun.psx.cli;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxCore;
import lxrun.lxcore.LxExecException;
import lxrun.lxcore.proc.Cpu;
import lxrun.lxcore.sys.SystemCalls;
import lxrun.nt.ob.ObjectManager;
import lxrun.nt.sm.SessionManager;
import lxrun.psx.PsxServer;
import lxrun.psx.PsxSession;
import lxrun.psx.service.PsxService;
import lxrun.psx.service.ServiceException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.EngineStats;
import lxrun.runtime.ps.ProcessLayer;
import lxrun.translator.jit.BlockCompiler;
import lxrun.translator.ops.Misc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code lxrun} command, the client of the POSIX subsystem (as posix.exe and wsl.exe were): it wires
 * the layers together (object manager, session manager, process layer with the translator, the lxcore
 * pico provider), starts psxss, asks it for a session and a process, and exits with the process's status.
 */
@Command(name = "lxrun", mixinStandardHelpOptions = true, versionProvider = Lxrun.Version.class,
        description = "Runs an unmodified x86-64 Linux program on the JVM.",
        sortOptions = false, usageHelpAutoWidth = true)
public final class Lxrun implements Callable<Integer> {
    /** Thread and process ids start here, like a fresh Linux boot's first user processes would not: visibly ours. */
    private static final long FIRST_PID = 1000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM", description = "the x86-64 ELF executable")
    private String program;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "arguments for the program")
    private List<String> args = new ArrayList<>();

    @Option(names = {"-L", "--root"}, paramLabel = "DIR", description = "directory the program sees as / (default: the host's /)")
    private Path root = Path.of("/");

    @Option(names = "--tmpfs", paramLabel = "DIR", description = "mount an empty in-memory tmpfs on the guest directory DIR (repeatable), like docker run --tmpfs")
    private List<String> tmpfs = new ArrayList<>();

    @Option(names = {"-E"}, paramLabel = "VAR=value", description = "set an environment variable for the program (repeatable)")
    private List<String> setEnv = new ArrayList<>();

    @Option(names = {"-U"}, paramLabel = "VAR", description = "remove an environment variable for the program (repeatable)")
    private List<String> unsetEnv = new ArrayList<>();

    @Option(names = {"-0", "--argv0"}, paramLabel = "NAME", description = "argv[0] for the program (default: PROGRAM)")
    private String argv0;

    @Option(names = "--strace", description = "print every system call to stderr in strace's format")
    private boolean strace;

    @Option(names = {"-o", "--strace-output"}, paramLabel = "FILE", description = "with --strace: write the trace to FILE")
    private Path straceFile;

    @Option(names = "--syscalls", description = "print the system call table with each call's support status, and exit")
    private boolean syscalls;

    @Option(names = "--objects", description = "print the object namespace (like WinObj) when the program exits")
    private boolean objects;

    @Option(names = "--stats", description = "print what the translator did (translations per tier, their cost, dispatches) when the program exits")
    private boolean stats;

    @Option(names = "--tier-threshold", paramLabel = "N", description = "entries of a block before it is translated as a region (0: translate everything at once, no interpreter; -1: never)")
    private Integer tierThreshold;

    @Option(names = "--service", paramLabel = "start|stop|status", description = "start, stop or ask the resident lxrun service of this user (LXRUN_SERVICE=1 makes lxrun hand programs to it)")
    private String service;

    public static void main(String[] argv) {
        CommandLine cl = new CommandLine(new Lxrun());
        cl.setStopAtPositional(true); // everything after PROGRAM belongs to the program
        cl.setUnmatchedOptionsArePositionalParams(false);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) { // a bad option value found while setting up
                System.err.println("lxrun: " + e.getMessage());
                return 2;
            }
            System.err.println("lxrun: internal error: " + e);
            return 70;
        });
        System.exit(cl.execute(argv));
    }

    @Override
    public Integer call() throws Exception {
        if (service != null) return service(service);
        if (syscalls) {
            SystemCalls.printCoverage(System.out);
            return 0;
        }
        if (program == null) {
            System.err.println("lxrun: no program given (try lxrun --help)");
            return 2;
        }
        if (!Files.isDirectory(root)) {
            System.err.println("lxrun: " + root + ": root is not a directory");
            return 2;
        }
        PrintStream trace = null;
        if (strace) trace = straceFile != null ? openTrace(straceFile) : System.err;
        if (strace && trace == null) return 2;

        // before the engine's classes load: see EngineStats.ON, CodeCache.PROMOTE_AFTER
        if (stats) System.setProperty("lxrun.stats", "true");
        if (tierThreshold != null) System.setProperty("lxrun.tier.threshold", tierThreshold.toString());
        // before lxcore takes the host's umask over
        InstanceConfig.Launch launch = InstanceConfig.Launch.ofThisProcess(inheritedFds(), hostUmask(), hostRlimits());
        ObjectManager ob = new ObjectManager();
        PsxServer psxss = startPsxss(ob);
        int status;
        try {
            PsxSession session = psxss.openSession(new InstanceConfig(root.toAbsolutePath(), trace, tmpfs, launch));
            List<String> argv = hostArguments(1 + args.size());
            String path = argv.get(0);
            if (argv0 != null) argv.set(0, argv0);
            status = psxss.runProcess(session, path, argv, environment(procStrings("/proc/self/environ")));
        } catch (LxExecException e) {
            System.err.println("lxrun: " + e.getMessage());
            status = e.errno == 2 ? 127 : 126;
        }
        if (objects) System.err.print(ob.dump());
        if (stats) EngineStats.print(System.err);
        psxss.stop();
        if (trace != null) trace.flush();
        return status;
    }

    /** The layers wired together: smss, the process layer with the translator, lxcore, and psxss registered with smss. */
    private static PsxServer startPsxss(ObjectManager ob) {
        SessionManager.start(ob);
        ProcessLayer ps = new ProcessLayer(new BlockCompiler(), FIRST_PID);
        LxCore lxcore = LxCore.initialize(ps, ob, guestCpu(), Misc.HWCAP2); // AT_HWCAP(2), /proc/cpuinfo: what CPUID says
        return PsxServer.start(ob, lxcore, new InstanceConfig(Path.of("/"), null));
    }

    /**
     * --service start|stop|status, and run (the service itself, which start launches through the launcher
     * in the background: the launcher gives it its own JVM flags).
     */
    private int service(String action) throws Exception {
        Path dir = PsxService.directory(System.getenv());
        try {
            switch (action) {
                case "run" -> {
                    lxrun.lxcore.fs.Host.call("setsid"); // a daemon: the terminal's signals and hangup are its clients'
                    PsxServer psxss = startPsxss(new ObjectManager());
                    new PsxService(psxss, Lxrun::forService, dir, envLong("LXRUN_SERVICE_IDLE", 600),
                            envLong("LXRUN_SERVICE_MAX_RSS", 2048), (int) envLong("LXRUN_SERVICE_MAX_SESSIONS", 16)).run();
                    return 0;
                }
                case "status" -> {
                    String s = PsxService.ask(dir, false);
                    System.out.println(s != null ? "lxrun service: " + s : "lxrun service: not running");
                    return s != null ? 0 : 3;
                }
                case "stop" -> {
                    String s = PsxService.ask(dir, true);
                    System.out.println(s != null ? "lxrun service: " + s : "lxrun service: not running");
                    return 0;
                }
                case "start" -> {
                    return startService(dir);
                }
                default -> {
                    System.err.println("lxrun: --service " + action + ": expected start, stop or status");
                    return 2;
                }
            }
        } catch (ServiceException e) {
            System.err.println("lxrun: service: " + e.getMessage());
            return 1;
        }
    }

    /** Starts the service in the background (the launcher with --service run, its log in DIR/service.log) and waits until it answers. */
    private static int startService(Path dir) throws Exception {
        String running = PsxService.ask(dir, false);
        if (running != null) {
            System.out.println("lxrun service: already running: " + running);
            return 0;
        }
        String launcher = System.getProperty("lxrun.launcher");
        if (launcher == null) {
            System.err.println("lxrun: --service start needs the installed launcher (bin/lxrun)");
            return 2;
        }
        Files.createDirectories(dir.getParent());
        if (!Files.exists(dir)) Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        ProcessBuilder pb = new ProcessBuilder(launcher, "--service", "run").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service.log").toFile()));
        pb.environment().remove("LXRUN_SERVICE");
        Process p = pb.start();
        for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
            String s = PsxService.ask(dir, false);
            if (s != null) {
                System.out.println("lxrun service: started: " + s);
                return 0;
            }
            if (!p.isAlive()) break;
        }
        System.err.println("lxrun: the service did not start; see " + dir.resolve("service.log"));
        return 1;
    }

    private static long envLong(String name, long otherwise) {
        try {
            String v = System.getenv(name);
            return v != null ? Long.parseLong(v) : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * A client's request as the service runs it: its lxrun arguments parsed as here, relative paths from
     * its cwd. Null, so that the client runs in-process, for what is not the program's alone in a shared
     * JVM (--strace, --objects, --stats, --tier-threshold), for --syscalls, --help, --version, --service,
     * and for bad options or a missing root (the in-process run reports those).
     */
    static PsxService.Program forService(PsxService.Request r) {
        synchronized (ServiceOptions.CL) {
            return forService(r, ServiceOptions.O, ServiceOptions.CL.parseArgs(r.args().toArray(String[]::new)));
        }
    }

    /**
     * One parser for every request: picocli builds its model by reflection, 2 to 6 ms a time, and resets
     * every option to its initial value at each parse.
     */
    private static final class ServiceOptions {
        static final Lxrun O = new Lxrun();
        static final CommandLine CL = new CommandLine(O).setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(false);
    }

    private static PsxService.Program forService(PsxService.Request r, Lxrun o, CommandLine.ParseResult parsed) {
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested() || o.service != null || o.syscalls || o.strace
                || o.straceFile != null || o.objects || o.stats || o.tierThreshold != null || o.program == null) return null;
        Path root = r.cwd().resolve(o.root).normalize();
        if (!Files.isDirectory(root)) return null;
        List<String> argv = new ArrayList<>();
        argv.add(o.argv0 != null ? o.argv0 : o.program);
        argv.addAll(o.args);
        return new PsxService.Program(new InstanceConfig(root, null, List.copyOf(o.tmpfs), r.launch()), o.program, argv, o.environment(r.env()));
    }

    /** The CPU the translator's CPUID instruction describes, read by executing it: lxcore reports the same. */
    static Cpu guestCpu() {
        int[] l0 = cpuid(0), l1 = cpuid(1), l7 = cpuid(7), e1 = cpuid(0x80000001);
        java.nio.ByteBuffer v = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        v.putInt(l0[1]).putInt(l0[3]).putInt(l0[2]);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int leaf = 0x80000002; leaf <= 0x80000004; leaf++) for (int r : cpuid(leaf)) b.putInt(r);
        String brand = new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").strip();
        return new Cpu(new String(v.array(), java.nio.charset.StandardCharsets.US_ASCII), brand, l1[0], l0[0],
                l1[2], l1[3], l7[1], l7[2], e1[2], e1[3]);
    }

    /** EAX, EBX, ECX, EDX of CPUID(leaf, 0). */
    private static int[] cpuid(int leaf) {
        CpuState c = new CpuState();
        c.r[CpuState.RAX] = leaf & 0xffffffffL;
        Misc.cpuid(c);
        return new int[] {(int) c.r[CpuState.RAX], (int) c.r[CpuState.RBX], (int) c.r[CpuState.RCX], (int) c.r[CpuState.RDX]};
    }

    private static PrintStream openTrace(Path file) {
        try {
            return new PrintStream(new FileOutputStream(file.toFile()), true);
        } catch (FileNotFoundException e) {
            System.err.println("lxrun: " + file + ": cannot open trace file");
            return null;
        }
    }

    /**
     * The program and its arguments as the bytes the host gave us, decoded as UTF-8: the JVM decodes its
     * own arguments with the locale's charset, which under LANG=C turns every non-ASCII byte into '?'.
     * They are the last {@code count} entries of the JVM's command line, since PROGRAM ends option parsing.
     */
    private List<String> hostArguments(int count) {
        List<String> all = procStrings("/proc/self/cmdline");
        if (all.size() >= count) return new ArrayList<>(all.subList(all.size() - count, all.size()));
        List<String> fromJvm = new ArrayList<>();
        fromJvm.add(program);
        fromJvm.addAll(args);
        return fromJvm;
    }

    /**
     * The descriptors the guest inherits: those the launcher (scripts/lxrun) found open and not
     * close-on-exec before the JVM opened its own ({@code -Dlxrun.fds=0,1,2,5}); stdin, stdout and stderr
     * when lxrun runs without it.
     */
    static List<Integer> inheritedFds() {
        String list = System.getProperty("lxrun.fds");
        if (list == null) return List.of(0, 1, 2);
        List<Integer> fds = new ArrayList<>();
        for (String f : list.split(",")) {
            if (!f.isBlank()) fds.add(Integer.parseInt(f.strip()));
        }
        return fds;
    }

    /** The umask lxrun was started with (/proc/self/status), 022 if it cannot be read. */
    private static int hostUmask() {
        for (String line : readLines("/proc/self/status")) {
            if (line.startsWith("Umask:")) return Integer.parseInt(line.substring(6).strip(), 8);
        }
        return 022;
    }

    /**
     * RLIMIT_NOFILE and RLIMIT_STACK as the launcher read them before the JVM raised its own descriptor
     * limit ({@code -Dlxrun.rlimits=NOFILE_SOFT:NOFILE_HARD:STACK_SOFT:STACK_HARD}, -1 unlimited); none
     * without it (lxcore's defaults).
     */
    static Map<Integer, long[]> hostRlimits() {
        String v = System.getProperty("lxrun.rlimits");
        if (v == null) return Map.of();
        try {
            String[] f = v.split(":");
            return Map.of(7, new long[] {limit(f[0]), limit(f[1])}, 3, new long[] {limit(f[2]), limit(f[3])});
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static long limit(String s) {
        return s.equals("unlimited") ? -1 : Long.parseLong(s);
    }

    private static List<String> readLines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /**
     * The host's environment block exactly, in its order (the launcher starts the JVM with the one it was
     * given), changed by -U (every entry of that name goes) and -E (replaces the first entry of that name
     * in place, else is added at the end), as qemu-user passes it; raw bytes, as the arguments.
     */
    private List<String> environment(List<String> block) {
        List<String> env = new ArrayList<>(block);
        if (env.isEmpty()) System.getenv().forEach((k, v) -> env.add(k + "=" + v));
        for (String u : unsetEnv) env.removeIf(kv -> name(kv).equals(u));
        for (String s : setEnv) {
            String kv = s.indexOf('=') < 0 ? s + "=" : s, n = name(kv);
            int at = -1;
            for (int i = 0; i < env.size() && at < 0; i++) if (name(env.get(i)).equals(n)) at = i;
            if (at < 0) {
                env.add(kv);
            } else {
                env.set(at, kv);
                for (int i = env.size() - 1; i > at; i--) if (name(env.get(i)).equals(n)) env.remove(i);
            }
        }
        return env;
    }

    /** The name of an environment entry NAME=value (the whole entry if it has no '='). */
    private static String name(String kv) {
        int eq = kv.indexOf('=');
        return eq < 0 ? kv : kv.substring(0, eq);
    }

    /** A NUL-separated /proc file as UTF-8 strings; empty if it cannot be read. */
    private static List<String> procStrings(String file) {
        List<String> all = new ArrayList<>();
        try {
            byte[] raw = Files.readAllBytes(Path.of(file));
            for (int i = 0, from = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    all.add(new String(raw, from, i - from, java.nio.charset.StandardCharsets.UTF_8));
                    from = i + 1;
                }
            }
        } catch (java.io.IOException e) {
            // no /proc: callers fall back to what the JVM decoded
        }
        return all;
    }

    /** The version Maven wrote into lxrun-version.properties at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (var in = Lxrun.class.getResourceAsStream("/lxrun-version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"lxrun " + p.getProperty("version", "(unknown version)") + " (JDK " + Runtime.version() + ")"};
        }
    }
}
