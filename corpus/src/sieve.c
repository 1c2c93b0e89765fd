/* sieve of Eratosthenes (byte and bit versions), prime counts and sums. args: [limit] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
int main(int argc, char **argv) {
    long lim = argc > 1 ? atol(argv[1]) : 2000000;
    unsigned char *s = malloc(lim + 1); memset(s, 1, lim + 1); s[0] = s[1] = 0;
    for (long i = 2; i * i <= lim; i++) if (s[i]) for (long j = i * i; j <= lim; j += i) s[j] = 0;
    long cnt = 0; unsigned long long sum = 0; long last = 0, twins = 0;
    for (long i = 2; i <= lim; i++) if (s[i]) { cnt++; sum += i; if (i - last == 2) twins++; last = i; }
    printf("limit=%ld primes=%ld sum=%llu largest=%ld twins=%ld\n", lim, cnt, sum, last, twins);
    for (long i = 0, k = 0; i <= lim && k < 25; i++) if (s[i]) { printf("%ld ", i); k++; }
    printf("\n");
    uint64_t *bits = calloc(lim / 64 + 1, 8);
    for (long i = 3; i * i <= lim; i += 2) if (!(bits[i >> 6] >> (i & 63) & 1)) for (long j = i * i; j <= lim; j += 2 * i) bits[j >> 6] |= 1ull << (j & 63);
    long c2 = lim >= 2; for (long i = 3; i <= lim; i += 2) c2 += !(bits[i >> 6] >> (i & 63) & 1);
    printf("bit sieve primes=%ld\n", c2);
    for (long p = 10; p <= lim; p *= 10) { long c = 0; for (long i = 2; i <= p; i++) c += s[i]; printf("pi(%ld)=%ld\n", p, c); }
    return 0;
}
