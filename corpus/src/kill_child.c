/* A parent stops its children with signals and goes on (issue 11, item 1): kill(SIGKILL) and
 * kill(SIGTERM) of a child that sleeps and of one in a CPU loop, then waitpid reports WIFSIGNALED with
 * the signal; a child that catches SIGTERM exits with its own status; the parent prints after each. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_term(int sig) { (void) sig; _exit(42); }

static pid_t child(int busy, int catch_term, int ready[2]) {
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); exit(1); }
    if (pid == 0) {
        if (catch_term) signal(SIGTERM, on_term);
        close(ready[0]);
        if (write(ready[1], "r", 1) != 1) _exit(3);
        if (busy) for (volatile unsigned long i = 0;; i++) { }
        for (;;) pause();
    }
    char c;
    if (read(ready[0], &c, 1) != 1) { printf("child never ready\n"); exit(1); }
    return pid;
}

static void stop(const char *what, int busy, int catch_term, int sig) {
    int ready[2];
    if (pipe(ready)) { perror("pipe"); exit(1); }
    pid_t pid = child(busy, catch_term, ready);
    close(ready[0]); close(ready[1]);
    if (kill(pid, sig)) perror("kill");
    int st;
    pid_t r = waitpid(pid, &st, 0);
    if (r != pid) { printf("%s: waitpid returned %d\n", what, (int) r); return; }
    if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
    else if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else printf("%s: status %#x\n", what, st);
    fflush(stdout);
}

int main(void) {
    stop("sleeping child, SIGKILL", 0, 0, SIGKILL);
    stop("sleeping child, SIGTERM", 0, 0, SIGTERM);
    stop("busy child, SIGKILL", 1, 0, SIGKILL);
    stop("busy child, SIGTERM", 1, 0, SIGTERM);
    stop("child catching SIGTERM", 0, 1, SIGTERM);
    stop("sleeping child, SIGINT", 0, 0, SIGINT);
    printf("parent goes on\n");
    return 0;
}
