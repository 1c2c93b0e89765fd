/* Processes: fork and wait4 with exit codes and signals, exec of the program itself through
 * /proc/self/exe and through PATH-less execv, posix_spawn (CLONE_VM|CLONE_VFORK), pipes between parent
 * and child, waitid, WNOHANG, ECHILD, SIGCHLD to a handler, and a #! script exec'd by a child. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static volatile sig_atomic_t chld;

static void on_chld(int sig) { (void) sig; chld++; }

static void report(const char *what, int st) {
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
    else printf("%s: status %#x\n", what, st);
}

int main(int argc, char **argv) {
    if (argc > 1) { /* the exec'd child */
        printf("child program: argv[1]=%s argc=%d\n", argv[1], argc);
        return argc + 10;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    int st;
    pid_t p = fork();
    if (p == 0) _exit(42);
    printf("waitpid returns the child: %d\n", waitpid(p, &st, 0) == p);
    report("fork+_exit", st);

    p = fork();
    if (p == 0) { raise(SIGTERM); _exit(1); }
    waitpid(p, &st, 0);
    report("fork+raise", st);

    p = fork();
    if (p == 0) { execl("/proc/self/exe", argv[0], "via-proc-self-exe", (char *) 0); _exit(127); }
    waitpid(p, &st, 0);
    report("exec /proc/self/exe", st);

    char *args[] = {argv[0], "spawned", "x", NULL};
    if (posix_spawn(&p, argv[0], NULL, NULL, args, environ) == 0) {
        waitpid(p, &st, 0);
        report("posix_spawn", st);
    }

    int fds[2];
    if (pipe(fds) != 0) return 1;
    p = fork();
    if (p == 0) {
        close(fds[0]);
        for (int i = 0; i < 1000; i++) dprintf(fds[1], "line %d\n", i);
        _exit(0);
    }
    close(fds[1]);
    char buf[4096];
    long total = 0, n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;
    close(fds[0]);
    waitpid(p, &st, 0);
    printf("pipe carried %ld bytes\n", total);

    struct sigaction sa = {0};
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, NULL);
    p = fork();
    if (p == 0) _exit(5);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    while (waitid(P_PID, p, &si, WEXITED) != 0 && errno == EINTR) {}
    printf("waitid: signo=%d code=%d status=%d pid-ok=%d\n", si.si_signo, si.si_code, si.si_status, si.si_pid == p);
    printf("SIGCHLD handler ran: %d\n", chld > 0);

    printf("WNOHANG with no children: %d errno=%s\n", waitpid(-1, &st, WNOHANG), strerror(errno));

    FILE *f = fopen("script.sh", "w");
    fprintf(f, "#!/bin/sh\necho script says $1 $2\nexit 9\n");
    fclose(f);
    chmod("script.sh", 0755);
    p = fork();
    if (p == 0) { execl("./script.sh", "script.sh", "hello", "world", (char *) 0); _exit(127); }
    waitpid(p, &st, 0);
    report("#! script", st);

    p = fork();
    if (p == 0) { execl("./no-such-program", "x", (char *) 0); _exit(errno == ENOENT ? 3 : 4); }
    waitpid(p, &st, 0);
    report("exec of a missing file", st);
    return 0;
}
