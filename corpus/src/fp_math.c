/* libm double functions over a range of inputs. Printed with %.15g (libm results are
 * deterministic for a given binary; the differential test compares native vs translated). */
#include <stdio.h>
#include <math.h>
int main(void) {
    static const double xs[] = {0.0, -0.0, 1e-310, 1e-300, 0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 2.718281828459045, 3.141592653589793,
                                10.0, 100.5, 1e10, 1e300, -0.5, -1.0, -2.5, -100.25, 123456.789};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        volatile double x = xs[i];
        printf("x=%.17g\n sqrt %.15g sin %.15g cos %.15g tan %.15g\n exp %.15g log %.15g log10 %.15g log2 %.15g\n",
               x, sqrt(x), sin(x), cos(x), tan(x), exp(x), log(x), log10(x), log2(x));
        printf(" pow(x,1.5) %.15g pow(2,x) %.15g fmod(x,0.7) %.15g floor %.17g ceil %.17g round %.17g trunc %.17g\n",
               pow(x, 1.5), pow(2, x), fmod(x, 0.7), floor(x), ceil(x), round(x), trunc(x));
        printf(" atan %.15g atan2(x,-1) %.15g sinh %.15g tanh %.15g cbrt %.15g hypot %.15g fabs %.17g rint %.17g\n",
               atan(x), atan2(x, -1), sinh(x), tanh(x), cbrt(x), hypot(x, 3), fabs(x), rint(x));
        int e; double m = frexp(x, &e);
        printf(" frexp %.17g %d ldexp %.17g modf %.17g lround %ld copysign %.3g\n", m, e, ldexp(x, -3), modf(x, &m), lround(fmod(x, 1e9)), copysign(1.0, x));
    }
    /* accumulate */
    double s = 0;
    for (int i = 1; i <= 100000; i++) s += sin(i * 0.001) * exp(-i * 1e-5) + sqrt((double)i) / i;
    printf("sum %.12f\n", s);
    volatile double z = 0.0;
    printf("specials: %f %f %f %f %d %d\n", 1 / z, -1 / z, sqrt(-1.0) * 0 + (z / z != z / z ? 1 : 0), log(z), isnan(z / z), isinf(1 / z));
    return 0;
}
