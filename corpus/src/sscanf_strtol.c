/* sscanf, strtol/strtoul/strtoll with bases, endptr, errno on overflow, atoi. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
int main(void) {
    const char *in[] = {"0", "42", "-42", "+17", "  123abc", "0x1f", "0X7FFFFFFF", "077", "0b101", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "", "   ", "-", "zz", "2147483648", "-0"};
    int bases[] = {0, 10, 16, 8, 2, 36};
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        for (unsigned b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            char *end; errno = 0; long v = strtol(in[i], &end, bases[b]); int e1 = errno;
            errno = 0; unsigned long u = strtoul(in[i], NULL, bases[b]); int e2 = errno;
            errno = 0; long long ll = strtoll(in[i], NULL, bases[b]); int e3 = errno;
            printf("'%s' b%d: l=%ld end=%td e=%d ul=%lu e=%d ll=%lld e=%d\n", in[i], bases[b], v, end - in[i], e1 == ERANGE, u, e2 == ERANGE, ll, e3 == ERANGE);
        }
        printf("atoi=%d atol=%ld\n", atoi(in[i]), atol(in[i]));
    }
    int a, b, n; char w[32], w2[32]; double d; float f; unsigned x; long long q; char c;
    n = sscanf("12 34 hello 5.5e3", "%d %d %31s %lf", &a, &b, w, &d); printf("n=%d %d %d %s %g\n", n, a, b, w, d);
    n = sscanf("key=value;rest", "%31[^=]=%31[^;];", w, w2); printf("n=%d [%s] [%s]\n", n, w, w2);
    n = sscanf("ff 0x10 -1.25 777", "%x %i %f %llo", &x, &a, &f, &q); printf("n=%d %u %d %g %lld\n", n, x, a, f, q);
    n = sscanf("abc", "%d", &a); printf("n=%d\n", n);
    n = sscanf("", "%d", &a); printf("n=%d\n", n);
    n = sscanf("  x  7", " %c %d", &c, &a); printf("n=%d %c %d\n", n, c, a);
    n = sscanf("12:34:56", "%2d:%2d:%2d%n", &a, &b, &x, &n); printf("%d %d %u consumed %d\n", a, b, x, n);
    n = sscanf("1,2,3,4", "%d,%*d,%d", &a, &b); printf("n=%d %d %d\n", n, a, b);
    return 0;
}
