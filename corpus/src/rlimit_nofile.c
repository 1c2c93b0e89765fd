/* setrlimit/getrlimit/prlimit64 (getrlimit(2)): limits set are reported back, kept by a forked child and
   an exec; RLIMIT_NOFILE bounds every new descriptor (open, pipe, dup: EMFILE; dup2 past it: EBADF;
   F_DUPFD past it and poll of more: EINVAL); errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) {
    static char b[32];
    if (r >= 0) { snprintf(b, sizeof b, "%ld", r); return b; }
    switch (errno) {
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case EBADF: return "EBADF";
    case EPERM: return "EPERM";
    case EFAULT: return "EFAULT";
    case ESRCH: return "ESRCH";
    }
    snprintf(b, sizeof b, "errno %d", errno);
    return b;
}

static void show(const char *what, int res) {
    struct rlimit r;
    getrlimit(res, &r);
    printf("%s: %lld %lld\n", what, r.rlim_cur == RLIM_INFINITY ? -1LL : (long long)r.rlim_cur,
           r.rlim_max == RLIM_INFINITY ? -1LL : (long long)r.rlim_max);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1) { /* after exec */
        show("exec'd NOFILE", RLIMIT_NOFILE);
        show("exec'd FSIZE", RLIMIT_FSIZE);
        return 0;
    }
    for (int fd = 3; fd < 256; fd++) close(fd);
    struct rlimit r = {16, 32};
    printf("setrlimit NOFILE 16/32: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    show("NOFILE", RLIMIT_NOFILE);
    int n = 0, last = -1;
    for (int fd; (fd = open("/dev/null", O_RDONLY)) >= 0; n++) last = fd;
    printf("opened %d, last fd %d, then %s\n", n, last, err(-1));
    int p[2];
    printf("pipe at the limit: %s\n", err(pipe(p)));
    printf("dup at the limit: %s\n", err(dup(0)));
    close(last);
    printf("dup2 to 15: %s\n", err(dup2(0, 15)));
    printf("dup2 to 16: %s\n", err(dup2(0, 16)));
    printf("dup3 to 20: %s\n", err(dup3(0, 20, O_CLOEXEC)));
    printf("F_DUPFD 16: %s\n", err(fcntl(0, F_DUPFD, 16)));
    close(14);
    printf("F_DUPFD 3: %s\n", err(fcntl(0, F_DUPFD, 3)));
    struct pollfd pf[17];
    for (int i = 0; i < 17; i++) { pf[i].fd = -1; pf[i].events = 0; }
    printf("poll 16: %s\n", err(poll(pf, 16, 0)));
    printf("poll 17: %s\n", err(poll(pf, 17, 0)));
    for (int fd = 3; fd < 32; fd++) close(fd);
    r.rlim_cur = 32;
    printf("soft up to the hard limit: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    r.rlim_cur = 40;
    printf("soft above hard: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    r.rlim_cur = r.rlim_max = 2000000;
    printf("NOFILE above nr_open: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
    printf("resource 99: %s\n", err(getrlimit(99, &r)));
    printf("setrlimit NULL: %s\n", err(syscall(SYS_setrlimit, RLIMIT_NOFILE, NULL)));
    printf("getrlimit NULL: %s\n", err(syscall(SYS_getrlimit, RLIMIT_NOFILE, NULL)));

    /* prlimit64 of a child; a fork and an exec keep the limits */
    r.rlim_cur = 1 << 20;
    r.rlim_max = 1 << 21;
    printf("setrlimit FSIZE: %s\n", err(setrlimit(RLIMIT_FSIZE, &r)));
    int go[2];
    pipe(go);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        read(go[0], &c, 1);
        show("child NOFILE", RLIMIT_NOFILE);
        execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
        _exit(127);
    }
    struct rlimit nr = {24, 32}, old;
    printf("prlimit child: %s\n", err(prlimit(pid, RLIMIT_NOFILE, &nr, &old)));
    printf("its old: %lld %lld\n", (long long)old.rlim_cur, (long long)old.rlim_max);
    write(go[1], "g", 1);
    int st;
    waitpid(pid, &st, 0);
    printf("prlimit reaped child: %s\n", err(prlimit(pid, RLIMIT_NOFILE, NULL, &old)));
    printf("prlimit -1: %s\n", err(prlimit(-1, RLIMIT_NOFILE, NULL, &old)));
    return 0;
}
