/* MD5 (RFC 1321) of test vectors and generated data. args: [kib] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <math.h>
static uint32_t T[64]; static const int S[64] = {7,12,17,22,7,12,17,22,7,12,17,22,7,12,17,22,5,9,14,20,5,9,14,20,5,9,14,20,5,9,14,20,4,11,16,23,4,11,16,23,4,11,16,23,4,11,16,23,6,10,15,21,6,10,15,21,6,10,15,21,6,10,15,21};
static void blk(uint32_t *h, const uint8_t *p) {
    uint32_t M[16]; for (int i = 0; i < 16; i++) M[i] = p[4*i] | p[4*i+1] << 8 | p[4*i+2] << 16 | (uint32_t)p[4*i+3] << 24;
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f; int g;
        if (i < 16) { f = (b & c) | (~b & d); g = i; } else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
        else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; } else { f = c ^ (b | ~d); g = (7 * i) % 16; }
        uint32_t t = d; d = c; c = b; uint32_t x = a + f + T[i] + M[g]; b = b + ((x << S[i]) | (x >> (32 - S[i]))); a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
}
static void md5(const uint8_t *m, size_t n, char *out) {
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}; size_t i;
    for (i = 0; i + 64 <= n; i += 64) blk(h, m + i);
    uint8_t t[128] = {0}; size_t r = n - i; memcpy(t, m + i, r); t[r] = 0x80; size_t tl = r < 56 ? 64 : 128; uint64_t bits = (uint64_t)n * 8;
    for (int k = 0; k < 8; k++) t[tl - 8 + k] = (uint8_t)(bits >> (8 * k));
    blk(h, t); if (tl == 128) blk(h, t + 64);
    for (int k = 0; k < 16; k++) sprintf(out + 2 * k, "%02x", (h[k / 4] >> (8 * (k % 4))) & 0xff);
}
int main(int argc, char **argv) {
    long kib = argc > 1 ? atol(argv[1]) : 256; char hex[33];
    for (int i = 0; i < 64; i++) T[i] = (uint32_t)(fabs(sin(i + 1.0)) * 4294967296.0);
    const char *tv[] = {"", "a", "abc", "message digest", "abcdefghijklmnopqrstuvwxyz", "12345678901234567890123456789012345678901234567890123456789012345678901234567890"};
    for (int i = 0; i < 6; i++) { md5((const uint8_t *)tv[i], strlen(tv[i]), hex); printf("%s \"%s\"\n", hex, tv[i]); }
    size_t n = (size_t)kib * 1024; uint8_t *d = malloc(n); for (size_t i = 0; i < n; i++) d[i] = (uint8_t)(i * i + (i >> 9));
    md5(d, n, hex); printf("%s %ld KiB\n", hex, kib); free(d); return 0;
}
