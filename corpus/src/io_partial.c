/* Transfers that run into unmapped memory: read, write, readv, writev, pread64, pwrite64 and
   getdents64 return the bytes done before the fault (EFAULT only when nothing was done), on a regular
   file and on a pipe; the file offset moves by what was done. Raw syscall(2) for the wild arguments. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "fs_common.h"

static void res(const char *what, long r) {
    if (r == -1) printf("%s: %s\n", what, errname(errno));
    else printf("%s: %ld\n", what, r);
}

static long pos(int fd) { return lseek(fd, 0, SEEK_CUR); }

int main(void) {
    char *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(m + 4096, 4096);
    char *edge = m + 4096 - 100;           /* 100 mapped bytes, then a hole */
    memset(m, 'x', 4096);
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);

    res("write 200 over the edge", syscall(SYS_write, fd, edge, 200));
    printf("  offset %ld\n", pos(fd));
    res("write 200 from the hole", syscall(SYS_write, fd, m + 4096, 200));
    res("write 0 from the hole", syscall(SYS_write, fd, m + 4096, 0));
    res("write count -1", syscall(SYS_write, fd, m, -1L));
    res("write past TASK_SIZE", syscall(SYS_write, fd, 0x7ffffffff000L - 10, 20));
    res("pwrite 200 over the edge at 1000", syscall(SYS_pwrite64, fd, edge, 200, 1000));
    res("pwrite offset overflow", syscall(SYS_pwrite64, fd, m, 100, INT64_MAX - 10));
    res("pwrite offset -1", syscall(SYS_pwrite64, fd, m, 100, -1L));
    struct stat st;
    fstat(fd, &st);
    printf("  size %ld\n", (long)st.st_size);
    struct iovec wv[3] = {{m, 30}, {m + 4096, 10}, {m, 5}};
    res("writev good, hole, good", syscall(SYS_writev, fd, wv, 3));
    struct iovec wv2[2] = {{m, 30}, {edge, 150}};
    res("writev good, over the edge", syscall(SYS_writev, fd, wv2, 2));
    struct iovec wv3[1] = {{m + 4096, 10}};
    res("writev hole only", syscall(SYS_writev, fd, wv3, 1));
    res("writev vlen 2^32+1", syscall(SYS_writev, fd, wv, (1L << 32) + 1));
    res("writev vlen 0", syscall(SYS_writev, fd, wv, 0));
    struct iovec wv4[2] = {{m, 10}, {m, -1L}};
    res("writev negative length", syscall(SYS_writev, fd, wv4, 2));
    printf("  offset %ld\n", pos(fd));

    lseek(fd, 0, SEEK_SET);
    res("read 200 over the edge", syscall(SYS_read, fd, edge, 200));
    printf("  offset %ld\n", pos(fd));
    res("read 200 into the hole", syscall(SYS_read, fd, m + 4096, 200));
    printf("  offset %ld\n", pos(fd));
    res("read count -1", syscall(SYS_read, fd, m, -1L));
    res("pread 200 over the edge", syscall(SYS_pread64, fd, edge, 200, 50));
    res("pread offset overflow", syscall(SYS_pread64, fd, m, 100, INT64_MAX - 10));
    struct iovec rv[3] = {{m, 30}, {m + 4096, 10}, {m, 5}};
    res("readv good, hole, good", syscall(SYS_readv, fd, rv, 3));
    struct iovec rv2[2] = {{m, 30}, {edge, 150}};
    res("readv good, over the edge", syscall(SYS_readv, fd, rv2, 2));
    printf("  offset %ld\n", pos(fd));
    res("preadv good, hole", syscall(SYS_preadv, fd, rv, 3, 0, 0));
    res("pwritev good, hole", syscall(SYS_pwritev, fd, wv, 3, 0, 0));
    lseek(fd, 0, SEEK_END);
    res("read at end into the hole", syscall(SYS_read, fd, m + 4096, 200));

    /* a pipe copies a page at a time: what was in whole pages before the fault counts */
    int p[2];
    pipe2(p, O_NONBLOCK);
    res("pipe write 200 over the edge", syscall(SYS_write, p[1], edge, 200));
    res("pipe writev good, hole", syscall(SYS_writev, p[1], wv, 3));
    char *m3 = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(m3 + 8192, 4096);
    memset(m3, 'y', 8192);
    res("pipe write 6000, fault after 5000", syscall(SYS_write, p[1], m3 + 3192, 6000));
    res("pipe read 300 over the edge", syscall(SYS_read, p[0], edge, 300));
    res("pipe read the rest", read(p[0], m, 4096));
    res("pipe read the rest", read(p[0], m, 4096));
    write(p[1], m, 500);
    res("pipe readv good, over the edge", syscall(SYS_readv, p[0], rv2, 2));
    res("pipe read into the hole", syscall(SYS_read, p[0], m + 4096, 10));
    res("pipe read the rest", read(p[0], m, 4096));
    res("empty pipe read into the hole", syscall(SYS_read, p[0], m + 4096, 10));

    mkdir("d", 0755);
    char name[64];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "d/entry-with-a-long-name-%02d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    res("read of a directory into NULL", syscall(SYS_read, dfd, NULL, 10));
    res("pread of a directory", syscall(SYS_pread64, dfd, m, 10, 0));
    struct iovec dv[1] = {{m, 10}};
    res("readv of a directory", syscall(SYS_readv, dfd, dv, 1));
    res("preadv2 unknown flag, bad iovec", syscall(SYS_preadv2, fd, 16L, 1, 0L, 0L, 0x10000));
    res("preadv2 unknown flag", syscall(SYS_preadv2, fd, dv, 1, 0L, 0L, 0x10000));
    res("preadv2 RWF_DONTCACHE", syscall(SYS_preadv2, fd, dv, 1, 0L, 0L, 0x80));
    long n = syscall(SYS_getdents64, dfd, edge, 200);
    printf("getdents64 200 over the edge: %s\n", n == -1 ? errname(errno) : n > 0 && n <= 100 ? "some entries, within the mapped part" : "wrong");
    res("getdents64 into the hole", syscall(SYS_getdents64, dfd, m + 4096, 200));
    res("getdents64 count 10", syscall(SYS_getdents64, dfd, m, 10));
    int total = 0;
    for (long off = 0; n > 0 && off < n; off += ((struct dirent64 *)(edge + off))->d_reclen) total++;
    char buf[4096];
    for (;;) {
        long k = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        if (k <= 0) break;
        for (long off = 0; off < k; off += ((struct dirent64 *)(buf + off))->d_reclen) total++;
    }
    printf("getdents64 entries in all (none lost): %d\n", total);
    return 0;
}
