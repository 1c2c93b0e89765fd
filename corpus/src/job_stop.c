/* Stop and continue (signal(7), wait(2)): SIGSTOP/SIGTSTP/SIGTTIN stop a child, SIGCONT continues it;
   waitpid with WUNTRACED/WCONTINUED, waitid with WSTOPPED/WCONTINUED/WNOWAIT; SIGCHLD's CLD_STOPPED and
   CLD_CONTINUED (none under SA_NOCLDSTOP); a stopped child runs no code (a busy loop's counter stands
   still); SIGTSTP in an orphaned process group is discarded; kill of a zombie is 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms) {
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&ts, NULL);
}

static const char *sname(int s) {
    switch (s) {
    case SIGSTOP: return "STOP";
    case SIGTSTP: return "TSTP";
    case SIGTTIN: return "TTIN";
    case SIGTTOU: return "TTOU";
    case SIGKILL: return "KILL";
    case SIGTERM: return "TERM";
    default: return "?";
    }
}

static void show(const char *what, pid_t child, pid_t r, const int *stp) {
    int st = *stp;
    printf("%s: %s", what, r == child ? "child" : r == 0 ? "none" : r < 0 ? strerror(errno) : "other");
    if (r == child) {
        if (WIFSTOPPED(st)) printf(" stopped %s", sname(WSTOPSIG(st)));
        else if (WIFCONTINUED(st)) printf(" continued");
        else if (WIFEXITED(st)) printf(" exited %d", WEXITSTATUS(st));
        else if (WIFSIGNALED(st)) printf(" killed %s", sname(WTERMSIG(st)));
    }
    printf("\n");
}

static const char *code(int c) {
    switch (c) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    default: return "?";
    }
}

/* The SIGCHLD pending (SIGCHLD is blocked) or coming within ms, or "no SIGCHLD". A stopping or ending
   child sends it before its waiters wake; a continued one when it runs again (later). */
static void chldw(pid_t child, long ms) {
    sigset_t s;
    siginfo_t si;
    sigemptyset(&s);
    sigaddset(&s, SIGCHLD);
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
    if (sigtimedwait(&s, &si, &ts) != SIGCHLD) {
        printf(errno == EAGAIN ? "  no SIGCHLD\n" : "  sigtimedwait: %s\n", strerror(errno));
        return;
    }
    printf("  SIGCHLD %s status %d pid %s\n", code(si.si_code), si.si_status, si.si_pid == child ? "child" : "other");
}

static void chld(pid_t child) {
    chldw(child, 0);
}

static void wid(const char *what, pid_t child, int options) {
    siginfo_t si;
    memset(&si, 0xff, sizeof si);
    int r = waitid(P_PID, child, &si, options);
    if (r < 0) { printf("%s: %s\n", what, strerror(errno)); return; }
    if (si.si_pid == 0) { printf("%s: none\n", what); return; }
    printf("%s: %s status %d pid %s\n", what, code(si.si_code), si.si_status, si.si_pid == child ? "child" : "other");
}

static volatile long *counter;
static int pfd[2];

static void on(int s) {
    char c = s == SIGCONT ? 'c' : 't';
    write(pfd[1], &c, 1);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, NULL);
    int st;

    /* 1. SIGSTOP and SIGCONT of a child in a busy loop, seen by waitpid and SIGCHLD */
    counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t child = fork();
    if (child == 0) {
        for (;;) (*counter)++;
    }
    while (*counter < 1000) nap(1);
    printf("kill STOP: %d\n", kill(child, SIGSTOP));
    show("waitpid WUNTRACED", child, waitpid(child, &st, WUNTRACED), &st);
    chld(child);
    show("waitpid WUNTRACED again", child, waitpid(child, &st, WUNTRACED | WNOHANG), &st);
    long a = *counter;
    nap(30);
    printf("counter still: %s\n", *counter == a ? "yes" : "no");
    printf("kill CONT: %d\n", kill(child, SIGCONT));
    show("waitpid WCONTINUED", child, waitpid(child, &st, WCONTINUED), &st);
    chldw(child, 2000);
    show("waitpid WCONTINUED again", child, waitpid(child, &st, WCONTINUED | WNOHANG), &st);
    a = *counter;
    for (int i = 0; i < 500 && *counter == a; i++) nap(10); /* a loaded machine may take a while to run it */
    printf("counter moves: %s\n", *counter != a ? "yes" : "no");
    show("waitpid plain", child, waitpid(child, &st, WNOHANG), &st);

    /* 2. waitid: WNOWAIT leaves the report; a stop then a SIGCONT: only the continue is left */
    kill(child, SIGSTOP);
    wid("waitid WSTOPPED|WNOWAIT", child, WSTOPPED | WNOWAIT);
    wid("waitid WSTOPPED", child, WSTOPPED);
    wid("waitid WSTOPPED|WNOHANG", child, WSTOPPED | WNOHANG);
    chld(child);
    kill(child, SIGCONT);
    wid("waitid WCONTINUED|WNOWAIT", child, WCONTINUED | WNOWAIT);
    wid("waitid WCONTINUED", child, WCONTINUED);
    wid("waitid WCONTINUED|WNOHANG", child, WCONTINUED | WNOHANG);
    chldw(child, 2000);
    kill(child, SIGSTOP);
    wid("waitid WSTOPPED|WNOWAIT", child, WSTOPPED | WNOWAIT);
    chld(child);
    kill(child, SIGCONT); /* the stop not taken is gone: only the continue is left */
    wid("waitid WSTOPPED|WCONTINUED|WNOHANG", child, WSTOPPED | WCONTINUED | WNOHANG);
    wid("waitid WSTOPPED|WCONTINUED|WNOHANG", child, WSTOPPED | WCONTINUED | WNOHANG);
    chldw(child, 2000);

    /* 3. SA_NOCLDSTOP: no SIGCHLD for stops and continues, still one for the end */
    struct sigaction sa = {0};
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    kill(child, SIGSTOP);
    show("NOCLDSTOP waitpid WUNTRACED", child, waitpid(child, &st, WUNTRACED), &st);
    chld(child);
    kill(child, SIGCONT);
    show("NOCLDSTOP waitpid WCONTINUED", child, waitpid(child, &st, WCONTINUED), &st);
    chldw(child, 100);
    /* a stopped child dies of SIGKILL; SIGTERM stays pending while it is stopped */
    kill(child, SIGSTOP);
    show("waitpid WUNTRACED", child, waitpid(child, &st, WUNTRACED), &st);
    kill(child, SIGKILL);
    show("waitpid", child, waitpid(child, &st, 0), &st);
    chld(child);
    sa.sa_flags = 0;
    sigaction(SIGCHLD, &sa, NULL);

    /* 4. SIGTERM to a stopped child acts only when it continues */
    child = fork();
    if (child == 0) for (;;) pause();
    kill(child, SIGSTOP);
    show("waitpid WUNTRACED", child, waitpid(child, &st, WUNTRACED), &st);
    chld(child);
    kill(child, SIGTERM);
    nap(30);
    show("after TERM, waitpid WNOHANG", child, waitpid(child, &st, WNOHANG), &st);
    kill(child, SIGCONT);
    show("after CONT, waitpid", child, waitpid(child, &st, 0), &st);
    chld(child);

    /* 5. SIGTSTP in this (orphaned) group is discarded; in a group of its own the child stops,
       as for SIGTTIN and SIGTTOU */
    child = fork();
    if (child == 0) {
        raise(SIGTSTP);
        _exit(7);
    }
    show("TSTP in orphaned group, waitpid WUNTRACED", child, waitpid(child, &st, WUNTRACED), &st);
    if (WIFSTOPPED(st)) { /* not run by corpus/run, which starts it in a session of its own */
        kill(child, SIGKILL);
        waitpid(child, &st, 0);
        chld(child);
    }
    chld(child);
    int sigs[] = {SIGTSTP, SIGTTIN, SIGTTOU};
    for (int i = 0; i < 3; i++) {
        child = fork();
        if (child == 0) {
            setpgid(0, 0);
            raise(sigs[i]);
            _exit(8);
        }
        show("own group, waitpid WUNTRACED", child, waitpid(child, &st, WUNTRACED), &st);
        chld(child);
        kill(child, SIGCONT);
        show("waitpid", child, waitpid(child, &st, 0), &st);
        chld(child);
    }

    /* 6. a handler for SIGCONT runs once the child continues; a stop signal with a handler does not stop */
    pipe(pfd);
    child = fork();
    if (child == 0) {
        close(pfd[0]);
        struct sigaction h = {0};
        h.sa_handler = on;
        sigaction(SIGCONT, &h, NULL);
        sigaction(SIGTSTP, &h, NULL);
        write(pfd[1], "r", 1);
        for (;;) pause();
    }
    close(pfd[1]);
    char buf[8];
    read(pfd[0], buf, 1);
    kill(child, SIGSTOP);
    show("waitpid WUNTRACED", child, waitpid(child, &st, WUNTRACED), &st);
    chld(child);
    kill(child, SIGCONT);
    read(pfd[0], buf, 1);
    printf("handler: %c\n", buf[0]);
    chld(child);
    kill(child, SIGTSTP);
    read(pfd[0], buf, 1);
    printf("handler: %c\n", buf[0]);
    show("waitpid WUNTRACED|WNOHANG", child, waitpid(child, &st, WUNTRACED | WNOHANG), &st);
    kill(child, SIGKILL);
    show("waitpid", child, waitpid(child, &st, 0), &st);
    chld(child);

    /* 7. kill of a zombie is 0; once reaped, ESRCH */
    child = fork();
    if (child == 0) _exit(3);
    siginfo_t si;
    waitid(P_PID, child, &si, WEXITED | WNOWAIT);
    printf("kill zombie TERM: %d\n", kill(child, SIGTERM));
    printf("kill zombie 0: %d\n", kill(child, 0));
    printf("kill -pgid with a zombie: %d\n", kill(-getpgrp(), 0));
    show("waitpid", child, waitpid(child, &st, 0), &st);
    errno = 0;
    int k = kill(child, 0);
    printf("kill reaped: %d %s\n", k, strerror(errno));
    chld(child);
    return 0;
}
