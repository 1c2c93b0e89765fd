/* pidfd_open(2), pidfd_send_signal(2), waitid(P_PIDFD) and poll of a pidfd; close_range(2);
   the old getdents(2) (struct linux_dirent, d_type in the record's last byte). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static const char *err(long r) {
    static char b[32];
    if (r >= 0) { snprintf(b, sizeof b, "%ld", r); return b; }
    switch (errno) {
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case ESRCH: return "ESRCH";
    case EPERM: return "EPERM";
    case ECHILD: return "ECHILD";
    case EFAULT: return "EFAULT";
    case ENOTDIR: return "ENOTDIR";
    }
    snprintf(b, sizeof b, "errno %d", errno);
    return b;
}

struct linux_dirent { unsigned long d_ino, d_off; unsigned short d_reclen; char d_name[]; };

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int fd = 3; fd < 64; fd++) close(fd);

    /* pidfds */
    pid_t pid = fork();
    if (pid == 0) for (;;) pause();
    int pfd = syscall(SYS_pidfd_open, pid, 0);
    printf("pidfd_open: %s\n", err(pfd));
    printf("cloexec: %d\n", (fcntl(pfd, F_GETFD) & FD_CLOEXEC) != 0);
    char link[64] = "";
    char path[32];
    snprintf(path, sizeof path, "/proc/self/fd/%d", pfd);
    readlink(path, link, sizeof link - 1);
    printf("link: %s\n", link);
    struct pollfd pf = {pfd, POLLIN, 0};
    printf("poll while running: %d\n", poll(&pf, 1, 0));
    printf("send 0: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0)));
    printf("send flags 1: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 1)));
    printf("send to stdin: %s\n", err(syscall(SYS_pidfd_send_signal, 0, SIGTERM, NULL, 0)));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_USER;
    printf("send SI_USER info to other: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0)));
    printf("send info with other signo: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, SIGUSR2, &si, 0)));
    printf("send 65: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, 65, NULL, 0)));
    printf("send TERM: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0)));
    printf("poll after: %d\n", poll(&pf, 1, 5000));
    printf("send 0 to zombie: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0)));
    memset(&si, 0, sizeof si);
    printf("waitid P_PIDFD: %s", err(waitid(P_PIDFD, pfd, &si, WEXITED)));
    printf(" code %d status %d pid %s\n", si.si_code, si.si_status, si.si_pid == pid ? "child" : "other");
    printf("send 0 after reap: %s\n", err(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0)));
    printf("waitid again: %s\n", err(waitid(P_PIDFD, pfd, &si, WEXITED)));
    printf("waitid P_PIDFD on stdin: %s\n", err(waitid(P_PIDFD, 0, &si, WEXITED)));
    close(pfd);
    printf("pidfd_open of reaped: %s\n", err(syscall(SYS_pidfd_open, pid, 0)));
    printf("pidfd_open 0: %s\n", err(syscall(SYS_pidfd_open, 0, 0)));
    printf("pidfd_open flags: %s\n", err(syscall(SYS_pidfd_open, getpid(), 1)));
    int self = syscall(SYS_pidfd_open, getpid(), O_NONBLOCK);
    printf("pidfd_open self NONBLOCK: %s, O_NONBLOCK %d\n", err(self), (fcntl(self, F_GETFL) & O_NONBLOCK) != 0);
    printf("waitid on own pidfd: %s\n", err(waitid(P_PIDFD, self, &si, WEXITED)));
    pid = fork();
    if (pid == 0) for (;;) pause();
    int nb = syscall(SYS_pidfd_open, pid, O_NONBLOCK);
    memset(&si, 0xff, sizeof si);
    printf("waitid NONBLOCK pidfd: %s, si_pid %d\n", err(waitid(P_PIDFD, nb, &si, WEXITED)), si.si_pid);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);

    /* close_range */
    for (int i = 0; i < 6; i++) dup(0);
    int top = dup(0);
    printf("close_range bad flags: %s\n", err(syscall(SYS_close_range, 3, 5, 1)));
    printf("close_range first > last: %s\n", err(syscall(SYS_close_range, 9, 5, 0)));
    printf("close_range CLOEXEC 5..6: %s\n", err(syscall(SYS_close_range, 5, 6, 4)));
    printf("cloexec 4 5 6 7: %d %d %d %d\n", fcntl(4, F_GETFD), fcntl(5, F_GETFD), fcntl(6, F_GETFD), fcntl(7, F_GETFD));
    printf("close_range 5..~0: %s\n", err(syscall(SYS_close_range, 5, ~0U, 0)));
    printf("open after: 5 %s, %d %s\n", fcntl(5, F_GETFD) < 0 ? "closed" : "open", top, fcntl(top, F_GETFD) < 0 ? "closed" : "open");
    printf("close_range 4..4 UNSHARE: %s, 4 %s\n", err(syscall(SYS_close_range, 4, 4, 2)), fcntl(4, F_GETFD) < 0 ? "closed" : "open");

    /* getdents */
    mkdir("d", 0755);
    close(open("d/file", O_CREAT | O_WRONLY, 0644));
    mkdir("d/sub", 0755);
    symlink("file", "d/link");
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    char buf[4096];
    long n = syscall(SYS_getdents, dfd, buf, sizeof buf);
    char *names[16];
    int k = 0;
    for (long off = 0; off < n && k < 16;) {
        struct linux_dirent *e = (struct linux_dirent *)(buf + off);
        char t = buf[off + e->d_reclen - 1];
        char *s = malloc(64);
        snprintf(s, 64, "%s type %s reclen-ok %d", e->d_name, t == DT_DIR ? "dir" : t == DT_REG ? "reg" : t == DT_LNK ? "lnk" : "?",
                 e->d_reclen % 8 == 0 && e->d_reclen >= 18 + strlen(e->d_name) + 2);
        names[k++] = s;
        off += e->d_reclen;
    }
    qsort(names, k, sizeof *names, cmp);
    for (int i = 0; i < k; i++) printf("  %s\n", names[i]);
    printf("getdents at end: %ld\n", syscall(SYS_getdents, dfd, buf, sizeof buf));
    lseek(dfd, 0, SEEK_SET);
    printf("getdents small buffer: %s\n", err(syscall(SYS_getdents, dfd, buf, 10)));
    int f = open("d/file", O_RDONLY);
    printf("getdents of a file: %s\n", err(syscall(SYS_getdents, f, buf, sizeof buf)));
    printf("getdents bad fd: %s\n", err(syscall(SYS_getdents, 99, buf, sizeof buf)));
    return 0;
}
