/* A write to a pipe without readers is EPIPE and raises SIGPIPE (write, writev, pwritev2), except with
   RWF_NOSIGNAL or while SIGPIPE is ignored; a handler sees si_code SI_USER. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "fs_common.h"

static volatile int caught, code;
static void on_pipe(int sig, siginfo_t *si, void *ctx) { (void)ctx; caught = sig; code = si->si_code; }

static void child(int how) {
    int p[2];
    pipe(p);
    close(p[0]);
    struct iovec v = {"x", 1};
    long r = how == 0 ? write(p[1], "x", 1) : how == 1 ? writev(p[1], &v, 1)
           : syscall(SYS_pwritev2, p[1], &v, 1, -1L, 0L, 0x100 /* RWF_NOSIGNAL */);
    printf("  still running: %s\n", r == -1 ? errname(errno) : "no error");
    fflush(stdout);
    _exit(0);
}

static void run(const char *what, int how) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) child(how);
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
    else printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

int main(void) {
    run("write", 0);
    run("writev", 1);
    run("pwritev2 RWF_NOSIGNAL", 2);
    signal(SIGPIPE, SIG_IGN);
    run("write, SIGPIPE ignored", 0);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_pipe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGPIPE, &sa, NULL);
    int p[2];
    pipe(p);
    close(p[0]);
    long r = write(p[1], "x", 1);
    printf("write with a handler: %s, caught %d, si_code %d\n", r == -1 ? errname(errno) : "no error", caught, code);
    return 0;
}
