/* epoll: level- and edge-triggered, EPOLLONESHOT, pipes, sockets, eventfds, nested instances, a
 * registration outliving one of its fds, a closed file leaving, errors, timeouts, EINTR, epoll_pwait. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %ld\n", what, r);
}

static int ep;

static void wait_show(const char *what, int timeout) {
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, 8, timeout);
    if (n < 0) {
        printf("%s: -1 %s\n", what, strerror(errno));
        return;
    }
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++) printf(" [%llu %#x]", (unsigned long long)ev[i].data.u64, ev[i].events);
    printf("\n");
}

static int add(int fd, uint32_t events, uint64_t data) {
    struct epoll_event e = {events, {.u64 = data}};
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static void on_alarm(int s) { (void)s; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    ep = epoll_create1(EPOLL_CLOEXEC);
    printf("cloexec %d\n", fcntl(ep, F_GETFD) & FD_CLOEXEC);
    int p[2];
    pipe(p);
    show("add pipe read end", add(p[0], EPOLLIN, 1));
    show("add again", add(p[0], EPOLLIN, 1));
    show("add write end", add(p[1], EPOLLOUT, 2));
    wait_show("writable", 0);
    struct epoll_event e = {EPOLLIN, {.u64 = 2}};
    show("mod write end to EPOLLIN", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &e));
    wait_show("nothing", 0);
    wait_show("timeout 30 ms", 30);
    write(p[1], "ab", 2);
    wait_show("level", 0);
    wait_show("level again", 0);
    char b[8];
    read(p[0], b, 2);
    wait_show("drained", 0);

    printf("-- edge\n");
    e.events = EPOLLIN | EPOLLET;
    e.data.u64 = 1;
    show("mod to ET", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    write(p[1], "c", 1);
    wait_show("edge", 0);
    wait_show("edge again", 0);
    write(p[1], "d", 1);
    wait_show("edge after write", 0);
    read(p[0], b, 2);

    printf("-- oneshot\n");
    e.events = EPOLLIN | EPOLLONESHOT;
    show("mod to oneshot", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    write(p[1], "e", 1);
    wait_show("oneshot", 0);
    wait_show("oneshot disabled", 0);
    show("rearm", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    wait_show("rearmed", 0);
    read(p[0], b, 1);
    show("del", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    show("del again", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    show("mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));

    printf("-- hang-up\n");
    show("add read end", add(p[0], EPOLLIN, 1));
    close(p[1]);
    wait_show("writer closed", 0);
    close(p[0]);
    wait_show("reader closed: gone", 0);

    printf("-- dup keeps it\n");
    pipe(p);
    int d = dup(p[0]);
    add(p[0], EPOLLIN, 7);
    close(p[0]);
    write(p[1], "x", 1);
    wait_show("via dup", 0);
    close(d);
    wait_show("all closed", 0);
    close(p[1]);

    printf("-- socket and eventfd\n");
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    add(sv[0], EPOLLIN | EPOLLRDHUP, 10);
    int efd = eventfd(0, EFD_NONBLOCK);
    add(efd, EPOLLIN, 11);
    wait_show("none", 0);
    write(sv[1], "hi", 2);
    uint64_t one = 1;
    write(efd, &one, 8);
    wait_show("both", 0);
    read(efd, &one, 8);
    read(sv[0], b, 2);
    shutdown(sv[1], SHUT_WR);
    wait_show("peer shut down", 0);
    close(sv[1]);
    wait_show("peer closed", 0);
    close(sv[0]);

    printf("-- nested\n");
    int outer = epoll_create(1);
    struct epoll_event oe = {EPOLLIN, {.u64 = 99}};
    show("add inner", epoll_ctl(outer, EPOLL_CTL_ADD, ep, &oe));
    oe.data.u64 = 98;
    show("add outer to inner", epoll_ctl(ep, EPOLL_CTL_ADD, outer, &oe));
    struct epoll_event got[2];
    show("outer idle", epoll_wait(outer, got, 2, 0));
    write(efd, &one, 8);
    int n = epoll_wait(outer, got, 2, 0);
    printf("outer: %d data %llu events %#x\n", n, (unsigned long long)got[0].data.u64, got[0].events);
    read(efd, &one, 8);
    close(outer);

    printf("-- errors\n");
    int f = open("plain", O_CREAT | O_RDWR, 0644);
    show("add regular file", add(f, EPOLLIN, 0));
    close(f);
    unlink("plain");
    show("add /dev/null (stdin)", add(0, EPOLLIN, 0));
    int z = open("/dev/zero", O_RDONLY), r = open("/dev/urandom", O_RDONLY);
    show("add /dev/zero", add(z, EPOLLIN, 0));
    show("add /dev/urandom", add(r, EPOLLIN, 0));
    epoll_ctl(ep, EPOLL_CTL_DEL, r, NULL);
    close(z);
    close(r);
    show("add itself", add(ep, EPOLLIN, 0));
    show("add bad fd", add(99, EPOLLIN, 0));
    pipe(p);
    show("ctl on non-epoll", epoll_ctl(efd, EPOLL_CTL_ADD, p[0], &e));
    close(p[0]);
    close(p[1]);
    show("bad op", epoll_ctl(ep, 7, efd, &e));
    show("wait maxevents 0", epoll_wait(ep, got, 0, 0));
    show("wait non-epoll", epoll_wait(efd, got, 1, 0));
    show("create size 0", epoll_create(0));
    show("create1 bad flags", epoll_create1(1));
    e.events = EPOLLIN | EPOLLEXCLUSIVE;
    show("mod exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, efd, &e));

    printf("-- signals\n");
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    ualarm(30000, 0);
    show("wait interrupted", epoll_wait(ep, got, 1, 2000));
    sigset_t block, none;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigemptyset(&none);
    ualarm(30000, 0);
    show("pwait unblocks", epoll_pwait(ep, got, 1, 2000, &none));
    return 0;
}
