/* The set*id / get*id family (credentials(7)): results compared, never printed as raw ids (the
   native and the lxrun run are the same user). A child drops to another user when it may. */
#define _GNU_SOURCE
#include <grp.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/auxv.h>
#include "fs_common.h"

static long sys3(long nr, long a, long b, long c) { return syscall(nr, a, b, c); }

/* Uid:/Gid: of /proc/self/status as "r e s fs" compared with the calls' answers. */
static void status_matches(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[4096];
    unsigned r, e, s, fs;
    uid_t ru, eu, su; gid_t rg, eg, sg;
    getresuid(&ru, &eu, &su);
    getresgid(&rg, &eg, &sg);
    gid_t list[256];
    int n = getgroups(256, list);
    if (!f) { printf("no /proc/self/status\n"); return; }
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "Uid: %u %u %u %u", &r, &e, &s, &fs) == 4)
            printf("status Uid matches: %d %d %d fs=euid %d\n", r == ru, e == eu, s == su, fs == eu);
        if (sscanf(line, "Gid: %u %u %u %u", &r, &e, &s, &fs) == 4)
            printf("status Gid matches: %d %d %d fs=egid %d\n", r == rg, e == eg, s == sg, fs == eg);
        if (!strncmp(line, "Groups:", 7)) {
            int k = 0, ok = 1;
            char *p = line + 7;
            for (;;) {
                char *end;
                unsigned long g = strtoul(p, &end, 10);
                if (end == p) break;
                ok &= k < n && g == list[k];
                k++;
                p = end;
            }
            printf("status Groups matches getgroups: %d (count equal %d)\n", ok, k == n);
        }
    }
    fclose(f);
}

int main(int argc, char **argv) {
    uid_t r, e, s; gid_t gr, ge, gs;
    if (argc > 1) { /* after execve: the saved ids are the effective ones; the auxiliary vector agrees */
        getresuid(&r, &e, &s);
        getresgid(&gr, &ge, &gs);
        printf("  exec: saved = effective %d %d; AT_UID/AT_EUID/AT_GID/AT_EGID agree %d %d %d %d\n", s == e, gs == ge,
               getauxval(AT_UID) == r, getauxval(AT_EUID) == e, getauxval(AT_GID) == gr, getauxval(AT_EGID) == ge);
        return 0;
    }
    show("getresuid", getresuid(&r, &e, &s));
    show("getresgid", getresgid(&gr, &ge, &gs));
    printf("getresuid = getuid/geteuid: %d %d, saved = real %d\n", r == getuid(), e == geteuid(), s == r);
    printf("getresgid = getgid/getegid: %d %d, saved = real %d\n", gr == getgid(), ge == getegid(), gs == gr);
    show("getresuid bad pointer", sys3(SYS_getresuid, (long)&r, 16, (long)&s));
    show("setresuid(-1, uid, -1)", setresuid(-1, getuid(), -1));
    show("setresgid(-1, gid, -1)", setresgid(-1, getgid(), -1));
    show("setuid(getuid())", setuid(getuid()));
    show("setgid(getgid())", setgid(getgid()));
    show("setreuid(-1, -1)", setreuid(-1, -1));
    show("setregid(getgid(), -1)", setregid(getgid(), -1));
    show("setuid(-1)", sys3(SYS_setuid, -1, 0, 0));
    show("setgid(-1)", sys3(SYS_setgid, -1, 0, 0));
    printf("setfsuid(-1) returns fsuid = euid: %d\n", (uid_t)setfsuid(-1) == geteuid());
    printf("setfsgid(getegid()) returns egid: %d\n", (gid_t)setfsgid(getegid()) == getegid());
    int n = getgroups(0, NULL);
    gid_t list[256];
    printf("getgroups(0) = getgroups(256): %d\n", n == getgroups(256, list));
    show("getgroups(-1)", getgroups(-1, list));
    if (n > 0) show("getgroups(n-1)", getgroups(n - 1, list));
    else printf("getgroups(n-1): skipped\n");
    show("getgroups bad pointer", sys3(SYS_getgroups, 256, 16, 0));
    status_matches();

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* privileged: become 65534 for real, effective and saved; else each call is EPERM */
        int root = geteuid() == 0;
        gid_t one = 4242;
        show("setgroups(1)", setgroups(1, &one));
        gid_t back[4];
        int k = getgroups(4, back);
        printf("groups after setgroups: %s\n", root ? (k == 1 && back[0] == 4242 ? "4242" : "wrong") : (k == n ? "unchanged" : "changed"));
        show("setgroups(-1)", sys3(SYS_setgroups, -1, (long)&one, 0));
        show("setresgid(4242, 4242, 4242)", setresgid(4242, 4242, 4242));
        show("seteuid(4243)", seteuid(4243));
        printf("euid 4243, ruid unchanged: %d %d\n", geteuid() == (root ? 4243 : getuid()), getuid() == r);
        fflush(stdout);
        if (fork() == 0) {
            execl(argv[0], argv[0], "exec", (char *)NULL);
            _exit(9);
        }
        wait(NULL);
        show("seteuid back", seteuid(r));
        show("setuid(65534)", setuid(65534));
        printf("all ids 65534: %d\n", root ? getuid() == 65534 && geteuid() == 65534 : getuid() == r);
        show("setuid(0)", setuid(0));
        show("setresuid(0, -1, -1)", setresuid(0, -1, -1));
        show("setgroups as user", setgroups(0, NULL));
        printf("setfsuid(0) refused, returns fsuid: %d\n", (uid_t)setfsuid(0) == geteuid() && (uid_t)setfsuid(-1) == geteuid());
        status_matches();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child status %d; parent ids unchanged: %d\n", st, getuid() == r && geteuid() == e);
    return 0;
}
