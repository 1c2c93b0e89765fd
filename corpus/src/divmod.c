/* signed/unsigned division and modulo at every width, incl. negative operands and INT_MIN/-1 avoided. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#define N(a) (sizeof(a) / sizeof((a)[0]))
static volatile int64_t sn[] = {0, 1, -1, 7, -7, 13, -13, 100, -100, 127, -128, 255, 32767, -32768, 65535, 2147483647LL, -2147483648LL, 4294967295LL, 1000000000000LL, -999999999999LL, INT64_MAX, INT64_MIN};
static volatile int64_t sd[] = {1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 127, 256, -1000, 65536, 1000000007, -2147483647LL, 4294967296LL};
int main(void) {
    uint64_t h = 0;
    for (unsigned i = 0; i < N(sn); i++)
        for (unsigned j = 0; j < N(sd); j++) {
            int64_t a = sn[i], b = sd[j];
            int8_t a8 = (int8_t)a, b8 = (int8_t)b; uint8_t ua8 = (uint8_t)a, ub8 = (uint8_t)b;
            int16_t a16 = (int16_t)a, b16 = (int16_t)b; uint16_t ua16 = (uint16_t)a, ub16 = (uint16_t)b;
            int32_t a32 = (int32_t)a, b32 = (int32_t)b; uint32_t ua32 = (uint32_t)a, ub32 = (uint32_t)b;
            uint64_t ua64 = (uint64_t)a, ub64 = (uint64_t)b;
            char line[512]; int p = 0;
            if (b8 != 0 && !(a8 == INT8_MIN && b8 == -1)) p += snprintf(line + p, sizeof line - p, " s8 %d,%d", (int8_t)(a8 / b8), (int8_t)(a8 % b8));
            if (ub8 != 0) p += snprintf(line + p, sizeof line - p, " u8 %u,%u", (uint8_t)(ua8 / ub8), (uint8_t)(ua8 % ub8));
            if (b16 != 0 && !(a16 == INT16_MIN && b16 == -1)) p += snprintf(line + p, sizeof line - p, " s16 %d,%d", (int16_t)(a16 / b16), (int16_t)(a16 % b16));
            if (ub16 != 0) p += snprintf(line + p, sizeof line - p, " u16 %u,%u", (uint16_t)(ua16 / ub16), (uint16_t)(ua16 % ub16));
            if (b32 != 0 && !(a32 == INT32_MIN && b32 == -1)) p += snprintf(line + p, sizeof line - p, " s32 %d,%d", a32 / b32, a32 % b32);
            if (ub32 != 0) p += snprintf(line + p, sizeof line - p, " u32 %u,%u", ua32 / ub32, ua32 % ub32);
            if (!(a == INT64_MIN && b == -1)) p += snprintf(line + p, sizeof line - p, " s64 %" PRId64 ",%" PRId64, a / b, a % b);
            p += snprintf(line + p, sizeof line - p, " u64 %" PRIu64 ",%" PRIu64, ua64 / ub64, ua64 % ub64);
            for (int k = 0; k < p; k++) h = (h ^ (unsigned char)line[k]) * 1099511628211ull;
            if ((i * 31 + j) % 3 == 0) printf("%" PRId64 " / %" PRId64 ":%s\n", a, b, line);
        }
    /* division by constants (compiler turns into multiply-high) */
    uint64_t acc = 0;
    for (int64_t v = -100000; v <= 100000; v += 37) {
        acc += (uint64_t)(v / 3) + (uint64_t)(v % 3) * 7 + (uint64_t)(v / 10) * 11 + (uint64_t)(v / 1000) * 13 + (uint64_t)(v % 7);
        uint32_t u = (uint32_t)v;
        acc += u / 10 + u % 10 + u / 60000 + (u >> 3) / 5;
    }
    printf("const-div acc %016" PRIx64 "\nhash %016" PRIx64 "\n", acc, h);
    return 0;
}
