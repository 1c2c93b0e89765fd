/* pipes and fd plumbing within one process (no fork): pipe, dup2, write/read, non-blocking EAGAIN, fcntl, poll. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
int main(void) {
    int p[2]; printf("pipe %d\n", pipe(p));
    char buf[256]; const char *m = "through the pipe";
    printf("write %zd\n", write(p[1], m, strlen(m)));
    struct pollfd pf = {p[0], POLLIN, 0}; printf("poll %d revents %d\n", poll(&pf, 1, 0), pf.revents & POLLIN);
    ssize_t n = read(p[0], buf, sizeof buf); buf[n > 0 ? n : 0] = 0; printf("read %zd [%s]\n", n, buf);
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    errno = 0; n = read(p[0], buf, sizeof buf); printf("empty nonblock read %zd EAGAIN %d\n", n, errno == EAGAIN);
    /* fill the pipe to capacity in nonblocking mode */
    fcntl(p[1], F_SETFL, O_NONBLOCK); long total = 0; char big[4096]; memset(big, 'z', sizeof big);
    for (;;) { n = write(p[1], big, sizeof big); if (n < 0) break; total += n; }
    printf("pipe capacity >= 4096: %d, EAGAIN %d\n", total >= 4096, errno == EAGAIN);
    long got = 0; while ((n = read(p[0], big, sizeof big)) > 0) got += n; printf("drained equal %d\n", got == total);
    /* dup2 stdout into the pipe, printf, restore */
    fflush(stdout); int saved = dup(1); dup2(p[1], 1); printf("captured line\n"); fflush(stdout); dup2(saved, 1); close(saved);
    n = read(p[0], buf, sizeof buf); buf[n > 0 ? n : 0] = 0; printf("captured via pipe: %s", buf);
    close(p[1]); n = read(p[0], buf, sizeof buf); printf("read after writer closed %zd\n", n);
    close(p[0]);
    printf("fcntl on closed fd %d EBADF %d\n", fcntl(p[0], F_GETFL), errno == EBADF);
    int fd = open("fd.txt", O_CREAT | O_RDWR, 0644); int d = fcntl(fd, F_DUPFD, 50); printf("F_DUPFD >= 50: %d cloexec %d\n", d >= 50, fcntl(d, F_GETFD) & FD_CLOEXEC);
    write(d, "via dupfd\n", 10); close(d); close(fd);
    return 0;
}
