/* SIGSTOP stops every thread of a process (signal(7)): a child with two busy threads and one blocked
   in pause(); while it is stopped neither counter moves, after SIGCONT both do. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile long *counters;

static void nap(long ms) {
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&ts, NULL);
}

static void *spin(void *arg) {
    volatile long *c = &counters[(long)arg];
    for (;;) (*c)++;
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    counters = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, spin, (void *)0);
        pthread_create(&t, NULL, spin, (void *)1);
        for (;;) pause();
    }
    while (counters[0] < 1000 || counters[1] < 1000) nap(1);
    kill(pid, SIGSTOP);
    int st;
    waitpid(pid, &st, WUNTRACED);
    printf("stopped: %d\n", WIFSTOPPED(st));
    nap(20); /* a thread busy on another CPU stops at once natively, at its next back edge under lxrun */
    long a = counters[0], b = counters[1];
    nap(50);
    printf("counters still: %d %d\n", counters[0] == a, counters[1] == b);
    kill(pid, SIGCONT);
    waitpid(pid, &st, WCONTINUED);
    printf("continued: %d\n", WIFCONTINUED(st));
    for (int i = 0; i < 500 && (counters[0] == a || counters[1] == b); i++) nap(10);
    printf("counters move: %d %d\n", counters[0] != a, counters[1] != b);
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    printf("killed: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    return 0;
}
