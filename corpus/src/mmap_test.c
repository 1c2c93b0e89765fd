/* mmap/munmap/mprotect/mremap of anonymous memory, file mapping in the cwd, brk via sbrk. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
int main(void) {
    size_t pg = 4096, n = 64 * pg;
    unsigned char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { printf("mmap failed\n"); return 1; }
    size_t nz = 0; for (size_t i = 0; i < n; i++) nz += p[i] != 0; printf("anon zero: nonzero=%zu\n", nz);
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i * 7 + (i >> 12));
    uint32_t h = 0; for (size_t i = 0; i < n; i++) h = h * 31 + p[i]; printf("hash %08x\n", h);
    printf("munmap middle %d\n", munmap(p + 16 * pg, 8 * pg));
    printf("mprotect ro %d\n", mprotect(p, pg, PROT_READ));
    printf("still readable %d\n", p[100]);
    unsigned char *q = mremap(p + 32 * pg, 32 * pg, 128 * pg, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) printf("mremap failed\n");
    else { h = 0; for (size_t i = 0; i < 32 * pg; i++) h = h * 31 + q[i]; nz = 0; for (size_t i = 32 * pg; i < 128 * pg; i++) nz += q[i] != 0; printf("mremap kept hash %08x new nonzero %zu\n", h, nz); }
    int fd = open("mapped.bin", O_RDWR | O_CREAT | O_TRUNC, 0644); ftruncate(fd, 3 * pg);
    char *f = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (f == MAP_FAILED) { printf("file mmap failed\n"); return 1; }
    for (int i = 0; i < 3 * 4096; i += 64) snprintf(f + i, 64, "row %d\n", i / 64);
    msync(f, 3 * pg, MS_SYNC); munmap(f, 3 * pg);
    char buf[32]; pread(fd, buf, 16, 64 * 5); buf[16] = 0; printf("file via read: %.6s\n", buf); close(fd);
    fd = open("mapped.bin", O_RDONLY); char *r = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, pg); printf("offset map: %.8s\n", r == MAP_FAILED ? "fail" : r); close(fd);
    void *b0 = sbrk(0); void *b1 = sbrk(100000); void *b2 = sbrk(0);
    printf("sbrk grew %ld\n", (long)((char *)b2 - (char *)b0) - (b1 == (void *)-1 ? 0 : 0));
    if (b1 != (void *)-1) { memset(b1, 0x11, 100000); printf("brk mem ok %d\n", ((unsigned char *)b1)[99999]); }
    return 0;
}
