/* /proc and /sys as a process sees itself (proc(5), proc_pid_stat(5), proc_pid_status(5),
 * proc_pid_maps(5)): every line states a relation between a file and what the process knows from
 * system calls or CPUID, so the output is the same on any machine and under lxrun. */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char **environ;
static char buf[1 << 20];

/* The whole file in buf (NUL-terminated); its length, or -1. */
static long slurp(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    long n = 0, r;
    while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
    close(fd);
    buf[n] = 0;
    return n;
}

static void say(const char *what, int ok) {
    printf("%s: %s\n", what, ok ? "yes" : "no");
}

/* The value of "Key:" in a status-like file in buf, or NULL. */
static char *field(const char *key) {
    static char out[4096];
    size_t k = strlen(key);
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, key, k) == 0 && l[k] == ':') {
            char *v = l + k + 1;
            while (*v == ' ' || *v == '\t') v++;
            size_t n = strcspn(v, "\n");
            memcpy(out, v, n);
            out[n] = 0;
            return out;
        }
    }
    return NULL;
}

static void handler(int sig) { (void) sig; }

int main(int argc, char **argv) {
    char exe[4096];
    ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[el > 0 ? el : 0] = 0;
    const char *base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
    long pid = getpid(), ppid = getppid();
    long cur = syscall(SYS_brk, 0); /* the heap grows before stat and maps are read: both see it */
    long newbrk = syscall(SYS_brk, cur + 16384);

    /* ---- stat */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGUSR2, handler);
    signal(SIGPIPE, SIG_IGN);
    slurp("/proc/self/stat");
    char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
    char comm[64] = "";
    if (open_paren && close_paren) memcpy(comm, open_paren + 1, close_paren - open_paren - 1);
    char expect[16];
    snprintf(expect, sizeof expect, "%s", base);
    say("stat comm is the program's name", strcmp(comm, expect) == 0);
    int nf = 0;
    unsigned long long f[64] = {0}; /* f[N]: field N of proc_pid_stat(5) */
    if (open_paren && close_paren && close_paren[1] == ' ') {
        nf = 3; /* pid, (comm), state */
        f[1] = strtoull(buf, NULL, 10);
        char *p = close_paren + 4;
        while (*p && *p != '\n' && nf < 63) {
            char *end;
            f[++nf] = strtoull(p, &end, 10);
            if (end == p) break;
            p = end;
            while (*p == ' ') p++;
        }
    }
    printf("stat fields: %d\n", nf);
    say("stat pid is getpid", f[1] == (unsigned long long) pid);
    say("stat ppid is getppid", f[4] == (unsigned long long) ppid);
    say("stat num_threads is 1", f[20] == 1);
    unsigned long long vsize = f[23], start_brk = f[47], arg_start = f[48], arg_end = f[49];
    say("stat blocked has SIGUSR1", (f[32] >> (SIGUSR1 - 1)) & 1);
    say("stat sigignore has SIGPIPE", (f[33] >> (SIGPIPE - 1)) & 1);
    say("stat sigcatch has SIGUSR2", (f[34] >> (SIGUSR2 - 1)) & 1);
    say("stat arg_start is argv[0]", arg_start == (unsigned long long) argv[0]);
    say("stat arg_end ends the last argument",
        arg_end == (unsigned long long) (argv[argc - 1] + strlen(argv[argc - 1]) + 1));
    unsigned long long starttime = f[22];

    /* ---- uptime, loadavg, stat's start time */
    slurp("/proc/uptime");
    double up = 0, idle = 0;
    say("uptime has two numbers", sscanf(buf, "%lf %lf", &up, &idle) == 2);
    say("started after boot, not in the future", starttime <= (unsigned long long) (up * 100) + 100);
    slurp("/proc/loadavg");
    double l1, l5, l15;
    int running, total;
    long last;
    say("loadavg format", sscanf(buf, "%lf %lf %lf %d/%d %ld", &l1, &l5, &l15, &running, &total, &last) == 6);
    say("loadavg counts this process", running >= 1 && total >= 1 && last >= pid);

    /* ---- maps */
    slurp("/proc/self/maps");
    int wellformed = 1, exe_code = 0, stack_has_local = 0, heap_has_brk = 0, lines = 0;
    unsigned long long mapped = 0;
    int local = 0;
    for (char *l = buf; *l; lines++) {
        char *nl = strchr(l, '\n');
        if (!nl) { wellformed = 0; break; }
        *nl = 0;
        unsigned long long s, e, off, ino;
        unsigned maj, min;
        char perms[8];
        int n = 0;
        if (sscanf(l, "%llx-%llx %4s %llx %x:%x %llu %n", &s, &e, perms, &off, &maj, &min, &ino, &n) != 7 || s >= e) {
            wellformed = 0;
        }
        const char *name = l + n;
        if (*name && name - l < 73) wellformed = 0; /* names start at column 73 (or after a longer prefix) */
        if (s < 0xffffffffff600000ULL) mapped += e - s;              /* [vsyscall] is no VMA */
        if (strcmp(name, exe) == 0 && perms[2] == 'x') exe_code = 1;
        if (strcmp(name, "[stack]") == 0 && (unsigned long long) &local >= s && (unsigned long long) &local < e) stack_has_local = 1;
        if (strcmp(name, "[heap]") == 0 && newbrk > cur && (unsigned long long) newbrk - 1 >= s && (unsigned long long) newbrk - 1 < e) heap_has_brk = 1;
        l = nl + 1;
    }
    say("maps lines well-formed", wellformed && lines > 3);
    say("maps has the program's code", exe_code);
    say("maps [stack] holds a local variable", stack_has_local);
    say("maps [heap] holds the break", heap_has_brk);
    say("stat start_brk is below the break", start_brk <= (unsigned long long) cur);
    say("stat vsize is the maps total", vsize == mapped);
    slurp("/proc/self/statm");
    unsigned long long size, resident;
    say("statm size is vsize in pages", sscanf(buf, "%llu %llu", &size, &resident) == 2 && size * 4096 == vsize);
    say("statm resident within size", resident > 0 && resident <= size);

    /* ---- cmdline, environ, auxv */
    long n = slurp("/proc/self/cmdline");
    int same = 1;
    long at = 0;
    for (int i = 0; i < argc; i++) {
        size_t k = strlen(argv[i]) + 1;
        if (at + (long) k > n || memcmp(buf + at, argv[i], k) != 0) same = 0;
        at += k;
    }
    say("cmdline is argv", same && at == n);
    n = slurp("/proc/self/environ");
    same = 1;
    at = 0;
    for (char **e = environ; *e; e++) {
        size_t k = strlen(*e) + 1;
        if (at + (long) k > n || memcmp(buf + at, *e, k) != 0) same = 0;
        at += k;
    }
    say("environ is the environment", same && at == n);
    n = slurp("/proc/self/auxv");
    unsigned long *aux = (unsigned long *) buf;
    int auxok = n > 16 && n % 16 == 0 && aux[n / 8 - 2] == AT_NULL, pagesz = 0;
    for (long i = 0; i + 1 < n / 8 && aux[i] != AT_NULL; i += 2) {
        if (aux[i] == AT_PAGESZ) pagesz = aux[i + 1] == 4096;
        /* glibc's getauxval(AT_HWCAP) is its own HWCAP_X86_64, not the kernel's value */
        if (aux[i] != AT_IGNORE && aux[i] != AT_HWCAP && getauxval(aux[i]) != aux[i + 1]) auxok = 0;
    }
    say("auxv is what getauxval reads", auxok);
    say("auxv AT_PAGESZ is 4096", pagesz);

    /* ---- status */
    slurp("/proc/self/status");
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%ld", pid);
    say("status Pid is getpid", field("Pid") && strcmp(field("Pid"), tmp) == 0);
    say("status Tgid is getpid", field("Tgid") && strcmp(field("Tgid"), tmp) == 0);
    snprintf(tmp, sizeof tmp, "%ld", ppid);
    say("status PPid is getppid", field("PPid") && strcmp(field("PPid"), tmp) == 0);
    snprintf(tmp, sizeof tmp, "%u\t%u\t%u\t%u", getuid(), geteuid(), getuid(), getuid());
    say("status Uid is getuid", field("Uid") && strcmp(field("Uid"), tmp) == 0);
    say("status Name is stat's comm", field("Name") && strcmp(field("Name"), comm) == 0);
    printf("status Umask: %s\n", field("Umask") ? field("Umask") : "?");
    printf("status Threads: %s\n", field("Threads") ? field("Threads") : "?");
    say("status SigBlk has SIGUSR1", field("SigBlk") && (strtoull(field("SigBlk"), NULL, 16) >> (SIGUSR1 - 1) & 1));
    say("status SigCgt has SIGUSR2", field("SigCgt") && (strtoull(field("SigCgt"), NULL, 16) >> (SIGUSR2 - 1) & 1));
    say("status VmSize is vsize", field("VmSize") && strtoull(field("VmSize"), NULL, 10) * 1024 == vsize);

    /* ---- cpuinfo against CPUID, /sys cpu lists */
    slurp("/proc/cpuinfo");
    int cpus = 0;
    for (char *l = buf; (l = strstr(l, "processor\t:")); l++) cpus++;
    char *fl = strstr(buf, "\nflags\t\t: ");
    char flags[8192] = " ";
    if (fl) {
        fl += 10;
        size_t k = strcspn(fl, "\n");
        memcpy(flags + 1, fl, k < sizeof flags - 3 ? k : sizeof flags - 3);
        strcat(flags, " ");
    }
    unsigned a, b, c, d, b7 = 0, c7 = 0, d7 = 0;
    __get_cpuid(1, &a, &b, &c, &d);
    __get_cpuid_count(7, 0, &a, &b7, &c7, &d7);
    struct { const char *name; unsigned reg; int bit; } feats[] = {
        {"sse2", d, 26}, {"pni", c, 0}, {"ssse3", c, 9}, {"sse4_1", c, 19}, {"sse4_2", c, 20},
        {"popcnt", c, 23}, {"avx", c, 28}, {"aes", c, 25}, {"avx2", b7, 5}, {"bmi1", b7, 3}, {"bmi2", b7, 8},
    };
    int agree = fl != NULL;
    for (size_t i = 0; i < sizeof feats / sizeof feats[0]; i++) {
        char w[32];
        snprintf(w, sizeof w, " %s ", feats[i].name);
        if ((strstr(flags, w) != NULL) != ((feats[i].reg >> feats[i].bit) & 1)) {
            agree = 0;
            printf("flag %s: cpuinfo %d, cpuid %d\n", feats[i].name, strstr(flags, w) != NULL, (feats[i].reg >> feats[i].bit) & 1);
        }
    }
    say("cpuinfo flags agree with CPUID", agree);
    slurp("/sys/devices/system/cpu/online");
    int lo, hi = -1;
    int k = sscanf(buf, "%d-%d", &lo, &hi);
    say("sys cpu/online counts cpuinfo's processors", k >= 1 && (k == 2 ? hi - lo + 1 : 1) == cpus);
    say("cpuinfo's processors are the online ones", cpus == sysconf(_SC_NPROCESSORS_ONLN));

    /* ---- system-wide */
    struct utsname u;
    uname(&u);
    slurp("/proc/sys/kernel/osrelease");
    say("osrelease is uname's release", strncmp(buf, u.release, strlen(u.release)) == 0 && buf[strlen(u.release)] == '\n');
    slurp("/proc/sys/kernel/hostname");
    say("hostname is uname's nodename", strncmp(buf, u.nodename, strlen(u.nodename)) == 0 && buf[strlen(u.nodename)] == '\n');
    slurp("/proc/sys/kernel/ostype");
    say("ostype is Linux", strcmp(buf, "Linux\n") == 0);
    slurp("/proc/version");
    char v[256];
    snprintf(v, sizeof v, "Linux version %s ", u.release);
    say("version names the release", strncmp(buf, v, strlen(v)) == 0);
    slurp("/proc/sys/kernel/pid_max");
    say("pid_max is above this pid", atol(buf) > pid);
    char u1[64], u2[64];
    slurp("/proc/sys/kernel/random/uuid");
    snprintf(u1, sizeof u1, "%s", buf);
    slurp("/proc/sys/kernel/random/uuid");
    snprintf(u2, sizeof u2, "%s", buf);
    say("random/uuid is new each time", strlen(u1) == 37 && u1[14] == '4' && strcmp(u1, u2) != 0);
    slurp("/proc/sys/kernel/random/boot_id");
    snprintf(u1, sizeof u1, "%s", buf);
    slurp("/proc/sys/kernel/random/boot_id");
    say("random/boot_id stays", strlen(u1) == 37 && strcmp(u1, buf) == 0);
    slurp("/proc/meminfo");
    unsigned long long mt = field("MemTotal") ? strtoull(field("MemTotal"), NULL, 10) : 0;
    unsigned long long ma = field("MemAvailable") ? strtoull(field("MemAvailable"), NULL, 10) : ~0ULL;
    say("meminfo MemAvailable within MemTotal", mt > 0 && ma <= mt);
    return 0;
}
