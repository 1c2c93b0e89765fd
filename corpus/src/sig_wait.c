/* Waiting for signals: sigsuspend's mask swap and EINTR, pause woken by a handler, sigtimedwait with and
 * without a timeout, sigpending of thread- and process-directed signals, SA_RESTART on a pipe read. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got, blocked_in_handler;
static int feed = -1;
static pid_t child;
static void h(int s) {
    if (s == SIGALRM && feed >= 0) write(feed, "x", 1);
    if (s == SIGALRM && child > 0) kill(child, SIGTERM);
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    blocked_in_handler = sigismember(&cur, SIGUSR2) * 10 + sigismember(&cur, SIGUSR1);
    got = got * 100 + s;
}

static void on(int sig, int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(sig, &sa, NULL);
}

static void ms_timer(int ms) {
    struct itimerval it = {{0, 0}, {0, ms * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
    sigset_t block, empty, cur, pend;
    sigemptyset(&empty);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    on(SIGUSR1, 0);
    on(SIGALRM, 0);

    /* pending while blocked, then sigsuspend with an empty mask runs the handler and returns EINTR */
    kill(getpid(), SIGUSR1);
    sigpending(&pend);
    printf("pending usr1 %d usr2 %d, handler ran %d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2), (int)got);
    int r = sigsuspend(&empty);
    int e = errno;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("sigsuspend %d %s got %d mask-in-handler %d, after: usr1 blocked %d\n", r, strerror(e), (int)got,
           (int)blocked_in_handler, sigismember(&cur, SIGUSR1));
    sigpending(&pend);
    printf("pending usr1 after %d\n", sigismember(&pend, SIGUSR1));

    /* sigsuspend woken later by a timer */
    got = 0;
    ms_timer(20);
    r = sigsuspend(&empty);
    printf("sigsuspend by alarm %d %s got %d\n", r, strerror(errno), (int)got);

    /* pause woken by a handler */
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    got = 0;
    ms_timer(100);
    r = pause();
    printf("pause %d %s got %d\n", r, strerror(errno), (int)got);

    /* sigtimedwait: a pending blocked signal is taken without its handler; a timeout gives EAGAIN */
    sigset_t w;
    sigemptyset(&w);
    sigaddset(&w, SIGUSR2);
    sigprocmask(SIG_BLOCK, &w, NULL);
    got = 0;
    raise(SIGUSR2);
    siginfo_t si;
    struct timespec ts = {0, 30 * 1000 * 1000};
    r = sigtimedwait(&w, &si, &ts);
    printf("sigtimedwait %d signo %d code %d handler %d\n", r, si.si_signo, si.si_code, (int)got);
    r = sigtimedwait(&w, &si, &ts);
    printf("sigtimedwait timeout %d %s\n", r, strerror(errno));
    kill(getpid(), SIGUSR2);
    r = sigwaitinfo(&w, &si);
    printf("sigwaitinfo %d code-is-user %d pid-ok %d\n", r, si.si_code == SI_USER, si.si_pid == getpid());
    /* without timeout, woken by a signal sent later */
    sigaddset(&w, SIGALRM);
    sigprocmask(SIG_BLOCK, &w, NULL);
    ms_timer(20);
    r = sigwaitinfo(&w, &si);
    printf("sigwaitinfo alarm %d code-is-kernel %d handler %d\n", r, si.si_code == SI_KERNEL, (int)got);
    sigprocmask(SIG_UNBLOCK, &block, NULL);

    /* a blocking pipe read: EINTR without SA_RESTART, re-run with it (the handler feeds the pipe) */
    int p[2];
    pipe(p);
    feed = p[1];
    for (int restart = 0; restart < 2; restart++) {
        on(SIGALRM, restart ? SA_RESTART : 0);
        got = 0;
        char c = 0;
        write(p[1], "w", 1);
        read(p[0], &c, 1); /* the path to the blocking read runs once before the timer is set */
        ms_timer(50);
        ssize_t n = read(p[0], &c, 1);
        printf("read SA_RESTART=%d: %zd %s got %d\n", restart, n, n < 0 ? strerror(errno) : (c == 'x' ? "x" : "?"), (int)got);
        if (n < 0) n = read(p[0], &c, 1);
    }
    feed = -1;

    /* poll is interrupted even under SA_RESTART; ppoll's mask lets a blocked signal in while it waits */
    struct pollfd pf = {p[0], POLLIN, 0};
    got = 0;
    poll(&pf, 1, 0); /* the path to the waiting poll runs once before the timer is set */
    ms_timer(50);
    r = poll(&pf, 1, -1);
    printf("poll %d %s got %d\n", r, r < 0 ? strerror(errno) : "", (int)got);
    sigprocmask(SIG_BLOCK, &block, NULL);
    got = 0;
    kill(getpid(), SIGUSR1);
    struct timespec pt = {5, 0};
    r = ppoll(&pf, 1, &pt, &empty);
    e = errno;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("ppoll %d %s got %d usr1 blocked after %d\n", r, r < 0 ? strerror(e) : "", (int)got, sigismember(&cur, SIGUSR1));
    write(p[1], "y", 1);
    r = ppoll(&pf, 1, &pt, &empty);
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("ppoll ready %d usr1 blocked after %d\n", r, sigismember(&cur, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    /* wait4 with SA_RESTART is re-run; without it fails with EINTR (the child signals the parent, whose
     * handler ends the child) */
    for (int restart = 0; restart < 2; restart++) {
        on(SIGALRM, restart ? SA_RESTART : 0);
        child = fork();
        if (child == 0) {
            usleep(100 * 1000);
            kill(getppid(), SIGALRM);
            for (;;) pause();
        }
        int st = 0;
        pid_t w4 = waitpid(child, &st, 0);
        printf("waitpid SA_RESTART=%d: %s", restart, w4 == child ? "child" : strerror(errno));
        if (w4 != child) w4 = waitpid(child, &st, 0);
        printf(" killed by %d\n", WTERMSIG(st));
    }
    return 0;
}
