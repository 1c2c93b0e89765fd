/* unsigned/signed __int128 multiply, divide, modulo, shifts, decimal printing. */
#include <stdio.h>
#include <stdint.h>
typedef unsigned __int128 u128;
typedef __int128 s128;
static void pu(u128 v, char *buf) {
    char tmp[64]; int n = 0;
    do { tmp[n++] = '0' + (int)(v % 10); v /= 10; } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
}
static void ps(s128 v, char *buf) {
    if (v < 0) { buf[0] = '-'; pu(-(u128)v, buf + 1); } else pu((u128)v, buf);
}
static volatile uint64_t vals[] = {0, 1, 3, 10, 0xffffffffull, 0x100000000ull, 1000000007ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xfedcba9876543210ull, ~0ull};
int main(void) {
    int n = sizeof vals / sizeof vals[0];
    char a[64], b[64], c[64], d[64], e[64];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            u128 x = (u128)vals[i] * vals[j] + vals[(i + j) % n];
            u128 y = ((u128)vals[j] << 64 | vals[i]) >> (i + j);
            pu(x, a);
            if (y) { pu(x / y, b); pu(x % y, c); } else { b[0] = '-'; b[1] = 0; c[0] = '-'; c[1] = 0; }
            s128 sx = (s128)x - ((s128)1 << 100), sy = -(s128)(vals[j] | 1);
            ps(sx / sy, d); ps(sx % sy, e);
            printf("%d,%d: x=%s x/y=%s x%%y=%s sdiv=%s smod=%s\n", i, j, a, b, c, d, e);
        }
    /* 2^127-1 and factorial 30 */
    u128 m = ((u128)1 << 127) - 1; pu(m, a); printf("2^127-1 = %s\n", a);
    u128 f = 1; for (int k = 1; k <= 34; k++) f *= k; pu(f, a); printf("34! = %s\n", a);
    /* mulhi via int128 */
    uint64_t acc = 0, x = 88172645463325252ull;
    for (int k = 0; k < 10000; k++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        u128 p = (u128)x * 0x9e3779b97f4a7c15ull;
        acc += (uint64_t)(p >> 64) ^ (uint64_t)p;
        acc ^= (uint64_t)(((u128)acc << 64 | x) / (x | 1));
    }
    printf("acc %016llx\n", (unsigned long long)acc);
    return 0;
}
