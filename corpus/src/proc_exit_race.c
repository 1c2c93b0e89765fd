/* A child's pid stays found from fork until it is reaped: kill(pid, 0) and pidfd_send_signal(2) of
   a child that is exiting right now succeed (a task is hashed until release_task), never ESRCH. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int kill_esrch = 0, pidfd_esrch = 0, rounds = 200;
    for (int i = 0; i < rounds; i++) {
        pid_t pid = fork();
        if (pid == 0) _exit(i & 0x7f);
        int pfd = syscall(SYS_pidfd_open, pid, 0);
        siginfo_t si;
        /* probe while it exits, until it is surely a zombie (WNOWAIT leaves it so) */
        for (int n = 0; n < 50; n++) {
            if (kill(pid, 0) != 0 && errno == ESRCH) kill_esrch++;
            if (pfd >= 0 && syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0) != 0 && errno == ESRCH) pidfd_esrch++;
        }
        waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
        if (kill(pid, 0) != 0) kill_esrch++;
        int st;
        if (waitpid(pid, &st, 0) != pid || WEXITSTATUS(st) != (i & 0x7f)) printf("round %d: bad wait\n", i);
        if (kill(pid, 0) == 0 || errno != ESRCH) printf("round %d: found after reap\n", i);
        if (pfd >= 0) close(pfd);
    }
    printf("%d rounds: kill ESRCH before reap %d, pidfd_send_signal ESRCH before reap %d\n", rounds, kill_esrch, pidfd_esrch);
    return 0;
}
