/* CPU-time clocks (clock_getcpuclockid(3), pthread_getcpuclockid(3)): reading them, POSIX timers on them
 * (process and thread clocks, one-shot, periodic, absolute, another thread's clock), clock_nanosleep on
 * them (EINVAL for the caller's own thread clock, EINTR with the CPU time left) and their errors. A
 * sleep uses no CPU time, so a CPU timer must not fire during one; busy loops make them fire. Times are
 * checked in ranges, never printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fs_common.h"

static volatile int fired, fired_code, fired_value;
static volatile int stop;

static void on_sig(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    fired++;
    fired_code = si->si_code;
    fired_value = si->si_value.sival_int;
}

static void on_alarm(int sig) { (void)sig; }

static long ns_of(clockid_t c) {
    struct timespec t;
    if (clock_gettime(c, &t) < 0) return -1;
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static double wall(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* spins until fired reaches n or 20 s of real time pass */
static void spin_until(int n) {
    double end = wall() + 20;
    for (volatile unsigned long i = 0; fired < n && wall() < end; i++) { }
}

static void *spinner(void *arg) {
    (void)arg;
    while (!stop) { }
    return NULL;
}

static timer_t make(clockid_t c, int value) {
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1, .sigev_value.sival_int = value};
    timer_t t;
    if (timer_create(c, &ev, &t) < 0) { printf("timer_create: %s\n", errname(errno)); return (timer_t)0; }
    return t;
}

static void arm(timer_t t, long first_ms, long interval_ms, int flags, long base_ns) {
    long first = base_ns + first_ms * 1000000L;
    struct itimerspec its = {{interval_ms / 1000, interval_ms % 1000 * 1000000L}, {first / 1000000000L, first % 1000000000L}};
    if (timer_settime(t, flags, &its, NULL) < 0) printf("timer_settime: %s\n", errname(errno));
}

static long left_ms(timer_t t) {
    struct itimerspec its;
    timer_gettime(t, &its);
    return its.it_value.tv_sec * 1000 + its.it_value.tv_nsec / 1000000;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa = {.sa_sigaction = on_sig, .sa_flags = SA_SIGINFO};
    sigaction(SIGUSR1, &sa, NULL);

    printf("-- clocks\n");
    clockid_t pc, tc, bad;
    printf("clock_getcpuclockid(0): %s\n", clock_getcpuclockid(0, &pc) == 0 ? "ok" : "failed");
    printf("pthread_getcpuclockid(self): %s\n", pthread_getcpuclockid(pthread_self(), &tc) == 0 ? "ok" : "failed");
    int r = clock_getcpuclockid(999999, &bad);
    printf("clock_getcpuclockid(no such pid): %s\n", r ? errname(r) : "ok");
    long a = ns_of(pc), b = ns_of(CLOCK_PROCESS_CPUTIME_ID), t0 = ns_of(tc);
    printf("readable: %d %d %d\n", a > 0, b >= a, t0 > 0);
    struct timespec res;
    printf("getres: %d %d\n", clock_getres(pc, &res), clock_getres(tc, &res));
    show("gettime CPUCLOCK_MAX", clock_gettime((clockid_t)((~0 << 3) | 3 | 4), &res) < 0 ? -1 : 0);
    show("gettime thread clock of no thread", clock_gettime((clockid_t)((~999999 << 3) | 4 | 2), &res) < 0 ? -1 : 0);
    int ready[2];
    pipe(ready);
    pid_t child = fork();
    if (child == 0) { /* uses 150 ms of CPU time, says so, and waits */
        while (ns_of(CLOCK_PROCESS_CPUTIME_ID) < 150000000L) { }
        write(ready[1], "x", 1);
        pause();
        _exit(0);
    }
    clockid_t cc;
    char token;
    read(ready[0], &token, 1);
    clock_getcpuclockid(child, &cc);
    long cns = ns_of(cc);
    printf("a child's clock: %s\n", cns >= 100000000L ? "at least 100 ms" : cns < 0 ? errname(errno) : "too little");
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);

    printf("-- process CPU timer\n");
    timer_t pt = make(CLOCK_PROCESS_CPUTIME_ID, 7);
    arm(pt, 100, 0, 0, 0);
    usleep(200000);
    long left = left_ms(pt);
    printf("after a 200 ms sleep: fired %d, left %s\n", fired, left > 50 && left <= 100 ? "50..100 ms" : "wrong");
    long before = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    spin_until(1);
    long used = ns_of(CLOCK_PROCESS_CPUTIME_ID) - before;
    printf("busy: fired %d code %s value %d, CPU used %s\n", fired, fired_code == SI_TIMER ? "SI_TIMER" : "other",
           fired_value, used >= 40000000L ? "enough" : "too little");
    printf("disarmed: left %ld\n", left_ms(pt));
    timer_delete(pt);

    printf("-- thread CPU timer, periodic\n");
    fired = 0;
    timer_t tt = make(CLOCK_THREAD_CPUTIME_ID, 8);
    arm(tt, 20, 20, 0, 0);
    spin_until(3);
    printf("fired at least 3: %d value %d\n", fired >= 3, fired_value);
    timer_delete(tt);

    printf("-- absolute\n");
    fired = 0;
    timer_t at = make(tc, 9);
    arm(at, 30, 0, TIMER_ABSTIME, ns_of(tc));
    spin_until(1);
    printf("fired %d value %d\n", fired, fired_value);
    arm(at, 0, 0, TIMER_ABSTIME, 1); /* an absolute time already past fires at once */
    double w = wall();
    while (fired < 2 && wall() < w + 5) { }
    printf("past time: fired %d\n", fired);
    timer_delete(at);

    printf("-- another thread's clock\n");
    fired = 0;
    stop = 0;
    pthread_t th;
    pthread_create(&th, NULL, spinner, NULL);
    clockid_t oc;
    pthread_getcpuclockid(th, &oc);
    timer_t ot = make(oc, 10);
    arm(ot, 50, 0, 0, 0);
    for (double end = wall() + 20; fired < 1 && wall() < end;) usleep(10000);
    printf("fired %d value %d while this thread slept\n", fired, fired_value);
    timer_delete(ot);

    printf("-- clock_nanosleep\n");
    struct timespec d = {0, 50000000}, rem;
    before = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &d, NULL);
    used = ns_of(CLOCK_PROCESS_CPUTIME_ID) - before;
    printf("process clock, relative: %s, CPU used %s\n", r ? errname(r) : "ok", used >= 45000000L ? "enough" : "too little");
    struct timespec abs_t;
    clock_gettime(pc, &abs_t);
    abs_t.tv_nsec += 30000000;
    if (abs_t.tv_nsec >= 1000000000) { abs_t.tv_sec++; abs_t.tv_nsec -= 1000000000; }
    r = clock_nanosleep(pc, TIMER_ABSTIME, &abs_t, NULL);
    printf("process clock, absolute: %s, reached %d\n", r ? errname(r) : "ok", ns_of(pc) >= abs_t.tv_sec * 1000000000L + abs_t.tv_nsec);
    struct timespec past = {0, 1};
    printf("absolute past: %s\n", (r = clock_nanosleep(pc, TIMER_ABSTIME, &past, NULL)) ? errname(r) : "ok");
    r = clock_nanosleep(oc, 0, &d, NULL);
    printf("another thread's clock: %s\n", r ? errname(r) : "ok");
    stop = 1;
    pthread_join(th, NULL);
    r = clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL);
    printf("own thread clock: %s\n", r ? errname(r) : "ok");
    r = clock_nanosleep(tc, 0, &d, NULL);
    printf("own thread clock by id: %s\n", r ? errname(r) : "ok");
    struct timespec badts = {0, 1000000000};
    r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &badts, NULL);
    printf("bad timespec: %s\n", r ? errname(r) : "ok");
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, NULL);
    struct timespec ten = {10, 0};
    r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &ten, &rem);
    printf("interrupted: %s, left %s\n", r ? errname(r) : "ok", rem.tv_sec >= 9 && rem.tv_sec <= 10 ? "9..10 s" : "wrong");

    printf("-- errors\n");
    struct sigevent ev = {.sigev_notify = SIGEV_NONE};
    timer_t x;
    show("timer_create no such process", timer_create((clockid_t)((~999999 << 3) | 2), &ev, &x));
    show("timer_create CPUCLOCK_MAX", timer_create((clockid_t)((~0 << 3) | 3), &ev, &x));
    show("timer_create SIGEV_NONE", timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &x));
    arm(x, 100, 0, 0, 0);
    printf("SIGEV_NONE armed: left %s\n", left_ms(x) > 0 ? "some" : "none");
    timer_delete(x);
    return 0;
}
