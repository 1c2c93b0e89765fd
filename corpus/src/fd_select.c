/* select(2), pselect6(2), poll(2) and ppoll(2) over pipes, a regular file and /dev/null: readiness
   bits (POLLRDNORM/POLLWRNORM, POLLHUP, POLLERR, POLLNVAL) also of stdin, the timeout and the time left written
   back (raw syscalls: libcs differ in copying it), argument checks (nfds, EBADF, bad timeouts, sigset
   sizes), waits woken by another process's write or read, and the signal mask swapped in for the wait
   (a signal it unblocks interrupts after its handler ran, with the mask restored). */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "fs_common.h"

static volatile int handled;
static sigset_t in_handler;

static void on_usr1(int sig) {
    (void) sig;
    handled++;
    sigprocmask(SIG_BLOCK, NULL, &in_handler);
}

static long sys_select(int n, fd_set *r, fd_set *w, fd_set *e, long *tv) {
    return syscall(SYS_select, n, r, w, e, tv);
}

/* pselect6 with its sixth argument {const sigset_t *ss; size_t ss_len} */
static long sys_pselect6(int n, fd_set *r, fd_set *w, fd_set *e, long *ts, const sigset_t *ss, size_t len) {
    struct { const sigset_t *ss; size_t len; } arg = {ss, len};
    return syscall(SYS_pselect6, n, r, w, e, ts, ss || len ? &arg : NULL);
}

static void masks(const char *what, sigset_t *m) {
    printf("%s: USR1 %d USR2 %d TERM %d\n", what, sigismember(m, SIGUSR1), sigismember(m, SIGUSR2),
           sigismember(m, SIGTERM));
}

static void revents(const char *what, int fd, short events) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, 0);
    printf("%s: %d [%s%s%s%s%s%s%s]\n", what, r, p.revents & POLLIN ? " IN" : "", p.revents & POLLRDNORM ? " RDNORM" : "",
           p.revents & POLLOUT ? " OUT" : "", p.revents & POLLWRNORM ? " WRNORM" : "", p.revents & POLLHUP ? " HUP" : "",
           p.revents & POLLERR ? " ERR" : "", p.revents & POLLNVAL ? " NVAL" : "");
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2], file = open("f", O_CREAT | O_RDWR, 0644), null = open("/dev/null", O_RDWR);
    pipe(p);
    fd_set r, w;
    struct timeval tv0 = {0, 0};

    /* an empty pipe: not readable, writable */
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("select empty pipe, timeout 0", select(p[0] + 1, &r, NULL, NULL, &tv0));
    printf("  bit left set: %d\n", FD_ISSET(p[0], &r));
    FD_ZERO(&w); FD_SET(p[1], &w);
    showv("select pipe write end", select(p[1] + 1, NULL, &w, NULL, &tv0));
    printf("  writable: %d\n", FD_ISSET(p[1], &w));
    write(p[1], "x", 1);
    FD_ZERO(&r); FD_SET(p[0], &r); FD_SET(p[1], &r);
    FD_ZERO(&w); FD_SET(p[0], &w); FD_SET(p[1], &w);
    showv("select both ends, both sets, after a write", select(p[1] + 1, &r, &w, NULL, &tv0));
    printf("  readable %d %d writable %d %d\n", FD_ISSET(p[0], &r), FD_ISSET(p[1], &r), FD_ISSET(p[0], &w), FD_ISSET(p[1], &w));
    FD_ZERO(&r); FD_SET(file, &r); FD_SET(null, &r);
    FD_ZERO(&w); FD_SET(file, &w); FD_SET(null, &w);
    showv("select regular file and /dev/null", select((file > null ? file : null) + 1, &r, &w, NULL, NULL));

    /* the time left (raw select writes it back) */
    char c;
    read(p[0], &c, 1);
    long tv[2] = {0, 30000};
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("raw select 30 ms on an empty pipe", sys_select(p[0] + 1, &r, NULL, NULL, tv));
    printf("  left %ld %ld\n", tv[0], tv[1]);
    tv[0] = 5; tv[1] = 0;
    FD_ZERO(&w); FD_SET(p[1], &w);
    showv("raw select 5 s, ready", sys_select(p[1] + 1, NULL, &w, NULL, tv));
    printf("  left 4.5 s or more: %d\n", tv[0] == 4 && tv[1] >= 500000);
    tv[0] = 0; tv[1] = 1500000;
    FD_ZERO(&w); FD_SET(p[1], &w);
    showv("raw select tv_usec 1500000", sys_select(p[1] + 1, NULL, &w, NULL, tv));
    printf("  left 1 s: %d\n", tv[0] == 1);
    tv[0] = -1; tv[1] = 0;
    showv("raw select tv_sec -1", sys_select(p[1] + 1, NULL, &w, NULL, tv));
    tv[0] = 0; tv[1] = -1;
    showv("raw select tv_usec -1", sys_select(p[1] + 1, NULL, &w, NULL, tv));

    /* nfds and closed fds */
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("select nfds -1", select(-1, &r, NULL, NULL, &tv0));
    FD_ZERO(&w); FD_SET(p[1], &w);
    showv("raw select nfds 1<<30 (clamped to the fd table)", sys_select(1 << 30, NULL, &w, NULL, NULL));
    FD_ZERO(&r); FD_SET(p[0], &r); FD_SET(40, &r);
    showv("select with closed fd 40", select(41, &r, NULL, NULL, &tv0));
    printf("  set untouched: %d %d\n", FD_ISSET(p[0], &r), FD_ISSET(40, &r));
    FD_ZERO(&r); FD_SET(40, &r);
    showv("select closed fd 40 past nfds", select(40, &r, NULL, NULL, &tv0));
    showv("select no fds, 10 ms", select(0, NULL, NULL, NULL, &(struct timeval){0, 10000}));

    /* pselect6's arguments */
    long ts[2] = {0, 20000000};
    sigset_t none;
    sigemptyset(&none);
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("pselect6 20 ms, empty pipe", sys_pselect6(p[0] + 1, &r, NULL, NULL, ts, &none, 8));
    printf("  left %ld %ld\n", ts[0], ts[1]);
    ts[1] = 1000000000;
    showv("pselect6 tv_nsec 1e9", sys_pselect6(p[0] + 1, &r, NULL, NULL, ts, NULL, 0));
    ts[1] = 0;
    showv("pselect6 sigset size 7", sys_pselect6(p[0] + 1, &r, NULL, NULL, ts, &none, 7));
    showv("pselect6 no sigset, size 7", sys_pselect6(p[0] + 1, &r, NULL, NULL, ts, NULL, 7));

    /* waits woken by another process */
    pid_t k = fork();
    if (k == 0) {
        usleep(50000);
        write(p[1], "y", 1);
        _exit(0);
    }
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("select woken by a child's write", select(p[0] + 1, &r, NULL, NULL, &(struct timeval){10, 0}));
    waitpid(k, NULL, 0);
    read(p[0], &c, 1);
    k = fork();
    if (k == 0) {
        usleep(50000);
        write(p[1], "z", 1);
        _exit(0);
    }
    struct pollfd pf = {p[0], POLLIN, 0};
    showv("poll -1 woken by a child's write", poll(&pf, 1, -1));
    printf("  revents IN: %d\n", pf.revents == POLLIN);
    waitpid(k, NULL, 0);
    read(p[0], &c, 1);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    char big[4096] = {0};
    long filled = 0;
    while (write(p[1], big, sizeof big) > 0) filled += sizeof big;
    FD_ZERO(&w); FD_SET(p[1], &w);
    showv("select full pipe, timeout 0", select(p[1] + 1, NULL, &w, NULL, &tv0));
    k = fork();
    if (k == 0) {
        usleep(50000);
        for (long i = 0; i < filled; i += sizeof big) read(p[0], big, sizeof big);
        _exit(0);
    }
    FD_ZERO(&w); FD_SET(p[1], &w);
    showv("select woken by a child's read", select(p[1] + 1, NULL, &w, NULL, NULL));
    waitpid(k, NULL, 0);
    fcntl(p[1], F_SETFL, 0);

    /* poll's bits */
    write(p[1], "x", 1);
    revents("poll read end with data", p[0], POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
    revents("poll read end, POLLIN only", p[0], POLLIN);
    revents("poll write end", p[1], POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
    revents("poll regular file", file, POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLPRI);
    revents("poll /dev/null", null, POLLIN | POLLOUT);
    revents("poll stdin (lxrun's: the host's fd)", 0, POLLIN | POLLRDNORM);
    FD_ZERO(&r); FD_SET(0, &r);
    showv("select stdin", select(1, &r, NULL, NULL, NULL));
    revents("poll closed fd", 40, POLLIN);
    revents("poll fd -1", -1, POLLIN);
    int q[2];
    pipe(q);
    close(q[1]);
    revents("poll read end, writer gone", q[0], POLLIN | POLLRDNORM);
    FD_ZERO(&r); FD_SET(q[0], &r);
    showv("select read end, writer gone", select(q[0] + 1, &r, NULL, NULL, &tv0));
    close(q[0]);
    pipe(q);
    close(q[0]);
    revents("poll write end, reader gone", q[1], POLLOUT | POLLWRNORM);
    close(q[1]);

    /* ppoll's arguments */
    struct timespec bad = {-1, 0};
    showv("ppoll tv_sec -1", ppoll(&pf, 1, &bad, NULL));
    bad.tv_sec = 0; bad.tv_nsec = 1000000000;
    showv("ppoll tv_nsec 1e9", ppoll(&pf, 1, &bad, NULL));
    long pts[2] = {0, 0};
    showv("raw ppoll sigset size 4", syscall(SYS_ppoll, &pf, 1, pts, &none, 4));
    showv("raw ppoll no sigset, size 4", syscall(SYS_ppoll, &pf, 1, pts, NULL, 4));
    pts[1] = 20000000;
    read(p[0], &c, 1);
    showv("raw ppoll 20 ms on an empty pipe", syscall(SYS_ppoll, &pf, 1, pts, &none, 8));
    printf("  left %ld %ld\n", pts[0], pts[1]);
    showv("poll nfds 100000", poll(&pf, 100000, 0));

    /* the mask swapped in for the wait */
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t own, wait_mask, now;
    sigemptyset(&own); sigaddset(&own, SIGUSR1); sigaddset(&own, SIGTERM);
    sigprocmask(SIG_SETMASK, &own, NULL);
    sigemptyset(&wait_mask); sigaddset(&wait_mask, SIGUSR2);
    k = fork();
    if (k == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    waitpid(k, NULL, 0);
    printf("handled before pselect: %d\n", handled);
    FD_ZERO(&r); FD_SET(p[0], &r);
    struct timespec five = {5, 0};
    showv("pselect with a pending signal it unblocks", pselect(p[0] + 1, &r, NULL, NULL, &five, &wait_mask));
    printf("handled: %d\n", handled);
    masks("mask in the handler", &in_handler);
    sigprocmask(SIG_BLOCK, NULL, &now);
    masks("mask after", &now);

    k = fork();
    if (k == 0) {
        usleep(50000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("pselect interrupted during the wait", pselect(p[0] + 1, &r, NULL, NULL, &five, &wait_mask));
    printf("handled: %d\n", handled);
    waitpid(k, NULL, 0);

    raise(SIGUSR1); /* pending, blocked */
    write(p[1], "x", 1);
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("pselect with a ready fd and a pending signal", pselect(p[0] + 1, &r, NULL, NULL, &five, &wait_mask));
    printf("handled: %d\n", handled);
    sigprocmask(SIG_BLOCK, NULL, &now);
    masks("mask after", &now);
    sigpending(&now);
    printf("still pending: %d\n", sigismember(&now, SIGUSR1));
    read(p[0], &c, 1);
    pf.fd = p[0]; pf.events = POLLIN;
    showv("ppoll with the pending signal unblocked", ppoll(&pf, 1, &five, &wait_mask));
    printf("handled: %d\n", handled);
    sigprocmask(SIG_BLOCK, NULL, &now);
    masks("mask after", &now);

    sigprocmask(SIG_SETMASK, &none, NULL);
    k = fork();
    if (k == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    FD_ZERO(&r); FD_SET(p[0], &r);
    showv("select interrupted by a signal", select(p[0] + 1, &r, NULL, NULL, &(struct timeval){5, 0}));
    printf("handled: %d\n", handled);
    waitpid(k, NULL, 0);
    return 0;
}
