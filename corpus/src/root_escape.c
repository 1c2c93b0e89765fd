/* Tries every way out of a changed root (chroot(2), lxrun --root) that path_resolution(7) could leave
 * open, and prints what it sees. Run inside a tree from corpus/mkroot; its parent directory holds
 * OUTSIDE_MARKER and the host's / holds /etc/debian_version, neither of which is in the tree, so a path
 * that reaches either has escaped. "same as /" compares st_dev and st_ino with those of "/".
 * Outside a changed root the output differs (it is meant for the corpus's root flavour only). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct stat root_st;

static const char *err(int e) {
    switch (e) {
    case 0: return "ok";
    case ENOENT: return "ENOENT";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOTDIR: return "ENOTDIR";
    case EXDEV: return "EXDEV";
    case EEXIST: return "EEXIST";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EINVAL: return "EINVAL";
    default: return strerror(e);
    }
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* the sorted names in a directory */
static void list_fd(const char *what, int fd) {
    DIR *d = fdopendir(fd);
    if (!d) { printf("%s: fdopendir %s\n", what, err(errno)); close(fd); return; }
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("%s:", what);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void list(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) { printf("list %s: %s\n", path, err(errno)); return; }
    char what[512];
    snprintf(what, sizeof what, "list %s", path);
    list_fd(what, fd);
}

static const char *same_as_root(const struct stat *st) {
    return st->st_dev == root_st.st_dev && st->st_ino == root_st.st_ino ? "same as /" : "NOT the root";
}

/* stat PATH and say whether it is the root; then whether the markers are reachable below it */
static void probe(const char *label, const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: stat %s\n", label, err(errno));
    } else {
        printf("%s: %s\n", label, S_ISDIR(st.st_mode) ? same_as_root(&st) : "not a directory");
    }
    char p[8192];
    snprintf(p, sizeof p, "%s/OUTSIDE_MARKER", path);
    printf("%s: outside marker %s\n", label, access(p, F_OK) == 0 ? "REACHED" : err(errno));
    snprintf(p, sizeof p, "%s/etc/debian_version", path);
    printf("%s: host /etc/debian_version %s\n", label, access(p, F_OK) == 0 ? "REACHED" : err(errno));
}

static void cwd(const char *label) {
    char buf[4096];
    struct stat st;
    if (!getcwd(buf, sizeof buf)) { printf("%s: getcwd %s\n", label, err(errno)); return; }
    stat(".", &st);
    printf("%s: getcwd %s, . is %s\n", label, buf, same_as_root(&st));
}

static void try_readlink(const char *path) {
    char buf[4096];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n < 0) { printf("readlink %s: %s\n", path, err(errno)); return; }
    buf[n] = 0;
    printf("readlink %s: %s\n", path, buf);
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { printf("create %s: %s\n", path, err(errno)); return; }
    if (write(fd, text, strlen(text)) < 0) printf("write %s: %s\n", path, err(errno));
    close(fd);
}

static void cat_as(const char *label, const char *path) {
    char buf[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("cat %s: %s\n", label, err(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    buf[strcspn(buf, "\n")] = 0;
    printf("cat %s: \"%s\"\n", label, buf);
}

static void cat(const char *path) { cat_as(path, path); }

static char *ups(int n, const char *tail) {
    char *p = malloc(3 * n + strlen(tail) + 1);
    p[0] = 0;
    for (int i = 0; i < n; i++) strcat(p, "../");
    strcat(p, tail);
    return p;
}

int main(void) {
    if (stat("/", &root_st) != 0) { printf("stat /: %s\n", err(errno)); return 1; }
    setvbuf(stdout, NULL, _IOLBF, 0);
    cwd("start");
    list("/");

    /* 1. ".." from / is / itself */
    probe("/..", "/..");
    probe("/../../..", "/../../..");
    list("/..");
    chdir("/");
    chdir("..");
    cwd("chdir / then ..");

    /* 2. symlinks pointing out, absolute and relative, followed by open, stat, chdir and realpath */
    printf("symlink abs %s\n", err(symlink("/../../..", "/tmp/abs") ? errno : 0));
    printf("symlink rel %s\n", err(symlink("../../../..", "/tmp/rel") ? errno : 0));
    printf("symlink host %s\n", err(symlink("/etc/debian_version", "/tmp/host") ? errno : 0));
    try_readlink("/tmp/abs");
    try_readlink("/tmp/rel");
    probe("/tmp/abs", "/tmp/abs");
    probe("/tmp/rel", "/tmp/rel");
    probe("/tmp/abs/..", "/tmp/abs/..");
    probe("/tmp/rel/tmp/rel", "/tmp/rel/tmp/rel");
    list("/tmp/rel");
    printf("open /tmp/host: %s\n", err(open("/tmp/host", O_RDONLY) < 0 ? errno : 0));
    char real[4096];
    printf("realpath /tmp/rel: %s\n", realpath("/tmp/rel", real) ? real : err(errno));
    printf("realpath /tmp/abs/tmp: %s\n", realpath("/tmp/abs/tmp", real) ? real : err(errno));
    printf("chdir /tmp/rel: %s\n", err(chdir("/tmp/rel") ? errno : 0));
    cwd("after chdir /tmp/rel");

    /* 3. symlink loops: ELOOP, and the limit of 40 links per lookup */
    symlink("loop2", "/tmp/loop1");
    symlink("loop1", "/tmp/loop2");
    symlink("self", "/tmp/self");
    printf("open /tmp/loop1: %s\n", err(open("/tmp/loop1", O_RDONLY) < 0 ? errno : 0));
    printf("stat /tmp/self: %s\n", err(stat("/tmp/self", &(struct stat){0}) ? errno : 0));
    printf("lstat /tmp/self: %s\n", err(lstat("/tmp/self", &(struct stat){0}) ? errno : 0));
    printf("open /tmp/self/x O_CREAT: %s\n", err(open("/tmp/self/x", O_CREAT | O_WRONLY, 0644) < 0 ? errno : 0));
    write_file("/tmp/chain0", "end of chain\n");
    for (int i = 1; i <= 41; i++) {
        char from[32], to[32];
        snprintf(to, sizeof to, "chain%d", i - 1);
        snprintf(from, sizeof from, "/tmp/chain%d", i);
        symlink(to, from);
    }
    cat("/tmp/chain40");
    cat("/tmp/chain41");

    /* 4. /proc/self/root: where the process's root is, and what is above it */
    try_readlink("/proc/self/root");
    probe("/proc/self/root", "/proc/self/root");
    probe("/proc/self/root/..", "/proc/self/root/..");
    probe("/proc/self/root/../../..", "/proc/self/root/../../..");
    probe("/proc/self/cwd/../..", "/proc/self/cwd/../..");
    try_readlink("/proc/self/exe");

    /* 5. openat with a directory descriptor and "../../.." */
    int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
    int up = openat(dfd, "../../..", O_RDONLY | O_DIRECTORY);
    if (up < 0) {
        printf("openat /tmp ../../..: %s\n", err(errno));
    } else {
        struct stat st;
        fstat(up, &st);
        printf("openat /tmp ../../..: %s\n", same_as_root(&st));
        printf("openat that, OUTSIDE_MARKER: %s\n", err(openat(up, "OUTSIDE_MARKER", O_RDONLY) < 0 ? errno : 0));
        printf("openat that, ../etc/debian_version: %s\n",
               err(openat(up, "../etc/debian_version", O_RDONLY) < 0 ? errno : 0));
        list_fd("list openat /tmp ../../..", up);
    }
    struct stat st;
    printf("fstatat /tmp ../../../etc/debian_version: %s\n",
           err(fstatat(dfd, "../../../etc/debian_version", &st, 0) ? errno : 0));
    int etc = openat(dfd, "../../../etc", O_RDONLY | O_DIRECTORY);
    printf("openat /tmp ../../../etc: %s\n", err(etc < 0 ? errno : 0));
    if (etc >= 0) list_fd("list openat /tmp ../../../etc", etc);

    /* 6. rename and link to "../../x": they land in the tree's root */
    chdir("/tmp");
    write_file("moved", "renamed upwards\n");
    printf("rename moved ../../x: %s\n", err(rename("moved", "../../x") ? errno : 0));
    printf("link /x ../../../y: %s\n", err(link("/x", "../../../y") ? errno : 0));
    printf("renameat /tmp-fd ../../../y ../../z: %s\n", err(renameat(dfd, "../../../y", dfd, "../../z") ? errno : 0));
    printf("linkat /tmp-fd ../../x ../../../w: %s\n", err(linkat(dfd, "../../x", dfd, "../../../w", 0) ? errno : 0));
    printf("symlink ../../../x -> /tmp/outlink: %s\n", err(symlink("../../../x", "/tmp/outlink") ? errno : 0));
    cat("/x");
    cat("/z");
    cat("/tmp/outlink");
    struct stat sx, sw;
    if (stat("/x", &sx) == 0 && stat("/w", &sw) == 0)
        printf("/x and /w: %s inode, %lu links\n", sx.st_ino == sw.st_ino ? "same" : "different", (unsigned long)sx.st_nlink);
    close(dfd);

    /* 7. chdir("..") over and over, then getcwd */
    chdir("/tmp");
    for (int i = 0; i < 10; i++) chdir("..");
    cwd("chdir .. x10 from /tmp");

    /* 8. a path of 100 "../" (and one of 1366, longer than PATH_MAX) */
    char *p = ups(100, "");
    probe("100 x ../", p);
    free(p);
    p = ups(100, "etc/motd");
    chdir("/tmp");
    cat_as("100 x ../ etc/motd", p);
    free(p);
    p = ups(1366, "etc/motd");
    printf("open 1366 x ../: %s\n", err(open(p, O_RDONLY) < 0 ? errno : 0));
    free(p);

    /* 9. ".." only undoes a component that exists and is a directory (no lexical shortcut) */
    printf("stat /nonexistent/..: %s\n", err(stat("/nonexistent/..", &st) ? errno : 0));
    printf("stat /etc/motd/..: %s\n", err(stat("/etc/motd/..", &st) ? errno : 0));
    printf("stat /tmp/loop1/..: %s\n", err(stat("/tmp/loop1/..", &st) ? errno : 0));
    printf("stat /nonexistent/../../..: %s\n", err(stat("/nonexistent/../../..", &st) ? errno : 0));

    chdir("/");
    list("/");
    list("/tmp");
    return 0;
}
