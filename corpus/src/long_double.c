/* x87 long double: arithmetic, printf %Lf %Le %La %Lg, sqrtl, expl, logl, powl, sinl, fmodl, strtold,
   conversions. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <float.h>
#include <stdint.h>
int main(void) {
    long double vals[] = {0.0L, 1.0L, -1.0L, 0.1L, 1.0L / 3, 2.0L / 3, 3.14159265358979323846264L, 1e100L, 1e-100L, 1e4000L, 1e-4000L,
                          LDBL_MAX, LDBL_MIN, LDBL_EPSILON, 123456789012345678.0L, 18446744073709551615.0L, -2.5L};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        long double v = vals[i];
        printf("%.20Lg | %Lf | %.25Le | %La | %Lg\n", v, v, v, v, v);
    }
    long double xs[] = {0.5L, 1.0L, 2.0L, 10.0L, 100.0L, 0.001L, 1234.5678L};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        long double x = xs[i];
        printf("x=%Lg sqrtl %.20Lg expl %.20Lg logl %.20Lg powl %.20Lg sinl %.18Lg fabsl %.5Lg floorl %.3Lf\n",
               x, sqrtl(x), expl(x), logl(x), powl(x, 1.25L), sinl(x), fabsl(-x), floorl(x * 3.3L));
    }
    /* arithmetic precision beyond double */
    long double a = 1.0L, s = 0.0L;
    for (int i = 1; i <= 60; i++) { a /= i; s += a; }
    printf("e-1 = %.21Lf\n", s);
    long double f = 1; for (int i = 1; i <= 25; i++) f *= i;
    printf("25! = %.0Lf\n", f);
    long double t = 1.0L + LDBL_EPSILON; printf("1+eps>1: %d, 1+eps/2>1: %d\n", t > 1.0L, 1.0L + LDBL_EPSILON / 2 > 1.0L);
    /* conversions */
    volatile long double big = 9223372036854775807.0L;
    printf("to int64 %lld to uint64 %llu to double %.17g\n", (long long)(big / 2), (unsigned long long)(big * 1.5L), (double)(1.0L / 3));
    int64_t iv = INT64_MIN + 12345; printf("from int64 %.0Lf\n", (long double)iv);
    volatile long double z = 0; printf("inf %Lf nan %Lf neginf %Le\n", 1 / z, fabsl(z / z), -1 / z);
    long double m = 0; for (int i = 0; i < 1000; i++) m = m * 0.999L + sqrtl((long double)i);
    printf("m %.18Lg\n", m);
    /* fmodl: exact remainders (fprem loops), signs, huge quotients */
    long double num[] = {10.0L, -10.0L, 1e30L, 3.14159265358979323846264L, 1e4000L, 0.1L};
    long double den[] = {3.0L, 3.0L, 7.0L, 0.5L, 1.7L, -0.03L};
    for (unsigned i = 0; i < sizeof num / sizeof num[0]; i++)
        printf("fmodl(%Lg, %Lg) = %.21Lg %La\n", num[i], den[i], fmodl(num[i], den[i]), fmodl(num[i], den[i]));
    /* strtold: decimal and hex input, rounding to 64 bits of significand, over/underflow, end pointer */
    const char *in[] = {"3.14159265358979323846264338327950288", "0x1.fffffffffffffffep+16383", "1e-4950",
                        "-0x1p-16445", "123456789012345678901234567890", "1.18973149535723176502e+4932", "1e5000",
                        "  -0.000000000000000000001e-10xyz", "nan(123)", "-inf", "0x.8p1", "2.5e-4940"};
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *end;
        long double v = strtold(in[i], &end);
        printf("strtold(\"%s\") = %.25Lg %La rest \"%s\"\n", in[i], v, v, end);
    }
    return 0;
}
