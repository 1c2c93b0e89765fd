/* Futexes shared between processes (issue 11, item 2: multiprocessing's semaphores): an unnamed
 * semaphore and a process-shared mutex and condition variable in MAP_SHARED|MAP_ANONYMOUS memory, and a
 * named semaphore (sem_open, a file in /dev/shm), each waited on in one process and posted or signalled
 * in another. A wait that no other process can wake hangs, and the runner's timeout fails the case. */
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
    sem_t sem;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int turn, count;
};

static void reap(const char *what, pid_t pid) {
    int st;
    if (waitpid(pid, &st, 0) != pid) { printf("%s: waitpid failed\n", what); return; }
    printf("%s: child exited %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

int main(void) {
    struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED) { perror("mmap"); return 1; }
    sem_init(&s->sem, 1, 0);
    pthread_mutexattr_t ma; pthread_mutexattr_init(&ma); pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_condattr_t ca; pthread_condattr_init(&ca); pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->mu, &ma);
    pthread_cond_init(&s->cv, &ca);

    /* the child waits on the semaphore until the parent posts it, three times */
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 3; i++) if (sem_wait(&s->sem)) _exit(2);
        _exit(0);
    }
    usleep(20000);
    for (int i = 0; i < 3; i++) { sem_post(&s->sem); usleep(5000); }
    reap("unnamed semaphore", pid);

    /* ping-pong on a process-shared condition variable */
    pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 200; i++) {
            pthread_mutex_lock(&s->mu);
            while (s->turn != 1) pthread_cond_wait(&s->cv, &s->mu);
            s->count++; s->turn = 0;
            pthread_cond_broadcast(&s->cv);
            pthread_mutex_unlock(&s->mu);
        }
        _exit(0);
    }
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&s->mu);
        while (s->turn != 0) pthread_cond_wait(&s->cv, &s->mu);
        s->count++; s->turn = 1;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
    }
    pthread_mutex_lock(&s->mu);
    while (s->turn != 0) pthread_cond_wait(&s->cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
    reap("shared condition variable", pid);
    printf("count %d\n", s->count);

    /* a named semaphore, opened again by name in the child */
    char name[64];
    snprintf(name, sizeof name, "/lxrun-futex-shared-%d", (int) getpid());
    sem_t *n = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    if (n == SEM_FAILED) { perror("sem_open"); return 1; }
    pid = fork();
    if (pid == 0) {
        sem_t *m = sem_open(name, 0);
        if (m == SEM_FAILED) _exit(3);
        if (sem_wait(m)) _exit(2);
        _exit(0);
    }
    usleep(20000);
    sem_post(n);
    reap("named semaphore", pid);
    sem_unlink(name);
    return 0;
}
