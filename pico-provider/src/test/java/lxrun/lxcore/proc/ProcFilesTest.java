package lxrun.lxcore.proc;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxCore;
import lxrun.lxcore.LxInstance;
import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.sys.InfoCalls;
import lxrun.lxcore.sys.ProcessCalls;
import lxrun.lxcore.sys.SystemCalls;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.PicoProcess;
import lxrun.runtime.ps.ProcessLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The generated /proc files against proc(5) and against what Linux shows for a real process running the
 * same program (/usr/bin/cat of the host, run natively by the test).
 */
class ProcFilesTest {
    static final String CAT = "/usr/bin/cat";
    /** A line of /proc/pid/maps (proc_pid_maps(5)). */
    static final Pattern MAPS_LINE = Pattern.compile(
            "([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][ps]) ([0-9a-f]{8,}) ([0-9a-f]{2,}):([0-9a-f]{2,}) (\\d+) (?: *(.+))?");

    /** Native Linux's files for a cat of the host (each read by a cat itself). */
    static String nativeMaps, nativeStatus, nativeStat;

    @BeforeAll
    static void nativeFiles() throws Exception {
        nativeMaps = run(CAT, "/proc/self/maps");
        nativeStatus = run(CAT, "/proc/self/status");
        nativeStat = run(CAT, "/proc/self/stat");
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** /usr/bin/cat of the host loaded (not started) into a guest process under the host's root. */
    static final class Guest {
        final LxInstance instance;
        final LxProcess process;
        final LxThread thread;
        final CpuState cpu;
        final GuestMemory mem;

        Guest(List<String> argv) throws Exception {
            ProcessLayer layer = new ProcessLayer(null, 100);
            LxCore core = LxCore.initialize(layer, null);
            instance = core.createInstance(new InstanceConfig(Path.of("/"), new PrintStream(new ByteArrayOutputStream())));
            PicoProcess p = instance.createProcess(CAT, argv, List.of("A=1", "HOME=/nowhere"));
            process = (LxProcess) p.context();
            thread = (LxThread) p.threads().get(0).context();
            cpu = p.threads().get(0).cpu;
            mem = p.memory;
        }

        long sys(int nr, long... args) {
            int[] regs = {CpuState.RDI, CpuState.RSI, CpuState.RDX, CpuState.R10, CpuState.R8, CpuState.R9};
            cpu.r[CpuState.RAX] = nr;
            for (int i = 0; i < 6; i++) cpu.r[regs[i]] = i < args.length ? args[i] : 0;
            SystemCalls.dispatch(thread, cpu, null);
            return cpu.r[CpuState.RAX];
        }

        /** A NUL-terminated string in a fresh page; returns its address. */
        long str(String s) {
            long a = sys(9, 0, 4096, 3, 0x22, -1, 0); // mmap PROT_RW MAP_PRIVATE|MAP_ANONYMOUS
            mem.write(a, (s + "\0").getBytes(StandardCharsets.UTF_8));
            return a;
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    record Line(long start, long end, String perms, long offset, String dev, long inode, String name) {}

    static List<Line> parseMaps(String maps) {
        List<Line> out = new ArrayList<>();
        for (String l : maps.split("\n", -1)) {
            if (l.isEmpty()) continue;
            Matcher m = MAPS_LINE.matcher(l);
            assertTrue(m.matches(), "not a maps line: [" + l + "]");
            String name = m.group(8) == null ? "" : m.group(8);
            if (!name.isEmpty()) assertEquals(73, l.indexOf(name), "the name starts at column 73: [" + l + "]");
            else assertTrue(l.endsWith(" "), "an anonymous line ends with a space: [" + l + "]");
            out.add(new Line(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16), m.group(3),
                    Long.parseLong(m.group(4), 16), m.group(5) + ":" + m.group(6), Long.parseLong(m.group(7)), name));
        }
        return out;
    }

    static List<Line> named(List<Line> lines, String name) {
        return lines.stream().filter(l -> l.name.equals(name)).toList();
    }

    @Test
    void nativeMapsParseWithTheSamePattern() {
        // the pattern and the column rule are Linux's: they hold for the host's own maps
        List<Line> lines = parseMaps(nativeMaps);
        assertFalse(named(lines, CAT).isEmpty());
    }

    @Test
    void mapsOfALoadedProgramShowItsSegmentsAsLinuxMapsThem() throws Exception {
        Guest g = new Guest(List.of("cat", "x"));
        List<Line> ours = parseMaps(text(ProcFiles.maps(g.process)));
        for (int i = 1; i < ours.size(); i++) {
            assertTrue(ours.get(i - 1).end <= ours.get(i).start, "sorted and disjoint");
            assertTrue(ours.get(i).start < ours.get(i).end);
        }
        // the executable's segments up to its data (which ld.so's RELRO later splits natively): the same
        // permissions, file offsets and distances from the load base as in the native process
        List<Line> exe = named(ours, CAT), nat = named(parseMaps(nativeMaps), CAT);
        assertTrue(exe.size() >= 3 && nat.size() >= 3, ours.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(nat.get(i).perms, exe.get(i).perms, "line " + i);
            assertEquals(nat.get(i).offset, exe.get(i).offset, "line " + i);
            assertEquals(nat.get(i).start - nat.get(0).start, exe.get(i).start - exe.get(0).start, "line " + i);
            assertEquals(nat.get(i).end - nat.get(0).start, exe.get(i).end - exe.get(0).start, "line " + i);
        }
        assertTrue(ours.stream().anyMatch(l -> l.name.endsWith("ld-linux-x86-64.so.2") && l.perms.equals("r-xp")),
                "the dynamic linker's code");
        List<Line> stack = named(ours, "[stack]");
        assertEquals(1, stack.size());
        assertEquals("rw-p", stack.get(0).perms);
        assertEquals("00:00", stack.get(0).dev);
        assertTrue(ours.stream().noneMatch(l -> l.name.equals("[vdso]")), "lxrun has no vDSO");
    }

    @Test
    void mappedFilesHeapAndMergingAsLinuxShowsThem() throws Exception {
        Guest g = new Guest(List.of("cat"));
        int fd = (int) g.sys(2, g.str(CAT), 0);                                      // open O_RDONLY
        assertTrue(fd >= 0);
        long f = g.sys(9, 0, 8192, 1, 2, fd, 4096);                                  // PROT_READ MAP_PRIVATE, offset 4096
        long brk0 = g.sys(12, 0);
        assertEquals(brk0 + 0x3000, g.sys(12, brk0 + 0x3000));
        long a = g.sys(9, 0, 3 * 4096, 3, 0x22, -1, 0);                              // anonymous rw
        assertEquals(0, g.sys(10, a + 4096, 4096, 1));                               // mprotect the middle page read-only
        List<Line> lines = parseMaps(text(ProcFiles.maps(g.process)));

        Line file = lines.stream().filter(l -> l.start == f).findFirst().orElseThrow();
        assertEquals(new Line(f, f + 8192, "r--p", 4096, file.dev, file.inode, CAT), file);
        // device and inode as native Linux shows them for the same file
        Line natCat = named(parseMaps(nativeMaps), CAT).get(0);
        assertEquals(natCat.dev, file.dev);
        assertEquals(natCat.inode, file.inode);

        List<Line> heap = named(lines, "[heap]");
        assertEquals(1, heap.size(), "brk's growth is one mapping");
        assertEquals("rw-p", heap.get(0).perms);

        List<Line> split = lines.stream().filter(l -> l.start >= a && l.end <= a + 3 * 4096).toList();
        assertEquals(List.of("rw-p", "r--p", "rw-p"), split.stream().map(Line::perms).toList());
        assertEquals(0, g.sys(10, a + 4096, 4096, 3));                               // the same again: one VMA
        List<Line> merged = parseMaps(text(ProcFiles.maps(g.process))).stream()
                .filter(l -> l.start <= a && l.end >= a + 3 * 4096).toList();
        assertEquals(1, merged.size());
        assertEquals(0, merged.get(0).offset, "anonymous memory shows offset 0");

        long s = g.sys(9, 0, 4096, 3, 0x21, -1, 0);                                 // MAP_SHARED|MAP_ANONYMOUS
        Line shm = parseMaps(text(ProcFiles.maps(g.process))).stream().filter(l -> l.start == s).findFirst().orElseThrow();
        assertEquals("rw-s", shm.perms);
        assertEquals("/dev/zero (deleted)", shm.name);
    }

    @Test
    void forkKeepsTheMappingsAndTheArguments() throws Exception {
        Guest g = new Guest(List.of("cat", "-n"));
        LxThread child = g.instance.fork(g.thread, g.cpu, false, 0);
        assertEquals(text(ProcFiles.maps(g.process)), text(ProcFiles.maps(child.process)));
        assertEquals("cat\0-n\0", text(ProcFiles.cmdline(child.process)));
        assertArrayEquals(ProcFiles.auxv(g.process), ProcFiles.auxv(child.process));
    }

    @Test
    void statHasTheFieldsOfProcPidStat5() throws Exception {
        assertEquals(52, fields(nativeStat).size(), "the native line, parsed the same way");
        Guest g = new Guest(List.of("cat", "a b", "c"));
        String stat = text(ProcFiles.stat(g.process));
        assertTrue(stat.endsWith("\n"));
        List<String> f = fields(stat);
        assertEquals(52, f.size(), stat);
        assertEquals(String.valueOf(g.process.pid()), f.get(0));
        assertEquals("(cat)", f.get(1));
        assertEquals("S", f.get(2));
        assertEquals(String.valueOf(g.instance.parentPid()), f.get(3));
        assertEquals("1", f.get(19), "num_threads");
        assertEquals(17, Integer.parseInt(f.get(37)), "exit_signal SIGCHLD");
        long vsize = Long.parseLong(f.get(22));
        long mapped = parseMaps(text(ProcFiles.maps(g.process))).stream().mapToLong(l -> l.end - l.start).sum();
        assertEquals(mapped, vsize, "vsize is the sum of the mappings");
        long argStart = Long.parseLong(f.get(47)), argEnd = Long.parseLong(f.get(48));
        assertEquals("cat\0a b\0c\0", new String(g.mem.read(argStart, (int) (argEnd - argStart)), StandardCharsets.UTF_8));
        long envStart = Long.parseLong(f.get(49)), envEnd = Long.parseLong(f.get(50));
        assertEquals("A=1\0HOME=/nowhere\0", new String(g.mem.read(envStart, (int) (envEnd - envStart)), StandardCharsets.UTF_8));
        assertEquals(g.process.brkStart, Long.parseLong(f.get(46)), "start_brk");
        long startCode = Long.parseLong(f.get(25)), endCode = Long.parseLong(f.get(26));
        assertTrue(startCode < endCode && (g.mem.protAt(startCode) & GuestMemory.PROT_EXEC) != 0);
        long startStack = Long.parseLong(f.get(27));
        assertEquals(3, g.mem.read64(startStack), "startstack: argc");
    }

    @Test
    void aThreadsFilesShowItsIdAndSignals() throws Exception {
        Guest g = new Guest(List.of("cat"));
        LxThread t = new LxThread(g.process); // a second thread, created suspended (no translator here)
        t.pico = g.process.pico.layer.createThread(g.process.pico, new CpuState(), t);
        long tid = t.tid();
        assertNotEquals(g.process.pid(), tid);
        t.sigmask = 1L << (10 - 1);
        List<String> f = fields(text(ProcFiles.taskStat(t)));
        assertEquals(52, f.size());
        assertEquals(String.valueOf(tid), f.get(0));
        assertEquals("2", f.get(19), "num_threads of the group");
        assertEquals(String.valueOf(1L << 9), f.get(31), "blocked: the thread's own mask");
        Map<String, String> v = values(text(ProcFiles.taskStatus(t)));
        assertEquals(String.valueOf(tid), v.get("Pid"));
        assertEquals(String.valueOf(g.process.pid()), v.get("Tgid"));
        assertEquals("0000000000000200", v.get("SigBlk"));
        assertEquals("0000000000000000", values(text(ProcFiles.status(g.process))).get("SigBlk"), "the main thread's");
        assertEquals(String.valueOf(g.process.pid()), fields(text(ProcFiles.stat(g.process))).get(0));
    }

    @Test
    void anEndedProcessShowsNoAddressSpace() throws Exception {
        Guest g = new Guest(List.of("cat"));
        g.process.pico.layer.terminateProcess(g.process.pico, 9);
        List<String> f = fields(text(ProcFiles.stat(g.process)));
        assertEquals(52, f.size());
        assertEquals("Z", f.get(2));
        assertEquals("0", f.get(22), "vsize");
        assertEquals("0", f.get(47), "arg_start");
        String status = text(ProcFiles.status(g.process));
        assertTrue(status.contains("State:\tZ (zombie)\n"), status);
        assertFalse(status.contains("VmSize"), status);
        assertTrue(status.contains("\nThreads:\t"), status);
        assertEquals("", text(ProcFiles.maps(g.process)));
        assertEquals("", text(ProcFiles.cmdline(g.process)));
        assertEquals("", text(ProcFiles.environ(g.process)));
        assertEquals("", text(ProcFiles.auxv(g.process)));
    }

    /** The fields of a stat line: comm may hold spaces and parentheses, so it runs to the last ')'. */
    static List<String> fields(String stat) {
        int open = stat.indexOf('('), close = stat.lastIndexOf(')');
        List<String> f = new ArrayList<>();
        f.add(stat.substring(0, open).strip());
        f.add(stat.substring(open, close + 1));
        f.addAll(Arrays.asList(stat.substring(close + 1).strip().split(" ")));
        return f;
    }

    @Test
    void statusKeysAreLinuxsInLinuxsOrder() throws Exception {
        Guest g = new Guest(List.of("cat"));
        g.process.actions[10] = new LxProcess.SignalAction(0x401000, 0, 0, 0);    // SIGUSR1 caught
        g.process.actions[13] = new LxProcess.SignalAction(1, 0, 0, 0);           // SIGPIPE ignored
        g.thread.sigmask = 1L << (2 - 1);                                           // SIGINT blocked
        String status = text(ProcFiles.status(g.process));
        List<String> nativeKeys = keys(nativeStatus), ours = keys(status);
        int at = -1;
        for (String k : ours) {
            int i = nativeKeys.indexOf(k);
            assertTrue(i > at, k + " is a key of Linux's status, after the previous one: " + nativeKeys);
            at = i;
        }
        assertTrue(ours.size() >= nativeKeys.size() - 3, "all but the newest fields: " + ours);
        Map<String, String> v = values(status);
        assertEquals("cat", v.get("Name"));
        assertEquals("0022", v.get("Umask"));
        assertEquals(String.valueOf(g.process.pid()), v.get("Pid"));
        String uid = String.valueOf(lxrun.lxcore.LxProcess.UID);
        assertEquals(String.join("\t", uid, uid, uid, uid), v.get("Uid"));
        assertEquals("1", v.get("Threads"));
        assertEquals("0000000000000200", v.get("SigCgt"));
        assertEquals("0000000000001000", v.get("SigIgn"));
        assertEquals("0000000000000002", v.get("SigBlk"));
        assertEquals("0000000000000000", v.get("CapEff"));
        assertEquals("0", v.get("Seccomp"));
        // the same CPU and node masks as the native process (the JVM's affinity)
        assertEquals(values(nativeStatus).get("Cpus_allowed"), v.get("Cpus_allowed"));
        assertEquals(values(nativeStatus).get("Cpus_allowed_list"), v.get("Cpus_allowed_list"));
        assertEquals(values(nativeStatus).get("Mems_allowed"), v.get("Mems_allowed"));
        for (String k : List.of("VmPeak", "VmSize", "VmRSS", "VmData", "VmStk", "VmExe")) {
            assertTrue(v.get(k).matches(" *\\d+ kB"), k + ": " + v.get(k));
        }
        long mapped = parseMaps(text(ProcFiles.maps(g.process))).stream().mapToLong(l -> l.end - l.start).sum();
        assertEquals(mapped >> 10, kb(v.get("VmSize")));
        assertEquals(8192, kb(v.get("VmStk")), "lxrun's 8 MiB stack");
        assertTrue(kb(v.get("VmRSS")) > 0, "the loader wrote pages");
        assertTrue(kb(v.get("VmRSS")) <= kb(v.get("VmSize")));
        String statm = text(ProcFiles.statm(g.process));
        assertTrue(statm.matches("\\d+ \\d+ \\d+ \\d+ 0 \\d+ 0\n"), statm);
        assertEquals(mapped / 4096, Long.parseLong(statm.split(" ")[0]));
    }

    static long kb(String v) {
        return Long.parseLong(v.replace("kB", "").strip());
    }

    static List<String> keys(String status) {
        return status.lines().map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    static Map<String, String> values(String status) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String l : status.lines().toList()) m.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(":\t") + 2));
        return m;
    }

    @Test
    void cmdlineEnvironAndAuxvComeFromTheGuestStack() throws Exception {
        Guest g = new Guest(List.of("cat", "-n", "file"));
        assertEquals("cat\0-n\0file\0", text(ProcFiles.cmdline(g.process)));
        assertEquals("A=1\0HOME=/nowhere\0", text(ProcFiles.environ(g.process)));
        ByteBuffer b = ByteBuffer.wrap(ProcFiles.auxv(g.process)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.remaining() % 16);
        Map<Long, Long> aux = new java.util.HashMap<>();
        long type = -1;
        while (b.hasRemaining()) {
            type = b.getLong();
            aux.put(type, b.getLong());
        }
        assertEquals(0, type, "ends with AT_NULL");
        assertEquals(4096L, aux.get(6L), "AT_PAGESZ");
        assertEquals(100L, aux.get(17L), "AT_CLKTCK");
        assertEquals(CAT, g.mem.readCString(aux.get(31L), 4096), "AT_EXECFN");
        // the same vector the program finds above envp's NULL on its stack
        long sp = g.cpu.r[CpuState.RSP], p = sp + 8 * (1 + 3 + 1 + 2 + 1);
        assertEquals(aux.get(6L), findAux(g.mem, p, 6));

        g.mem.write(g.mem.stackInfo().envStart(), "B=2".getBytes());
        assertEquals("B=2\0HOME=/nowhere\0", text(ProcFiles.environ(g.process)), "environ reads the memory as it is now");

        // setproctitle: one string over argv that runs on into the environment (argv's last NUL is gone)
        long argStart = Long.parseLong(fields(text(ProcFiles.stat(g.process))).get(47));
        g.mem.write(argStart, "daemon: title past argv\0".getBytes());
        assertEquals("daemon: title past argv\0", text(ProcFiles.cmdline(g.process)));
        g.mem.write(argStart, "x\0y\0z\0\0\0\0\0\0\0\0".getBytes());
        assertEquals("x\0y\0z\0" + "\0".repeat(6), text(ProcFiles.cmdline(g.process)), "argv's 12 bytes, as they are now");
    }

    static long findAux(GuestMemory mem, long p, long type) {
        for (; ; p += 16) {
            long t = mem.read64(p);
            if (t == type) return mem.read64(p + 8);
            if (t == 0) return -1;
        }
    }

    /** The bits the translator advertises (see translator's CpuFeature): up to SSE4.2, POPCNT, BMI, no AVX. */
    static final Cpu TRANSLATOR = new Cpu("GenuineIntel", "lxrun x86-64 binary translator", 0x000306f2, 7,
            (1 << 0) | (1 << 9) | (1 << 13) | (1 << 19) | (1 << 20) | (1 << 22) | (1 << 23),
            0x07808111 | (1 << 5), (1 << 0) | (1 << 3) | (1 << 8) | (1 << 19), 0,
            (1 << 0) | (1 << 5), (1 << 11) | (1 << 20) | (1 << 27) | (1 << 29));

    @Test
    void cpuinfoShowsTheTranslatorsCpu() throws Exception {
        String info = text(ProcFiles.cpuinfo(TRANSLATOR));
        BitSet cpus = ProcessCalls.hostCpus();
        String[] entries = info.split("\n\n");
        assertEquals(cpus.cardinality(), entries.length);
        assertTrue(info.endsWith("\n\n"));
        List<String> hostKeys = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.contains(":")).map(l -> l.substring(0, l.indexOf(':'))).distinct().toList();
        for (String l : entries[0].split("\n")) {
            assertTrue(l.matches("[a-zA-Z_ ]+\\t*: ?.*"), l);
            assertTrue(hostKeys.contains(l.substring(0, l.indexOf(':'))), "a key Linux shows: " + l);
        }
        String flagsLine = entries[0].lines().filter(l -> l.startsWith("flags")).findFirst().orElseThrow();
        List<String> flags = List.of(flagsLine.substring(flagsLine.indexOf(": ") + 2).split(" "));
        for (String f : List.of("fpu", "tsc", "msr", "cx8", "cmov", "mmx", "fxsr", "sse", "sse2", "syscall", "nx",
                "rdtscp", "lm", "pni", "ssse3", "cx16", "sse4_1", "sse4_2", "movbe", "popcnt", "lahf_lm", "abm",
                "fsgsbase", "bmi1", "bmi2", "adx")) {
            assertTrue(flags.contains(f), f + " in " + flags);
        }
        for (String f : List.of("avx", "avx2", "avx512f", "fma", "aes", "xsave", "f16c", "sha_ni", "hypervisor")) {
            assertFalse(flags.contains(f), f + " is not advertised");
        }
        assertEquals(flags.size(), flags.stream().distinct().count());
        assertTrue(info.contains("vendor_id\t: GenuineIntel\n"));
        assertTrue(info.contains("cpu family\t: 6\nmodel\t\t: 63\n"), "family/model of signature 0x306f2");
        assertTrue(info.contains("model name\t: lxrun x86-64 binary translator\n"));
    }

    @Test
    void flagNamesAreLinuxs() {
        assertEquals("pni", Cpu.flagName(1, 'c', 0));
        assertEquals("sse2", Cpu.flagName(1, 'd', 26));
        assertEquals("avx", Cpu.flagName(1, 'c', 28));
        assertEquals("avx2", Cpu.flagName(7, 'b', 5));
        assertEquals("lahf_lm", Cpu.flagName(0x80000001, 'c', 0));
        assertEquals("lm", Cpu.flagName(0x80000001, 'd', 29));
        assertNull(Cpu.flagName(0x80000001, 'd', 0), "the AMD copy of fpu is not shown twice");
        assertNull(Cpu.flagName(1, 'c', 27), "OSXSAVE is not shown");
    }

    @Test
    void systemFilesHaveLinuxsFormats() throws Exception {
        String uptime = text(ProcFiles.uptime());
        assertTrue(uptime.matches("\\d+\\.\\d\\d \\d+\\.\\d\\d\n"), uptime);
        String load = text(ProcFiles.loadavg(1, 3, 4242));
        assertTrue(load.matches("\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d 1/3 4242\n"), load);
        assertEquals("Linux version " + InfoCalls.RELEASE + " ", text(ProcFiles.version()).substring(0, 15 + InfoCalls.RELEASE.length()));
        String stat = text(ProcFiles.systemStat(7, 2));
        List<String> nativeStatKeys = run(CAT, "/proc/stat").lines().map(l -> l.split(" ")[0]).toList();
        for (String l : stat.lines().toList()) {
            assertTrue(nativeStatKeys.contains(l.split(" ")[0]), "a line Linux has: " + l);
            if (l.startsWith("cpu")) assertTrue(l.matches("cpu\\d* +(\\d+ ){9}\\d+"), l);
        }
        assertEquals(1 + ProcessCalls.hostCpus().cardinality(), stat.lines().filter(l -> l.startsWith("cpu")).count());
        assertTrue(stat.contains("\nprocesses 7\nprocs_running 2\n"), stat);
        long btime = Long.parseLong(stat.lines().filter(l -> l.startsWith("btime ")).findFirst().orElseThrow().substring(6));
        long up = Long.parseLong(uptime.substring(0, uptime.indexOf('.')));
        assertEquals(System.currentTimeMillis() / 1000 - up, btime, 2.0, "boot time and uptime agree");
        String mem = text(ProcFiles.meminfo());
        assertTrue(mem.startsWith("MemTotal:"), mem);
        for (String l : mem.split("\n")) assertTrue(l.matches("[A-Za-z_()]+:\\s+\\d+( kB)?"), l);
        assertTrue(mem.contains("\nMemAvailable:"));

        Map<String, java.util.function.Supplier<byte[]>> sys = ProcFiles.sysctls();
        for (var e : sys.entrySet()) assertTrue(text(e.getValue().get()).endsWith("\n"), e.getKey());
        assertEquals(InfoCalls.RELEASE + "\n", text(sys.get("kernel/osrelease").get()));
        assertEquals("Linux\n", text(sys.get("kernel/ostype").get()));
        assertNotEquals(text(sys.get("kernel/random/uuid").get()), text(sys.get("kernel/random/uuid").get()));
        assertEquals(text(sys.get("kernel/random/boot_id").get()), text(sys.get("kernel/random/boot_id").get()));
        assertTrue(text(sys.get("kernel/random/uuid").get()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\n"));
        for (String k : List.of("kernel/pid_max", "kernel/ngroups_max", "kernel/cap_last_cap", "kernel/overflowuid",
                "kernel/overflowgid", "vm/overcommit_memory", "vm/max_map_count", "fs/file-max", "fs/nr_open",
                "kernel/threads-max", "kernel/hostname")) {
            assertTrue(sys.containsKey(k), k);
            assertTrue(Files.exists(Path.of("/proc/sys", k)), "Linux has /proc/sys/" + k);
        }
        // the host's own values where they are Linux's defaults
        // (read by cat: a sysctl file answers only a read at offset 0, and Java reads a file of size 0 byte by byte)
        assertEquals(run(CAT, "/proc/sys/kernel/cap_last_cap"), text(sys.get("kernel/cap_last_cap").get()));
        assertEquals(run(CAT, "/proc/sys/kernel/overflowuid"), text(sys.get("kernel/overflowuid").get()));
    }

    @Test
    void sysfsCpuListsMatchTheHosts() throws Exception {
        var sysfs = ProcFiles.sysfsFiles();
        BitSet cpus = ProcessCalls.hostCpus();
        String online = text(sysfs.get("devices/system/cpu/online").get());
        assertTrue(online.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*\n"), online);
        assertEquals(ProcFiles.list(cpus) + "\n", online);
        // on a host whose JVM may use every CPU, Linux's own list
        if (cpus.cardinality() == Runtime.getRuntime().availableProcessors()) {
            assertEquals(Files.readString(Path.of("/sys/devices/system/cpu/online")), online);
        }
        for (String k : sysfs.keySet()) {
            if (k.startsWith("devices/system/cpu/cpu")) assertTrue(Files.exists(Path.of("/sys", k)), "Linux has /sys/" + k);
        }
        assertEquals("always [madvise] never\n", text(sysfs.get("kernel/mm/transparent_hugepage/enabled").get()));
        assertFalse(sysfs.keySet().stream().anyMatch(k -> k.startsWith("fs/cgroup")));
    }

    @Test
    void masksAndListsAsLinuxPrintsThem() {
        BitSet b = new BitSet();
        b.set(0, 2);
        assertEquals("3", ProcFiles.mask(b, 2));
        assertEquals("0-1", ProcFiles.list(b));
        b.set(4);
        b.set(40);
        assertEquals("100,00000013", ProcFiles.mask(b, 41));
        assertEquals("0-1,4,40", ProcFiles.list(b));
    }
}
