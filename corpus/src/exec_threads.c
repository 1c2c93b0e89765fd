/* execve from a process with other running threads: they end first (Linux's de_thread), and the new
 * program starts alone with a fresh address space. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static volatile long spin;

static void *worker(void *a) {
    (void) a;
    for (;;) spin++;
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) {
        printf("exec'd with %s, argc=%d\n", argv[1], argc);
        return 5;
    }
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, worker, 0);
    usleep(50000);
    execl("/proc/self/exe", argv[0], "threads-gone", (char *) 0);
    perror("execl");
    return 1;
}
