/* pthread_create/pthread_join in a loop under load (issue 11, item 2): four processes at once, each
 * creating and joining threads one after another. FUTEX_WAIT must never fail with an error Linux does
 * not give (glibc aborts with "The futex facility returned an unexpected error code"). Argument: the
 * threads per process (default 200). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *work(void *p) {
    volatile long s = 0;
    for (long i = 0; i < 1000; i++) s += i ^ (long) p;
    return (void *) ((long) p & 1);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    pid_t pids[4];
    for (int k = 0; k < 4; k++) {
        pid_t pid = pids[k] = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) {
            long odd = 0;
            for (int i = 0; i < n; i++) {
                pthread_t t;
                void *r;
                if (pthread_create(&t, NULL, work, (void *) (long) i)) { printf("create failed\n"); _exit(2); }
                if (pthread_join(t, &r)) { printf("join failed\n"); _exit(2); }
                odd += (long) r;
            }
            _exit(odd == n / 2 ? 0 : 3);
        }
    }
    int bad = 0;
    for (int k = 0; k < 4; k++) {
        int st;
        if (waitpid(pids[k], &st, 0) != pids[k]) { printf("process %d: waitpid failed\n", k); bad++; continue; }
        if (WIFEXITED(st)) printf("process %d: %d threads joined, exit %d\n", k, n, WEXITSTATUS(st));
        else printf("process %d: killed by signal %d\n", k, WTERMSIG(st));
        bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    }
    return bad != 0;
}
