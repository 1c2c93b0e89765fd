/* snprintf formatting coverage: widths, flags, truncation return values, integer sizes. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
int main(void) {
    char buf[128];
    long long ll[] = {0, 1, -1, 42, -42, 255, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN, 1000000};
    for (unsigned i = 0; i < sizeof ll / sizeof ll[0]; i++) {
        long long v = ll[i];
        printf("[%d][%5d][%-5d|][%05d][%+d][% d][%x][%X][%#x][%o][%#o][%lld][%llx][%20lld][%-20lld|][%.8lld][%hhd][%hd][%hhu][%hu][%lu]\n",
               (int)v, (int)v, (int)v, (int)v, (int)v, (int)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, v, (unsigned long long)v, v, v, v,
               (signed char)v, (short)v, (unsigned char)v, (unsigned short)v, (unsigned long)v);
    }
    const char *ss[] = {"", "a", "hello", "hello world, this is long"};
    for (unsigned i = 0; i < 4; i++) printf("[%s][%10s][%-10s][%.3s][%10.2s][%*s][%-*s]\n", ss[i], ss[i], ss[i], ss[i], ss[i], 8, ss[i], 8, ss[i]);
    printf("[%c][%5c][%-3c][%%][%5%]\n", 'x', 'y', 'z');
    for (size_t n = 0; n < 12; n++) { int r = snprintf(buf, n, "abcdef%d", 12345); printf("n=%zu r=%d buf=[%s]\n", n, r, n ? buf : "-"); }
    int cnt1 = 0, cnt2 = 0; printf("abc%n def%n\n", &cnt1, &cnt2); printf("n: %d %d\n", cnt1, cnt2);
    printf("[%" PRId8 "][%" PRIu16 "][%" PRIx32 "][%" PRId64 "][%" PRIuMAX "][%zd][%td]\n", (int8_t)-5, (uint16_t)65535, (uint32_t)0xdeadbeef, INT64_MIN, UINTMAX_MAX, (ssize_t)-7, (ptrdiff_t)-9);
    printf("[%.0f][%.1f][%.2f][%.3f][%8.3f][%-8.3f|][%08.3f][%+.2e][%G][%E]\n", 0.5, 0.25, 1.005, -0.0005, 3.14159, 2.71828, -1.5, 12345.678, 1e-10, 6.02e23);
    printf("[%5s][%-5s][%5d][%5.1f]\n", "toolongstring", "ab", 1234567, 123456.789);
    printf("[%2$s %1$s][%3$d]\n", "world", "hello", 7);
    return 0;
}
