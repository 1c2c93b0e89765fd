/* strtod/strtof/strtold parsing: decimal, hex floats, inf/nan, overflow, underflow, endptr. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <stdint.h>
int main(void) {
    const char *in[] = {"0", "-0", "1", "1.5", ".5", "5.", "1e10", "1E-10", "123.456e+7", "0x1p3", "0x1.8p-2", "0X.8P1", "inf", "-INF", "infinity", "nan",
                        "NAN(123)", "1e400", "-1e400", "1e-400", "4.9e-324", "2.2250738585072014e-308", "0.1", "0.30000000000000004",
                        "9007199254740993", "  42xyz", "abc", "", "1e", "1e+", "-.e5", "3.14159265358979323846264338327950288",
                        "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"};
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *end; errno = 0; double d = strtod(in[i], &end); int e = errno == ERANGE;
        uint64_t bits; memcpy(&bits, &d, 8);
        if (d != d) bits &= 0x7fffffffffffffffull;
        errno = 0; float f = strtof(in[i], NULL); int ef = errno == ERANGE;
        long double ld = strtold(in[i], NULL);
        printf("'%.40s' -> %016llx end=%td erange=%d f=%a ef=%d ld=%.21Lg\n", in[i], (unsigned long long)bits, end - in[i], e, d != d ? 0.0 : (double)f, ef, ld != ld ? 0.0L : ld);
    }
    double s = 0; char buf[64];
    for (int i = 0; i < 20000; i++) { snprintf(buf, sizeof buf, "%.17g", i * 1.1 + 1.0 / (i + 1)); double r = strtod(buf, NULL); if (r != i * 1.1 + 1.0 / (i + 1)) printf("roundtrip fail %d\n", i); s += r; }
    printf("roundtrip sum %.17g\n", s);
    return 0;
}
