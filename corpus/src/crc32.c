/* CRC-32 (table and bitwise), Adler-32 and FNV-1a over generated data. args: [kib] */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
static uint32_t tab[256];
static uint32_t crc_tab(const uint8_t *p, size_t n) { uint32_t c = ~0u; while (n--) c = tab[(c ^ *p++) & 0xff] ^ (c >> 8); return ~c; }
static uint32_t crc_bit(const uint8_t *p, size_t n) { uint32_t c = ~0u; while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1)); } return ~c; }
int main(int argc, char **argv) {
    long kib = argc > 1 ? atol(argv[1]) : 512;
    for (uint32_t i = 0; i < 256; i++) { uint32_t c = i; for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1; tab[i] = c; }
    printf("crc('123456789')=%08x bit=%08x\n", crc_tab((const uint8_t *)"123456789", 9), crc_bit((const uint8_t *)"123456789", 9));
    size_t n = (size_t)kib * 1024; uint8_t *d = malloc(n); uint64_t x = 7;
    for (size_t i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; d[i] = (uint8_t)x; }
    uint32_t c1 = crc_tab(d, n), c2 = crc_bit(d, n / 8);
    uint32_t a = 1, b = 0; for (size_t i = 0; i < n; i++) { a = (a + d[i]) % 65521; b = (b + a) % 65521; }
    uint64_t f = 0xcbf29ce484222325ull; for (size_t i = 0; i < n; i++) f = (f ^ d[i]) * 0x100000001b3ull;
    printf("kib=%ld crc=%08x crcbit(1/8)=%08x adler=%08x fnv=%016llx\n", kib, c1, c2, (b << 16) | a, (unsigned long long)f);
    for (size_t l = 0; l < 20; l++) printf("%08x ", crc_tab(d + l, l * 3)); printf("\n");
    free(d); return 0;
}
