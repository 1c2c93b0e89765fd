/* printf %f %e %g %a of many doubles incl. denormals, inf, nan, rounding ties. */
#include <stdio.h>
#include <math.h>
#include <float.h>
#include <string.h>
#include <stdint.h>
int main(void) {
    volatile double zero = 0.0;
    double vals[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.125, 0.0625, 2.5, 3.5, -2.5, 1.005, 2.675,
                     123456789.0, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23, 1e100, 1e300, DBL_MAX, DBL_MIN, DBL_MIN / 2, 4.9406564584124654e-324,
                     DBL_EPSILON, 1e-5, 1e-4, 9.9999e-5, 0.000123456, 3.141592653589793, 2.718281828459045, 1.7976931348623157e308,
                     1 / zero, -1 / zero, zero / zero, 65536.0, 4294967296.0, 9007199254740993.0, 0.7, 99.995, 999999.5, 1234.5678};
    int n = sizeof vals / sizeof vals[0];
    for (int i = 0; i < n; i++) {
        double v = vals[i];
        if (isnan(v)) v = fabs(v); /* sign of nan is not the point here */
        uint64_t bits; memcpy(&bits, &v, 8);
        printf("%016llx | %f | %.0f | %.2f | %.10f | %e | %.3e | %.0e | %g | %.10g | %.17g | %a | %.3a | %12.4f | %-12.3e| %+g | %#g\n",
               (unsigned long long)bits, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v);
    }
    float fv[] = {0.1f, 1.0f / 3, 16777217.0f, FLT_MAX, FLT_MIN, 1e-45f, 3.4e38f, -7.25f};
    for (unsigned i = 0; i < sizeof fv / sizeof fv[0]; i++) printf("float %.9g %a %e\n", fv[i], fv[i], fv[i]);
    char buf[64];
    for (int p = 0; p <= 20; p++) { snprintf(buf, sizeof buf, "%.*f", p, 1.0 / 7); printf("%2d %s\n", p, buf); }
    return 0;
}
