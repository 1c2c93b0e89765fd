/* prctl(2) (PR_SET/GET_NAME shown in /proc/self/comm, status and stat, reset by exec; PR_SET_PDEATHSIG
   delivered when the parent ends; DUMPABLE, NO_NEW_PRIVS, CHILD_SUBREAPER, TID_ADDRESS, bad options),
   getpriority/setpriority (nice in /proc/self/stat) and the sched_* calls. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) {
    static char b[32];
    if (r >= 0) { snprintf(b, sizeof b, "%ld", r); return b; }
    switch (errno) {
    case EINVAL: return "EINVAL";
    case ESRCH: return "ESRCH";
    case EPERM: return "EPERM";
    case EFAULT: return "EFAULT";
    case EACCES: return "EACCES";
    }
    snprintf(b, sizeof b, "errno %d", errno);
    return b;
}

static void cat(const char *path) {
    char b[512];
    FILE *f = fopen(path, "r");
    if (!f) { printf("%s: %s\n", path, strerror(errno)); return; }
    size_t n = fread(b, 1, sizeof b - 1, f);
    fclose(f);
    b[n] = 0;
    char *nl = strchr(b, '\n');
    if (nl) *nl = 0;
    printf("%s: %s\n", path, b);
}

/* field n (1-based) of /proc/self/stat, after the comm */
static void statfield(int n) {
    char b[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    size_t len = fread(b, 1, sizeof b - 1, f);
    fclose(f);
    b[len] = 0;
    char *p = strrchr(b, ')') + 2;
    for (int i = 3; i < n; i++) p = strchr(p, ' ') + 1;
    printf("stat field %d: %.*s\n", n, (int)strcspn(p, " "), p);
}

static int gpipe[2];
static void on_term(int s) {
    (void)s;
    write(gpipe[1], "pdeathsig arrived\n", 18);
    _exit(0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char name[32];

    /* names */
    printf("SET_NAME: %s\n", err(prctl(PR_SET_NAME, "a-rather-long-thread-name", 0, 0, 0)));
    memset(name, 'x', sizeof name);
    printf("GET_NAME: %s \"%s\"\n", err(prctl(PR_GET_NAME, name, 0, 0, 0)), name);
    cat("/proc/self/comm");
    printf("stat comm: ");
    fflush(stdout);
    {
        char b[256];
        FILE *f = fopen("/proc/self/stat", "r");
        fgets(b, sizeof b, f);
        fclose(f);
        *strrchr(b, ')') = 0;
        printf("%s\n", strchr(b, '(') + 1);
    }
    printf("SET_NAME NULL: %s\n", err(prctl(PR_SET_NAME, NULL, 0, 0, 0)));
    printf("GET_NAME NULL: %s\n", err(prctl(PR_GET_NAME, NULL, 0, 0, 0)));
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_NAME, "child", 0, 0, 0);
        cat("/proc/self/comm");
        execl("/bin/cat", "cat", "/proc/self/comm", (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);

    /* PR_SET_PDEATHSIG: a grandchild learns that its parent ended */
    int ready[2];
    pipe(gpipe);
    pipe(ready);
    int v = -1;
    prctl(PR_GET_PDEATHSIG, &v, 0, 0, 0);
    printf("GET_PDEATHSIG: %d\n", v);
    printf("SET_PDEATHSIG 65: %s\n", err(prctl(PR_SET_PDEATHSIG, 65, 0, 0, 0)));
    pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            signal(SIGTERM, on_term);
            prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
            int w = -1;
            prctl(PR_GET_PDEATHSIG, &w, 0, 0, 0);
            char m[32];
            int n = snprintf(m, sizeof m, "%d\n", w);
            write(ready[1], m, n);
            for (;;) pause();
        }
        char c[8] = {0};
        read(ready[0], c, sizeof c - 1);
        printf("grandchild's PDEATHSIG: %s", c);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    struct pollfd pf = {gpipe[0], POLLIN, 0};
    if (poll(&pf, 1, 10000) == 1) {
        char b[64];
        int n = read(gpipe[0], b, sizeof b);
        printf("%.*s", n, b);
    } else {
        printf("no pdeathsig\n");
    }

    /* flags */
    printf("GET_DUMPABLE: %s\n", err(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)));
    printf("SET_DUMPABLE 0: %s\n", err(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)));
    printf("GET_DUMPABLE: %s\n", err(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)));
    printf("SET_DUMPABLE 2: %s\n", err(prctl(PR_SET_DUMPABLE, 2, 0, 0, 0)));
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    printf("GET_NO_NEW_PRIVS: %s\n", err(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)));
    printf("SET_NO_NEW_PRIVS 0: %s\n", err(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0)));
    printf("SET_NO_NEW_PRIVS 1 with arg3: %s\n", err(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0)));
    printf("SET_NO_NEW_PRIVS: %s\n", err(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)));
    printf("GET_NO_NEW_PRIVS: %s\n", err(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)));
    printf("GET_NO_NEW_PRIVS with arg2: %s\n", err(prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0)));
    printf("SET_CHILD_SUBREAPER: %s\n", err(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)));
    v = -1;
    prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
    printf("GET_CHILD_SUBREAPER: %d\n", v);
    prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    int *tidp = (int *)1;
    printf("GET_TID_ADDRESS: %s, ", err(prctl(PR_GET_TID_ADDRESS, &tidp, 0, 0, 0)));
    printf("set: %d\n", tidp != NULL && tidp != (int *)1);
    printf("option 9999: %s\n", err(prctl(9999, 0, 0, 0, 0)));

    /* priorities */
    printf("setpriority 5: %s\n", err(setpriority(PRIO_PROCESS, 0, 5)));
    errno = 0;
    int p = getpriority(PRIO_PROCESS, 0);
    printf("getpriority: %d %s\n", p, errno ? err(-1) : "");
    printf("raw getpriority: %ld\n", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    statfield(18);
    statfield(19);
    printf("setpriority 100: %s\n", err(setpriority(PRIO_PROCESS, 0, 100)));
    printf("now %d\n", getpriority(PRIO_PROCESS, 0));
    pid = fork();
    if (pid == 0) {
        printf("child's nice: %d\n", getpriority(PRIO_PROCESS, 0));
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("setpriority back to 0: %s\n", err(setpriority(PRIO_PROCESS, 0, 0)));
    printf("PRIO_PGRP 0: %d\n", getpriority(PRIO_PGRP, 0));
    printf("which 7: %s\n", err(setpriority(7, 0, 0)));
    printf("no such pid: %s\n", err(syscall(SYS_getpriority, PRIO_PROCESS, 99999999)));

    /* scheduling (raw calls: musl's wrappers are ENOSYS by design) */
    struct sched_param sp = {0};
    printf("getscheduler: %s\n", err(syscall(SYS_sched_getscheduler, 0)));
    printf("max FIFO %d RR %d OTHER %d, min FIFO %d OTHER %d\n", sched_get_priority_max(SCHED_FIFO),
           sched_get_priority_max(SCHED_RR), sched_get_priority_max(SCHED_OTHER), sched_get_priority_min(SCHED_FIFO),
           sched_get_priority_min(SCHED_OTHER));
    printf("max of 99: %s\n", err(syscall(SYS_sched_get_priority_max, 99)));
    printf("setscheduler BATCH: %s\n", err(syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &sp)));
    printf("now %s\n", err(syscall(SYS_sched_getscheduler, 0)));
    pid = fork();
    if (pid == 0) {
        printf("child's policy: %s\n", err(syscall(SYS_sched_getscheduler, 0)));
        _exit(0);
    }
    waitpid(pid, &st, 0);
    sp.sched_priority = 5;
    printf("OTHER with priority 5: %s\n", err(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp)));
    sp.sched_priority = 0;
    printf("FIFO with priority 0: %s\n", err(syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp)));
    sp.sched_priority = 100;
    printf("RR with priority 100: %s\n", err(syscall(SYS_sched_setscheduler, 0, SCHED_RR, &sp)));
    printf("policy 42: %s\n", err(syscall(SYS_sched_setscheduler, 0, 42, &sp)));
    printf("NULL param: %s\n", err(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL)));
    sp.sched_priority = 0;
    printf("back to OTHER: %s\n", err(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp)));
    printf("setparam: %s\n", err(syscall(SYS_sched_setparam, 0, &sp)));
    sp.sched_priority = -1;
    printf("getparam: %s\n", err(syscall(SYS_sched_getparam, 0, &sp)));
    printf("priority %d\n", sp.sched_priority);
    printf("getparam NULL: %s\n", err(syscall(SYS_sched_getparam, 0, NULL)));
    printf("getscheduler -1: %s\n", err(syscall(SYS_sched_getscheduler, -1)));
    printf("getscheduler no such pid: %s\n", err(syscall(SYS_sched_getscheduler, 99999999)));
    struct timespec ts;
    printf("rr_get_interval: %s\n", err(syscall(SYS_sched_rr_get_interval, 0, &ts)));
    return 0;
}
