/* digits of pi with the Rabinowitz-Wagon spigot, and e digits. args: [digits] */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    int len = n * 10 / 3 + 1; int *a = malloc(len * sizeof(int)); for (int i = 0; i < len; i++) a[i] = 2;
    int nines = 0, predigit = 0, printed = 0; char *out = malloc(n + 16); int o = 0;
    for (int j = 1; j <= n; j++) {
        int q = 0;
        for (int i = len; i > 0; i--) { int x = 10 * a[i - 1] + q * i; a[i - 1] = x % (2 * i - 1); q = x / (2 * i - 1); }
        a[0] = q % 10; q /= 10;
        if (q == 9) nines++;
        else if (q == 10) { out[o++] = '0' + predigit + 1; for (int k = 0; k < nines; k++) out[o++] = '0'; predigit = 0; nines = 0; }
        else { if (j > 1) out[o++] = '0' + predigit; predigit = q; for (; nines > 0; nines--) out[o++] = '9'; }
    }
    out[o++] = '0' + predigit; out[o] = 0; printed = o;
    printf("pi: %.60s...\n", out);
    int s = 0; for (int i = 0; i < printed; i++) s += out[i] - '0';
    printf("pi %d digits, digit sum %d, last10 %s\n", printed, s, out + (printed > 10 ? printed - 10 : 0));
    /* e */
    int m = n + 10; int *e = malloc(m * sizeof(int)); for (int i = 0; i < m; i++) e[i] = 1;
    printf("e: 2.");
    int es = 0;
    for (int d = 0; d < n; d++) { int c = 0; for (int i = m - 1; i >= 1; i--) { int x = e[i] * 10 + c; e[i] = x % (i + 1); c = x / (i + 1); } if (d < 60) putchar('0' + c); es += c; }
    printf("...\ne digit sum %d\n", es);
    return 0;
}
