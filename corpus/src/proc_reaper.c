/* PR_SET_CHILD_SUBREAPER (prctl(2)): the children of a process that ends, running or zombies, become
   the subreaper's children: getppid() names it, and it waits for them. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms) {
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&ts, NULL);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t me = getpid();
    printf("SET_CHILD_SUBREAPER: %d\n", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
    int pfd[2];
    pipe(pfd);
    pid_t c = fork();
    if (c == 0) {
        pid_t self = getpid();
        pid_t g = fork();
        if (g == 0) { /* a running grandchild: waits for its parent's end */
            for (int i = 0; i < 5000 && getppid() == self; i++) nap(1);
            _exit(getppid() == me ? 5 : 4); /* 5: its parent is the subreaper now */
        }
        pid_t z = fork();
        if (z == 0) _exit(6); /* a grandchild that is a zombie when its parent ends */
        siginfo_t si;
        waitid(P_PID, z, &si, WEXITED | WNOWAIT);
        char m[32];
        int n = snprintf(m, sizeof m, "%d %d", g, z);
        write(pfd[1], m, n);
        _exit(3);
    }
    char buf[32] = {0};
    read(pfd[0], buf, sizeof buf - 1);
    pid_t g, z;
    sscanf(buf, "%d %d", &g, &z);
    int st;
    pid_t r = waitpid(c, &st, 0);
    printf("child: %s %d\n", r == c ? "exited" : strerror(errno), WEXITSTATUS(st));
    r = waitpid(z, &st, 0);
    printf("zombie grandchild reaped by the subreaper: %s %d\n", r == z ? "yes" : strerror(errno), WEXITSTATUS(st));
    r = waitpid(-1, &st, 0);
    printf("running grandchild reaped: %s %d\n", r == g ? "yes" : strerror(errno), WEXITSTATUS(st));
    r = waitpid(-1, &st, 0);
    printf("then: %s\n", r < 0 && errno == ECHILD ? "ECHILD" : "more");
    return 0;
}
