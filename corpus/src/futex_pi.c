/* Priority-inheritance futexes (futex(2) FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI,
 * FUTEX_UNLOCK_PI): PTHREAD_PRIO_INHERIT mutexes under contention, trylock, timed and clock locks, and
 * the raw calls: the futex word's owner TID and FUTEX_WAITERS bit after each, the hand-over to a
 * waiter, EDEADLK, EPERM, ESRCH for an owner that does not exist, timeouts and clocks, errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "fs_common.h"

/* <linux/futex.h>'s, which musl-gcc does not have */
enum { FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8, FUTEX_LOCK_PI2 = 13, FUTEX_PRIVATE_FLAG = 128,
       FUTEX_CLOCK_REALTIME = 256 };
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

static pthread_mutex_t m;
static long counter;

static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&m);
        long v = counter;
        if (i % 100 == 0) sched_yield();
        counter = v + 1;
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

static long futex(uint32_t *w, int op, int val, const struct timespec *ts) {
    return syscall(SYS_futex, w, op, val, ts, NULL, 0);
}

/* The word as "free", "me", "other", "999999" with "|WAITERS" and "|OWNER_DIED". */
static void word(const char *what, uint32_t w, pid_t me, pid_t other) {
    uint32_t tid = w & FUTEX_TID_MASK;
    printf("%s: %s%s%s\n", what, tid == 0 ? "free" : tid == (uint32_t)me ? "me" : tid == (uint32_t)other ? "other" : tid == 999999 ? "999999" : "?",
           w & FUTEX_WAITERS ? "|WAITERS" : "", w & FUTEX_OWNER_DIED ? "|OWNER_DIED" : "");
}

static uint32_t fw;
static volatile int holder_tid, release;

static void *holder(void *arg) {
    (void)arg;
    holder_tid = gettid_();
    futex(&fw, FUTEX_LOCK_PI, 0, NULL);
    while (!release) usleep(1000);
    usleep(50000); /* the main thread is waiting in FUTEX_LOCK_PI by now */
    futex(&fw, FUTEX_UNLOCK_PI, 0, NULL);
    return NULL;
}

static struct timespec in_ms(clockid_t c, long ms) {
    struct timespec t;
    clock_gettime(c, &t);
    t.tv_nsec += ms * 1000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

static void *locker(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    while (!release) usleep(1000);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("-- PTHREAD_PRIO_INHERIT mutex\n");
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    int r = pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
    printf("setprotocol: %s\n", r ? errname(r) : "ok");
    pthread_mutex_init(&m, &a);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("counter %ld\n", counter);
    release = 0;
    pthread_t l;
    pthread_create(&l, NULL, locker, NULL);
    while (pthread_mutex_trylock(&m) == 0) { pthread_mutex_unlock(&m); usleep(1000); }
    r = pthread_mutex_trylock(&m);
    printf("trylock while held: %s\n", r ? errname(r) : "ok");
    struct timespec ts = in_ms(CLOCK_REALTIME, 50);
    r = pthread_mutex_timedlock(&m, &ts);
    printf("timedlock while held: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : r ? errname(r) : "ok");
#ifdef __GLIBC__ /* glibc's FUTEX_LOCK_PI2 on CLOCK_MONOTONIC; musl has no clocklock */
    ts = in_ms(CLOCK_MONOTONIC, 50);
    r = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &ts);
#else
    ts = in_ms(CLOCK_REALTIME, 50);
    r = pthread_mutex_timedlock(&m, &ts);
#endif
    printf("second timed lock while held: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : r ? errname(r) : "ok");
    release = 1;
    r = pthread_mutex_lock(&m);
    printf("lock after release: %s\n", r ? errname(r) : "ok");
    pthread_mutex_unlock(&m);
    pthread_join(l, NULL);
    pthread_mutex_destroy(&m);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&m, &a);
    pthread_mutex_lock(&m);
    r = pthread_mutex_lock(&m);
    printf("errorcheck relock: %s\n", r ? errname(r) : "ok");
    pthread_mutex_unlock(&m);
    r = pthread_mutex_unlock(&m);
    printf("errorcheck unlock unowned: %s\n", r ? errname(r) : "ok");

    printf("-- raw futex calls\n");
    pid_t me = gettid_();
    fw = 0;
    show("LOCK_PI free", futex(&fw, FUTEX_LOCK_PI, 0, NULL));
    word("word", fw, me, 0);
    show("LOCK_PI own", futex(&fw, FUTEX_LOCK_PI, 0, NULL));
    show("TRYLOCK_PI own", futex(&fw, FUTEX_TRYLOCK_PI, 0, NULL));
    show("UNLOCK_PI", futex(&fw, FUTEX_UNLOCK_PI, 0, NULL));
    word("word", fw, me, 0);
    show("UNLOCK_PI free", futex(&fw, FUTEX_UNLOCK_PI, 0, NULL));
    show("TRYLOCK_PI free", futex(&fw, FUTEX_TRYLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL));
    word("word", fw, me, 0);
    show("UNLOCK_PI private", futex(&fw, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL));
    fw = 999999;
    show("LOCK_PI owner gone", futex(&fw, FUTEX_LOCK_PI, 0, NULL));
    word("word", fw, me, 0);
    fw = 999999;
    show("TRYLOCK_PI owner gone", futex(&fw, FUTEX_TRYLOCK_PI, 0, NULL));
    show("UNLOCK_PI not owner", futex(&fw, FUTEX_UNLOCK_PI, 0, NULL));
    fw = FUTEX_OWNER_DIED;
    show("LOCK_PI owner died", futex(&fw, FUTEX_LOCK_PI, 0, NULL));
    word("word", fw, me, 0);
    show("UNLOCK_PI", futex(&fw, FUTEX_UNLOCK_PI, 0, NULL));
    word("word", fw, me, 0);
    show("LOCK_PI unaligned", futex((uint32_t *)((char *)&fw + 1), FUTEX_LOCK_PI, 0, NULL));
    show("LOCK_PI NULL", futex(NULL, FUTEX_LOCK_PI, 0, NULL));
    struct timespec bad = {0, 1000000000};
    show("LOCK_PI bad timeout", futex(&fw, FUTEX_LOCK_PI, 0, &bad));
    show("LOCK_PI CLOCK_REALTIME flag", futex(&fw, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME, 0, NULL));
    fw = 0;

    release = 0;
    pthread_t h;
    pthread_create(&h, NULL, holder, NULL);
    while (fw == 0) usleep(1000);
    pid_t other = holder_tid;
    word("held by the other thread", fw, me, other);
    show("TRYLOCK_PI held", futex(&fw, FUTEX_TRYLOCK_PI, 0, NULL));
    word("word", fw, me, other);
    ts = in_ms(CLOCK_REALTIME, 50);
    show("LOCK_PI timeout (realtime)", futex(&fw, FUTEX_LOCK_PI, 0, &ts));
    ts = in_ms(CLOCK_MONOTONIC, 50);
    show("LOCK_PI2 timeout (monotonic)", futex(&fw, FUTEX_LOCK_PI2, 0, &ts));
    ts = in_ms(CLOCK_REALTIME, 50);
    show("LOCK_PI2 timeout (realtime)", futex(&fw, FUTEX_LOCK_PI2 | FUTEX_CLOCK_REALTIME, 0, &ts));
    struct timespec past = {1, 0};
    show("LOCK_PI timeout in the past", futex(&fw, FUTEX_LOCK_PI, 0, &past));
    show("UNLOCK_PI held by other", futex(&fw, FUTEX_UNLOCK_PI, 0, NULL));
    word("word", fw, me, other);
    release = 1;
    show("LOCK_PI waits for the hand-over", futex(&fw, FUTEX_LOCK_PI, 0, NULL));
    word("word", fw, me, other);
    pthread_join(h, NULL);
    show("UNLOCK_PI", futex(&fw, FUTEX_UNLOCK_PI, 0, NULL));
    word("word", fw, me, other);
    return 0;
}
