/* Path resolution, path_resolution(7): symlink chains and loops (ELOOP, the 40-link limit), ENAMETOOLONG
   for a component and for a whole path, ENOTDIR, trailing slashes, "." and "..", AT_SYMLINK_NOFOLLOW,
   AT_EMPTY_PATH, readlink, getcwd after chdir through a symlink, fchdir. Relative paths in the cwd only. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "fs_common.h"

static char home[PATH_MAX];

static const char *kind(mode_t m) {
    return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "symlink" : S_ISCHR(m) ? "chardev" : "other";
}

static void st(const char *path) {
    struct stat s;
    if (stat(path, &s) < 0) printf("stat %s: %s\n", path, errname(errno));
    else printf("stat %s: %s size %lld\n", path, kind(s.st_mode), S_ISREG(s.st_mode) ? (long long)s.st_size : 0LL);
}

static void lst(const char *path) {
    struct stat s;
    if (lstat(path, &s) < 0) printf("lstat %s: %s\n", path, errname(errno));
    else printf("lstat %s: %s\n", path, kind(s.st_mode));
}

static void rl(const char *path) {
    char buf[256]; ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n < 0) printf("readlink %s: %s\n", path, errname(errno));
    else { buf[n] = 0; printf("readlink %s: %s\n", path, buf); }
}

/* the cwd relative to the directory the program started in */
static void cwd(const char *label) {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) { printf("%s: getcwd %s\n", label, errname(errno)); return; }
    size_t l = strlen(home);
    if (strncmp(buf, home, l) == 0) printf("%s: cwd ~%s\n", label, buf + l);
    else printf("%s: cwd outside: %s\n", label, buf);
}

int main(void) {
    getcwd(home, sizeof home);
    int fd = open("f", O_WRONLY | O_CREAT, 0644); write(fd, "12345", 5); close(fd);
    mkdir("d", 0755); mkdir("d/sub", 0755);
    fd = open("d/sub/g", O_WRONLY | O_CREAT, 0644); write(fd, "gg", 2); close(fd);

    /* a chain of symlinks, relative targets resolved from the link's own directory */
    symlink("f", "c3"); symlink("c3", "c2"); symlink("c2", "c1");
    symlink("../f", "d/up"); symlink("sub/g", "d/tog"); symlink("d/sub", "dsub");
    st("c1"); lst("c1"); rl("c1"); rl("c2"); rl("c3");
    st("d/up"); st("d/tog"); st("dsub/g"); st("dsub/../sub/g"); st("dsub/..");
    symlink("/", "rootlink"); st("rootlink/dev/null"); rl("rootlink"); unlink("rootlink");
    symlink("d/", "dslash"); st("dslash"); st("dslash/sub");

    /* loops and the limit of 40 symlinks per lookup */
    symlink("loop2", "loop1"); symlink("loop1", "loop2"); symlink("self", "self");
    st("loop1"); lst("loop1"); st("self"); st("loop1/x");
    fd = open("loop1", O_RDONLY | O_CREAT, 0644); printf("open creat loop: %s\n", fd < 0 ? errname(errno) : "ok");
    char a[32], b[32];
    for (int i = 0; i < 41; i++) {   /* n0 -> n1 -> ... -> n40 -> f: n1 is 40 links from f, n0 is 41 */
        snprintf(a, sizeof a, "n%d", i); snprintf(b, sizeof b, "n%d", i + 1);
        symlink(i == 40 ? "f" : b, a);
    }
    st("n1"); st("n0"); st("n2");
    fd = open("n1", O_RDONLY); printf("open 40 links: %s\n", fd < 0 ? errname(errno) : "ok"); close(fd);
    fd = open("n0", O_RDONLY); printf("open 41 links: %s\n", fd < 0 ? errname(errno) : "ok");

    /* ENAMETOOLONG: a component over NAME_MAX (255), a path of PATH_MAX (4096) bytes or more */
    char name[300];
    memset(name, 'x', 255); name[255] = 0;
    fd = open(name, O_WRONLY | O_CREAT, 0644); printf("create 255-byte name: %s\n", fd < 0 ? errname(errno) : "ok"); close(fd);
    struct stat s; printf("stat 255-byte name: %s\n", stat(name, &s) < 0 ? errname(errno) : "ok");
    unlink(name);
    memset(name, 'y', 256); name[256] = 0;
    printf("create 256-byte name: %s\n", open(name, O_WRONLY | O_CREAT, 0644) < 0 ? errname(errno) : "ok");
    printf("stat 256-byte name: %s\n", stat(name, &s) < 0 ? errname(errno) : "ok");
    printf("mkdir 256-byte name: %s\n", mkdir(name, 0755) < 0 ? errname(errno) : "ok");
    static char path[8192];
    for (int len = 4094; len <= 4097; len++) {   /* "./././/f" of len bytes: names f if not too long */
        for (int i = 0; i < len - 1; i++) path[i] = i % 2 ? '/' : '.';
        path[len - 2] = '/'; path[len - 1] = 'f'; path[len] = 0;
        printf("stat path of %d bytes: %s\n", (int)strlen(path), stat(path, &s) < 0 ? errname(errno) : "ok");
    }
    memset(path, 'z', 5000); path[5000] = 0;
    printf("chdir to a 5000-byte path: %s\n", chdir(path) < 0 ? errname(errno) : "ok");

    /* ENOTDIR and trailing slashes */
    st("f/x"); st("f/"); st("f/."); st("f/.."); st("d/"); st("d/."); st("d//sub///g"); st("d/./sub/../sub/g");
    lst("dsub/"); lst("dsub"); lst("c1/");
    st("missing/x"); st("c1/x");
    fd = open("f/", O_RDONLY); printf("open f/: %s\n", fd < 0 ? errname(errno) : "ok");
    printf("mkdir with trailing slash: %s\n", mkdir("nd/", 0755) < 0 ? errname(errno) : "ok");
    printf("rmdir d/.: %s\n", rmdir("d/.") < 0 ? errname(errno) : "ok");
    printf("rmdir ..: %s\n", rmdir("..") < 0 ? errname(errno) : "ok");
    printf("unlink dsub/: %s\n", unlink("dsub/") < 0 ? errname(errno) : "ok");
    printf("rmdir dsub (a symlink): %s\n", rmdir("dsub") < 0 ? errname(errno) : "ok");
    close(open("victim", O_WRONLY | O_CREAT, 0644));   /* its own file: a wrong unlink must not hide later steps */
    printf("unlink victim/: %s\n", unlink("victim/") < 0 ? errname(errno) : "ok");
    printf("open empty path: %s\n", open("", O_RDONLY) < 0 ? errname(errno) : "ok");
    printf("stat /..: %s\n", stat("/..", &s) < 0 ? errname(errno) : kind(s.st_mode));
    struct stat r1, r2; stat("/", &r1); stat("/../..", &r2);
    printf("/../.. is /: %s\n", r1.st_ino == r2.st_ino && r1.st_dev == r2.st_dev ? "yes" : "no");

    /* fstatat: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, dirfds */
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    printf("fstatat d/up follow: %s\n", fstatat(dfd, "up", &s, 0) < 0 ? errname(errno) : kind(s.st_mode));
    printf("fstatat d/up nofollow: %s\n", fstatat(dfd, "up", &s, AT_SYMLINK_NOFOLLOW) < 0 ? errname(errno) : kind(s.st_mode));
    printf("fstatat \"\" AT_EMPTY_PATH on dir: %s\n", fstatat(dfd, "", &s, AT_EMPTY_PATH) < 0 ? errname(errno) : kind(s.st_mode));
    printf("fstatat \"\" without AT_EMPTY_PATH: %s\n", fstatat(dfd, "", &s, 0) < 0 ? errname(errno) : kind(s.st_mode));
    fd = open("f", O_RDONLY);
    if (fstatat(fd, "", &s, AT_EMPTY_PATH) < 0) printf("fstatat \"\" AT_EMPTY_PATH on file: %s\n", errname(errno));
    else printf("fstatat \"\" AT_EMPTY_PATH on file: %s size %lld\n", kind(s.st_mode), (long long)s.st_size);
    printf("fstatat AT_EMPTY_PATH|NOFOLLOW with a name: %s\n", fstatat(dfd, "up", &s, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0 ? errname(errno) : kind(s.st_mode));
    printf("fstatat relative to a file fd: %s\n", fstatat(fd, "x", &s, 0) < 0 ? errname(errno) : "ok");
    close(fd);
    int sl = open("c1", O_PATH | O_NOFOLLOW);
    printf("fstatat \"\" AT_EMPTY_PATH on O_PATH symlink: %s\n", fstatat(sl, "", &s, AT_EMPTY_PATH) < 0 ? errname(errno) : kind(s.st_mode));
    close(sl);

    /* readlink */
    rl("f"); rl("d"); rl("missing"); rl("dsub/"); rl("d/up");
    char small[4]; ssize_t n = readlink("d/tog", small, sizeof small);
    printf("readlink into 4 bytes: %zd %.4s\n", n, small);
    n = readlinkat(dfd, "tog", small, sizeof small); printf("readlinkat into 4 bytes: %zd %.4s\n", n, small);
    printf("readlinkat \"\" on a dir fd: %s\n", readlinkat(dfd, "", small, sizeof small) < 0 ? errname(errno) : "ok");

    /* the cwd: chdir through a symlink gives the physical path; "..", fchdir, ERANGE */
    cwd("start");
    printf("chdir dsub: %s\n", chdir("dsub") < 0 ? errname(errno) : "ok"); cwd("after chdir dsub");
    st("g"); st("../up");
    printf("chdir ..: %s\n", chdir("..") < 0 ? errname(errno) : "ok"); cwd("after ..");
    chdir(home);
    printf("chdir f: %s\n", chdir("f") < 0 ? errname(errno) : "ok");
    printf("chdir missing: %s\n", chdir("missing") < 0 ? errname(errno) : "ok");
    printf("fchdir d: %s\n", fchdir(dfd) < 0 ? errname(errno) : "ok"); cwd("after fchdir");
    fd = open(home, O_RDONLY);
    int ffd = open("sub/g", O_RDONLY);
    printf("fchdir to a file: %s\n", fchdir(ffd) < 0 ? errname(errno) : "ok");
    printf("fchdir bad fd: %s\n", fchdir(999) < 0 ? errname(errno) : "ok");
    printf("fchdir back: %s\n", fchdir(fd) < 0 ? errname(errno) : "ok"); cwd("after fchdir back");
    char tiny[2]; printf("getcwd into 2 bytes: %s\n", getcwd(tiny, sizeof tiny) ? "ok" : errname(errno));
    char pc[PATH_MAX], gc[PATH_MAX]; chdir("d/sub");
    ssize_t pl = readlink("/proc/self/cwd", pc, sizeof pc - 1); if (pl >= 0) pc[pl] = 0;
    getcwd(gc, sizeof gc);
    printf("/proc/self/cwd equals getcwd: %s\n", pl >= 0 && strcmp(pc, gc) == 0 ? "yes" : "no");
    chdir(home);
    close(fd); close(ffd); close(dfd);
    return 0;
}
