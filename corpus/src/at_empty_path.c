/* AT_EMPTY_PATH with an empty (or NULL) path: the call works on the dirfd's own file, and on the
   current directory for AT_FDCWD (fstatat(2), statx(2), fchownat(2), fchmodat2, faccessat2, linkat,
   readlinkat, utimensat, execveat). Raw syscall(2), compared without printing inode numbers. */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <sys/wait.h>
#include "fs_common.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

/* struct statx's first fields (musl's headers may lack it): mode at 28, ino at 32, size at 40 */
struct sx { uint32_t mask, blksize; uint64_t attributes; uint32_t nlink, uid, gid; uint16_t stx_mode, pad;
            uint64_t stx_ino, stx_size; char rest[256 - 48]; };
#define STATX_BASIC 0x7ff

static void res(const char *what, long r) {
    if (r == -1) printf("%s: %s\n", what, errname(errno));
    else printf("%s: %ld\n", what, r);
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) { printf("  child ran: %s\n", argv[2]); return 0; }
    struct stat dot, st;
    stat(".", &dot);
    int fd = open("file", O_RDWR | O_CREAT | O_TRUNC, 0640);
    write(fd, "12345", 5);

    memset(&st, 0, sizeof st);
    res("newfstatat(AT_FDCWD, \"\", AT_EMPTY_PATH)", syscall(SYS_newfstatat, AT_FDCWD, "", &st, AT_EMPTY_PATH));
    printf("  is the current directory: %d\n", st.st_ino == dot.st_ino && st.st_dev == dot.st_dev && S_ISDIR(st.st_mode));
    res("newfstatat(AT_FDCWD, NULL, AT_EMPTY_PATH)", syscall(SYS_newfstatat, AT_FDCWD, NULL, &st, AT_EMPTY_PATH));
    res("newfstatat(AT_FDCWD, \"\", 0)", syscall(SYS_newfstatat, AT_FDCWD, "", &st, 0));
    memset(&st, 0, sizeof st);
    res("newfstatat(fd, \"\", AT_EMPTY_PATH)", syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
    printf("  size %ld\n", (long)st.st_size);
    memset(&st, 0, sizeof st);
    res("newfstatat(fd, NULL, AT_EMPTY_PATH)", syscall(SYS_newfstatat, fd, NULL, &st, AT_EMPTY_PATH));
    printf("  size %ld\n", (long)st.st_size);
    res("newfstatat(-5, \"\", AT_EMPTY_PATH)", syscall(SYS_newfstatat, -5, "", &st, AT_EMPTY_PATH));
    res("newfstatat(AT_FDCWD, \"\", AT_EMPTY_PATH, bad buffer)", syscall(SYS_newfstatat, AT_FDCWD, "", 16, AT_EMPTY_PATH));

    struct sx sx;
    memset(&sx, 0, sizeof sx);
    res("statx(AT_FDCWD, \"\", AT_EMPTY_PATH)", syscall(SYS_statx, AT_FDCWD, "", AT_EMPTY_PATH, STATX_BASIC, &sx));
    printf("  is the current directory: %d\n", sx.stx_ino == dot.st_ino && S_ISDIR(sx.stx_mode));
    res("statx(AT_FDCWD, NULL, AT_EMPTY_PATH)", syscall(SYS_statx, AT_FDCWD, NULL, AT_EMPTY_PATH, STATX_BASIC, &sx));
    memset(&sx, 0, sizeof sx);
    res("statx(fd, NULL, AT_EMPTY_PATH)", syscall(SYS_statx, fd, NULL, AT_EMPTY_PATH, STATX_BASIC, &sx));
    printf("  size %ld\n", (long)sx.stx_size);
    res("statx(AT_FDCWD, \"\", 0)", syscall(SYS_statx, AT_FDCWD, "", 0, STATX_BASIC, &sx));

    res("fchownat(AT_FDCWD, \"\", -1, -1, AT_EMPTY_PATH)", syscall(SYS_fchownat, AT_FDCWD, "", -1, -1, AT_EMPTY_PATH));
    res("fchownat(AT_FDCWD, \"\", -1, -1, 0)", syscall(SYS_fchownat, AT_FDCWD, "", -1, -1, 0));
    res("fchmodat2(AT_FDCWD, \"\", mode, AT_EMPTY_PATH)", syscall(SYS_fchmodat2, AT_FDCWD, "", dot.st_mode & 07777, AT_EMPTY_PATH));
    res("fchmodat2(fd, \"\", 0600, AT_EMPTY_PATH)", syscall(SYS_fchmodat2, fd, "", 0600, AT_EMPTY_PATH));
    fstat(fd, &st);
    printf("  file mode %o\n", st.st_mode & 07777);
    res("faccessat2(AT_FDCWD, \"\", F_OK, AT_EMPTY_PATH)", syscall(SYS_faccessat2, AT_FDCWD, "", F_OK, AT_EMPTY_PATH));
    res("faccessat2(AT_FDCWD, \"\", F_OK, 0)", syscall(SYS_faccessat2, AT_FDCWD, "", F_OK, 0));
    res("linkat(AT_FDCWD, \"\", AT_FDCWD, \"l1\", AT_EMPTY_PATH)", syscall(SYS_linkat, AT_FDCWD, "", AT_FDCWD, "l1", AT_EMPTY_PATH));
    res("linkat(fd, \"\", AT_FDCWD, \"l2\", AT_EMPTY_PATH)", syscall(SYS_linkat, fd, "", AT_FDCWD, "l2", AT_EMPTY_PATH));
    res("linkat(AT_FDCWD, \"\", AT_FDCWD, \"l3\", 0)", syscall(SYS_linkat, AT_FDCWD, "", AT_FDCWD, "l3", 0));
    char buf[64];
    res("readlinkat(AT_FDCWD, \"\")", syscall(SYS_readlinkat, AT_FDCWD, "", buf, sizeof buf));
    res("readlinkat(fd, \"\")", syscall(SYS_readlinkat, fd, "", buf, sizeof buf));
    res("utimensat(AT_FDCWD, \"\", NULL, AT_EMPTY_PATH)", syscall(SYS_utimensat, AT_FDCWD, "", NULL, AT_EMPTY_PATH));
    res("utimensat(AT_FDCWD, \"\", NULL, 0)", syscall(SYS_utimensat, AT_FDCWD, "", NULL, 0));
    res("utimensat(AT_FDCWD, NULL, NULL, 0)", syscall(SYS_utimensat, AT_FDCWD, NULL, NULL, 0));
    char *xargv[] = {"x", NULL};
    res("execveat(AT_FDCWD, \"\", AT_EMPTY_PATH)", syscall(SYS_execveat, AT_FDCWD, "", xargv, xargv + 1, AT_EMPTY_PATH));
    res("execveat(fd, \"\", AT_EMPTY_PATH) of a data file", syscall(SYS_execveat, fd, "", xargv, xargv + 1, AT_EMPTY_PATH));
    int self = open(argv[0], O_RDONLY);
    char *cargv[] = {argv[0], "child", "fexecve", NULL};
    fflush(stdout);
    if (fork() == 0) {
        syscall(SYS_execveat, self, "", cargv, cargv + 3, AT_EMPTY_PATH);
        _exit(9);
    }
    int ws;
    wait(&ws);
    printf("execveat of own fd: status %d\n", WEXITSTATUS(ws));
    res("execveat bad flags", syscall(SYS_execveat, self, "", cargv, cargv + 3, 0x4));
    res("execveat empty path without AT_EMPTY_PATH", syscall(SYS_execveat, self, "", cargv, cargv + 3, 0));
    symlink(argv[0], "link");
    res("execveat NOFOLLOW of a symlink", syscall(SYS_execveat, AT_FDCWD, "link", cargv, cargv + 3, AT_SYMLINK_NOFOLLOW));
    return 0;
}
