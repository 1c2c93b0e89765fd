/* Namespace operations: rename/renameat2 (over files and dirs, RENAME_NOREPLACE, RENAME_EXCHANGE, bad flags),
   link/linkat and nlink counts, symlink/symlinkat, unlink/rmdir/mkdir errors, chmod/fchmodat and the umask,
   truncate/ftruncate, fallocate, utimensat with fixed times. Prints each step's result or errno name. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "fs_common.h"

#define RENAME_NOREPLACE_ 1   /* renameat2(2) flags; raw syscall: not every libc wraps renameat2 */
#define RENAME_EXCHANGE_ 2
#define RENAME_WHITEOUT_ 4

static long renameat2_(const char *from, const char *to, unsigned flags) {
    return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

/* "  path: [contents]" */
static void cat(const char *path) {
    char label[300];
    snprintf(label, sizeof label, "  %s", path);
    show_file(label, path);
}

static void info(const char *path) {
    struct stat s;
    if (lstat(path, &s) < 0) { printf("  %s: %s\n", path, errname(errno)); return; }
    printf("  %s: %s mode %04o nlink %ld size %lld\n", path,
           S_ISREG(s.st_mode) ? "file" : S_ISDIR(s.st_mode) ? "dir" : S_ISLNK(s.st_mode) ? "symlink" : "other",
           s.st_mode & 07777, S_ISDIR(s.st_mode) ? 0L : (long)s.st_nlink, S_ISREG(s.st_mode) ? (long long)s.st_size : 0LL);
}

int main(void) {
    /* rename(2) */
    put("a", "A"); put("b", "B");
    show("rename file over file", rename("a", "b")); cat("a"); cat("b");
    show("rename missing", rename("a", "c"));
    show("rename to itself", rename("b", "b")); cat("b");
    put("h1", "H"); link("h1", "h2");
    show("rename over a hard link of itself", rename("h1", "h2")); info("h1"); info("h2");
    mkdir("d1", 0755); mkdir("d2", 0755); mkdir("full", 0755); put("full/x", "X");
    show("rename dir over empty dir", rename("d1", "d2")); info("d1"); info("d2");
    show("rename dir over non-empty dir", rename("d2", "full"));
    show("rename dir over file", rename("d2", "b"));
    show("rename file over dir", rename("b", "d2"));
    show("rename dir into itself", rename("d2", "d2/sub"));
    put("ts", "T");   /* its own file: a wrong rename must not hide later steps */
    show("rename with trailing slash on file", rename("ts", "ts2/"));
    show("rename dir with trailing slashes", rename("d2/", "d3/")); info("d3");
    show("rename file into missing dir", rename("b", "nodir/b"));
    show("rename . ", rename(".", "dot"));
    symlink("b", "sl");
    show("rename symlink (not its target)", rename("sl", "sl2")); info("sl2"); info("b");

    /* renameat2(2) flags; every step on its own files, so one wrong result does not hide the next */
    put("n1", "N1"); put("n2", "N2");
    show("RENAME_NOREPLACE onto existing", renameat2_("n1", "n2", RENAME_NOREPLACE_)); cat("n1"); cat("n2");
    put("r1", "R1");
    show("RENAME_NOREPLACE onto new", renameat2_("r1", "r2", RENAME_NOREPLACE_)); cat("r1"); cat("r2");
    put("e1", "E1"); put("e2", "E2");
    show("RENAME_EXCHANGE files", renameat2_("e1", "e2", RENAME_EXCHANGE_)); cat("e1"); cat("e2");
    put("x1", "X1");
    show("RENAME_EXCHANGE file and dir", renameat2_("x1", "d3", RENAME_EXCHANGE_)); info("x1"); info("d3");
    show("RENAME_EXCHANGE back", renameat2_("d3", "x1", RENAME_EXCHANGE_)); info("x1"); info("d3");
    show("RENAME_EXCHANGE with missing", renameat2_("x1", "nothere", RENAME_EXCHANGE_)); info("x1");
    show("RENAME_EXCHANGE|NOREPLACE", renameat2_("e1", "e2", RENAME_EXCHANGE_ | RENAME_NOREPLACE_)); cat("e1");
    show("RENAME_WHITEOUT|EXCHANGE", renameat2_("e1", "e2", RENAME_EXCHANGE_ | RENAME_WHITEOUT_)); cat("e1");
    show("renameat2 unknown flag", renameat2_("e1", "e3", 0x80)); cat("e1");
    put("z1", "Z1");
    show("renameat2 flags 0", renameat2_("z1", "z2", 0)); cat("z2");
    show("renameat with a file as dirfd", ({ int fd = open("z2", O_RDONLY); long r = renameat(fd, "x", AT_FDCWD, "y"); close(fd); r; }));

    /* link(2), linkat(2): nlink counts */
    put("orig", "O");
    show("link", link("orig", "l1")); show("link again", link("orig", "l2"));
    info("orig");
    show("link onto existing", link("orig", "l1"));
    show("link a dir", link("d3", "d3link"));
    show("link missing", link("nothing", "l3"));
    unlink("l2"); info("orig");
    symlink("orig", "sym");
    show("linkat of symlink, no follow", linkat(AT_FDCWD, "sym", AT_FDCWD, "lsym", 0)); info("lsym");
    show("linkat of symlink, AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "sym", AT_FDCWD, "lfol", AT_SYMLINK_FOLLOW)); info("lfol");
    info("orig");
    show("linkat bad flags", linkat(AT_FDCWD, "orig", AT_FDCWD, "lbad", 0x1));
    int dfd = open("d3", O_RDONLY | O_DIRECTORY);
    show("linkat into dirfd", linkat(AT_FDCWD, "orig", dfd, "inside", 0)); info("d3/inside");

    /* symlink(2), symlinkat(2) */
    show("symlink onto existing", symlink("x", "orig"));
    show("symlink dangling", symlink("no/such/target", "dang")); info("dang");
    show("symlinkat into dirfd", symlinkat("../orig", dfd, "up")); cat("d3/up");
    show("symlink empty target", symlink("", "empty"));
    show("symlink in missing dir", symlink("x", "nodir/x"));

    /* unlink, rmdir, mkdir */
    show("unlink a dir", unlink("d3"));
    show("unlink missing", unlink("nothing"));
    show("rmdir non-empty", rmdir("full"));
    show("rmdir a file", rmdir("orig"));
    show("rmdir missing", rmdir("nothing"));
    show("mkdir existing dir", mkdir("full", 0755));
    show("mkdir existing file", mkdir("orig", 0755));
    show("mkdir over dangling symlink", mkdir("dang", 0755));
    show("unlinkat AT_REMOVEDIR on file", unlinkat(AT_FDCWD, "orig", AT_REMOVEDIR));
    put("keep", "K");
    show("unlinkat bad flags", unlinkat(AT_FDCWD, "keep", 0x1)); info("keep");
    mkdir("gone", 0755);
    show("unlinkat AT_REMOVEDIR", unlinkat(AT_FDCWD, "gone", AT_REMOVEDIR)); info("gone");
    show("unlink a symlink", unlink("sym")); info("sym"); info("orig");

    /* modes: chmod, fchmod, fchmodat, the umask for files, dirs and symlinks */
    put("m", "M");
    show("chmod 0640", chmod("m", 0640)); info("m");
    show("chmod 04755", chmod("m", 04755)); info("m");
    int fd = open("m", O_RDONLY);
    show("fchmod 0600", fchmod(fd, 0600)); info("m"); close(fd);
    show("fchmodat 0444", fchmodat(dfd, "../m", 0444, 0)); info("m");
    show("chmod through symlink", (symlink("m", "msym"), chmod("msym", 0640))); info("m"); info("msym");
    show("chmod missing", chmod("nothing", 0644));
    umask(0077);
    fd = open("u1", O_WRONLY | O_CREAT, 0666); close(fd); info("u1");
    mkdir("u2", 0777); info("u2");
    umask(0);
    fd = open("u3", O_WRONLY | O_CREAT, 0666); close(fd); info("u3");
    mkdir("u4", 01777); info("u4");
    umask(022);
    mkdir("u5", 01777); info("u5");
    umask(0);
    printf("umask returns previous: %03o\n", (unsigned)umask(022));
    printf("umask now: %03o\n", (unsigned)umask(022));
    chmod("u3", 0644); chmod("u4", 0755); chmod("u5", 0755);

    /* truncate, ftruncate, fallocate */
    put("t", "0123456789");
    show("truncate to 4", truncate("t", 4)); cat("t");
    show("truncate to 8 (zero fill)", truncate("t", 8)); info("t");
    fd = open("t", O_RDONLY); char z[16]; ssize_t n = read(fd, z, sizeof z); close(fd);
    printf("  bytes 4..7 zero: %s (read %zd)\n", n == 8 && !memcmp(z + 4, "\0\0\0\0", 4) ? "yes" : "no", n);
    show("truncate negative", truncate("t", -1));
    show("truncate a dir", truncate("d3", 0));
    show("truncate missing", truncate("nothing", 0));
    fd = open("t", O_RDONLY);
    show("ftruncate read-only fd", ftruncate(fd, 0)); close(fd);
    fd = open("t", O_RDWR);
    show("ftruncate to 2", ftruncate(fd, 2)); info("t");
    show("fallocate 0..100", fallocate(fd, 0, 0, 100)); info("t");
    show("fallocate KEEP_SIZE 0..200", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 200)); info("t");
    show("fallocate len 0", fallocate(fd, 0, 0, 0));
    show("fallocate on a pipe", ({ int p[2]; pipe(p); long r = fallocate(p[1], 0, 0, 10); close(p[0]); close(p[1]); r; }));
    close(fd);
    fd = open("t", O_RDONLY);
    show("fallocate read-only fd", fallocate(fd, 0, 0, 300)); close(fd);

    /* utimensat: fixed times, UTIME_OMIT, AT_SYMLINK_NOFOLLOW on a symlink */
    struct timespec ts[2] = {{1000000000, 5}, {1234567890, 123456789}};
    show("utimensat", utimensat(AT_FDCWD, "t", ts, 0));
    struct stat s; stat("t", &s);
    printf("  atime %lld.%09ld mtime %lld.%09ld\n", (long long)s.st_atim.tv_sec, s.st_atim.tv_nsec,
           (long long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
    struct timespec om[2] = {{0, UTIME_OMIT}, {2000000000, 0}};
    show("utimensat UTIME_OMIT atime", utimensat(AT_FDCWD, "t", om, 0)); stat("t", &s);
    printf("  atime %lld mtime %lld\n", (long long)s.st_atim.tv_sec, (long long)s.st_mtim.tv_sec);
    show("utimensat nofollow on symlink", utimensat(AT_FDCWD, "msym", ts, AT_SYMLINK_NOFOLLOW));
    lstat("msym", &s); printf("  symlink mtime %lld\n", (long long)s.st_mtim.tv_sec);
    stat("m", &s); printf("  target mtime changed: %s\n", s.st_mtim.tv_sec == 1234567890 ? "yes" : "no");
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    show("utimensat bad nsec", utimensat(AT_FDCWD, "t", bad, 0));
    show("utimensat bad flags", utimensat(AT_FDCWD, "t", ts, 0x1));
    show("utimensat missing", utimensat(AT_FDCWD, "nothing", ts, 0));
    fd = open("t", O_RDONLY);
    show("futimens", futimens(fd, ts)); fstat(fd, &s); printf("  mtime %lld\n", (long long)s.st_mtim.tv_sec);
    close(fd); close(dfd);
    return 0;
}
