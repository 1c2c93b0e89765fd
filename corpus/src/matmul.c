/* int and double matrix multiply, naive and blocked-transposed. args: [n] (default 120) */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 120;
    int32_t *A = malloc(sizeof(int32_t) * n * n), *B = malloc(sizeof(int32_t) * n * n); int64_t *C = calloc((size_t)n * n, 8);
    double *X = malloc(8.0 * n * n), *Y = malloc(8.0 * n * n), *Z = calloc((size_t)n * n, 8);
    for (int i = 0; i < n * n; i++) { A[i] = (i * 7919) % 201 - 100; B[i] = (i * 104729) % 197 - 98; X[i] = ((i * 31) % 1000) / 999.0 - 0.5; Y[i] = ((i * 17) % 777) / 333.0; }
    for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) { int64_t a = A[i * n + k]; for (int j = 0; j < n; j++) C[i * n + j] += a * B[k * n + j]; }
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = 0; for (int k = 0; k < n; k++) s += X[i * n + k] * Y[k * n + j]; Z[i * n + j] = s; }
    int64_t ck = 0; double dk = 0, tr = 0;
    for (int i = 0; i < n * n; i++) { ck = ck * 31 + C[i]; dk += Z[i] * ((i % 7) - 3); }
    for (int i = 0; i < n; i++) tr += Z[i * n + i];
    printf("n=%d int ck=%lld C[0]=%lld C[last]=%lld\n", n, (long long)ck, (long long)C[0], (long long)C[n * n - 1]);
    printf("double trace=%.10f weighted=%.10f Z[1]=%.15g\n", tr, dk, Z[1]);
    float fa[16][16], fb2[16][16], fc[16][16] = {{0}};
    for (int i = 0; i < 16; i++) for (int j = 0; j < 16; j++) { fa[i][j] = (float)(i - j) / 3; fb2[i][j] = (float)(i * j % 5) * 0.25f; }
    for (int i = 0; i < 16; i++) for (int k = 0; k < 16; k++) for (int j = 0; j < 16; j++) fc[i][j] += fa[i][k] * fb2[k][j];
    float fs = 0; for (int i = 0; i < 16; i++) for (int j = 0; j < 16; j++) fs += fc[i][j] * (i + 1);
    printf("float 16x16 sum=%a\n", (double)fs);
    return 0;
}
