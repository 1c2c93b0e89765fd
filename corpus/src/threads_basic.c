/* pthreads: create/join 4 workers computing partial sums, a mutex-protected counter, thread-local data.
 * Output is deterministic (joined in order). */
#include <stdio.h>
#include <pthread.h>
#include <stdint.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long shared; static __thread long mine;
struct arg { int id; uint64_t result; };
static void *work(void *p) {
    struct arg *a = p; uint64_t s = 0;
    for (uint64_t i = a->id * 250000ull; i < (a->id + 1) * 250000ull; i++) s += i * i % 1000003;
    for (int k = 0; k < 10000; k++) { mine++; pthread_mutex_lock(&mu); shared++; pthread_mutex_unlock(&mu); }
    a->result = s + (uint64_t)mine;
    return (void *)(intptr_t)(a->id * 10);
}
int main(void) {
    pthread_t t[4]; struct arg a[4];
    for (int i = 0; i < 4; i++) { a[i].id = i; if (pthread_create(&t[i], NULL, work, &a[i])) { printf("create failed\n"); return 1; } }
    for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); printf("thread %d result %llu ret %ld\n", i, (unsigned long long)a[i].result, (long)(intptr_t)r); }
    printf("shared %ld main-tls %ld\n", shared, mine);
    return 0;
}
