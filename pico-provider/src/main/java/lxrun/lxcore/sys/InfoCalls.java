package lxrun.lxcore.sys;

import lxrun.lxcore.HostRandom;

import java.nio.charset.StandardCharsets;

import static lxrun.runtime.mem.GuestMemory.PROT_WRITE;

/** System information: uname(2), sysinfo(2), getrandom(2). */
public final class InfoCalls {
    private InfoCalls() {}

    /** The kernel version lxrun reports: new enough for current glibc and musl. */
    public static final String RELEASE = "6.1.0-lxrun", VERSION = "#1 SMP lxrun";

    /** uname(2): struct utsname, six 65-byte fields. */
    static long uname(Call c) {
        c.check(c.a(0), 6 * 65, PROT_WRITE);
        String[] f = {"Linux", hostname(), RELEASE, VERSION, "x86_64", "(none)"};
        byte[] b = new byte[6 * 65];
        for (int i = 0; i < 6; i++) {
            byte[] s = f[i].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(s, 0, b, 65 * i, Math.min(s.length, 64));
        }
        c.mem.write(c.a(0), b);
        return 0;
    }

    /** The node name uname reports (and /proc/sys/kernel/hostname): the host's. */
    public static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** sysinfo(2): uptime, memory of the JVM's host as the JVM sees it, one process. */
    static long sysinfo(Call c) {
        c.check(c.a(0), 112, PROT_WRITE);
        c.mem.fill(c.a(0), 112, (byte) 0);
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        long total = 8L << 30, free = 4L << 30;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
            free = os.getFreeMemorySize();
        }
        c.mem.write64(c.a(0), uptime);
        c.mem.write64(c.a(0) + 32, total);
        c.mem.write64(c.a(0) + 40, free);
        c.mem.write16(c.a(0) + 80, 1);   // procs
        c.mem.write32(c.a(0) + 104, 1);  // mem_unit
        return 0;
    }

    static final int GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;

    /**
     * getrandom(2): up to 32 MiB per call (a short count, as Linux gives when a signal comes), never
     * blocking. EINVAL for unknown flags or GRND_INSECURE with GRND_RANDOM; EFAULT for a buffer past
     * TASK_SIZE; the bytes stop where the buffer stops being mapped (EFAULT if that is at once).
     */
    static long getrandom(Call c) {
        int flags = c.i(2);
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0
                || (flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM)) {
            return -Errno.EINVAL;
        }
        long len = Long.compareUnsigned(c.a(1), 0x7ffff000L) > 0 ? 0x7ffff000L : c.a(1); // import_ubuf caps at MAX_RW_COUNT first
        if (!c.userRange(c.a(0), len)) return -Errno.EFAULT;
        int n = (int) c.accessibleLength(c.a(0), Math.min(len, 32 << 20), PROT_WRITE);
        if (n == 0 && len > 0) return -Errno.EFAULT;
        byte[] b = new byte[n];
        HostRandom.nextBytes(b);
        c.mem.write(c.a(0), b);
        return n;
    }
}
