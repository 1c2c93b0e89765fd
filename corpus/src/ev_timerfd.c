/* timerfd: one-shot and periodic (expiry counts), relative and absolute, gettime, disarming,
 * blocking reads, poll and epoll on it, errors. Times are checked in ranges, never printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %ld\n", what, r);
}

static long ms_since(struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    printf("nonblock %d cloexec %d\n", !!(fcntl(t, F_GETFL) & O_NONBLOCK), fcntl(t, F_GETFD) & FD_CLOEXEC);
    uint64_t n;
    show("read disarmed", read(t, &n, 8));
    struct itimerspec its = {{0, 0}, {0, 300 * 1000000}}, cur;
    show("settime 300 ms", timerfd_settime(t, 0, &its, NULL));
    timerfd_gettime(t, &cur);
    printf("armed: left in (0, 300ms] %d interval 0 %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
           cur.it_value.tv_nsec <= 300000000, cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 0);
    struct pollfd p = {t, POLLIN, 0};
    show("poll before", poll(&p, 1, 0));
    show("poll waits", poll(&p, 1, 2000));
    show("read", read(t, &n, 8));
    printf("expirations %llu\n", (unsigned long long)n);
    show("read again", read(t, &n, 8));
    timerfd_gettime(t, &cur);
    printf("expired one-shot: disarmed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

    its.it_interval.tv_nsec = 20 * 1000000;
    its.it_value.tv_nsec = 20 * 1000000;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    timerfd_settime(t, 0, &its, NULL);
    usleep(110000);
    read(t, &n, 8);
    long el = ms_since(&start);
    printf("periodic: count matches elapsed %d\n", (long)n >= el / 20 - 2 && (long)n <= el / 20);
    struct itimerspec old;
    its.it_value.tv_nsec = 0;
    show("disarm", timerfd_settime(t, 0, &its, &old));
    printf("old interval 20 ms %d\n", old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 20000000);
    show("read after disarm", read(t, &n, 8));

    int b = timerfd_create(CLOCK_REALTIME, 0);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 30000000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    struct itimerspec abs = {{0, 0}, now};
    show("absolute realtime", timerfd_settime(b, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &abs, NULL));
    clock_gettime(CLOCK_MONOTONIC, &start);
    show("blocking read", read(b, &n, 8));
    el = ms_since(&start);
    printf("expirations %llu waited under 1 s %d\n", (unsigned long long)n, el < 1000);
    abs.it_value.tv_sec = 1;
    abs.it_value.tv_nsec = 0;
    show("absolute in the past", timerfd_settime(b, TFD_TIMER_ABSTIME, &abs, NULL));
    show("read at once", read(b, &n, 8));

    int ep = epoll_create1(0);
    struct epoll_event e = {EPOLLIN, {.u64 = 5}};
    epoll_ctl(ep, EPOLL_CTL_ADD, t, &e);
    its.it_interval.tv_nsec = 0;
    its.it_value.tv_nsec = 10 * 1000000;
    timerfd_settime(t, 0, &its, NULL);
    struct epoll_event got;
    show("epoll_wait", epoll_wait(ep, &got, 1, 2000));
    printf("data %llu events %#x\n", (unsigned long long)got.data.u64, got.events);

    show("bad clock", timerfd_create(12345, 0));
    show("bad flags", timerfd_create(CLOCK_MONOTONIC, 1));
    show("settime bad flags", timerfd_settime(t, 8, &its, NULL));
    its.it_value.tv_nsec = 1000000000;
    show("settime bad nsec", timerfd_settime(t, 0, &its, NULL));
    show("settime not timerfd", timerfd_settime(ep, 0, &its, NULL));
    show("write", write(t, &n, 8));
    return 0;
}
