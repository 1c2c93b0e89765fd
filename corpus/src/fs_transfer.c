/* Moving data between descriptors and memory: sendfile(2) file->file with and without an offset pointer,
   copy_file_range(2), memfd_create(2) (write, ftruncate, MAP_SHARED, fstat, its /proc/self/fd name),
   msync(2) of a MAP_SHARED file mapping seen by read(2), MAP_SHARED|MAP_ANONYMOUS memory across fork. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "fs_common.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1
#define MFD_ALLOW_SEALING 2
#endif

/* "  path: [contents]" */
static void cat(const char *path) {
    char label[300];
    snprintf(label, sizeof label, "  %s", path);
    show_file(label, path);
}

static long offset(int fd) { return (long)lseek(fd, 0, SEEK_CUR); }

int main(void) {
    put("src", "abcdefghijklmnopqrstuvwxyz");

    /* sendfile: without an offset pointer it reads from (and moves) the input's file offset */
    int in = open("src", O_RDONLY), out = open("dst", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    lseek(in, 3, SEEK_SET);
    showv("sendfile 5 from the file offset", sendfile(out, in, NULL, 5));
    printf("  in offset %ld out offset %ld\n", offset(in), offset(out));
    off_t off = 20;
    showv("sendfile 100 from offset 20", sendfile(out, in, &off, 100));
    printf("  off now %ld, in offset unchanged %ld\n", (long)off, offset(in));
    showv("sendfile at EOF", sendfile(out, in, &off, 10));
    showv("sendfile count 0", sendfile(out, in, NULL, 0));
    close(out); cat("dst");
    out = open("dst", O_RDONLY);
    show("sendfile to a read-only fd", sendfile(out, in, NULL, 1));
    close(out);
    show("sendfile bad in fd", sendfile(1, 999, NULL, 1));
    off = -1;
    out = open("dst", O_WRONLY);
    show("sendfile negative offset", sendfile(out, in, &off, 1));
    int app = open("dst", O_WRONLY | O_APPEND);
    show("sendfile to an O_APPEND fd", sendfile(app, in, NULL, 1));
    close(app); close(out);
    int p[2]; pipe(p);
    lseek(in, 0, SEEK_SET);
    char buf[64]; ssize_t n = showv("sendfile file to pipe", sendfile(p[1], in, NULL, 4));
    if (n > 0) { n = read(p[0], buf, sizeof buf); printf("  pipe got %.*s\n", (int)n, buf); }   /* no read to block on */
    close(p[0]); close(p[1]);

    /* copy_file_range: with and without offsets; raw syscall, older libcs lack the wrapper */
    out = open("cfr", O_RDWR | O_CREAT | O_TRUNC, 0644);
    lseek(in, 10, SEEK_SET);
    showv("copy_file_range 4 from file offsets", syscall(SYS_copy_file_range, in, NULL, out, NULL, 4, 0));
    printf("  in offset %ld out offset %ld\n", offset(in), offset(out));
    loff_t ioff = 0, ooff = 8;
    showv("copy_file_range 3 with offsets (hole before)", syscall(SYS_copy_file_range, in, &ioff, out, &ooff, 3, 0));
    printf("  ioff %ld ooff %ld in offset %ld out offset %ld\n", (long)ioff, (long)ooff, offset(in), offset(out));
    struct stat st; fstat(out, &st); printf("  size %lld\n", (long long)st.st_size);
    n = pread(out, buf, sizeof buf, 0);
    printf("  contents:"); for (int i = 0; i < n; i++) printf(" %02x", (unsigned char)buf[i]); printf("\n");
    showv("copy_file_range past EOF", syscall(SYS_copy_file_range, in, &(loff_t){100}, out, NULL, 4, 0));
    show("copy_file_range flags 1", syscall(SYS_copy_file_range, in, NULL, out, NULL, 4, 1));
    ioff = 0; ooff = 1;
    show("copy_file_range overlapping same file", syscall(SYS_copy_file_range, out, &ioff, out, &ooff, 4, 0));
    int ro = open("cfr", O_RDONLY);
    show("copy_file_range to a read-only fd", syscall(SYS_copy_file_range, in, NULL, ro, NULL, 4, 0));
    close(ro); close(out); close(in);

    /* memfd_create */
    int m = syscall(SYS_memfd_create, "lxtest", MFD_CLOEXEC);
    show("memfd_create", m);
    showv("  F_GETFD", fcntl(m, F_GETFD));
    showv("  write", write(m, "memfd!", 6));
    if (show("  fstat", fstat(m, &st)) == 0) printf("  size %lld regular %s\n", (long long)st.st_size, S_ISREG(st.st_mode) ? "yes" : "no");
    show("  ftruncate 4096", ftruncate(m, 4096));
    if (show("  fstat", fstat(m, &st)) == 0) printf("  size %lld\n", (long long)st.st_size);
    char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0);
    printf("  mmap: %s\n", map == MAP_FAILED ? errname(errno) : "ok");
    if (map != MAP_FAILED) {
        printf("  mapping sees write: %.6s\n", map);
        memcpy(map + 100, "via map", 7);
        n = pread(m, buf, 7, 100); printf("  pread sees mapping: %.*s\n", (int)n, buf);
        munmap(map, 4096);
    }
    char proc[64], link[256]; snprintf(proc, sizeof proc, "/proc/self/fd/%d", m);
    n = readlink(proc, link, sizeof link - 1); if (n >= 0) link[n] = 0;
    printf("  link name: %s\n", n < 0 ? errname(errno) : link);
    printf("  link starts with /memfd:lxtest: %s\n", n > 0 && strncmp(link, "/memfd:lxtest", 13) == 0 ? "yes" : "no");
    int m2 = open(proc, O_RDONLY);
    n = m2 < 0 ? -1 : read(m2, buf, 6);
    printf("  reopen via /proc/self/fd: %s\n", n == 6 ? "same data" : errname(errno));
    if (m2 >= 0) close(m2);
    show("  lseek SEEK_END", lseek(m, 0, SEEK_END));
    printf("  offset %ld\n", offset(m));
    close(m);
    show("memfd_create bad flags", syscall(SYS_memfd_create, "x", 0x100));
    char longname[300]; memset(longname, 'n', 299); longname[299] = 0;
    show("memfd_create name too long", syscall(SYS_memfd_create, longname, 0));

    /* msync of a MAP_SHARED file mapping, then read(2) and the file size */
    put("mapped", "................");
    int f = open("mapped", O_RDWR);
    char *fm = mmap(NULL, 16, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
    memcpy(fm + 4, "SHARED", 6);
    show("msync MS_SYNC", msync(fm, 16, MS_SYNC));
    n = pread(f, buf, 16, 0); printf("  read after msync: %.*s\n", (int)n, buf);
    pwrite(f, "W", 1, 0);
    printf("  mapping sees pwrite: %c\n", fm[0]);
    show("msync unaligned", msync(fm + 1, 4, MS_SYNC));
    show("msync bad flags", msync(fm, 16, MS_SYNC | MS_ASYNC));
    munmap(fm, 16);
    char *priv = mmap(NULL, 16, PROT_READ | PROT_WRITE, MAP_PRIVATE, f, 0);
    priv[1] = 'P';
    n = pread(f, buf, 16, 0); printf("  MAP_PRIVATE write invisible to read: %s\n", buf[1] != 'P' ? "yes" : "no");
    munmap(priv, 16);
    close(f);
    cat("mapped");
    f = open("mapped", O_RDONLY);
    show("MAP_SHARED PROT_WRITE on O_RDONLY fd", (long)mmap(NULL, 16, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0) == -1 ? -1 : 0);
    close(f);

    /* MAP_SHARED|MAP_ANONYMOUS memory is shared with a forked child; MAP_PRIVATE is copied */
    int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *pv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    sh[0] = 1; pv[0] = 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { sh[0] = 42; sh[1000] = 7; pv[0] = 99; _exit(0); }
    waitpid(pid, NULL, 0);
    printf("shared anon after child: %d %d, private: %d\n", sh[0], sh[1000], pv[0]);
    return 0;
}
