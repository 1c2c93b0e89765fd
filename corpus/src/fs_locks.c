/* File locks: flock(2) between two open file descriptions (EWOULDBLOCK, LOCK_UN, shared locks, dup'd fds share),
   fcntl(2) record locks F_SETLK/F_GETLK between a parent and a forked child, open file description locks
   (F_OFD_SETLK/F_OFD_GETLK). The child reports what it sees; the parent waits, so the output is ordered. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/wait.h>
#include "fs_common.h"

#ifndef F_OFD_GETLK   /* fcntl(2): open file description locks, Linux 3.15 */
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif

static const char *ltype(int t) { return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?"; }

static int setlk(int fd, int cmd, int type, off_t start, off_t len) {
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    return fcntl(fd, cmd, &fl);
}

/* F_GETLK/F_OFD_GETLK for [start, start+len): the conflicting lock, and whether its owner is `owner` */
static void getlk(const char *label, int fd, int cmd, int type, off_t start, off_t len, pid_t owner) {
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    if (fcntl(fd, cmd, &fl) < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    if (fl.l_type == F_UNLCK) { printf("%s: F_UNLCK\n", label); return; }
    printf("%s: %s start %lld len %lld pid is %s\n", label, ltype(fl.l_type), (long long)fl.l_start, (long long)fl.l_len,
           fl.l_pid == owner ? "owner: yes" : fl.l_pid == -1 ? "-1" : "owner: no");
}

/* runs f in a child and waits for it */
static void in_child(void (*f)(void)) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) { f(); fflush(stdout); _exit(0); }
    int st; waitpid(p, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st)) printf("child failed: %d\n", st);
}

static pid_t parent;

static void child_record(void) {
    int fd = open("r", O_RDWR);
    getlk("child F_GETLK write 0..10", fd, F_GETLK, F_WRLCK, 0, 10, parent);
    getlk("child F_GETLK read 0..10", fd, F_GETLK, F_RDLCK, 0, 10, parent);
    getlk("child F_GETLK write 20..30", fd, F_GETLK, F_WRLCK, 20, 10, parent);
    getlk("child F_GETLK read 20..30", fd, F_GETLK, F_RDLCK, 20, 10, parent);
    getlk("child F_GETLK write 100..", fd, F_GETLK, F_WRLCK, 100, 0, parent);
    show("child F_SETLK write 5..6", setlk(fd, F_SETLK, F_WRLCK, 5, 1));
    show("child F_SETLK read 25..26", setlk(fd, F_SETLK, F_RDLCK, 25, 1));
    show("child F_SETLK write 25..26", setlk(fd, F_SETLK, F_WRLCK, 25, 1));
    show("child F_SETLK write 50..60", setlk(fd, F_SETLK, F_WRLCK, 50, 10));
    close(fd);
}

static void child_after_close(void) {
    int fd = open("r", O_RDWR);
    getlk("child F_GETLK after parent closed another fd", fd, F_GETLK, F_WRLCK, 0, 0, parent);
    close(fd);
}

static void child_ofd(void) {
    int fd = open("o", O_RDWR);
    getlk("child F_OFD_GETLK write 0..10", fd, F_OFD_GETLK, F_WRLCK, 0, 10, parent);
    show("child F_OFD_SETLK write 0..10", setlk(fd, F_OFD_SETLK, F_WRLCK, 0, 10));
    show("child F_OFD_SETLK write 10..20", setlk(fd, F_OFD_SETLK, F_WRLCK, 10, 10));
    close(fd);
}

static int shared_fd;
static void child_flock_inherited(void) {
    /* the child's copy of the fd refers to the same open file description: the lock is shared */
    show("child flock LOCK_EX|LOCK_NB on inherited fd", flock(shared_fd, LOCK_EX | LOCK_NB));
    int fd = open("f", O_RDONLY);
    show("child flock LOCK_SH|LOCK_NB on own open", flock(fd, LOCK_SH | LOCK_NB));
    close(fd);
}

int main(void) {
    parent = getpid();
    int a = open("f", O_RDWR | O_CREAT, 0644), b = open("f", O_RDWR);

    /* flock(2): locks belong to open file descriptions */
    show("flock a LOCK_EX", flock(a, LOCK_EX));
    show("flock b LOCK_EX|LOCK_NB", flock(b, LOCK_EX | LOCK_NB));
    printf("EWOULDBLOCK is EAGAIN: %s\n", EWOULDBLOCK == EAGAIN ? "yes" : "no");
    show("flock b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
    show("flock a LOCK_EX again", flock(a, LOCK_EX | LOCK_NB));
    int a2 = dup(a);
    show("flock dup of a LOCK_EX|LOCK_NB", flock(a2, LOCK_EX | LOCK_NB));
    show("flock a LOCK_UN", flock(a, LOCK_UN));
    show("flock b LOCK_EX|LOCK_NB after unlock", flock(b, LOCK_EX | LOCK_NB));
    show("flock a LOCK_SH|LOCK_NB", flock(a, LOCK_SH | LOCK_NB));
    show("flock b downgrade LOCK_SH", flock(b, LOCK_SH | LOCK_NB));
    show("flock a LOCK_SH|LOCK_NB", flock(a, LOCK_SH | LOCK_NB));
    show("flock a upgrade LOCK_EX|LOCK_NB", flock(a, LOCK_EX | LOCK_NB));
    show("flock b LOCK_UN", flock(b, LOCK_UN));
    show("flock a upgrade after b unlocked", flock(a, LOCK_EX | LOCK_NB));
    shared_fd = a;
    in_child(child_flock_inherited);
    close(a2);
    show("flock b while a (one of two fds) still open", flock(b, LOCK_EX | LOCK_NB));
    close(a);
    show("flock b after last fd of a closed", flock(b, LOCK_EX | LOCK_NB));
    show("flock bad operation", flock(b, 0));
    show("flock LOCK_SH|LOCK_EX", flock(b, LOCK_SH | LOCK_EX));
    show("flock bad fd", flock(999, LOCK_EX));
    int p[2]; pipe(p);
    show("flock on a pipe", flock(p[0], LOCK_EX | LOCK_NB));
    close(p[0]); close(p[1]); close(b);

    /* fcntl record locks: per process, checked against a child */
    int r = open("r", O_RDWR | O_CREAT, 0644);
    write(r, "0123456789", 10);
    show("F_SETLK write 0..10", setlk(r, F_SETLK, F_WRLCK, 0, 10));
    show("F_SETLK read 20..30", setlk(r, F_SETLK, F_RDLCK, 20, 10));
    show("F_SETLK write 100..EOF", setlk(r, F_SETLK, F_WRLCK, 100, 0));
    getlk("own F_GETLK write 0..10", r, F_GETLK, F_WRLCK, 0, 10, parent);
    in_child(child_record);
    show("F_SETLK unlock 0..5", setlk(r, F_SETLK, F_UNLCK, 0, 5));
    show("F_SETLK write 0..10 again (merges)", setlk(r, F_SETLK, F_WRLCK, 0, 10));
    show("F_SETLK bad type", setlk(r, F_SETLK, 99, 0, 1));
    show("F_SETLK negative start", setlk(r, F_SETLK, F_WRLCK, -5, 1));
    int ro = open("r", O_RDONLY);
    show("F_SETLK write lock on O_RDONLY fd", setlk(ro, F_SETLK, F_WRLCK, 200, 1));
    /* closing ANY fd of the file drops the process's record locks (fcntl(2) BUGS) */
    close(ro);
    in_child(child_after_close);
    close(r);

    /* OFD locks: owned by the open file description, conflict even within one process */
    int o1 = open("o", O_RDWR | O_CREAT, 0644), o2 = open("o", O_RDWR);
    show("F_OFD_SETLK write 0..10 on o1", setlk(o1, F_OFD_SETLK, F_WRLCK, 0, 10));
    show("F_OFD_SETLK write 5..6 on o2", setlk(o2, F_OFD_SETLK, F_WRLCK, 5, 1));
    getlk("F_OFD_GETLK on o2", o2, F_OFD_GETLK, F_WRLCK, 0, 0, parent);
    show("F_OFD_SETLK read 10..20 on o2", setlk(o2, F_OFD_SETLK, F_RDLCK, 10, 10));
    in_child(child_ofd);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1, .l_pid = 1};
    show("F_OFD_SETLK with l_pid != 0", fcntl(o1, F_OFD_SETLK, &fl));
    show("F_OFD_SETLK unlock o1", setlk(o1, F_OFD_SETLK, F_UNLCK, 0, 0));
    show("F_OFD_SETLK write 5..6 on o2 after unlock", setlk(o2, F_OFD_SETLK, F_WRLCK, 5, 1));
    close(o1); close(o2);
    return 0;
}
