/* tmpfs semantics in /dev/shm (a tmpfs natively and under lxrun): names, links, renames, sizes, modes,
   times, statfs and shared mappings, in a directory of its own that it removes again. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fs_common.h"

static void st(const char *what, const char *p) {
    struct stat s;
    if (lstat(p, &s) < 0) { printf("%s: %s\n", what, errname(errno)); return; }
    printf("%s: mode %o nlink %ld size %ld\n", what, s.st_mode, (long)s.st_nlink, (long)s.st_size);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
    DIR *d = opendir(dir);
    char *names[64];
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
    if (d) closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("ls:");
    for (int i = 0; i < n; i++) printf(" %s", names[i]);
    printf("\n");
}

int main(void) {
    unsigned r;
    getrandom(&r, sizeof r, 0);
    char dir[64];
    snprintf(dir, sizeof dir, "/dev/shm/lxrun-tmpfs-%d-%u", getpid(), r);
    umask(022);
    show("mkdir", mkdir(dir, 0755));
    show("chdir", chdir(dir));
    struct statfs fs;
    show("statfs", statfs(".", &fs));
    printf("f_type is TMPFS_MAGIC: %s\n", fs.f_type == 0x01021994 ? "yes" : "no");
    int fd = show("create", open("f", O_CREAT | O_RDWR | O_EXCL, 0640));
    show("write", write(fd, "hello tmpfs\n", 12));
    st("f", "f");
    show("link", link("f", "g"));
    st("f after link", "f");
    show("symlink", symlink("f", "s"));
    st("s", "s");
    show("mkdir d", mkdir("d", 0700));
    st("d", "d");
    st(".", ".");
    show("rename f d/f", rename("f", "d/f"));
    show("rename d into itself", rename("d", "d/x"));
    show("rmdir non-empty", rmdir("d"));
    show("renameat2 NOREPLACE", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "d/f", 1));
    show("renameat2 EXCHANGE", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "d", 2));
    st("g after exchange", "g");
    show("exchange back", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "d", 2));
    list(".");
    list("d");
    show("truncate 100000", truncate("g", 100000));
    st("g truncated", "g");
    struct timespec ts[2] = {{1000000000, 5}, {1000000001, 123456789}};
    show("utimensat", utimensat(AT_FDCWD, "g", ts, 0));
    struct stat s;
    stat("g", &s);
    printf("mtime %ld.%09ld\n", (long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
    show("chmod 4755", chmod("g", 04755));
    st("g chmod", "g");
    char *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mmap: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
    pid_t c = fork();
    if (c == 0) { memcpy(m, "HELLO", 5); _exit(0); }
    waitpid(c, 0, 0);
    char buf[16] = {0};
    pread(fd, buf, 12, 0);
    printf("after the child wrote through the mapping: %s", buf);
    int t = open(".", O_TMPFILE | O_RDWR, 0600);
    printf("O_TMPFILE: %s\n", t < 0 ? errname(errno) : "ok");
    if (t >= 0) {
        fstat(t, &s);
        printf("tmpfile nlink %ld\n", (long)s.st_nlink);
        show("linkat AT_EMPTY_PATH", linkat(t, "", AT_FDCWD, "named", AT_EMPTY_PATH));
        st("named", "named");
        close(t);
    }
    show("unlink s", unlink("s"));
    show("unlink d (a dir)", unlink("d"));
    show("unlink d/f", unlink("d/f"));
    show("unlink g", unlink("g"));
    show("unlink named", unlink("named"));
    show("rmdir d", rmdir("d"));
    list(".");
    show("chdir /", chdir("/"));
    show("rmdir dir", rmdir(dir));
    return 0;
}
