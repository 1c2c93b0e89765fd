/* variadic functions: ints, longs, doubles mixed, va_copy, many args (stack passed). */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
static long sum_ints(int n, ...) { va_list ap; va_start(ap, n); long s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
static double mix(const char *fmt, ...) {
    va_list ap, cp; va_start(ap, fmt); va_copy(cp, ap);
    double acc = 0;
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': acc += va_arg(ap, int); break;
        case 'l': acc += (double)va_arg(ap, long long); break;
        case 'd': acc += va_arg(ap, double); break;
        case 's': acc += strlen(va_arg(ap, const char *)); break;
        }
    }
    /* second pass via the copy: count of doubles > 1 */
    int big = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p == 'd') { if (va_arg(cp, double) > 1) big++; }
        else if (*p == 'l') (void)va_arg(cp, long long);
        else if (*p == 's') (void)va_arg(cp, const char *);
        else (void)va_arg(cp, int);
    }
    va_end(cp); va_end(ap);
    return acc + big * 1000;
}
static void vout(const char *fmt, va_list ap) { char buf[256]; vsnprintf(buf, sizeof buf, fmt, ap); printf("<%s>\n", buf); }
static void out(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vout(fmt, ap); va_end(ap); }
int main(void) {
    printf("%ld\n", sum_ints(0));
    printf("%ld\n", sum_ints(3, 1, 2, 3));
    printf("%ld\n", sum_ints(20, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16, 17, -18, 19, -20));
    printf("%.4f\n", mix("idldsi", 1, 2.5, 10000000000LL, 0.25, "hello", -3));
    printf("%.4f\n", mix("dddddddddddi", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 42));
    printf("%.4f\n", mix("iiiiiiiiid", 1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5));
    out("%d %s %5.2f %c %x %lld %-4d|", 42, "str", 3.14159, 'z', 255, -9000000000LL, 7);
    out("%10s|%-10s|%.3s", "right", "left", "truncate");
    return 0;
}
