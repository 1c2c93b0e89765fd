/* string.h over lengths 0..300 and alignments 0..15, checksummed per function. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#define MAXL 300
static unsigned char A[MAXL + 64], B[MAXL + 64], C[2 * MAXL + 128];
static uint64_t h[16];
static void mix(int f, uint64_t v) { h[f] = (h[f] ^ v) * 1099511628211ull; }
static int sgn(int x) { return (x > 0) - (x < 0); }
int main(void) {
    for (int len = 0; len <= MAXL; len++) {
        for (int al = 0; al < 16; al++) {
            int bl = (al * 7 + len) & 15;
            unsigned char *a = A + al, *b = B + bl;
            for (int i = 0; i < MAXL + 64; i++) { A[i] = (unsigned char)(i * 13 + len + 1) | 1; B[i] = (unsigned char)(i * 5 + al + 3) | 1; }
            /* memset / memcpy */
            memset(a, 'a' + (len % 26), len); a[len] = 0;
            mix(0, A[al + len / 2] + A[al + len] * 256u + A[al > 0 ? al - 1 : 0] * 65536u);
            memcpy(b, a, len + 1);
            mix(1, memcmp(a, b, len + 1) == 0);
            mix(2, strlen((char *)b));
            if (len) { b[len - 1] = 'Z'; mix(3, sgn(memcmp(a, b, len)) + 5); mix(3, sgn(strcmp((char *)a, (char *)b)) + 7); mix(3, sgn(strncmp((char *)a, (char *)b, len - 1)) + 9); }
            /* strchr/strrchr/memchr with a distinct char at a position */
            for (int i = 0; i < len + 1; i++) a[i] = (unsigned char)('A' + (i * 7 + al) % 50);
            a[len] = 0;
            char *p = strchr((char *)a, 'Q'); mix(4, p ? (uint64_t)(p - (char *)a) : 9999);
            p = strrchr((char *)a, 'Q'); mix(5, p ? (uint64_t)(p - (char *)a) : 9999);
            p = strchr((char *)a, 0); mix(5, (uint64_t)(p - (char *)a));
            void *m = memchr(a, 'R', len); mix(6, m ? (uint64_t)((unsigned char *)m - a) : 9999);
            /* strstr with needle taken from the middle */
            if (len >= 4) { char nd[8]; memcpy(nd, a + len / 2, 3); nd[3] = 0; p = strstr((char *)a, nd); mix(7, p ? (uint64_t)(p - (char *)a) : 9999); }
            p = strstr((char *)a, "xyz!"); mix(7, p ? 1 : 2);
            /* strcpy / strcat / strncpy */
            unsigned char *c = C + ((al * 3) & 15);
            strcpy((char *)c, (char *)a); mix(8, strlen((char *)c) + c[len / 2]);
            strcat((char *)c, "tail"); mix(8, strlen((char *)c));
            memset(C, 1, sizeof C); strncpy((char *)c, (char *)a, len / 2 + 3); mix(9, C[(al * 3 & 15) + len / 2 + 2] + C[(al * 3 & 15) + len / 2 + 3] * 3u);
            /* memmove overlapping both directions */
            for (int i = 0; i < 2 * MAXL + 128; i++) C[i] = (unsigned char)i;
            int sh = (al % 9) + 1;
            memmove(C + 16 + sh, C + 16, len); { uint64_t s = 0; for (int i = 0; i < len + 40; i++) s = s * 31 + C[i]; mix(10, s); }
            memmove(C + 16, C + 16 + sh, len); { uint64_t s = 0; for (int i = 0; i < len + 40; i++) s = s * 31 + C[i]; mix(11, s); }
            /* memcmp ordering of bytes >= 0x80 (unsigned compare) */
            if (len) { memcpy(b, a, len); b[len - 1] = 0x90; a[len - 1] = 0x10; mix(12, sgn(memcmp(a, b, len)) + 1); mix(12, sgn(strncmp((char *)a, (char *)b, len)) + 3); }
            mix(13, strspn((char *)a, "ABCDEFGHIJ") + strcspn((char *)a, "XYZ") * 1000u);
        }
        if (len % 50 == 0) { printf("len %3d:", len); for (int f = 0; f < 14; f++) printf(" %04x", (unsigned)(h[f] & 0xffff)); printf("\n"); }
    }
    const char *names[] = {"memset", "memcpy", "strlen", "cmp", "strchr", "strrchr", "memchr", "strstr", "strcpy", "strncpy", "memmove+", "memmove-", "cmp-hi", "spn"};
    for (int f = 0; f < 14; f++) printf("%-9s %016llx\n", names[f], (unsigned long long)h[f]);
    return 0;
}
