/* Path calls given sizes and names at their limits (the audit of issue 11): readlink's bufsiz is an int
 * (2^32+16 reads as 16, -1 is EINVAL), getcwd's size an unsigned long, utimensat of a name longer
 * than PATH_MAX is ENAMETOOLONG. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <fcntl.h>
int main(void) {
    char buf[64], big[5000];
    memset(big, 'a', sizeof big); big[sizeof big - 1] = 0;
    long r = syscall(SYS_readlink, "/proc/self/exe", buf, 0x100000010L); printf("readlink size 2^32+16: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    r = syscall(SYS_readlink, "/proc/self/exe", buf, -1L); printf("readlink size -1: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    r = syscall(SYS_getcwd, buf, -1L); printf("getcwd size -1: %s\n", r < 0 ? strerror(errno) : "ok");
    r = syscall(SYS_utimensat, AT_FDCWD, big, NULL, 0); printf("utimensat long path: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    return 0;
}
