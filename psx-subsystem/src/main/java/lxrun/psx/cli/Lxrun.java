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
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.ps.ProcessLayer;
import lxrun.translator.jit.BlockCompiler;
import lxrun.translator.ops.Misc;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lxrun} command, the client of the POSIX subsystem (as posix.exe and wsl.exe were): it wires
 * the layers together (object manager, session manager, process layer with the translator, the lxcore
 * pico provider), starts psxss, asks it for a session and a process, and exits with the process's status.
 */
public final class Lxrun {
    /** Thread and process ids start here, like a fresh Linux boot's first user processes would not: visibly ours. */
    private static final long FIRST_PID = 1000;

    /**
     * What {@code --help} prints. The options are parsed by hand (parse): an option parser built on
     * reflection (picocli) took 100 ms of every start, a third of a hello world's JVM time, and its
     * classes (class file version 49) cannot be kept in the JVM's AOT cache.
     */
    static final String USAGE = """
            Usage: lxrun [-hV] [--objects] [--strace] [--syscalls] [-0=NAME] [-L=DIR]
                         [-o=FILE] [-E=VAR=value]... [--tmpfs=DIR]... [-U=VAR]... [PROGRAM]
                         [ARG...]
            Runs an unmodified x86-64 Linux program on the JVM.
                  [PROGRAM]              the x86-64 ELF executable
                  [ARG...]               arguments for the program
              -L, --root=DIR             directory the program sees as / (default: the
                                           host's /)
                  --tmpfs=DIR            mount an empty in-memory tmpfs on the guest
                                           directory DIR (repeatable), like docker run
                                           --tmpfs
              -E=VAR=value               set an environment variable for the program
                                           (repeatable)
              -U=VAR                     remove an environment variable for the program
                                           (repeatable)
              -0, --argv0=NAME           argv[0] for the program (default: PROGRAM)
                  --strace               print every system call to stderr in strace's
                                           format
              -o, --strace-output=FILE   with --strace: write the trace to FILE
                  --syscalls             print the system call table with each call's
                                           support status, and exit
                  --objects              print the object namespace (like WinObj) when the
                                           program exits
              -h, --help                 Show this help message and exit.
              -V, --version              Print version information and exit.
            """;

    /** PROGRAM: the x86-64 ELF executable. */
    private String program;
    /** ARG...: the program's arguments. */
    private final List<String> args = new ArrayList<>();
    /** -L, --root DIR: the directory the program sees as / (default: the host's /). */
    private Path root = Path.of("/");
    /** --tmpfs DIR: an empty in-memory tmpfs on the guest directory DIR (repeatable). */
    private final List<String> tmpfs = new ArrayList<>();
    /** -E VAR=value: set an environment variable for the program (repeatable). */
    private final List<String> setEnv = new ArrayList<>();
    /** -U VAR: remove an environment variable for the program (repeatable). */
    private final List<String> unsetEnv = new ArrayList<>();
    /** -0, --argv0 NAME: argv[0] for the program (default: PROGRAM). */
    private String argv0;
    /** --strace: every system call to stderr in strace's format. */
    private boolean strace;
    /** -o, --strace-output FILE: with --strace, the trace goes to FILE. */
    private Path straceFile;
    /** --syscalls: print the system call table and exit. */
    private boolean syscalls;
    /** --objects: print the object namespace when the program exits. */
    private boolean objects;
    private boolean help, version;

    public static void main(String[] argv) {
        Lxrun lxrun = new Lxrun();
        int status;
        try {
            lxrun.parse(argv);
        } catch (IllegalArgumentException e) { // a usage error: the message, then the usage, status 2
            System.err.println("lxrun: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        try {
            status = lxrun.call();
        } catch (IllegalArgumentException e) { // a bad option value found while setting up
            System.err.println("lxrun: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("lxrun: internal error: " + e);
            status = 70;
        }
        System.exit(status);
    }

    /**
     * The command line as getopt_long with a leading '+' reads it: options until the first operand
     * (PROGRAM; everything after it is the program's) or "--"; a value follows its option as the next
     * word, attached (-LDIR), or after '=' (-L=DIR, --root=DIR).
     */
    void parse(String[] argv) {
        int i = 0;
        for (; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) break;
            String name = a, value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--")) {
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
            } else if (a.length() > 2) {
                name = a.substring(0, 2);
                value = a.charAt(2) == '=' ? a.substring(3) : a.substring(2);
            }
            switch (name) {
                case "-h", "--help" -> help = flag(name, value);
                case "-V", "--version" -> version = flag(name, value);
                case "--strace" -> strace = flag(name, value);
                case "--syscalls" -> syscalls = flag(name, value);
                case "--objects" -> objects = flag(name, value);
                case "-L", "--root", "--tmpfs", "-E", "-U", "-0", "--argv0", "-o", "--strace-output" -> {
                    if (value == null) {
                        if (i + 1 >= argv.length) throw new IllegalArgumentException("Missing required parameter for option '" + name + "'");
                        value = argv[++i];
                    }
                    switch (name) {
                        case "-L", "--root" -> root = Path.of(value);
                        case "--tmpfs" -> tmpfs.add(value);
                        case "-E" -> setEnv.add(value);
                        case "-U" -> unsetEnv.add(value);
                        case "-0", "--argv0" -> argv0 = value;
                        default -> straceFile = Path.of(value);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option: '" + a + "'");
            }
        }
        if (i < argv.length) program = argv[i++];
        while (i < argv.length) args.add(argv[i++]);
    }

    /** An option without a value; after -h or -V more such letters may follow (-hV); --help=x is an error. */
    private boolean flag(String name, String value) {
        if (value == null) return true;
        if (name.startsWith("--")) throw new IllegalArgumentException("option '" + name + "' takes no value");
        for (char c : value.toCharArray()) {
            if (c == 'h') help = true;
            else if (c == 'V') version = true;
            else throw new IllegalArgumentException("Unknown option: '-" + c + "'");
        }
        return true;
    }

    int call() throws Exception {
        if (help) {
            System.out.print(USAGE);
            return 0;
        }
        if (version) {
            System.out.println(version());
            return 0;
        }
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

        ObjectManager ob = new ObjectManager();
        SessionManager.start(ob);
        ProcessLayer ps = new ProcessLayer(new BlockCompiler(), FIRST_PID);
        LxCore lxcore = LxCore.initialize(ps, ob, guestCpu(), Misc.HWCAP2); // AT_HWCAP(2), /proc/cpuinfo: what CPUID says
        PsxServer psxss = PsxServer.start(ob, lxcore, new InstanceConfig(root.toAbsolutePath(), trace, tmpfs, inheritedFds()));
        int status;
        try {
            PsxSession session = psxss.openSession();
            List<String> argv = hostArguments(1 + args.size());
            String path = argv.get(0);
            if (argv0 != null) argv.set(0, argv0);
            status = psxss.runProcess(session, path, argv, environment());
        } catch (LxExecException e) {
            System.err.println("lxrun: " + e.getMessage());
            status = e.errno == 2 ? 127 : 126;
        }
        if (objects) System.err.print(ob.dump());
        psxss.stop();
        if (trace != null) trace.flush();
        return status;
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

    /**
     * The host's environment block exactly, in its order (the launcher starts the JVM with the one it was
     * given), changed by -U (every entry of that name goes) and -E (replaces the first entry of that name
     * in place, else is added at the end), as qemu-user passes it; raw bytes, as the arguments.
     */
    private List<String> environment() {
        List<String> env = procStrings("/proc/self/environ");
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
    static String version() throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Lxrun.class.getResourceAsStream("/lxrun-version.properties")) {
            if (in != null) p.load(in);
        }
        return "lxrun " + p.getProperty("version", "(unknown version)") + " (JDK " + Runtime.version() + ")";
    }
}
