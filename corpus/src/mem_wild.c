/* Wild arguments to the memory calls (mmap, munmap, mprotect, mremap, madvise, msync, mlock, brk)
   made with raw syscall(2): each gets Linux's errno and the program goes on. */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "fs_common.h"

#define HI 0xffff800000000000UL   /* kernel half */
#define ABOVE 0x7ffffffff000UL    /* TASK_SIZE on x86-64 (4-level) */

static void r(const char *what, long v) {
    if (v == -1) printf("%s: %s\n", what, errname(errno));
    else printf("%s: ok\n", what);
}

int main(void) {
    long pg = 4096;
    int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789", 10);

    long p = syscall(SYS_mmap, 0, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, -4096L);
    r("mmap anon offset -4096", p);
    if (p != -1) { *(volatile char *)p = 1; printf("  anon page writable\n"); munmap((void *)p, pg); }
    r("mmap shared anon offset -4096", p = syscall(SYS_mmap, 0, pg, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, -4096L));
    if (p != -1) munmap((void *)p, pg);
    r("mmap file offset -4096", syscall(SYS_mmap, 0, pg, PROT_READ, MAP_PRIVATE, fd, -4096L));
    r("mmap shared file offset -4096", syscall(SYS_mmap, 0, pg, PROT_READ, MAP_SHARED, fd, -4096L));
    r("mmap file offset 2^62", syscall(SYS_mmap, 0, pg, PROT_READ, MAP_PRIVATE, fd, 1L << 62));
    r("mmap file offset 1", syscall(SYS_mmap, 0, pg, PROT_READ, MAP_PRIVATE, fd, 1L));
    r("mmap len -4096", syscall(SYS_mmap, 0, -4096L, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    r("mmap len -1", syscall(SYS_mmap, 0, -1L, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    r("mmap len 0", syscall(SYS_mmap, 0, 0L, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    r("mmap len 2^47", syscall(SYS_mmap, 0, 1L << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    r("mmap len 0 bad fd", syscall(SYS_mmap, 0, 0L, PROT_READ, MAP_PRIVATE, 99, 0));
    r("mmap bad type", syscall(SYS_mmap, 0, pg, PROT_READ, MAP_ANONYMOUS, -1, 0));
    r("mmap fixed unaligned", syscall(SYS_mmap, 0x10000001L, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    r("mmap fixed high", syscall(SYS_mmap, HI, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    r("mmap fixed at TASK_SIZE-4096", syscall(SYS_mmap, ABOVE - pg, 2 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    r("mmap fixed noreplace high", syscall(SYS_mmap, HI, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
    p = syscall(SYS_mmap, HI, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap hint high: %s\n", p == -1 ? errname(errno) : (unsigned long)p < HI ? "placed low" : "placed high");
    if (p != -1) munmap((void *)p, pg);
    r("mmap bad fd", syscall(SYS_mmap, 0, pg, PROT_READ, MAP_PRIVATE, 99, 0));

    r("munmap high", syscall(SYS_munmap, HI, pg));
    r("munmap high len 2^47", syscall(SYS_munmap, HI, 1L << 47));
    r("munmap unaligned", syscall(SYS_munmap, 0x10000001L, pg));
    r("munmap len 0", syscall(SYS_munmap, 0x10000000L, 0L));
    r("munmap len -4096", syscall(SYS_munmap, 0x10000000L, -4096L));
    r("munmap overflowing", syscall(SYS_munmap, 0x7fff00000000L, 0x100000000000L));
    r("munmap unmapped low", syscall(SYS_munmap, 0x10000000L, pg));
    r("munmap unmapped user top", syscall(SYS_munmap, 0x7ff000000000L, pg));
    r("munmap at TASK_SIZE", syscall(SYS_munmap, ABOVE, pg));

    r("mprotect high", syscall(SYS_mprotect, HI, pg, PROT_READ));
    r("mprotect unaligned", syscall(SYS_mprotect, 0x10000001L, pg, PROT_READ));
    r("mprotect len 0", syscall(SYS_mprotect, HI, 0L, PROT_READ));
    r("mprotect len -1", syscall(SYS_mprotect, 0x10000000L, -1L, PROT_READ));
    r("mprotect len -4096", syscall(SYS_mprotect, 0x10000000L, -4096L, PROT_READ));
    r("mprotect overflowing", syscall(SYS_mprotect, HI, 0x800000000000UL, PROT_READ));
    r("mprotect unmapped", syscall(SYS_mprotect, 0x10000000L, pg, PROT_READ));
    r("mprotect bad prot", syscall(SYS_mprotect, 0x10000000L, pg, 0x10));
    r("mprotect prot high bits", syscall(SYS_mprotect, 0x10000000L, pg, 1L << 32 | PROT_READ));
    r("mprotect PROT_SEM unmapped", syscall(SYS_mprotect, 0x10000000L, pg, 8));
    r("mprotect up|down", syscall(SYS_mprotect, 0x10000000L, pg, PROT_GROWSDOWN | PROT_GROWSUP));

    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    r("mprotect PROT_SEM mapped", syscall(SYS_mprotect, m, pg, PROT_READ | PROT_WRITE | 8));
    r("mremap high", syscall(SYS_mremap, HI, pg, pg, 0, 0));
    r("mremap unaligned", syscall(SYS_mremap, m + 1, pg, pg, 0, 0));
    r("mremap new len 0", syscall(SYS_mremap, m, pg, 0L, 0, 0));
    r("mremap new len -4096", syscall(SYS_mremap, m, pg, -4096L, MREMAP_MAYMOVE, 0));
    r("mremap old len -4096", syscall(SYS_mremap, m, -4096L, pg, MREMAP_MAYMOVE, 0));
    r("mremap unmapped", syscall(SYS_mremap, 0x10000000L, pg, 2 * pg, MREMAP_MAYMOVE, 0));
    r("mremap fixed high", syscall(SYS_mremap, m, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, HI));
    r("mremap fixed unaligned", syscall(SYS_mremap, m, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, 0x10000001L));
    r("mremap bad flags", syscall(SYS_mremap, m, pg, pg, 0x10, 0));
    r("mremap grow past TASK_SIZE fixed", syscall(SYS_mremap, m, pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, ABOVE - pg));
    r("mremap grow in place", syscall(SYS_mremap, m, pg, 2 * pg, 0, 0));

    r("madvise high", syscall(SYS_madvise, HI, pg, MADV_DONTNEED));
    r("madvise high normal", syscall(SYS_madvise, HI, pg, MADV_NORMAL));
    r("madvise unaligned", syscall(SYS_madvise, m + 1, pg, MADV_DONTNEED));
    r("madvise len -4096", syscall(SYS_madvise, m, -4096L, MADV_DONTNEED));
    r("madvise len 0 high", syscall(SYS_madvise, HI, 0L, MADV_DONTNEED));
    r("madvise unmapped", syscall(SYS_madvise, 0x10000000L, pg, MADV_DONTNEED));
    r("madvise unmapped normal", syscall(SYS_madvise, 0x10000000L, pg, MADV_NORMAL));
    r("madvise willneed unmapped", syscall(SYS_madvise, 0x10000000L, pg, MADV_WILLNEED));
    r("madvise bad advice", syscall(SYS_madvise, m, pg, 77));

    r("msync high", syscall(SYS_msync, HI, pg, MS_SYNC));
    r("msync unaligned", syscall(SYS_msync, m + 1, pg, MS_SYNC));
    r("msync len -4096", syscall(SYS_msync, m, -4096L, MS_SYNC));
    r("msync unmapped", syscall(SYS_msync, 0x10000000L, pg, MS_SYNC));

    r("mlock high", syscall(SYS_mlock, HI, pg));
    r("mlock unaligned mapped", syscall(SYS_mlock, m + 1, 10));
    r("mlock len -4096", syscall(SYS_mlock, m, -4096L));
    r("mlock unmapped", syscall(SYS_mlock, 0x10000000L, pg));
    r("mlock mapped", syscall(SYS_mlock, m, pg));
    r("munlock high", syscall(SYS_munlock, HI, pg));
    r("munlock mapped", syscall(SYS_munlock, m, pg));
    r("mlock2 bad flags", syscall(SYS_mlock2, m, pg, 2));
    r("mlockall bad flags", syscall(SYS_mlockall, 0));

    char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(a + pg, pg, PROT_READ);
    r("mremap grow across two mappings", syscall(SYS_mremap, a, 2 * pg, 5 * pg, MREMAP_MAYMOVE, 0));
    r("mremap old len 0 private", syscall(SYS_mremap, a + 2 * pg, 0L, pg, MREMAP_MAYMOVE, 0));
    char *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    sh[0] = 'q';
    p = syscall(SYS_mremap, sh, 0L, pg, MREMAP_MAYMOVE, 0);
    printf("mremap old len 0 shared: %s\n", p == -1 ? errname(errno) : *(char *)p == 'q' ? "same memory" : "other memory");
    r("mremap shrink across two mappings", syscall(SYS_mremap, a, 2 * pg, pg, 0, 0));

    char *q = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    q[0] = 1;
    q[2 * pg] = 1;
    unsigned char vec[4] = {9, 9, 9, 9};
    r("mincore of 3 pages", syscall(SYS_mincore, q, 3 * pg, vec));
    printf("  resident: %d %d %d, untouched %d\n", vec[0], vec[1], vec[2], vec[3]);
    r("mincore unaligned", syscall(SYS_mincore, q + 1, pg, vec));
    r("mincore part of a page", syscall(SYS_mincore, q, 5000L, vec));
    r("mincore past the mapping", syscall(SYS_mincore, q, 4 * pg, vec));
    r("mincore bad vector", syscall(SYS_mincore, q, pg, 16L));
    r("mincore high", syscall(SYS_mincore, HI, pg, vec));
    r("mincore len 0", syscall(SYS_mincore, q, 0L, vec));

    long b0 = syscall(SYS_brk, 0);
    printf("brk(high) unchanged: %d\n", syscall(SYS_brk, HI) == b0);
    printf("brk(-1) unchanged: %d\n", syscall(SYS_brk, -1L) == b0);
    printf("brk(TASK_SIZE) unchanged: %d\n", syscall(SYS_brk, ABOVE) == b0);
    printf("brk(1) unchanged: %d\n", syscall(SYS_brk, 1L) == b0);
    printf("brk(2^63-2048) unchanged: %d\n", syscall(SYS_brk, 0x7ffffffffffff800L) == b0);
    printf("still alive\n");
    return 0;
}
