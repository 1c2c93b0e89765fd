/* deep and branchy recursion: ackermann, fib, hanoi, mutual recursion. args: [fib_n] */
#include <stdio.h>
#include <stdlib.h>
static long ack(long m, long n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static long hanoi_moves; static int peg_sum;
static void hanoi(int n, int a, int b, int c) { if (!n) return; hanoi(n - 1, a, c, b); hanoi_moves++; peg_sum += a * 3 + c; hanoi(n - 1, b, a, c); }
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static long deep(long n) { volatile char pad[64]; pad[n % 64] = (char)n; return n == 0 ? 0 : 1 + deep(n - 1) + pad[n % 64] * 0; }
int main(int argc, char **argv) {
    int fn = argc > 1 ? atoi(argv[1]) : 27;
    for (int m = 0; m <= 3; m++) for (int n = 0; n <= 5; n++) printf("ack(%d,%d)=%ld\n", m, n, ack(m, n));
    printf("ack(2,300)=%ld\n", ack(2, 300));
    for (int i = 0; i <= 20; i++) printf("%ld ", fib(i));
    printf("\nfib(%d)=%ld\n", fn, fib(fn));
    hanoi(16, 1, 2, 3); printf("hanoi moves %ld pegsum %d\n", hanoi_moves, peg_sum);
    printf("even(10001)=%d odd(7777)=%d\n", is_even(10001), is_odd(7777));
    printf("deep(50000)=%ld\n", deep(50000));
    return 0;
}
