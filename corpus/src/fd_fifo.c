/* mkfifo(3)/mknod(2) FIFOs in the case's directory (a host directory) and in /dev/shm (tmpfs):
   open semantics (O_RDONLY waits for a writer and O_WRONLY for a reader, O_NONBLOCK reads open at
   once, O_NONBLOCK writes with no reader fail with ENXIO, O_RDWR never waits), data across fork in
   both directions, stat/fstat S_IFIFO, POLLHUP once a writer has come and gone, data dropped at the
   last close, unlink while open; mknod of regular files, sockets, device nodes and bad types. */
#define _GNU_SOURCE
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include "fs_common.h"

static void kind(const char *what, const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) { printf("%s: %s\n", what, errname(errno)); return; }
    printf("%s: %s %o size %ld\n", what, S_ISFIFO(st.st_mode) ? "fifo" : S_ISREG(st.st_mode) ? "regular" :
           S_ISSOCK(st.st_mode) ? "socket" : S_ISCHR(st.st_mode) ? "char" : S_ISBLK(st.st_mode) ? "block" : "other",
           st.st_mode & 07777, (long) st.st_size);
}

static void fifo_tests(const char *dir) {
    char f[256], g[256];
    snprintf(f, sizeof f, "%s/fifo", dir);
    snprintf(g, sizeof g, "%s/fifo2", dir);
    printf("-- in %s\n", strncmp(dir, "/dev/shm", 8) == 0 ? "/dev/shm" : "the case's directory");
    show("mkfifo", mkfifo(f, 0640));
    show("mkfifo again", mkfifo(f, 0640));
    show("mknod S_IFIFO", mknod(g, S_IFIFO | 0600, 0));
    kind("stat", f);
    kind("stat mknod's", g);

    int r = show("open O_RDONLY|O_NONBLOCK, no writer", open(f, O_RDONLY | O_NONBLOCK));
    char buf[64];
    showv("  read with no writer", read(r, buf, sizeof buf));
    struct pollfd pf = {r, POLLIN, 0};
    showv("  poll, no writer yet", poll(&pf, 1, 0));
    int w = show("open O_WRONLY|O_NONBLOCK with a reader", open(f, O_WRONLY | O_NONBLOCK));
    showv("  write", write(w, "ab", 2));
    showv("  read", read(r, buf, sizeof buf));
    showv("  read empty, writer open", read(r, buf, sizeof buf));
    struct stat a, b;
    fstat(w, &a);
    stat(f, &b);
    printf("  fstat fifo: %d, same inode as stat: %d\n", S_ISFIFO(a.st_mode), a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    close(w);
    pf.revents = 0;
    showv("  poll after the writer closed", poll(&pf, 1, 0));
    printf("  revents HUP: %d\n", pf.revents == POLLHUP);
    close(r);
    show("open O_WRONLY|O_NONBLOCK, no reader", open(f, O_WRONLY | O_NONBLOCK));

    /* a writer child, a blocking reader parent */
    fflush(stdout);
    pid_t k = fork();
    if (k == 0) {
        int fd = open(f, O_WRONLY);
        write(fd, "hello from the child", 20);
        _exit(0);
    }
    r = show("open O_RDONLY, waiting for the child", open(f, O_RDONLY));
    int n, total = 0;
    while ((n = read(r, buf + total, sizeof buf - 1 - total)) > 0) total += n;
    buf[total] = 0;
    printf("  read until EOF: [%s]\n", buf);
    close(r);
    waitpid(k, NULL, 0);

    /* a reader child, a blocking writer parent */
    k = fork();
    if (k == 0) {
        int fd = open(f, O_RDONLY), t = 0;
        char cb[64];
        while ((n = read(fd, cb + t, sizeof cb - 1 - t)) > 0) t += n;
        cb[t] = 0;
        printf("  child read: [%s]\n", cb);
        _exit(0);
    }
    w = show("open O_WRONLY, waiting for the child", open(f, O_WRONLY));
    write(w, "hello from the parent", 21);
    close(w);
    waitpid(k, NULL, 0);

    /* O_RDWR, a descriptor inherited across fork, the last close dropping the data */
    int rw = show("open O_RDWR", open(f, O_RDWR));
    k = fork();
    if (k == 0) {
        write(rw, "inherited", 9);
        _exit(0);
    }
    waitpid(k, NULL, 0);
    n = read(rw, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("  read what the child wrote: [%s]\n", buf);
    write(rw, "left", 4);
    close(rw);
    rw = open(f, O_RDWR | O_NONBLOCK);
    showv("  reopened: data of the last open is gone", read(rw, buf, sizeof buf));

    /* unlinked while open */
    show("unlink while open", unlink(f));
    showv("  write", write(rw, "still", 5));
    showv("  read", read(rw, buf, sizeof buf));
    fstat(rw, &a);
    printf("  fstat fifo: %d\n", S_ISFIFO(a.st_mode));
    kind("  stat the name", f);
    close(rw);
    unlink(g);

    /* other node types */
    snprintf(f, sizeof f, "%s/reg", dir);
    show("mknod S_IFREG", mknod(f, S_IFREG | 0600, 0));
    kind("  stat", f);
    show("mknod S_IFREG again", mknod(f, S_IFREG | 0600, 0));
    unlink(f);
    show("mknod type 0", mknod(f, 0644, 0));
    kind("  stat", f);
    unlink(f);
    snprintf(f, sizeof f, "%s/sock", dir);
    show("mknod S_IFSOCK", mknod(f, S_IFSOCK | 0644, 0));
    kind("  stat", f);
    show("  open", open(f, O_RDONLY));
    unlink(f);
    snprintf(f, sizeof f, "%s/dir", dir);
    show("mknod S_IFDIR", mknod(f, S_IFDIR | 0755, 0));
    show("mknod bad type", mknod(f, 0170000 | 0644, 0));
    snprintf(f, sizeof f, "%s/null", dir);
    if (show(geteuid() == 0 ? "mknod S_IFCHR 1,3 as root" : "mknod S_IFCHR 1,3 as a user",
             mknod(f, S_IFCHR | 0644, makedev(1, 3))) == 0) {
        struct stat st;
        stat(f, &st);
        printf("  char %d, %u:%u\n", S_ISCHR(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
        unlink(f);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    umask(022);
    fifo_tests(".");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fd_fifo.%d", getpid());
    mkdir(shm, 0700);
    fifo_tests(shm);
    rmdir(shm);
    return 0;
}
