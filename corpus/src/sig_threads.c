/* Asynchronous signals and threads: a signal sent to a thread spinning in a loop (no system calls) runs
 * its handler there; kill(getpid()) with the signal blocked in main reaches the thread that does not
 * block it; a process-directed signal every thread blocks stays pending until one unblocks it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t flag, where_ok;
static volatile int stop, ready;
static pid_t worker_tid;
static void h(int s) {
    (void)s;
    where_ok = syscall(SYS_gettid) == worker_tid;
    flag = 1;
}

static void *spinner(void *arg) {
    (void)arg;
    worker_tid = syscall(SYS_gettid);
    __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
    unsigned long n = 0;
    while (!flag) n++; /* no system call: only an asynchronous interruption ends this */
    return (void *)(n > 0 ? 1L : 2L);
}

static void *receiver(void *arg) {
    (void)arg;
    worker_tid = syscall(SYS_gettid);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
    while (!flag) {
    }
    return NULL;
}

int main(void) {
    signal(SIGUSR1, h);
    signal(SIGUSR2, h);
    signal(SIGALRM, h);
    pthread_t t;
    void *ret;

    /* pthread_kill to a thread in a busy loop */
    pthread_create(&t, NULL, spinner, NULL);
    while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST)) usleep(1000);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, &ret);
    printf("spinner saw the handler: %d in thread %d ret %ld\n", (int)flag, (int)where_ok, (long)ret);

    /* kill(getpid()) blocked in main, unblocked in a (spinning) second thread */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    flag = 0;
    ready = 0;
    pthread_create(&t, NULL, receiver, NULL);
    while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST)) usleep(1000);
    kill(getpid(), SIGUSR2);
    pthread_join(t, NULL);
    sigset_t pend;
    sigpending(&pend);
    printf("kill(getpid) went to the thread: %d in thread %d, still pending %d\n", (int)flag, (int)where_ok,
           sigismember(&pend, SIGUSR2));

    /* every thread blocks it: pending for the process until main unblocks */
    flag = 0;
    worker_tid = syscall(SYS_gettid);
    kill(getpid(), SIGUSR2);
    usleep(20000);
    sigpending(&pend);
    printf("blocked everywhere: handler %d pending %d\n", (int)flag, sigismember(&pend, SIGUSR2));
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    printf("after unblock: handler %d in main %d\n", (int)flag, (int)where_ok);
    sigpending(&pend);
    printf("pending now %d\n", sigismember(&pend, SIGUSR2));

    /* SIGALRM from alarm-like timer interrupts main's own busy loop */
    flag = 0;
    ualarm(20000, 0);
    unsigned long n = 0;
    while (!flag) n++;
    printf("main loop interrupted by SIGALRM: %d\n", (int)flag);
    return 0;
}
