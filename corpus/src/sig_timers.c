/* Interval timers: alarm's remaining seconds, setitimer/getitimer (ITIMER_REAL), POSIX timers with
 * SIGEV_SIGNAL and an interval (three expirations counted, then deleted), SIGEV_NONE, SIGEV_THREAD_ID,
 * TIMER_ABSTIME on CLOCK_MONOTONIC and CLOCK_REALTIME, bad ids and arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static volatile sig_atomic_t alarms, ticks, last_value, last_code, last_tid_ok;
static pid_t main_tid;
static void on_alarm(int s) { (void)s; alarms++; }
static void on_tick(int s, siginfo_t *si, void *uc) {
    (void)s; (void)uc;
    ticks++;
    last_value = si->si_value.sival_int;
    last_code = si->si_code;
    last_tid_ok = syscall(SYS_gettid) == main_tid;
}

static volatile int callbacks;
static void cb(union sigval v) { __atomic_add_fetch(&callbacks, v.sival_int, __ATOMIC_SEQ_CST); }

static void show(const char *what, int r) { printf("%s %d %s\n", what, r, r < 0 ? strerror(errno) : "ok"); }

static void wait_for(volatile sig_atomic_t *v, int n) {
    sigset_t empty;
    sigemptyset(&empty);
    while (*v < n) sigsuspend(&empty);
}

int main(void) {
    main_tid = syscall(SYS_gettid);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    signal(SIGALRM, on_alarm);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_tick;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGRTMIN + 1, &sa, NULL);

    /* alarm: the previous alarm's seconds, rounded */
    unsigned a = alarm(100);
    printf("alarm(100) = %u\n", a);
    a = alarm(3);
    printf("alarm(3) after alarm(100) in [98,100]: %d\n", a >= 98 && a <= 100);
    a = alarm(0);
    printf("alarm(0) in [2,3]: %d\n", a >= 2 && a <= 3);
    printf("alarm(0) again = %u\n", alarm(0));

    /* setitimer / getitimer */
    struct itimerval it = {{0, 10000}, {2, 0}}, old, cur;
    printf("setitimer %d\n", setitimer(ITIMER_REAL, &it, &old));
    printf("old %ld.%06ld / %ld.%06ld\n", (long)old.it_value.tv_sec, (long)old.it_value.tv_usec,
           (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &cur);
    printf("cur value in (1.5,2]: %d interval %ld.%06ld\n",
           cur.it_value.tv_sec * 1000000L + cur.it_value.tv_usec > 1500000 && cur.it_value.tv_sec <= 2,
           (long)cur.it_interval.tv_sec, (long)cur.it_interval.tv_usec);
    it.it_value.tv_sec = 0;
    it.it_value.tv_usec = 10000;
    setitimer(ITIMER_REAL, &it, NULL);
    wait_for(&alarms, 3);
    it.it_value.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, &old);
    getitimer(ITIMER_REAL, &cur);
    printf("alarms %d, interval kept in old %ld, now %ld.%06ld\n", alarms >= 3, (long)old.it_interval.tv_usec,
           (long)cur.it_value.tv_sec, (long)cur.it_value.tv_usec);
    it.it_value.tv_usec = 1000000;
    show("bad usec", setitimer(ITIMER_REAL, &it, NULL));
    show("bad which", setitimer(7, &it, NULL));

    /* a POSIX timer with SIGEV_SIGNAL and an interval: three expirations, then deleted */
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    sev.sigev_value.sival_int = 42;
    timer_t t;
    printf("timer_create %d\n", timer_create(CLOCK_MONOTONIC, &sev, &t));
    struct itimerspec ts = {{0, 5000000}, {0, 5000000}}, ots, cts;
    printf("timer_settime %d\n", timer_settime(t, 0, &ts, &ots));
    printf("old disarmed %d\n", ots.it_value.tv_sec == 0 && ots.it_value.tv_nsec == 0);
    wait_for(&ticks, 3);
    timer_gettime(t, &cts);
    printf("ticks %d value %d code-is-timer %d interval %ld overrun>=0 %d\n", (int)ticks, (int)last_value,
           last_code == SI_TIMER, cts.it_interval.tv_nsec, timer_getoverrun(t) >= 0);
    printf("timer_delete %d\n", timer_delete(t));
    show("gettime deleted", timer_gettime(t, &cts));

    /* SIGEV_NONE: nothing is sent, the time still runs down */
    sev.sigev_notify = SIGEV_NONE;
    timer_create(CLOCK_REALTIME, &sev, &t);
    ts.it_interval.tv_nsec = 0;
    ts.it_value.tv_sec = 100;
    ts.it_value.tv_nsec = 0;
    timer_settime(t, 0, &ts, NULL);
    timer_gettime(t, &cts);
    printf("none armed %d\n", cts.it_value.tv_sec >= 98 && cts.it_value.tv_sec < 100);
    /* TIMER_ABSTIME in the past expires at once */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    ts.it_value.tv_sec = now.tv_sec - 10;
    timer_settime(t, TIMER_ABSTIME, &ts, NULL);
    usleep(2000);
    timer_gettime(t, &cts);
    printf("abs past expired %d\n", cts.it_value.tv_sec == 0 && cts.it_value.tv_nsec == 0);
    timer_delete(t);

    /* SIGEV_THREAD_ID with an absolute monotonic time, default value when sevp is NULL */
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGRTMIN + 1;
    sev.sigev_value.sival_int = 7;
    sev.sigev_notify_thread_id = main_tid;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    clock_gettime(CLOCK_MONOTONIC, &now);
    ts.it_value.tv_sec = now.tv_sec;
    ts.it_value.tv_nsec = now.tv_nsec + 10000000;
    if (ts.it_value.tv_nsec >= 1000000000) { ts.it_value.tv_sec++; ts.it_value.tv_nsec -= 1000000000; }
    timer_settime(t, TIMER_ABSTIME, &ts, NULL);
    ticks = 0;
    wait_for(&ticks, 1);
    printf("thread-id ticks %d value %d on main %d\n", (int)ticks, (int)last_value, (int)last_tid_ok);
    timer_delete(t);
    show("bad clock", timer_create(12345, NULL, &t));
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = 0;
    show("bad signo", timer_create(CLOCK_MONOTONIC, &sev, &t));

    /* SIGEV_THREAD: the libc runs the function on a thread it waits in (glibc and musl build it on
     * SIGEV_THREAD_ID and sigwaitinfo/sigtimedwait) */
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = cb;
    sev.sigev_value.sival_int = 1;
    show("timer_create SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &sev, &t));
    struct itimerspec five = {{0, 5000000}, {0, 5000000}};
    timer_settime(t, 0, &five, NULL);
    while (__atomic_load_n(&callbacks, __ATOMIC_SEQ_CST) < 3) usleep(1000);
    timer_delete(t);
    printf("callbacks >= 3\n");
    return 0;
}
