/* eventfd (counter, semaphore, non-blocking, overflow, a blocked reader woken by a child) and
 * signalfd (a blocked signal read as signalfd_siginfo, poll, changing the mask, errors). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %ld\n", what, r);
}

static void rd(int fd, const char *what) {
    uint64_t v = 0;
    ssize_t n = read(fd, &v, sizeof v);
    if (n < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %zd value %llu\n", what, n, (unsigned long long)v);
}

static void wr(int fd, uint64_t v, const char *what) {
    show(what, write(fd, &v, sizeof v));
}

static void eventfds(void) {
    int e = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
    printf("flags nonblock %d cloexec %d\n", !!(fcntl(e, F_GETFL) & O_NONBLOCK), fcntl(e, F_GETFD) & FD_CLOEXEC);
    struct stat st;
    fstat(e, &st);
    printf("fstat mode %o\n", st.st_mode);
    rd(e, "read initial");
    rd(e, "read empty");
    wr(e, 5, "write 5");
    wr(e, 7, "write 7");
    rd(e, "read sum");
    show("short read", read(e, (char[4]){0}, 4));
    wr(e, UINT64_MAX, "write -1");
    wr(e, UINT64_MAX - 1, "write max");
    wr(e, 1, "write past max");
    struct pollfd p = {e, POLLIN | POLLOUT, 0};
    poll(&p, 1, 0);
    printf("revents full %#x\n", p.revents);
    rd(e, "read max");
    poll(&p, 1, 0);
    printf("revents empty %#x\n", p.revents);
    close(e);

    int s = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
    rd(s, "semaphore 1");
    rd(s, "semaphore 2");
    rd(s, "semaphore 3");
    close(s);
    show("bad flags", eventfd(0, 0x10));

    int b = eventfd(0, 0);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(30000);
        uint64_t v = 42;
        write(b, &v, 8);
        _exit(0);
    }
    rd(b, "blocking read");
    waitpid(pid, NULL, 0);
    close(b);
}

static void signalfds(void) {
    printf("-- signalfd\n");
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int fd = signalfd(-1, &m, SFD_NONBLOCK);
    struct signalfd_siginfo si;
    show("read none", read(fd, &si, sizeof si));
    struct pollfd p = {fd, POLLIN, 0};
    show("poll none", poll(&p, 1, 0));
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR1);
    show("poll pending", poll(&p, 1, 0));
    show("short read", read(fd, &si, 8));
    struct signalfd_siginfo two[2];
    ssize_t n = read(fd, two, sizeof two);
    printf("read %zd\n", n);
    for (int i = 0; i < n / (int)sizeof si; i++)
        printf("signo %u code %d pid is mine %d uid is mine %d\n", two[i].ssi_signo, two[i].ssi_code,
               two[i].ssi_pid == (uint32_t)getpid(), two[i].ssi_uid == getuid());
    sigdelset(&m, SIGUSR2);
    show("change mask", signalfd(fd, &m, 0));
    kill(getpid(), SIGUSR2);
    show("read other signal", read(fd, &si, sizeof si));
    sigset_t pend;
    sigpending(&pend);
    printf("SIGUSR2 still pending %d\n", sigismember(&pend, SIGUSR2));
    show("bad size", syscall(289, -1, &m, 4, 0));
    show("not a signalfd", signalfd(0, &m, 0));
    int b = signalfd(-1, &m, 0);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(30000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    n = read(b, &si, sizeof si);
    printf("blocking read %zd signo %u from child %d\n", n, si.ssi_signo, si.ssi_pid == (uint32_t)pid);
    waitpid(pid, NULL, 0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    eventfds();
    signalfds();
    return 0;
}
