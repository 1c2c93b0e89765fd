/* The string functions that glibc and musl select by CPUID (SSE2, SSE4.2, AVX2, EVEX variants):
   memcpy, memmove (overlapping both ways), memset, memchr, memcmp, strlen, strnlen, strchr, strrchr,
   strcmp, strncmp, strcpy, strstr, strspn, strcspn, on many lengths and alignments, also with strings
   that end right before a PROT_NONE page. Prints one checksum per function (and a count of calls). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static uint64_t h[32];
static unsigned long calls[32];
static const char *names[32];
static void mix(int f, const char *name, uint64_t v) {
    names[f] = name;
    calls[f]++;
    h[f] = (h[f] ^ v) * 0x100000001b3ULL + 0x9e37;
}
static uint64_t sum(const unsigned char *p, size_t n) {
    uint64_t s = n;
    for (size_t i = 0; i < n; i++) s = s * 131 + p[i];
    return s;
}
static long off(const void *r, const void *base) { return r ? (const char *)r - (const char *)base : -1; }

static unsigned char *A, *B;      /* 3 pages each: work areas */
static unsigned char *edge;       /* the last page before a PROT_NONE page */

static void fill(unsigned char *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245 + 12345;
        p[i] = (unsigned char)('a' + (seed >> 16) % 23);
    }
}

static void mem_tests(size_t len, size_t sa, size_t da) {
    if (len > 8000 || sa > 64 || da > 64) abort();            /* the areas are 3 pages */
    unsigned char *s = A + sa, *d = B + da;
    fill(A, 3 * 4096, (unsigned)(len * 7 + sa));
    memset(B, 0x5a, 3 * 4096);
    mix(0, "memcpy", off(memcpy(d, s, len), d) + sum(B, len + da + 64));
    mix(1, "memset", off(memset(d, (int)(len & 0xff), len), d) + sum(B, len + da + 64));
    /* overlapping moves, both directions, distances around the vector widths */
    static const size_t dist[] = {1, 3, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100};
    for (unsigned i = 0; i < sizeof dist / sizeof dist[0]; i++) {
        fill(A, len + 256, (unsigned)(len + i));
        memmove(A + sa + dist[i], A + sa, len);
        memmove(A + 128 + sa - dist[i] + 100, A + 128 + sa + 100, len);
        mix(2, "memmove", sum(A, len + 256));
    }
    fill(A, len + 64, 99);
    memcpy(B + da, A + sa, len);
    if (len) B[da + (len * 5) / 7] ^= 1;                      /* one difference somewhere */
    int c = memcmp(A + sa, B + da, len);
    mix(3, "memcmp", (uint64_t)(c > 0) - (uint64_t)(c < 0));
    mix(3, "memcmp", (uint64_t)memcmp(A + sa, A + sa, len));
    if (len) {
        unsigned char ch = A[sa + len - 1];
        mix(4, "memchr", off(memchr(A + sa, ch, len), A + sa));
        mix(4, "memchr", off(memchr(A + sa, '#', len), A + sa));
    }
}

static void str_tests(size_t len, size_t sa, size_t da) {
    char *s = (char *)A + sa, *t = (char *)B + da;
    fill(A, len + sa + 64, (unsigned)(len * 3 + sa));
    s[len] = 0;
    mix(5, "strlen", strlen(s));
    mix(6, "strnlen", strnlen(s, len / 2) + strnlen(s, len + 10));
    mix(7, "strchr", off(strchr(s, 'k'), s) * 1000 + off(strchr(s, 0), s) + off(strchr(s, '#'), s));
    mix(8, "strrchr", off(strrchr(s, 'k'), s) * 1000 + off(strrchr(s, 0), s) + off(strrchr(s, '#'), s));
    strcpy(t, s);
    mix(9, "strcpy", sum(B, len + da + 8));
    int c = strcmp(s, t);
    if (len) t[len * 2 / 3] = (char)(t[len * 2 / 3] + 1);
    int c2 = strcmp(s, t), c3 = strncmp(s, t, len * 2 / 3), c4 = strncmp(t, s, len);
    mix(10, "strcmp", (uint64_t)((c > 0) - (c < 0)) * 9 + (uint64_t)((c2 > 0) - (c2 < 0)));
    mix(11, "strncmp", (uint64_t)((c3 > 0) - (c3 < 0)) * 9 + (uint64_t)((c4 > 0) - (c4 < 0)));
    /* strstr: needles taken from the haystack (found) and changed (mostly not found) */
    for (size_t nl = 1; nl <= 40 && nl <= len; nl += 3) {
        char needle[64];
        memcpy(needle, s + len - nl, nl);
        needle[nl] = 0;
        mix(12, "strstr", off(strstr(s, needle), s));
        needle[nl / 2] = 'z';
        mix(12, "strstr", off(strstr(s, needle), s));
    }
    mix(13, "strspn", strspn(s, "abcdefghijk") * 1000 + strspn(s, "abcdefghijklmnopqrstuvw"));
    mix(14, "strcspn", strcspn(s, "uvw") * 1000 + strcspn(s, "#"));
}

/* strings ending at the last byte before a PROT_NONE page: a function that reads past the end faults */
static void edge_tests(void) {
    for (size_t len = 0; len < 200; len++) {
        char *s = (char *)edge + 4096 - len - 1;
        fill((unsigned char *)s, len, (unsigned)len);
        s[len] = 0;
        mix(15, "edge", strlen(s) + off(strchr(s, 0), s) + off(strrchr(s, 'c'), s) + strspn(s, "abcdefg")
                            + strcspn(s, "xyz") + off(memchr(s, 0, len + 1), s) + (uint64_t)strcmp(s, s)
                            + off(strstr(s, "ab"), s) + strnlen(s, 1000));
        char *d = (char *)edge + 4096 - len;
        memmove(d, s, len);
        mix(15, "edge", sum((unsigned char *)d, len));
    }
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1;
    A = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    B = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *e = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(e + 4096, 4096, PROT_NONE);
    edge = e;
    static const size_t aligns[] = {0, 1, 7, 8, 15, 16, 31, 33, 63};
    for (int r = 0; r < rounds; r++) {
        for (size_t len = 0; len <= 520; len += len < 80 ? 1 : 37) {
            for (unsigned i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
                size_t sa = aligns[i], da = aligns[(i + len) % (sizeof aligns / sizeof aligns[0])];
                mem_tests(len, sa, da);
                str_tests(len, sa, da);
            }
        }
        static const size_t big[] = {1000, 4095, 4096, 4097, 7000};
        for (unsigned i = 0; i < sizeof big / sizeof big[0]; i++) {
            mem_tests(big[i], i * 5, i * 3);
            str_tests(big[i], i * 3, i * 5);
        }
        edge_tests();
    }
    for (int f = 0; f < 32; f++) {
        if (names[f]) printf("%-8s %6lu calls  %016llx\n", names[f], calls[f], (unsigned long long)h[f]);
    }
    return 0;
}
