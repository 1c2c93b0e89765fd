/* single and double arithmetic, conversions int<->fp at all widths, comparisons incl. NaN, min/max. */
#include <stdio.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t db(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
int main(void) {
    volatile float fz = 0.0f; volatile double dz = 0.0;
    float fs[] = {0.0f, -0.0f, 1.0f, -1.5f, 3.25f, 1e-40f, 1e30f, 16777216.0f, 0.1f, 2.5f, -2.5f, 1 / fz, fz / fz};
    double ds[] = {0.0, -0.0, 1.0, -1.5, 3.25, 1e-310, 1e300, 9007199254740992.0, 0.1, 2.5, -2.5, 1 / dz, -1 / dz, dz / dz, 4e9, -3e9, 1.8e19, -9.3e18};
    for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++)
        for (unsigned j = 0; j < sizeof fs / sizeof fs[0]; j += 3) {
            float a = fs[i], b = fs[j];
            printf("f %08x %08x: + %08x - %08x * %08x / %08x lt %d eq %d un %d fmin %08x\n", fb(a), fb(b), fb(a + b), fb(a - b), fb(a * b), fb(a / b),
                   a < b, a == b, isunordered(a, b), fb(fminf(a, b)));
        }
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        double a = ds[i];
        for (unsigned j = 0; j < sizeof ds / sizeof ds[0]; j += 4) {
            double b = ds[j];
            printf("d %016llx %016llx: + %016llx * %016llx / %016llx le %d ne %d\n", (unsigned long long)db(a), (unsigned long long)db(b),
                   (unsigned long long)db(a + b), (unsigned long long)db(a * b), (unsigned long long)db(a / b), a <= b, a != b);
        }
        if (!isnan(a) && fabs(a) < 9.2e18) {
            printf("conv %g: i8 %d i16 %d i32 %d i64 %lld u32 %u u64 %llu f %08x\n", a, (int8_t)(int)fmod(a, 100), (int16_t)(int)fmod(a, 30000),
                   (int32_t)fmod(a, 2e9), (long long)a, (uint32_t)fmod(fabs(a), 4e9), (unsigned long long)fabs(a), fb((float)a));
        }
    }
    /* integer -> fp conversions */
    int64_t iv[] = {0, 1, -1, 16777217, 9007199254740993LL, INT64_MAX, INT64_MIN, -123456789012345LL};
    uint64_t uv[] = {0, 1, 0x8000000000000000ull, 0xffffffffffffffffull, 0x8000000000000801ull, 4294967295u};
    for (unsigned i = 0; i < sizeof iv / sizeof iv[0]; i++) printf("i2f %lld -> %a %a\n", (long long)iv[i], (double)iv[i], (double)(float)iv[i]);
    for (unsigned i = 0; i < sizeof uv / sizeof uv[0]; i++) printf("u2f %llu -> %a %a\n", (unsigned long long)uv[i], (double)uv[i], (double)(float)uv[i]);
    /* float loop accumulation */
    float acc = 0; double dacc = 0;
    for (int i = 1; i < 100000; i++) { acc += 1.0f / i; dacc += 1.0 / ((double)i * i); }
    printf("harmonic float %a basel %.17g\n", (double)acc, dacc);
    return 0;
}
