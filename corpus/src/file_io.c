/* file I/O in the cwd: create, write, read back, lseek, pread/pwrite, rename, unlink, stat, ftruncate, stdio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
int main(void) {
    int fd = open("data.bin", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) { perror("open"); return 1; }
    char buf[8192];
    for (int i = 0; i < 8192; i++) buf[i] = (char)(i * 31 + 7);
    for (int k = 0; k < 10; k++) if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) { perror("write"); return 1; }
    printf("lseek end %ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("lseek set %ld\n", (long)lseek(fd, 100, SEEK_SET));
    write(fd, "HELLO", 5);
    printf("lseek cur %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    pwrite(fd, "PW", 2, 70000);
    close(fd);
    struct stat st; stat("data.bin", &st); printf("size %lld reg %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    fd = open("data.bin", O_RDONLY);
    char rb[16]; ssize_t n = pread(fd, rb, 10, 98); printf("pread %zd: %02x %02x %.5s\n", n, (unsigned char)rb[0], (unsigned char)rb[1], rb + 2);
    unsigned long sum = 0; ssize_t r; long total = 0;
    while ((r = read(fd, buf, 3000)) > 0) { for (ssize_t i = 0; i < r; i++) sum = sum * 33 + (unsigned char)buf[i]; total += r; }
    printf("read total %ld sum %lu eof-read %zd\n", total, sum, read(fd, buf, 10));
    printf("lseek past end %ld\n", (long)lseek(fd, 100000, SEEK_SET)); printf("read past end %zd\n", read(fd, buf, 10));
    close(fd);
    /* sparse extend and truncate */
    fd = open("data.bin", O_RDWR); ftruncate(fd, 50); fstat(fd, &st); printf("truncated %lld\n", (long long)st.st_size);
    lseek(fd, 200, SEEK_SET); write(fd, "X", 1); fstat(fd, &st); printf("extended %lld\n", (long long)st.st_size);
    pread(fd, rb, 4, 120); printf("hole bytes %d %d %d %d\n", rb[0], rb[1], rb[2], rb[3]); close(fd);
    /* append mode */
    fd = open("log.txt", O_CREAT | O_WRONLY | O_APPEND, 0600);
    for (int i = 0; i < 5; i++) { char l[32]; int len = snprintf(l, sizeof l, "line %d\n", i); lseek(fd, 0, SEEK_SET); write(fd, l, len); }
    close(fd);
    /* stdio */
    FILE *f = fopen("log.txt", "r"); char line[64]; int cnt = 0;
    while (fgets(line, sizeof line, f)) { cnt++; printf("got: %s", line); }
    fclose(f); printf("lines %d\n", cnt);
    f = fopen("out.txt", "w"); for (int i = 0; i < 1000; i++) fprintf(f, "%d,%d\n", i, i * i); fclose(f);
    f = fopen("out.txt", "r+"); fseek(f, 0, SEEK_END); printf("ftell %ld\n", ftell(f)); fseek(f, 4, SEEK_SET); fputs("##", f); fclose(f);
    /* rename / unlink / access */
    printf("rename %d\n", rename("out.txt", "renamed.txt"));
    printf("access old %d new %d\n", access("out.txt", F_OK), access("renamed.txt", R_OK));
    errno = 0; printf("open missing %d errno ENOENT %d\n", open("nope.txt", O_RDONLY), errno == ENOENT);
    errno = 0; printf("excl %d errno EEXIST %d\n", open("log.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), errno == EEXIST);
    fd = open("tmp.txt", O_CREAT | O_WRONLY, 0644); write(fd, "temp", 4); close(fd);
    printf("unlink %d again %d\n", unlink("tmp.txt"), unlink("tmp.txt"));
    fd = open("dup.txt", O_CREAT | O_RDWR | O_TRUNC, 0644); int fd2 = dup(fd); write(fd, "ab", 2); write(fd2, "cd", 2);
    printf("dup shared offset %ld\n", (long)lseek(fd, 0, SEEK_CUR)); close(fd); close(fd2);
    return 0;
}
