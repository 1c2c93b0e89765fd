/* POSIX message queues (mq_overview(7)): open, attributes and their limits, priorities, non-blocking
 * and timed sends and receives, waiters woken by another process, mq_notify with SIGEV_SIGNAL (one
 * registration, one signal, only on an empty queue), mq_unlink, poll, the queue file's read, errors.
 * Times are checked in ranges, never printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fs_common.h"

static char qname[64], qname2[64];

static void attrs(mqd_t q, const char *what) {
    struct mq_attr a;
    if (mq_getattr(q, &a) < 0) { printf("%s getattr: %s\n", what, errname(errno)); return; }
    printf("%s: flags %s maxmsg %ld msgsize %ld curmsgs %ld\n", what, a.mq_flags & O_NONBLOCK ? "O_NONBLOCK" : "0",
           a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
}

static void receive(mqd_t q, const char *what) {
    char buf[128];
    unsigned prio = 99;
    ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
    if (n < 0) printf("%s: %s\n", what, errname(errno));
    else printf("%s: %zd [%.*s] prio %u\n", what, n, (int)n, buf, prio);
}

static struct timespec in_ms(long ms) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += (ms % 1000) * 1000000;
    t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

static long ms_since(struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void errors(void) {
    printf("-- errors\n");
    show("open missing", mq_open(qname, O_RDWR));
    show("open slash in name", mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL));
    show("open empty name", mq_open("/", O_RDWR | O_CREAT, 0600, NULL));
    char longname[300] = "/";
    memset(longname + 1, 'x', 256);
    show("open long name", mq_open(longname, O_RDWR | O_CREAT, 0600, NULL));
    struct mq_attr a = {.mq_maxmsg = 0, .mq_msgsize = 16};
    show("maxmsg 0", mq_open(qname, O_RDWR | O_CREAT, 0600, &a));
    a.mq_maxmsg = 4;
    a.mq_msgsize = 0;
    show("msgsize 0", mq_open(qname, O_RDWR | O_CREAT, 0600, &a));
    a.mq_msgsize = -1;
    show("msgsize -1", mq_open(qname, O_RDWR | O_CREAT, 0600, &a));
    a.mq_maxmsg = 100000;
    a.mq_msgsize = 16;
    show("maxmsg 100000", mq_open(qname, O_RDWR | O_CREAT, 0600, &a));
    show("unlink missing", mq_unlink(qname));
    show("getattr bad fd", mq_getattr(99, &a));
    show("getattr not a queue", mq_getattr(1, &a));
    show("send not a queue", mq_send(1, "x", 1, 0));
    show("notify not a queue", mq_notify(1, NULL));
}

static void basics(void) {
    printf("-- basics\n");
    struct mq_attr a = {.mq_maxmsg = 4, .mq_msgsize = 64};
    mqd_t q = mq_open(qname, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
    show("open create", q);
    show("open excl again", mq_open(qname, O_RDWR | O_CREAT | O_EXCL, 0600, &a));
    mqd_t dflt = mq_open(qname2, O_RDWR | O_CREAT | O_CLOEXEC, 0600, NULL);
    attrs(dflt, "defaults");
    printf("cloexec %d\n", fcntl(dflt, F_GETFD) & FD_CLOEXEC);
    struct stat st;
    fstat(dflt, &st);
    printf("fstat type %s mode %o\n", S_ISREG(st.st_mode) ? "regular" : "other", st.st_mode & 07777);
    mq_close(dflt);
    mq_unlink(qname2);
    attrs(q, "created");
    show("send 1", mq_send(q, "one", 3, 1));
    show("send 5a", mq_send(q, "five-a", 6, 5));
    show("send 3", mq_send(q, "three", 5, 3));
    show("send 5b", mq_send(q, "five-b", 6, 5));
    attrs(q, "four queued");
    struct pollfd p = {q, POLLIN | POLLOUT, 0};
    poll(&p, 1, 0);
    printf("poll full %#x\n", p.revents);
    char info[256];
    ssize_t n = read(q, info, sizeof info - 1);
    if (n >= 0) { info[n] = 0; printf("read: %s", info); }
    show("send prio 32768", mq_send(q, "x", 1, 32768));
    show("send too long", mq_send(q, info, 65, 0));
    struct timespec now = in_ms(0);
    show("timedsend full, past deadline", mq_timedsend(q, "x", 1, 0, &now));
    char small[16];
    show("receive small buffer", mq_receive(q, small, sizeof small, NULL));
    receive(q, "receive");
    receive(q, "receive");
    receive(q, "receive");
    receive(q, "receive");
    poll(&p, 1, 0);
    printf("poll empty %#x\n", p.revents);
    show("send empty message", mq_send(q, "", 0, 0));
    receive(q, "receive empty message");
    struct timespec bad = {0, 1000000000};
    show("timedreceive bad timeout", mq_timedreceive(q, info, sizeof info, NULL, &bad));
    mq_send(q, "x", 1, 0);
    show("timedreceive bad timeout, queue not empty", mq_timedreceive(q, info, sizeof info, NULL, &bad));
    receive(q, "receive");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec soon = in_ms(60);
    show("timedreceive empty", mq_timedreceive(q, info, sizeof info, NULL, &soon));
    long ms = ms_since(&t0);
    printf("waited %s\n", ms >= 50 && ms < 2000 ? "about 60 ms" : "wrong");

    struct mq_attr nb = {.mq_flags = O_NONBLOCK}, old;
    show("setattr nonblock", mq_setattr(q, &nb, &old));
    printf("old flags %ld\n", old.mq_flags);
    attrs(q, "nonblocking");
    printf("F_GETFL nonblock %d\n", !!(fcntl(q, F_GETFL) & O_NONBLOCK));
    receive(q, "receive nonblocking empty");
    for (int i = 0; i < 4; i++) mq_send(q, "f", 1, 0);
    show("send nonblocking full", mq_send(q, "f", 1, 0));
    struct mq_attr badflags = {.mq_flags = O_NONBLOCK | O_APPEND};
    show("setattr bad flags", mq_setattr(q, &badflags, NULL));
    nb.mq_flags = 0;
    mq_setattr(q, &nb, NULL);
    attrs(q, "blocking again");
    for (int i = 0; i < 4; i++) mq_receive(q, info, sizeof info, NULL);

    mqd_t ro = mq_open(qname, O_RDONLY), wo = mq_open(qname, O_WRONLY);
    show("send on read-only", mq_send(ro, "x", 1, 0));
    show("receive on write-only", mq_receive(wo, info, sizeof info, NULL));
    mq_close(ro);
    mq_close(wo);

    /* a blocked receiver woken by another process's send; a blocked sender by its receive */
    pid_t pid = fork();
    if (pid == 0) {
        usleep(50000);
        mq_send(q, "from child", 10, 7);
        _exit(0);
    }
    receive(q, "blocking receive");
    waitpid(pid, NULL, 0);
    for (int i = 0; i < 4; i++) mq_send(q, "g", 1, i);
    pid = fork();
    if (pid == 0) {
        usleep(50000);
        char b[64];
        unsigned pr;
        mq_receive(q, b, sizeof b, &pr);
        _exit(pr);
    }
    show("blocking send", mq_send(q, "h", 1, 9));
    int status;
    waitpid(pid, &status, 0);
    printf("child received prio %d\n", WEXITSTATUS(status));
    receive(q, "receive");
    for (int i = 0; i < 3; i++) mq_receive(q, info, sizeof info, NULL);
    attrs(q, "drained");

    show("unlink", mq_unlink(qname));
    show("open after unlink", mq_open(qname, O_RDWR));
    show("send after unlink", mq_send(q, "still", 5, 0));
    receive(q, "receive after unlink");
    mq_close(q);
}

static volatile sig_atomic_t got, got_code, got_value, got_pid_ok;

static void on_usr1(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    got++;
    got_code = si->si_code;
    got_value = si->si_value.sival_int;
    got_pid_ok = si->si_pid == getpid();
    (void)sig;
}

static void notify(void) {
    printf("-- notify\n");
    struct sigaction sa = {.sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO};
    sigaction(SIGUSR1, &sa, NULL);
    struct mq_attr a = {.mq_maxmsg = 4, .mq_msgsize = 32};
    mqd_t q = mq_open(qname, O_RDWR | O_CREAT, 0600, &a);
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1, .sigev_value.sival_int = 42};
    show("notify", mq_notify(q, &ev));
    show("notify again", mq_notify(q, &ev));
    pid_t pid = fork();
    if (pid == 0) {
        int r = mq_notify(q, &ev);
        _exit(r < 0 ? errno : 0);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("child's notify: %s\n", WEXITSTATUS(status) ? errname(WEXITSTATUS(status)) : "ok");
    char info[256];
    ssize_t n = read(q, info, sizeof info - 1);
    if (n >= 0) {
        info[n] = 0;
        char *pid = strstr(info, "NOTIFY_PID:");
        if (pid && atoi(pid + 11) == getpid()) strcpy(pid + 11, "(mine)\n");
        printf("read: %s", info);
    }
    showv("second read", read(q, info, sizeof info));
    mq_send(q, "ping", 4, 0);
    printf("signals %d code %s value %d pid %s\n", (int)got, got_code == SI_MESGQ ? "SI_MESGQ" : "other",
           (int)got_value, got_pid_ok ? "mine" : "other");
    mq_send(q, "pong", 4, 0);
    printf("after a second send: signals %d\n", (int)got);
    show("notify on a non-empty queue", mq_notify(q, &ev));
    mq_send(q, "more", 4, 0);
    printf("send to a non-empty queue: signals %d\n", (int)got);
    for (int i = 0; i < 3; i++) mq_receive(q, info, sizeof info, NULL);
    mq_send(q, "again", 5, 0);
    printf("send to the empty queue: signals %d\n", (int)got);
    mq_receive(q, info, sizeof info, NULL);
    show("notify remove (none)", mq_notify(q, NULL));
    show("notify", mq_notify(q, &ev));
    show("notify remove", mq_notify(q, NULL));
    mq_send(q, "x", 1, 0);
    printf("after removal: signals %d\n", (int)got);
    mq_receive(q, info, sizeof info, NULL);
    struct sigevent none = {.sigev_notify = SIGEV_NONE};
    show("notify SIGEV_NONE", mq_notify(q, &none));
    show("notify while SIGEV_NONE", mq_notify(q, &ev));
    mq_send(q, "x", 1, 0);
    mq_receive(q, info, sizeof info, NULL);
    show("notify after SIGEV_NONE fired", mq_notify(q, &ev));
    mq_notify(q, NULL);
    struct sigevent badsig = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = 99};
    show("notify bad signal", mq_notify(q, &badsig));
    struct sigevent badhow = {.sigev_notify = 77, .sigev_signo = SIGUSR1};
    show("notify bad sigev_notify", mq_notify(q, &badhow));
    /* a registration goes with the descriptor it was made on */
    mqd_t q2 = mq_open(qname, O_RDWR);
    show("notify on a second descriptor", mq_notify(q2, &ev));
    mq_close(q2);
    show("notify after that descriptor closed", mq_notify(q, &ev));
    mq_close(q);
    mq_unlink(qname);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(qname, sizeof qname, "/lxrun-mq-%d", (int)getpid());
    snprintf(qname2, sizeof qname2, "/lxrun-mq2-%d", (int)getpid());
    errors();
    basics();
    notify();
    return 0;
}
