/* fcntl(2) commands beyond locks (owner, signal, pipe size, lease query) and the ioctls every fd has
   (FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC, FIONREAD), plus terminal requests on a non-terminal. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "fs_common.h"

int main(void) {
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    write(fd, "12345", 5);
    lseek(fd, 1, SEEK_SET);
    showv("F_GETOWN fresh", fcntl(fd, F_GETOWN));
    show("F_SETOWN self", fcntl(fd, F_SETOWN, getpid()));
    printf("F_GETOWN is us: %s\n", fcntl(fd, F_GETOWN) == getpid() ? "yes" : "no");
    struct f_owner_ex ex;
    show("F_GETOWN_EX", fcntl(fd, F_GETOWN_EX, &ex));
    printf("owner type %d is us: %s\n", ex.type, ex.pid == getpid() ? "yes" : "no");
    ex.type = 7;
    show("F_SETOWN_EX bad type", fcntl(fd, F_SETOWN_EX, &ex));
    showv("F_GETSIG fresh", fcntl(fd, F_GETSIG));
    show("F_SETSIG 10", fcntl(fd, F_SETSIG, 10));
    showv("F_GETSIG", fcntl(fd, F_GETSIG));
    show("F_SETSIG 99", fcntl(fd, F_SETSIG, 99));
    showv("F_GETLEASE", fcntl(fd, F_GETLEASE));
    showv("F_GETPIPE_SZ on a file", fcntl(fd, F_GETPIPE_SZ));
    showv("fcntl 9999", fcntl(fd, 9999));
    int p[2];
    pipe(p);
    showv("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    showv("F_SETPIPE_SZ 5000", fcntl(p[1], F_SETPIPE_SZ, 5000));
    showv("F_GETPIPE_SZ after", fcntl(p[0], F_GETPIPE_SZ));
    write(p[1], "0123456789", 10);
    showv("F_SETPIPE_SZ 4096 with 10 bytes in", fcntl(p[1], F_SETPIPE_SZ, 4096));
    int n = -1;
    show("FIONREAD pipe", ioctl(p[0], FIONREAD, &n));
    printf("  %d\n", n);
    show("FIONREAD file", ioctl(fd, FIONREAD, &n));
    printf("  %d\n", n);
    show("FIOCLEX", ioctl(fd, FIOCLEX));
    showv("F_GETFD", fcntl(fd, F_GETFD));
    show("FIONCLEX", ioctl(fd, FIONCLEX));
    showv("F_GETFD", fcntl(fd, F_GETFD));
    int one = 1, zero = 0;
    show("FIONBIO 1", ioctl(fd, FIONBIO, &one));
    printf("O_NONBLOCK: %s\n", fcntl(fd, F_GETFL) & O_NONBLOCK ? "yes" : "no");
    show("FIONBIO 0", ioctl(fd, FIONBIO, &zero));
    printf("O_NONBLOCK: %s\n", fcntl(fd, F_GETFL) & O_NONBLOCK ? "yes" : "no");
    show("FIOASYNC 1", ioctl(p[0], FIOASYNC, &one));
    printf("O_ASYNC: %s\n", fcntl(p[0], F_GETFL) & O_ASYNC ? "yes" : "no");
    struct termios t;
    show("TCGETS on a file", ioctl(fd, TCGETS, &t));
    show("TIOCOUTQ on a pipe", ioctl(p[1], TIOCOUTQ, &n));
    show("TCFLSH on a file", ioctl(fd, TCFLSH, TCIFLUSH));
    show("FIONBIO bad pointer", ioctl(fd, FIONBIO, (void *)8));
    return 0;
}
