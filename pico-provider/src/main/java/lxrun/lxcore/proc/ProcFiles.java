package lxrun.lxcore.proc;

import lxrun.lxcore.HostRandom;
import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxProcess.SignalAction;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.sys.InfoCalls;
import lxrun.lxcore.sys.ProcessCalls;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.mem.GuestMemory.Mapping;
import lxrun.runtime.ps.PicoThread;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The contents of the /proc and /sys files guests read, in Linux's formats (proc(5), proc_pid_stat(5),
 * proc_pid_status(5), proc_pid_maps(5), sysfs(5)), describing the guest: its processes, address spaces
 * and the CPU the translator provides, never the JVM. Each generator returns the whole file as it reads
 * at the moment of the call; the file system serves the bytes.
 */
public final class ProcFiles {
    private ProcFiles() {}

    /** USER_HZ: the clock ticks of times(2) and /proc (AT_CLKTCK). */
    static final int HZ = 100;
    /**
     * The guest machine boots with the JVM: sysinfo(2)'s uptime counts from there too. A holder class:
     * the JVM's management beans take 3 to 20 ms to set up, and most programs never ask.
     */
    private static final class Boot {
        static final long NANOS = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    }
    private static final String BOOT_ID = HostRandom.uuid().toString();
    /** Capabilities 0..40 (CAP_CHECKPOINT_RESTORE): cap_last_cap and the bounding set. */
    static final int CAP_LAST_CAP = 40;

    // ---------------------------------------------------------------- per process

    /** /proc/pid/comm without the newline: the base name of the path given to execve, at most 15 bytes. */
    public static String comm(LxProcess p) {
        LxThread main = p.mainThread();
        String named = main != null ? main.comm : null;
        if (named != null) return named;
        GuestMemory.StackInfo si = p.memory().stackInfo();
        String path = si != null ? si.execfn() : p.exePath;
        String name = path.substring(path.lastIndexOf('/') + 1);
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return b.length <= 15 ? name : new String(b, 0, 15, StandardCharsets.UTF_8);
    }

    /** /proc/pid/status (proc_pid_status(5)), the fields of Linux 6.1 in its order. */
    public static byte[] status(LxProcess p) {
        return status(p, p.mainThread(), p.pid(), p.pico.threads());
    }

    /** /proc/pid/task/tid/status: the same for one thread (its id, state and signals). */
    public static byte[] taskStatus(LxThread t) {
        return status(t.process, t, t.tid(), List.of(t.pico));
    }

    /** status as {@code t} (whose signals show; null: none left) and {@code threads} (whose state shows) make it. */
    private static byte[] status(LxProcess p, LxThread t, long id, List<PicoThread> threads) {
        long pending = t != null ? t.pending : 0, blocked = t != null ? t.sigmask : 0;
        long pid = p.pid(), ppid = ppid(p), leader = leader(p).pid();
        BitSet cpus = ProcessCalls.hostCpus();
        StringBuilder s = new StringBuilder();
        s.append("Name:\t").append(comm(p).replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        s.append(String.format("Umask:\t%04o%n", p.umask));
        char st = state(p, threads);
        s.append("State:\t").append(st).append(switch (st) {
            case 'R' -> " (running)";
            case 'Z' -> " (zombie)";
            case 'T' -> " (stopped)";
            default -> " (sleeping)";
        }).append('\n');
        s.append("Tgid:\t").append(pid).append("\nNgid:\t0\nPid:\t").append(id).append("\nPPid:\t").append(ppid)
                .append("\nTracerPid:\t0\n");
        LxProcess.Credentials k = p.creds;
        s.append(ids("Uid", k.ruid(), k.euid(), k.suid(), k.fsuid())).append(ids("Gid", k.rgid(), k.egid(), k.sgid(), k.fsgid()));
        s.append("FDSize:\t").append(fdSize(p)).append('\n');
        s.append("Groups:\t");
        for (int i = 0; i < k.groups().length; i++) s.append(i > 0 ? " " : "").append(Integer.toUnsignedString(k.groups()[i]));
        s.append(" \n"); // Linux ends the list with a space
        s.append("NStgid:\t").append(pid).append("\nNSpid:\t").append(id).append("\nNSpgid:\t").append(leader)
                .append("\nNSsid:\t").append(leader).append('\n');
        if (!gone(p)) memoryStatus(s, vm(p)); // a zombie has no address space: Linux leaves these lines out
        s.append("Threads:\t").append(p.pico.threads().size()).append('\n');
        s.append("SigQ:\t").append(Long.bitCount(pending | p.pending)).append('/').append(threadsMax() / 2).append('\n');
        s.append(String.format("SigPnd:\t%016x%nShdPnd:\t%016x%nSigBlk:\t%016x%nSigIgn:\t%016x%nSigCgt:\t%016x%n",
                pending, p.pending, blocked, handled(p, true), handled(p, false)));
        s.append(String.format("CapInh:\t%016x%nCapPrm:\t%016x%nCapEff:\t%016x%nCapBnd:\t%016x%nCapAmb:\t%016x%n",
                0L, 0L, 0L, (1L << (CAP_LAST_CAP + 1)) - 1, 0L));
        s.append("NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
        s.append("Speculation_Store_Bypass:\tnot vulnerable\nSpeculationIndirectBranch:\tunknown\n");
        s.append("Cpus_allowed:\t").append(mask(cpus, cpus.length())).append('\n');
        s.append("Cpus_allowed_list:\t").append(list(cpus)).append('\n');
        BitSet node0 = new BitSet();
        node0.set(0);
        s.append("Mems_allowed:\t").append(mask(node0, 1024)).append("\nMems_allowed_list:\t0\n");
        s.append("voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
        return bytes(s);
    }

    /** status's lines about the address space (task_mem). */
    private static void memoryStatus(StringBuilder s, Vm vm) {
        kb(s, "VmPeak", vm.peak);
        kb(s, "VmSize", vm.size);
        kb(s, "VmLck", 0);
        kb(s, "VmPin", 0);
        kb(s, "VmHWM", vm.rss());
        kb(s, "VmRSS", vm.rss());
        kb(s, "RssAnon", vm.rssAnon);
        kb(s, "RssFile", vm.rssFile);
        kb(s, "RssShmem", vm.rssShmem);
        kb(s, "VmData", vm.data);
        kb(s, "VmStk", vm.stack);
        kb(s, "VmExe", vm.exe);
        kb(s, "VmLib", vm.lib);
        kb(s, "VmPTE", (vm.rss() / GuestMemory.PAGE_SIZE + 511) / 512 * GuestMemory.PAGE_SIZE); // a page table per 2 MiB
        kb(s, "VmSwap", 0);
        s.append("HugetlbPages:\t       0 kB\nCoreDumping:\t0\nTHP_enabled:\t1\n");
    }

    /** /proc/pid/stat: the 52 fields of proc_pid_stat(5) on one line. */
    public static byte[] stat(LxProcess p) {
        return stat(p, p.mainThread(), p.pid(), p.pico.threads());
    }

    /** /proc/pid/task/tid/stat: the same for one thread (its id, state, CPU time and signals). */
    public static byte[] taskStat(LxThread t) {
        return stat(t.process, t, t.tid(), List.of(t.pico));
    }

    private static byte[] stat(LxProcess p, LxThread t, long id, List<PicoThread> threads) {
        Vm vm = vm(p);
        long pending = t != null ? t.pending : 0, blocked = t != null ? t.sigmask : 0;
        GuestMemory.StackInfo si = stackInfo(p);
        long[] cpu = cpuTicks(threads);
        long leader = leader(p).pid();
        int exit = p.endStatus() == -1 ? 0 : p.endStatus();
        long sig31 = 0x7fffffffL; // Linux shows the obsolete signal fields' first 31 bits
        Object[] f = {
            id, "(" + comm(p) + ")", state(p, threads), ppid(p), leader, leader,
            0, -1, 0,                            // tty_nr, tpgid (no controlling terminal), flags
            0, 0, 0, 0,                          // minflt, cminflt, majflt, cmajflt
            cpu[0], cpu[1], 0, 0,                // utime, stime, cutime, cstime
            20 + p.nice, p.nice, p.pico.threads().size(), 0, // priority, nice, num_threads, itrealvalue
            (p.startNanos - Boot.NANOS) * HZ / 1_000_000_000L,
            vm.size, vm.rss() / GuestMemory.PAGE_SIZE, Long.toUnsignedString(-1), // vsize, rss, rsslim
            vm.startCode, vm.endCode, si != null ? si.start() : 0, 0, 0, // startcode, endcode, startstack, kstkesp, kstkeip
            pending & sig31, blocked & sig31, handled(p, true) & sig31, handled(p, false) & sig31,
            0, 0, 0, 17, 0, 0, 0, 0, 0, 0,      // wchan, nswap, cnswap, exit_signal SIGCHLD, processor, rt_priority, policy, blkio, guest times
            vm.startData, vm.endData, si != null ? p.brkStart : 0,
            si != null ? si.argStart() : 0, si != null ? si.argEnd() : 0,
            si != null ? si.envStart() : 0, si != null ? si.envEnd() : 0, exit,
        };
        StringBuilder s = new StringBuilder();
        for (Object o : f) s.append(s.isEmpty() ? "" : " ").append(o);
        return bytes(s.append('\n'));
    }

    /** /proc/pid/statm: size resident shared text lib data dt, in pages (lib and dt are always 0). */
    public static byte[] statm(LxProcess p) {
        Vm vm = vm(p);
        long page = GuestMemory.PAGE_SIZE;
        return bytes(new StringBuilder().append(vm.size / page).append(' ').append(vm.rss() / page).append(' ')
                .append((vm.rssFile + vm.rssShmem) / page).append(' ').append(vm.exe / page).append(" 0 ")
                .append((vm.data + vm.stack) / page).append(" 0\n"));
    }

    /**
     * /proc/pid/cmdline: the argument strings from the process's own stack, [arg_start, arg_end). If
     * the last byte is no longer NUL (setproctitle overwrote argv, maybe into the environment), one
     * string from arg_start up to its NUL, within a page, as Linux's get_mm_cmdline does.
     */
    public static byte[] cmdline(LxProcess p) {
        GuestMemory mem = p.memory();
        GuestMemory.StackInfo si = stackInfo(p);
        if (si == null || si.argEnd() <= si.argStart()) return new byte[0];
        byte[] args = peek(mem, si.argStart(), si.argEnd() - si.argStart());
        if (args.length == 0 || args[args.length - 1] == 0) return args;
        long limit = si.envStart() == si.argEnd() && si.envEnd() >= si.envStart() ? si.envEnd() : si.argEnd();
        byte[] title = peek(mem, si.argStart(), Math.min(limit - si.argStart(), GuestMemory.PAGE_SIZE));
        int n = 0;
        while (n < title.length && title[n] != 0) n++;
        return java.util.Arrays.copyOf(title, Math.min(n + 1, title.length));
    }

    /** /proc/pid/environ: the environment strings as they are now on the stack, [env_start, env_end). */
    public static byte[] environ(LxProcess p) {
        GuestMemory.StackInfo si = stackInfo(p);
        if (si == null) return new byte[0];
        return peek(p.memory(), si.envStart(), si.envEnd() - si.envStart());
    }

    /** /proc/pid/auxv: the auxiliary vector the program started with, 8-byte type/value pairs up to AT_NULL. */
    public static byte[] auxv(LxProcess p) {
        GuestMemory.StackInfo si = stackInfo(p);
        if (si == null) return new byte[0];
        ByteBuffer b = ByteBuffer.allocate(si.auxv().length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : si.auxv()) b.putLong(v);
        return b.array();
    }

    /**
     * /proc/pid/maps (proc_pid_maps(5)): one line per mapping of the guest address space, adjacent ones
     * that Linux would have merged into one VMA shown as one: "start-end perms offset major:minor inode",
     * then the name from column 73.
     */
    public static byte[] maps(LxProcess p) {
        StringBuilder s = new StringBuilder();
        for (Mapping m : gone(p) ? List.<Mapping>of() : merged(p.memory().mappings())) {
            int line = s.length();
            long dev = m.dev();
            s.append(String.format("%08x-%08x %c%c%c%c %08x %02x:%02x %d ", m.start(), m.end(),
                    (m.prot() & GuestMemory.PROT_READ) != 0 ? 'r' : '-', (m.prot() & GuestMemory.PROT_WRITE) != 0 ? 'w' : '-',
                    (m.prot() & GuestMemory.PROT_EXEC) != 0 ? 'x' : '-', m.shared() ? 's' : 'p',
                    fileBacked(m) ? m.offset() : 0, major(dev), minor(dev), m.inode()));
            if (!m.name().isEmpty()) {
                while (s.length() - line < 72) s.append(' ');
                s.append(' ').append(m.name().replace("\n", "\\012"));
            }
            s.append('\n');
        }
        return bytes(s);
    }

    /** Merges neighbours that are one VMA on Linux: same permissions, sharing and file, contiguous offsets. */
    static List<Mapping> merged(List<Mapping> in) {
        List<Mapping> out = new ArrayList<>();
        for (Mapping m : in) {
            Mapping last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.end() == m.start() && last.prot() == m.prot() && last.shared() == m.shared()
                    && last.name().equals(m.name()) && last.dev() == m.dev() && last.inode() == m.inode()
                    && (!fileBacked(m) || last.offset() + (last.end() - last.start()) == m.offset())) {
                out.set(out.size() - 1, last.slice(last.start(), m.end()));
            } else {
                out.add(m);
            }
        }
        return out;
    }

    /** A mapping of a file (its offset shows): a path, not a pseudo name or nothing. */
    private static boolean fileBacked(Mapping m) {
        return m.name().startsWith("/");
    }

    /** gnu_dev_major/minor of a userspace dev_t. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    // ---------------------------------------------------------------- system-wide

    /** /proc/cpuinfo: one entry per guest CPU, the identity and flags of the translator's CPUID. */
    public static byte[] cpuinfo(Cpu cpu) {
        BitSet cpus = ProcessCalls.hostCpus();
        String flags = String.join(" ", cpu.flags());
        String mhz = hostCpuinfo("cpu MHz", "2000.000"), bogomips = hostCpuinfo("bogomips", "4000.00");
        StringBuilder s = new StringBuilder();
        int core = 0;
        for (int i = cpus.nextSetBit(0); i >= 0; i = cpus.nextSetBit(i + 1), core++) {
            s.append("processor\t: ").append(i).append('\n')
                    .append("vendor_id\t: ").append(cpu.vendor()).append('\n')
                    .append("cpu family\t: ").append(cpu.family()).append('\n')
                    .append("model\t\t: ").append(cpu.model()).append('\n')
                    .append("model name\t: ").append(cpu.modelName()).append('\n')
                    .append("stepping\t: ").append(cpu.stepping()).append('\n')
                    .append("cpu MHz\t\t: ").append(mhz).append('\n')
                    .append("cache size\t: 2048 KB\n") // CPUID(0x80000006)'s L2
                    .append("physical id\t: 0\n")
                    .append("siblings\t: ").append(cpus.cardinality()).append('\n')
                    .append("core id\t\t: ").append(core).append('\n')
                    .append("cpu cores\t: ").append(cpus.cardinality()).append('\n')
                    .append("apicid\t\t: ").append(i).append('\n')
                    .append("initial apicid\t: ").append(i).append('\n')
                    .append("fpu\t\t: yes\nfpu_exception\t: yes\n")
                    .append("cpuid level\t: ").append(cpu.maxLeaf()).append('\n')
                    .append("wp\t\t: yes\n")
                    .append("flags\t\t: ").append(flags).append('\n')
                    .append("bugs\t\t:\n")
                    .append("bogomips\t: ").append(bogomips).append('\n')
                    .append("clflush size\t: 64\ncache_alignment\t: 64\n")
                    .append("address sizes\t: 39 bits physical, 48 bits virtual\n") // CPUID(0x80000008)
                    .append("power management:\n\n");
        }
        return bytes(s);
    }

    /** The first value of a field of the host's /proc/cpuinfo (speeds, not identity), or {@code dflt}. */
    private static String hostCpuinfo(String key, String dflt) {
        for (String line : hostLines("/proc/cpuinfo")) {
            int c = line.indexOf(':');
            if (c > 0 && line.substring(0, c).strip().equals(key)) return line.substring(c + 1).strip();
        }
        return dflt;
    }

    private static final Set<String> MEMINFO_KEYS = Set.of("MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
            "SwapCached", "Active", "Inactive", "SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped",
            "Shmem", "Slab", "SReclaimable", "SUnreclaim", "CommitLimit", "Committed_AS", "VmallocTotal",
            "VmallocUsed", "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize");

    /** /proc/meminfo: the host's memory figures (amounts, not identity); the JVM's view if there are none. */
    public static byte[] meminfo() {
        StringBuilder s = new StringBuilder();
        for (String line : hostLines("/proc/meminfo")) {
            int c = line.indexOf(':');
            if (c > 0 && MEMINFO_KEYS.contains(line.substring(0, c))) s.append(line).append('\n');
        }
        if (!s.isEmpty()) return bytes(s);
        long total = 8L << 30, free = 4L << 30;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
            free = os.getFreeMemorySize();
        }
        for (var e : Map.of("MemTotal", total, "MemFree", free, "MemAvailable", free).entrySet()) {
            s.append(String.format("%-16s%8d kB%n", e.getKey() + ":", e.getValue() >> 10));
        }
        return bytes(s);
    }

    /** /proc/uptime: seconds since the guest booted (with the JVM, as sysinfo(2) says) and idle CPU seconds. */
    public static byte[] uptime() {
        long up = (System.nanoTime() - Boot.NANOS) / 10_000_000L; // hundredths
        long busy = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            busy = Math.max(0, os.getProcessCpuTime() / 10_000_000L);
        }
        long idle = Math.max(0, up * ProcessCalls.hostCpus().cardinality() - busy);
        return bytes(new StringBuilder(String.format("%d.%02d %d.%02d%n", up / 100, up % 100, idle / 100, idle % 100)));
    }

    /**
     * /proc/stat (proc_stat(5)): CPU time in ticks (the JVM's CPU time as user time, shared evenly
     * between the guest's CPUs, the rest idle), boot time, the processes created since boot and those
     * runnable now.
     */
    public static byte[] systemStat(long processes, int running) {
        BitSet cpus = ProcessCalls.hostCpus();
        int n = Math.max(1, cpus.cardinality());
        long up = (System.nanoTime() - Boot.NANOS) / (1_000_000_000L / HZ), busy = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            busy = Math.max(0, os.getProcessCpuTime() / (1_000_000_000L / HZ));
        }
        long idle = Math.max(0, up * n - busy);
        StringBuilder s = new StringBuilder(String.format("cpu  %d 0 0 %d 0 0 0 0 0 0%n", busy, idle));
        for (int i = cpus.nextSetBit(0); i >= 0; i = cpus.nextSetBit(i + 1)) {
            s.append(String.format("cpu%d %d 0 0 %d 0 0 0 0 0 0%n", i, busy / n, idle / n));
        }
        long btime = (System.currentTimeMillis() - (System.nanoTime() - Boot.NANOS) / 1_000_000L) / 1000;
        s.append("intr 0\nctxt 0\nbtime ").append(btime).append("\nprocesses ").append(processes)
                .append("\nprocs_running ").append(running).append("\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
        return bytes(s);
    }

    /**
     * /proc/loadavg: the host's load averages (a figure of how busy the machine is), then the guest's
     * runnable and total threads and the last pid it gave out.
     */
    public static byte[] loadavg(int runnable, int threads, long lastPid) {
        String[] host = String.join(" ", hostLines("/proc/loadavg")).split(" ");
        String load = host.length >= 3 ? host[0] + " " + host[1] + " " + host[2] : String.format("%.2f %.2f %.2f",
                Math.max(0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()), 0.0, 0.0);
        return bytes(new StringBuilder(load + " " + runnable + "/" + threads + " " + lastPid + "\n"));
    }

    /** /proc/version: "Linux version RELEASE (builder) (compiler) VERSION", with the release uname(2) reports. */
    public static byte[] version() {
        return bytes(new StringBuilder("Linux version " + InfoCalls.RELEASE + " (lxrun@lxrun) (lxrun) " + InfoCalls.VERSION + "\n"));
    }

    /** Linux's default threads-max: one thread per 128 KiB of RAM (8 thread stacks' worth per 1/8 of memory), within [20, 2^30). */
    static long threadsMax() {
        long total = 8L << 30;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
        }
        return Math.max(20, Math.min(total / (128 << 10), 0x3fffffff));
    }

    /**
     * The files of /proc/sys (sysctl(8) names with '/' for '.'), keyed by their path under /proc/sys:
     * values that programs and libraries read to size themselves.
     */
    public static Map<String, Supplier<byte[]>> sysctls() {
        Map<String, Supplier<byte[]>> m = new LinkedHashMap<>();
        line(m, "kernel/osrelease", () -> InfoCalls.RELEASE);
        line(m, "kernel/ostype", () -> "Linux");
        line(m, "kernel/version", () -> InfoCalls.VERSION);
        line(m, "kernel/hostname", InfoCalls::hostname);
        line(m, "kernel/domainname", () -> "(none)");
        line(m, "kernel/pid_max", () -> "4194304");
        line(m, "kernel/threads-max", () -> String.valueOf(threadsMax()));
        line(m, "kernel/ngroups_max", () -> "65536");
        line(m, "kernel/cap_last_cap", () -> String.valueOf(CAP_LAST_CAP));
        line(m, "kernel/overflowuid", () -> "65534");
        line(m, "kernel/overflowgid", () -> "65534");
        line(m, "kernel/randomize_va_space", () -> "0"); // lxrun places everything at fixed addresses
        line(m, "kernel/random/uuid", () -> HostRandom.uuid().toString());
        line(m, "kernel/random/boot_id", () -> BOOT_ID);
        line(m, "kernel/random/entropy_avail", () -> "256");
        line(m, "kernel/random/poolsize", () -> "256");
        line(m, "vm/overcommit_memory", () -> "0");
        line(m, "vm/overcommit_ratio", () -> "50");
        line(m, "vm/max_map_count", () -> "65530");
        line(m, "vm/mmap_min_addr", () -> String.valueOf(LxProcess.MMAP_FLOOR));
        line(m, "fs/file-max", () -> String.valueOf(Long.MAX_VALUE));
        line(m, "fs/nr_open", () -> "1048576");
        line(m, "fs/pipe-max-size", () -> "1048576");
        line(m, "net/core/somaxconn", () -> "4096");
        return m;
    }

    /**
     * The files of /sys programs read to learn the machine, keyed by their path under /sys: the CPU
     * lists (sysfs-devices-system-cpu), each CPU's topology, transparent huge pages. No cgroup tree.
     */
    public static Map<String, Supplier<byte[]>> sysfsFiles() {
        Map<String, Supplier<byte[]>> m = new LinkedHashMap<>();
        BitSet cpus = ProcessCalls.hostCpus();
        String all = list(cpus);
        for (String f : List.of("online", "possible", "present")) line(m, "devices/system/cpu/" + f, () -> all);
        int core = 0;
        for (int i = cpus.nextSetBit(0); i >= 0; i = cpus.nextSetBit(i + 1), core++) {
            String t = "devices/system/cpu/cpu" + i + "/topology/", id = String.valueOf(core), self = String.valueOf(i);
            if (i != 0) line(m, "devices/system/cpu/cpu" + i + "/online", () -> "1"); // cpu0 cannot go offline: no file
            line(m, t + "physical_package_id", () -> "0");
            line(m, t + "die_id", () -> "0");
            line(m, t + "core_id", () -> id);
            line(m, t + "thread_siblings_list", () -> self);
            line(m, t + "core_cpus_list", () -> self);
            line(m, t + "core_siblings_list", () -> all);
            line(m, t + "package_cpus_list", () -> all);
        }
        line(m, "devices/system/node/online", () -> "0");
        line(m, "devices/system/node/node0/cpulist", () -> all);
        line(m, "kernel/mm/transparent_hugepage/enabled", () -> "always [madvise] never");
        return m;
    }

    private static void line(Map<String, Supplier<byte[]>> m, String path, Supplier<String> value) {
        m.put(path, () -> (value.get() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- helpers

    /** What the status/stat/statm memory figures are made of, in bytes. */
    private record Vm(long size, long peak, long rssAnon, long rssFile, long rssShmem, long data, long stack, long exe,
            long lib, long startCode, long endCode, long startData, long endData) {
        long rss() {
            return rssAnon + rssFile + rssShmem;
        }
    }

    /**
     * The figures from the mappings, as Linux counts them: VmData the private writable ones except the
     * stack, VmExe the executable's code, VmLib other code; the resident set from the host's mincore.
     */
    private static Vm vm(LxProcess p) {
        if (gone(p)) return new Vm(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        GuestMemory mem = p.memory();
        long anon = 0, file = 0, shmem = 0, data = 0, stack = 0, exe = 0, lib = 0;
        long startCode = 0, endCode = 0, startData = 0, endData = 0;
        for (Mapping m : mem.mappings()) {
            long len = m.end() - m.start(), res = mem.residentPages(m.start(), m.end()) * GuestMemory.PAGE_SIZE;
            boolean own = m.name().equals(p.exePath);
            if (m.shared() && !fileBacked(m) || m.name().startsWith("/dev/zero")) shmem += res;
            else if (fileBacked(m)) file += res;
            else anon += res;
            if (m.name().equals("[stack]")) stack += len;
            else if ((m.prot() & GuestMemory.PROT_WRITE) != 0 && !m.shared()) data += len;
            if ((m.prot() & GuestMemory.PROT_EXEC) != 0) {
                if (own) exe += len;
                else lib += len;
            }
            if (own && (m.prot() & GuestMemory.PROT_EXEC) != 0) {
                if (startCode == 0) startCode = m.start();
                endCode = m.end();
            }
            if (own && (m.prot() & GuestMemory.PROT_WRITE) != 0) {
                if (startData == 0) startData = m.start();
                endData = m.end();
            }
        }
        return new Vm(mem.size(), mem.peakSize(), anon, file, shmem, data, stack, exe, lib, startCode, endCode,
                startData, endData);
    }

    /** An ended process (a zombie until reaped) has no address space left to show. */
    private static boolean gone(LxProcess p) {
        return p.pico.hasExited();
    }

    private static GuestMemory.StackInfo stackInfo(LxProcess p) {
        return gone(p) ? null : p.memory().stackInfo();
    }

    /** R when one of {@code threads} is the one asking, Z for a process that has ended and is not reaped, T stopped, else S. */
    private static char state(LxProcess p, List<PicoThread> threads) {
        if (gone(p)) return 'Z';
        if (p.stopped) return 'T';
        for (PicoThread t : threads) if (t.javaThread() == Thread.currentThread()) return 'R';
        return 'S';
    }

    private static long ppid(LxProcess p) {
        return p.parent != null ? p.parent.pid() : p.instance.parentPid();
    }

    /**
     * The process group and session leader: lxrun has no setpgid/setsid yet, so every process is in the
     * group and session of the process started from the host, as if a job-control shell had started it.
     */
    private static LxProcess leader(LxProcess p) {
        while (p.parent != null) p = p.parent;
        return p;
    }

    /** SigIgn (ignored) or SigCgt (caught) as a signal bit mask. */
    private static long handled(LxProcess p, boolean ignored) {
        long m = 0;
        for (int sig = 1; sig < p.actions.length; sig++) {
            long h = p.actions[sig].handler();
            if (ignored ? h == SignalAction.SIG_IGN : h != SignalAction.SIG_IGN && h != SignalAction.SIG_DFL) {
                m |= 1L << (sig - 1);
            }
        }
        return m;
    }

    /** The fd table's size: Linux grows it in steps of 64 (BITS_PER_LONG) descriptors. */
    private static int fdSize(LxProcess p) {
        int[] max = {-1};
        p.handles.forEach((fd, o) -> max[0] = Math.max(max[0], fd));
        return Math.max(64, (max[0] / 64 + 1) * 64);
    }

    /** utime and stime in clock ticks: the CPU time of the Java threads that run the guest threads. */
    private static long[] cpuTicks(List<PicoThread> threads) {
        var mx = ManagementFactory.getThreadMXBean();
        long user = 0, total = 0;
        for (PicoThread t : threads) {
            Thread j = t.javaThread();
            if (j == null || !mx.isThreadCpuTimeSupported()) continue;
            total += Math.max(0, mx.getThreadCpuTime(j.threadId()));
            user += Math.max(0, mx.getThreadUserTime(j.threadId()));
        }
        long tick = 1_000_000_000L / HZ;
        return new long[] {user / tick, Math.max(0, total - user) / tick};
    }

    /** Real, effective, saved and file-system ids, unsigned. */
    private static String ids(String name, int r, int e, int s, int fs) {
        return name + ":\t" + Integer.toUnsignedString(r) + "\t" + Integer.toUnsignedString(e) + "\t"
                + Integer.toUnsignedString(s) + "\t" + Integer.toUnsignedString(fs) + "\n";
    }

    private static void kb(StringBuilder s, String name, long bytes) {
        s.append(name).append(":\t").append(String.format("%8d", bytes >> 10)).append(" kB\n");
    }

    /** A cpumask or nodemask as Linux prints it ("%*pb"): hex in comma-separated groups of 32 bits, {@code bits} wide. */
    static String mask(BitSet set, int bits) {
        StringBuilder s = new StringBuilder();
        int groups = Math.max(1, (bits + 31) / 32);
        for (int g = groups - 1; g >= 0; g--) {
            long v = 0;
            for (int b = 0; b < 32; b++) if (set.get(g * 32 + b)) v |= 1L << b;
            int width = g == groups - 1 ? Math.max(1, (bits - 32 * g + 3) / 4) : 8;
            s.append(String.format("%0" + width + "x", v)).append(g > 0 ? "," : "");
        }
        return s.toString();
    }

    /** A CPU list as Linux prints it ("%*pbl"): "0-3,5". */
    static String list(BitSet set) {
        StringBuilder s = new StringBuilder();
        for (int i = set.nextSetBit(0); i >= 0; ) {
            int end = set.nextClearBit(i) - 1;
            s.append(s.isEmpty() ? "" : ",").append(i).append(end > i ? "-" + end : "");
            i = set.nextSetBit(end + 1);
        }
        return s.toString();
    }

    /** Guest memory as Linux's access_remote_vm reads it for /proc; stops at the first unreadable page. */
    private static byte[] peek(GuestMemory mem, long a, long n) {
        if (n <= 0) return new byte[0];
        long end = a + n, ok = a;
        while (ok < end && mem.accessible(ok, 1, GuestMemory.PROT_READ)) ok = Math.min(end, (ok | GuestMemory.PAGE_MASK) + 1);
        return mem.read(a, (int) (ok - a));
    }

    private static List<String> hostLines(String path) {
        try {
            return Files.readAllLines(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
