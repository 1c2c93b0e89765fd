/* Bad arguments must fail cleanly: wild pointers (address 1, a PROT_NONE page, a read-only page as an output
   buffer, a kernel address) give EFAULT, and unknown flag bits give EINVAL. Raw syscall(2) throughout, so the
   libc neither touches the pointer first nor emulates the call (clock_gettime would go through the vDSO). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include "fs_common.h"

#define AT_FDCWD_ (-100)

int main(void) {
    void *one = (void *)1, *kern = (void *)0xffff800000000000UL;
    char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    write(fd, "some data", 9);
    mkdir("d", 0755);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    symlink("f", "lnk");
    struct stat sb;
    /* each line reports right after its call, while errno is still the call's */
    /* EFAULT: every pointer argument is checked by the kernel */
    showv("read into (void*)1", syscall(SYS_pread64, fd, one, 4, 0));
    showv("read into PROT_NONE", syscall(SYS_pread64, fd, none, 4, 0));
    showv("read into a read-only page", syscall(SYS_pread64, fd, ro, 4, 0));
    showv("read into a kernel address", syscall(SYS_pread64, fd, kern, 4, 0));
    showv("write from (void*)1", syscall(SYS_write, fd, one, 4));
    showv("write from PROT_NONE", syscall(SYS_write, fd, none, 4));
    showv("stat path (void*)1", syscall(SYS_stat, one, ro));
    showv("stat path PROT_NONE", syscall(SYS_newfstatat, AT_FDCWD_, none, ro, 0));
    showv("stat buf (void*)1", syscall(SYS_stat, "f", one));
    showv("stat buf read-only", syscall(SYS_stat, "f", ro));
    showv("fstat buf PROT_NONE", syscall(SYS_fstat, fd, none));
    showv("open path (void*)1", syscall(SYS_open, one, O_RDONLY));
    showv("openat path PROT_NONE", syscall(SYS_openat, AT_FDCWD_, none, O_RDONLY));
    showv("open path kernel address", syscall(SYS_open, kern, O_RDONLY));
    showv("getcwd into (void*)1", syscall(SYS_getcwd, one, 4096));
    showv("getcwd into read-only", syscall(SYS_getcwd, ro, 4096));
    showv("readlink path (void*)1", syscall(SYS_readlink, one, ro, 100));
    showv("readlink into (void*)1", syscall(SYS_readlink, "lnk", one, 100));
    showv("readlink into PROT_NONE", syscall(SYS_readlink, "lnk", none, 100));
    showv("getdents64 into (void*)1", syscall(SYS_getdents64, dfd, one, 4096));
    showv("getdents64 into read-only", syscall(SYS_getdents64, dfd, ro, 4096));
    showv("clock_gettime into (void*)1", syscall(SYS_clock_gettime, CLOCK_REALTIME, one));
    showv("clock_gettime into PROT_NONE", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, none));
    showv("pipe into (void*)1", syscall(SYS_pipe, one));
    showv("pipe2 into read-only", syscall(SYS_pipe2, ro, 0));
    showv("uname into (void*)1", syscall(SYS_uname, one));
    showv("uname into PROT_NONE", syscall(SYS_uname, none));
    showv("mkdir path (void*)1", syscall(SYS_mkdir, one, 0755));
    showv("unlink path PROT_NONE", syscall(SYS_unlink, none));
    showv("rename from (void*)1", syscall(SYS_rename, one, "x"));
    showv("rename to (void*)1", syscall(SYS_rename, "f", one));
    showv("chdir path (void*)1", syscall(SYS_chdir, one));
    showv("utimensat times (void*)1", syscall(SYS_utimensat, AT_FDCWD_, "f", one, 0));
    showv("writev iov (void*)1", syscall(SYS_writev, fd, one, 1));
    showv("nanosleep req (void*)1", syscall(SYS_nanosleep, one, NULL));
    showv("fcntl F_GETLK flock (void*)1", syscall(SYS_fcntl, fd, F_GETLK, one));
    /* EINVAL: unknown or contradictory flags */
    showv("renameat2 flags 0x80", syscall(SYS_renameat2, AT_FDCWD_, "f", AT_FDCWD_, "g", 0x80));
    showv("renameat2 NOREPLACE|EXCHANGE", syscall(SYS_renameat2, AT_FDCWD_, "f", AT_FDCWD_, "g", 3));
    showv("fstatat flags 0x1", syscall(SYS_newfstatat, AT_FDCWD_, "f", &sb, 0x1));
    showv("statx reserved mask bit", syscall(SYS_statx, AT_FDCWD_, "f", 0, 0x80000000U, NULL));
    showv("statx flags 0x1", syscall(SYS_statx, AT_FDCWD_, "f", 0x1, 0x7ff, NULL));
    showv("linkat flags 0x1", syscall(SYS_linkat, AT_FDCWD_, "f", AT_FDCWD_, "g", 0x1));
    close(open("victim", O_WRONLY | O_CREAT, 0644));   /* its own file: a wrong unlink must not hide later steps */
    showv("unlinkat flags 0x1", syscall(SYS_unlinkat, AT_FDCWD_, "victim", 0x1));
    showv("utimensat flags 0x1", syscall(SYS_utimensat, AT_FDCWD_, "f", NULL, 0x1));
    showv("faccessat2 flags 0x1", syscall(SYS_faccessat2, AT_FDCWD_, "f", 0, 0x1));
    showv("mmap flags 0 on a file", (long)syscall(SYS_mmap, 0, 4096, PROT_READ, 0, fd, 0));
    showv("mmap MAP_ANONYMOUS alone", (long)syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0));
    showv("mmap length 0", (long)syscall(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    showv("mmap unaligned offset", (long)syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 1));
    showv("pipe2 flags 0x1", syscall(SYS_pipe2, (int[2]){0}, 0x1));
    showv("dup3 same fd", syscall(SYS_dup3, fd, fd, 0));
    showv("dup3 flags 0x1", syscall(SYS_dup3, fd, 100, 0x1));
    showv("lseek whence 7", syscall(SYS_lseek, fd, 0, 7));
    showv("lseek negative result", syscall(SYS_lseek, fd, -100L, SEEK_SET));
    showv("flock operation 0", syscall(SYS_flock, fd, 0));
    showv("fcntl unknown command", syscall(SYS_fcntl, fd, 9999, 0));
    showv("clock_gettime clock 999", syscall(SYS_clock_gettime, 999, &(struct timespec){0}));
    showv("open O_TMPFILE read-only", syscall(SYS_openat, AT_FDCWD_, "d", O_TMPFILE | O_RDONLY, 0600));
    showv("openat2 unknown flag bits", syscall(SYS_openat2, AT_FDCWD_, "f", &(struct { unsigned long long f, m, r; }){1ULL << 40, 0, 0}, 24));
    showv("memfd_create flags 0x100", syscall(SYS_memfd_create, "x", 0x100));
    showv("mprotect unaligned", syscall(SYS_mprotect, ro + 1, 4096, PROT_READ));
    showv("munmap unaligned", syscall(SYS_munmap, ro + 1, 4096));
    showv("madvise advice 999", syscall(SYS_madvise, ro, 4096, 999));
    showv("fadvise64 advice 99", syscall(SYS_fadvise64, fd, 0, 0, 99));
    close(dfd); close(fd);
    return 0;
}
