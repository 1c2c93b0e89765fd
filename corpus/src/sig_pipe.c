/* SIGPIPE: a write to a pipe whose reader is gone kills the writer by default (status 141 in a shell:
 * WTERMSIG 13); ignored, the write fails with EPIPE; caught, the handler runs and then EPIPE. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static void h(int s) { caught = s; }

static void writer(int mode) {
    int p[2];
    pipe(p);
    close(p[0]);
    fflush(stdout);
    pid_t ch = fork();
    if (ch == 0) {
        if (mode == 1) signal(SIGPIPE, SIG_IGN);
        if (mode == 2) signal(SIGPIPE, h);
        ssize_t r = write(p[1], "x", 1);
        printf("mode %d: write %zd %s caught %d\n", mode, r, r < 0 ? strerror(errno) : "", (int)caught);
        fflush(stdout);
        _exit(3);
    }
    close(p[1]);
    int st;
    waitpid(ch, &st, 0);
    if (WIFSIGNALED(st)) printf("mode %d: killed by signal %d\n", mode, WTERMSIG(st));
    else printf("mode %d: exited %d\n", mode, WEXITSTATUS(st));
}

int main(void) {
    writer(0);
    writer(1);
    writer(2);
    return 0;
}
