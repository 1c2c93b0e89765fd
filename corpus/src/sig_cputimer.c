/* ITIMER_VIRTUAL and ITIMER_PROF (setitimer(2)): they count the process's CPU time, so a busy loop gets
   SIGVTALRM and SIGPROF, periodically with an interval; a sleep uses none of it; getitimer shows it armed
   until then. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int vt, prof;
static void on(int sig) {
    if (sig == SIGVTALRM) vt++;
    else prof++;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* spins until *count reaches n or 20 s pass */
static void spin(volatile int *count, int n) {
    double end = now() + 20;
    for (volatile unsigned long i = 0; *count < n && now() < end; i++) { }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGVTALRM, on);
    signal(SIGPROF, on);
    struct itimerval it = {{0, 0}, {0, 200000}}, old;
    printf("setitimer VIRTUAL: %d\n", setitimer(ITIMER_VIRTUAL, &it, NULL));
    struct timespec ts = {0, 300000000};
    nanosleep(&ts, NULL);
    getitimer(ITIMER_VIRTUAL, &old);
    printf("after a sleep: not expired %d, still armed %d\n", vt == 0, old.it_value.tv_usec > 0);
    spin(&vt, 1);
    printf("busy: SIGVTALRM %d\n", vt);
    getitimer(ITIMER_VIRTUAL, &old);
    printf("then disarmed: %d\n", old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0);

    struct itimerval p = {{0, 20000}, {0, 20000}};
    printf("setitimer PROF: %d\n", setitimer(ITIMER_PROF, &p, NULL));
    spin(&prof, 3);
    printf("busy: SIGPROF at least 3: %d\n", prof >= 3);
    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_PROF, &zero, &old);
    printf("old interval kept: %d\n", old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 20000);
    int before = prof;
    double end = now() + 0.2;
    for (volatile unsigned long i = 0; now() < end; i++) { }
    printf("disarmed: no more SIGPROF %d\n", prof == before);
    return 0;
}
