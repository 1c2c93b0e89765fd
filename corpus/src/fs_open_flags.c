/* open(2) flags: O_CREAT|O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_PATH, O_TMPFILE,
   O_NONBLOCK, openat with a dirfd, a directory opened for writing. Prints each step's result or errno name. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "fs_common.h"

int main(void) {
    int fd;
    /* O_CREAT|O_EXCL: creates once, then EEXIST; the mode is masked by the umask (022) */
    fd = show("creat excl new", open("f", O_WRONLY | O_CREAT | O_EXCL, 0666));
    write(fd, "hello world", 11); close(fd);
    show("creat excl existing", open("f", O_WRONLY | O_CREAT | O_EXCL, 0666));
    struct stat st; stat("f", &st); printf("mode of f: %o\n", st.st_mode & 07777);
    show("excl without creat on existing", fd = open("f", O_RDONLY | O_EXCL)); close(fd);
    show("open missing without creat", open("missing", O_RDONLY));

    /* O_TRUNC empties; without O_TRUNC a write overwrites in place */
    fd = open("f", O_WRONLY); write(fd, "J", 1); close(fd);
    show_file("after overwrite", "f");
    fd = open("f", O_WRONLY | O_TRUNC); fstat(fd, &st); printf("size after O_TRUNC: %lld\n", (long long)st.st_size);
    write(fd, "abc", 3); close(fd);
    put("t", "xyz");   /* its own file: a missing truncation must not change the steps below */
    show("O_TRUNC on O_RDONLY", fd = open("t", O_RDONLY | O_TRUNC)); close(fd);
    stat("t", &st); printf("size after O_RDONLY|O_TRUNC: %lld\n", (long long)st.st_size);

    /* O_APPEND: every write goes to the end, even after lseek; pwrite too on Linux (open(2) BUGS) */
    fd = open("f", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET); write(fd, "def", 3);
    printf("offset after append write: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    pwrite(fd, "G", 1, 0);
    close(fd);
    show_file("after append", "f");
    fd = open("f", O_RDWR | O_APPEND);
    char c; lseek(fd, 1, SEEK_SET); read(fd, &c, 1); printf("read at 1 with O_APPEND: %c\n", c);
    close(fd);

    /* O_DIRECTORY */
    mkdir("d", 0755);
    show("O_DIRECTORY on file", open("f", O_RDONLY | O_DIRECTORY));
    show("O_DIRECTORY on dir", fd = open("d", O_RDONLY | O_DIRECTORY)); close(fd);
    show("O_DIRECTORY on missing", open("nodir", O_RDONLY | O_DIRECTORY));

    /* O_NOFOLLOW: ELOOP if the last component is a symlink; components before it are followed */
    symlink("f", "lnk");
    symlink("d", "dlnk");
    show("O_NOFOLLOW on symlink", open("lnk", O_RDONLY | O_NOFOLLOW));
    show("O_NOFOLLOW on file", fd = open("f", O_RDONLY | O_NOFOLLOW)); close(fd);
    put("d/inner", "in");
    show("O_NOFOLLOW through dir symlink", fd = open("dlnk/inner", O_RDONLY | O_NOFOLLOW)); close(fd);
    show("O_NOFOLLOW|O_PATH on symlink", fd = open("lnk", O_PATH | O_NOFOLLOW));
    if (fd >= 0) { fstat(fd, &st); printf("  fstat is symlink: %s\n", S_ISLNK(st.st_mode) ? "yes" : "no"); close(fd); }

    /* O_CLOEXEC shows as FD_CLOEXEC; F_SETFD clears it */
    fd = open("f", O_RDONLY | O_CLOEXEC);
    showv("F_GETFD with O_CLOEXEC", fcntl(fd, F_GETFD));
    fcntl(fd, F_SETFD, 0);
    showv("F_GETFD after F_SETFD 0", fcntl(fd, F_GETFD));
    close(fd);
    fd = open("f", O_RDONLY);
    showv("F_GETFD without", fcntl(fd, F_GETFD));
    int fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    showv("F_GETFD of F_DUPFD_CLOEXEC", fcntl(fd2, F_GETFD));
    close(fd); close(fd2);

    /* O_PATH: no I/O (EBADF), but fstat, fchdir-free ops and *at with the fd work */
    fd = show("O_PATH open", open("f", O_PATH));
    show("read on O_PATH", read(fd, &c, 1));
    show("write on O_PATH", write(fd, "x", 1));
    if (fstat(fd, &st) == 0) printf("fstat on O_PATH: ok size %lld\n", (long long)st.st_size);
    else printf("fstat on O_PATH: %s\n", errname(errno));
    showv("F_GETFL on O_PATH has O_PATH", (fcntl(fd, F_GETFL) & O_PATH) != 0);
    close(fd);
    fd = open("d", O_PATH | O_DIRECTORY);
    show("openat via O_PATH dirfd", fd2 = openat(fd, "inner", O_RDONLY)); close(fd2);
    show("fstatat AT_EMPTY_PATH on O_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
    printf("  is dir: %s\n", S_ISDIR(st.st_mode) ? "yes" : "no");
    close(fd);

    /* O_TMPFILE: an unnamed file in the directory, linked in later */
    fd = open("d", O_TMPFILE | O_RDWR, 0600);
    if (fd < 0) printf("O_TMPFILE: %s\n", errname(errno));
    else {
        printf("O_TMPFILE: ok\n");
        write(fd, "tmp data", 8);
        fstat(fd, &st); printf("  nlink %ld size %lld mode %o\n", (long)st.st_nlink, (long long)st.st_size, st.st_mode & 07777);
        char proc[64]; snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        show("  linkat via /proc/self/fd", linkat(AT_FDCWD, proc, AT_FDCWD, "d/fromtmp", AT_SYMLINK_FOLLOW));
        show("  linkat AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "d/fromtmp2", AT_EMPTY_PATH));
        fstat(fd, &st); printf("  nlink after links %ld\n", (long)st.st_nlink);
        close(fd);
        show_file("  d/fromtmp", "d/fromtmp");
    }
    fd = open("d", O_TMPFILE | O_RDWR | O_EXCL, 0600);
    if (fd < 0) printf("O_TMPFILE|O_EXCL: %s\n", errname(errno));
    else {
        printf("O_TMPFILE|O_EXCL: ok\n");
        char proc[64]; snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        show("  linkat of O_EXCL tmpfile", linkat(AT_FDCWD, proc, AT_FDCWD, "d/never", AT_SYMLINK_FOLLOW));
        close(fd);
    }
    show("O_TMPFILE read-only", open("d", O_TMPFILE | O_RDONLY, 0600));
    show("O_TMPFILE on a file", open("f", O_TMPFILE | O_RDWR, 0600));

    /* O_NONBLOCK and the access mode in F_GETFL; F_SETFL changes O_NONBLOCK/O_APPEND only */
    fd = open("f", O_RDWR | O_NONBLOCK);
    int fl = fcntl(fd, F_GETFL);
    printf("F_GETFL: accmode %s nonblock %d append %d\n",
           (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "other", !!(fl & O_NONBLOCK), !!(fl & O_APPEND));
    fcntl(fd, F_SETFL, O_APPEND | O_RDONLY);
    fl = fcntl(fd, F_GETFL);
    printf("F_GETFL after F_SETFL: accmode %s nonblock %d append %d\n",
           (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "other", !!(fl & O_NONBLOCK), !!(fl & O_APPEND));
    close(fd);
    fd = open("f", O_WRONLY);
    fl = fcntl(fd, F_GETFL);
    printf("F_GETFL O_WRONLY: %s\n", (fl & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "other");
    show("read on O_WRONLY", read(fd, &c, 1));
    close(fd);
    fd = open("f", O_RDONLY);
    show("write on O_RDONLY", write(fd, "x", 1));
    close(fd);

    /* openat: relative to a dirfd, absolute paths ignore it, AT_FDCWD, a file as dirfd, a bad dirfd */
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    show("openat create", fd = openat(dfd, "viaat", O_WRONLY | O_CREAT, 0640)); write(fd, "at", 2); close(fd);
    show_file("d/viaat", "d/viaat");
    show("openat AT_FDCWD", fd = openat(AT_FDCWD, "d/viaat", O_RDONLY)); close(fd);
    show("openat absolute ignores dirfd", fd = openat(dfd, "/dev/null", O_RDONLY)); close(fd);
    fd2 = open("f", O_RDONLY);
    show("openat with a file dirfd", openat(fd2, "x", O_RDONLY));
    show("openat with a bad dirfd", openat(999, "x", O_RDONLY));
    show("openat absolute with bad dirfd", fd = openat(999, "/dev/null", O_RDONLY)); close(fd);
    close(fd2); close(dfd);

    /* directories cannot be opened for writing; O_CREAT on an existing dir is EISDIR too */
    show("open dir O_WRONLY", open("d", O_WRONLY));
    show("open dir O_RDWR", open("d", O_RDWR));
    show("open dir O_CREAT", open("d", O_RDONLY | O_CREAT, 0644));
    show("open dir O_RDONLY", fd = open("d", O_RDONLY)); 
    show("read on dir fd", read(fd, &c, 1));
    close(fd);
    show("O_CREAT with trailing slash", open("newfile/", O_WRONLY | O_CREAT, 0644));
    show("O_CREAT|O_EXCL on dangling symlink", (symlink("nowhere", "dangling"), open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644)));
    show("O_CREAT through dangling symlink", fd = open("dangling", O_WRONLY | O_CREAT, 0644)); close(fd);
    stat("nowhere", &st); printf("created target is regular: %s\n", S_ISREG(st.st_mode) ? "yes" : "no");
    return 0;
}
