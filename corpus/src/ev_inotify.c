/* inotify(7): events for changes a process makes (create, open, write, close, read, chmod, utimes,
 * truncate, rename with cookies, link, unlink, mkdir, rmdir, self events and IN_IGNORED), the watch
 * flags (IN_ONLYDIR, IN_MASK_ADD, IN_MASK_CREATE, IN_ONESHOT, IN_DONT_FOLLOW, IN_EXCL_UNLINK), merging
 * of repeated events, IN_Q_OVERFLOW, poll, epoll, FIONREAD, blocking and non-blocking reads, errors.
 * Cookies are printed as "same" or not and wds as given (they count from 1), never times. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fs_common.h"

static const struct { uint32_t bit; const char *name; } names[] = {
    {IN_ACCESS, "ACCESS"}, {IN_MODIFY, "MODIFY"}, {IN_ATTRIB, "ATTRIB"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"},
    {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"}, {IN_OPEN, "OPEN"}, {IN_MOVED_FROM, "MOVED_FROM"},
    {IN_MOVED_TO, "MOVED_TO"}, {IN_CREATE, "CREATE"}, {IN_DELETE, "DELETE"}, {IN_DELETE_SELF, "DELETE_SELF"},
    {IN_MOVE_SELF, "MOVE_SELF"}, {IN_UNMOUNT, "UNMOUNT"}, {IN_Q_OVERFLOW, "Q_OVERFLOW"}, {IN_IGNORED, "IGNORED"},
    {IN_ISDIR, "ISDIR"},
};

static uint32_t last_cookie;

/* Reads what is queued (non-blocking) and prints one line per event. */
static void drain(int fd, const char *what) {
    char buf[65536] __attribute__((aligned(8)));
    printf("-- %s\n", what);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno != EAGAIN) printf("read: %s\n", errname(errno));
            return;
        }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *)p;
            printf("wd %d", e->wd);
            uint32_t m = e->mask;
            for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                if (m & names[i].bit) { printf(" %s", names[i].name); m &= ~names[i].bit; }
            if (m) printf(" %#x", m);
            if (e->cookie) {
                printf(" cookie %s", e->cookie == last_cookie ? "same" : "new");
                last_cookie = e->cookie;
            }
            if (e->len) printf(" len %u name %s", e->len, e->name);
            printf("\n");
            p += sizeof *e + e->len;
        }
    }
}

static void touchfile(const char *path) {
    int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    close(f);
}

static void errors(void) {
    printf("-- errors\n");
    show("init1 bad flags", inotify_init1(0x10));
    int fd = inotify_init1(IN_NONBLOCK);
    show("add bad fd", inotify_add_watch(99, ".", IN_ALL_EVENTS));
    show("add not inotify", inotify_add_watch(0, ".", IN_ALL_EVENTS));
    show("add mask 0", inotify_add_watch(fd, ".", 0));
    show("add missing", inotify_add_watch(fd, "missing", IN_ALL_EVENTS));
    show("add add|create", inotify_add_watch(fd, ".", IN_MASK_ADD | IN_MASK_CREATE | IN_CREATE));
    touchfile("plain");
    show("add onlydir file", inotify_add_watch(fd, "plain", IN_ONLYDIR | IN_CREATE));
    show("add NULL path", inotify_add_watch(fd, NULL, IN_CREATE));
    show("add empty path", inotify_add_watch(fd, "", IN_CREATE));
    showv("add first", inotify_add_watch(fd, ".", IN_CREATE));
    showv("add same", inotify_add_watch(fd, ".", IN_DELETE | IN_MASK_ADD));
    show("add mask_create existing", inotify_add_watch(fd, ".", IN_MASK_CREATE | IN_DELETE));
    showv("add other", inotify_add_watch(fd, "plain", IN_MODIFY));
    show("rm bad wd", inotify_rm_watch(fd, 77));
    show("rm bad fd", inotify_rm_watch(99, 1));
    show("rm not inotify", inotify_rm_watch(0, 1));
    show("read empty", read(fd, (char[64]){0}, 64));
    touchfile("short");
    show("read short buffer", read(fd, (char[16]){0}, 16));
    drain(fd, "after short read");
    show("rm first", inotify_rm_watch(fd, 1));
    show("rm again", inotify_rm_watch(fd, 1));
    drain(fd, "after rm");
    unlink("short");
    unlink("plain");
    drain(fd, "after unlink plain");
    showv("add after rm", inotify_add_watch(fd, ".", IN_CREATE));
    close(fd);

    int c = inotify_init1(IN_CLOEXEC);
    printf("cloexec %d nonblock %d\n", fcntl(c, F_GETFD) & FD_CLOEXEC, !!(fcntl(c, F_GETFL) & O_NONBLOCK));
    struct stat st;
    fstat(c, &st);
    printf("fstat mode %o\n", st.st_mode);
    close(c);
    c = inotify_init();
    printf("init cloexec %d nonblock %d\n", fcntl(c, F_GETFD) & FD_CLOEXEC, !!(fcntl(c, F_GETFL) & O_NONBLOCK));
    close(c);
}

static void directory(void) {
    mkdir("d", 0755);
    int fd = inotify_init1(IN_NONBLOCK);
    int wd = inotify_add_watch(fd, "d", IN_ALL_EVENTS);
    printf("-- directory wd %d\n", wd);
    int f = open("d/a", O_WRONLY | O_CREAT | O_EXCL, 0644);
    drain(fd, "create");
    write(f, "hello", 5);
    write(f, "hello", 5);
    drain(fd, "two writes merge");
    write(f, "", 0);
    drain(fd, "empty write");
    close(f);
    drain(fd, "close write");
    f = open("d/a", O_RDONLY);
    char b[16];
    read(f, b, sizeof b);
    read(f, b, sizeof b);
    close(f);
    drain(fd, "open read close");
    chmod("d/a", 0600);
    drain(fd, "chmod");
    struct timespec both[2] = {{1, 0}, {2, 0}}, atime[2] = {{1, 0}, {0, UTIME_OMIT}}, mtime[2] = {{0, UTIME_OMIT}, {3, 0}};
    utimensat(AT_FDCWD, "d/a", both, 0);
    utimensat(AT_FDCWD, "d/a", atime, 0);
    utimensat(AT_FDCWD, "d/a", mtime, 0);
    drain(fd, "utimensat both, atime, mtime");
    truncate("d/a", 2);
    drain(fd, "truncate");
    f = open("d/a", O_WRONLY | O_TRUNC);
    close(f);
    drain(fd, "open O_TRUNC");
    f = open("d/a", O_PATH);
    close(f);
    drain(fd, "O_PATH (nothing)");
    rename("d/a", "d/b");
    drain(fd, "rename");
    link("d/b", "d/c");
    drain(fd, "link");
    symlink("b", "d/s");
    drain(fd, "symlink");
    mkdir("d/sub", 0755);
    drain(fd, "mkdir");
    int g = open("d/sub", O_RDONLY | O_DIRECTORY);
    char dents[4096];
    syscall(217, g, dents, sizeof dents);
    syscall(217, g, dents, sizeof dents);
    close(g);
    drain(fd, "getdents of a child directory");
    g = open("d", O_RDONLY | O_DIRECTORY);
    close(g);
    drain(fd, "open of the watched directory itself");
    rename("d/sub", "d/sub2");
    drain(fd, "rename directory");
    rename("d/b", "d/c");
    drain(fd, "rename over a link");
    rename("x-none", "d/none");
    rmdir("d/sub2");
    drain(fd, "rmdir");
    unlink("d/s");
    unlink("d/c");
    drain(fd, "unlink");
    mkfifo("d/fifo", 0600);
    unlink("d/fifo");
    drain(fd, "mkfifo, unlink");
    unlink("d/b");
    rmdir("d");
    drain(fd, "rmdir the watched directory");
    close(fd);
}

static void across(void) {
    mkdir("e", 0755);
    mkdir("e/one", 0755);
    mkdir("e/two", 0755);
    touchfile("e/one/f");
    int fd = inotify_init1(IN_NONBLOCK);
    int w1 = inotify_add_watch(fd, "e/one", IN_MOVE | IN_DELETE);
    int w2 = inotify_add_watch(fd, "e/two", IN_MOVE | IN_CREATE);
    int wf = inotify_add_watch(fd, "e/one/f", IN_ALL_EVENTS);
    printf("-- across wds %d %d %d\n", w1, w2, wf);
    rename("e/one/f", "e/two/g");
    drain(fd, "rename between directories");
    rename("e/two/g", "e/two/h");
    drain(fd, "rename within two");
    touchfile("e/two/x");
    touchfile("e/one/y");
    syscall(316, AT_FDCWD, "e/two/x", AT_FDCWD, "e/one/y", 2 /* RENAME_EXCHANGE */);
    drain(fd, "exchange");
    int f = open("e/two/h", O_WRONLY);
    write(f, "x", 1);
    drain(fd, "write to the watched file");
    inotify_add_watch(fd, "e/two", IN_ATTRIB | IN_MASK_ADD);
    fchmod(f, 0600);
    drain(fd, "fchmod with the file and its directory watched");
    close(f);
    drain(fd, "close it");
    unlink("e/two/h");
    drain(fd, "unlink the watched file");
    unlink("e/two/y");
    unlink("e/one/x");
    rmdir("e/one");
    rmdir("e/two");
    drain(fd, "rmdir both");
    rmdir("e");
    close(fd);
}

static void flags(void) {
    mkdir("g", 0755);
    touchfile("g/f");
    symlink("f", "g/l");
    int fd = inotify_init1(IN_NONBLOCK);
    printf("-- flags\n");
    int w = inotify_add_watch(fd, "g/f", IN_ATTRIB | IN_ONESHOT);
    chmod("g/f", 0600);
    chmod("g/f", 0644);
    drain(fd, "oneshot");
    showv("oneshot wd gone, new wd", inotify_add_watch(fd, "g/f", IN_ATTRIB));
    showv("mask add", inotify_add_watch(fd, "g/f", IN_MODIFY | IN_MASK_ADD));
    truncate("g/f", 1);
    chmod("g/f", 0600);
    drain(fd, "attrib and modify");
    showv("replace mask", inotify_add_watch(fd, "g/f", IN_MODIFY));
    chmod("g/f", 0644);
    truncate("g/f", 0);
    drain(fd, "modify only");
    showv("dont_follow", inotify_add_watch(fd, "g/l", IN_ATTRIB | IN_DONT_FOLLOW));
    showv("follow", inotify_add_watch(fd, "g/l", IN_ATTRIB | IN_MASK_ADD));
    chmod("g/l", 0600);
    drain(fd, "chmod through the link");
    showv("onlydir dir", inotify_add_watch(fd, "g", IN_ONLYDIR | IN_MODIFY | IN_EXCL_UNLINK));
    int f = open("g/f", O_WRONLY);
    unlink("g/f");
    drain(fd, "unlink an open file");
    write(f, "x", 1);
    drain(fd, "write after unlink (excl_unlink on g)");
    close(f);
    drain(fd, "close it");
    unlink("g/l");
    rmdir("g");
    mkdir("h", 0755);
    showv("watch a directory", inotify_add_watch(fd, "h", IN_DELETE_SELF | IN_OPEN));
    int h = open("h", O_RDONLY | O_DIRECTORY);
    rmdir("h");
    drain(fd, "rmdir of an open directory");
    close(h);
    drain(fd, "its close");
    close(fd);
}

static void overflow(void) {
    mkdir("o", 0755);
    int fd = inotify_init1(IN_NONBLOCK);
    inotify_add_watch(fd, "o", IN_CREATE | IN_DELETE);
    char name[32];
    for (int i = 0; i < 8300; i++) {
        snprintf(name, sizeof name, "o/%d", i);
        close(open(name, O_WRONLY | O_CREAT, 0600));
        unlink(name);
    }
    int n = 0;
    ioctl(fd, FIONREAD, &n);
    printf("-- overflow FIONREAD %d\n", n);
    char buf[65536] __attribute__((aligned(8)));
    int events = 0, overflows = 0, last = 0;
    ssize_t k;
    while ((k = read(fd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + k;) {
            struct inotify_event *e = (struct inotify_event *)p;
            events++;
            if (e->mask & IN_Q_OVERFLOW) { overflows++; last = events; printf("overflow wd %d len %u\n", e->wd, e->len); }
            p += sizeof *e + e->len;
        }
    }
    printf("events %d overflows %d at %d\n", events, overflows, last);
    close(fd);
    rmdir("o");
}

static void waiting(void) {
    mkdir("w", 0755);
    int fd = inotify_init();
    inotify_add_watch(fd, "w", IN_CREATE);
    printf("-- waiting\n");
    struct pollfd p = {fd, POLLIN, 0};
    printf("poll empty %d\n", poll(&p, 1, 0));
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7}, out;
    show("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    pid_t pid = fork();
    if (pid == 0) {
        usleep(50000);
        touchfile("w/child");
        _exit(0);
    }
    int r = epoll_wait(ep, &out, 1, 5000);
    printf("epoll_wait %d events %#x data %u\n", r, out.events, out.data.u32);
    r = poll(&p, 1, 0);
    printf("poll %d revents %#x\n", r, p.revents);
    int n = 0;
    ioctl(fd, FIONREAD, &n);
    printf("FIONREAD %d\n", n);
    char buf[256] __attribute__((aligned(8)));
    ssize_t k = read(fd, buf, sizeof buf);
    struct inotify_event *e = (struct inotify_event *)buf;
    printf("read %zd: wd %d mask %#x name %s\n", k, e->wd, e->mask, e->name);
    waitpid(pid, NULL, 0);
    pid = fork();
    if (pid == 0) {
        usleep(50000);
        touchfile("w/second");
        _exit(0);
    }
    k = read(fd, buf, sizeof buf); /* blocks until the child creates the file */
    printf("blocking read %zd: mask %#x name %s\n", k, e->mask, e->name);
    waitpid(pid, NULL, 0);
    unlink("w/child");
    unlink("w/second");
    rmdir("w");
    close(ep);
    close(fd);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    errors();
    directory();
    across();
    flags();
    overflow();
    waiting();
    return 0;
}
