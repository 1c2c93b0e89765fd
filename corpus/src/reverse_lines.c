/* reads stdin with read(2) in odd-sized chunks; prints lines in reverse order, each reversed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    size_t cap = 1024, len = 0; char *buf = malloc(cap); ssize_t r;
    for (;;) { if (len + 37 > cap) { cap *= 2; buf = realloc(buf, cap); } r = read(0, buf + len, 37); if (r <= 0) break; len += r; }
    size_t nl = 0; for (size_t i = 0; i < len; i++) nl += buf[i] == '\n';
    char **lines = malloc((nl + 2) * sizeof(char *)); size_t n = 0; char *s = buf;
    for (size_t i = 0; i < len; i++) if (buf[i] == '\n') { buf[i] = 0; lines[n++] = s; s = buf + i + 1; }
    if (s < buf + len) { buf[len] = 0; lines[n++] = s; }
    for (size_t i = n; i-- > 0;) { size_t l = strlen(lines[i]); for (size_t k = 0; k < l / 2; k++) { char t = lines[i][k]; lines[i][k] = lines[i][l - 1 - k]; lines[i][l - 1 - k] = t; } printf("%zu: %s\n", i + 1, lines[i]); }
    fprintf(stderr, "%zu lines reversed\n", n);
    return 0;
}
