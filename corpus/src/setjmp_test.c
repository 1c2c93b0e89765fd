/* setjmp/longjmp: nested, from deep recursion, with preserved volatile locals. */
#include <stdio.h>
#include <setjmp.h>
static jmp_buf env, env2;
static int depth_reached;
static void dive(int d, int limit) {
    volatile char buf[128]; buf[d % 128] = (char)d;
    depth_reached = d;
    if (d == limit) longjmp(env, d * 2 + buf[d % 128] * 0 + 1);
    dive(d + 1, limit);
}
static int inner(int x) { if (x > 3) longjmp(env2, x); return x * 10; }
int main(void) {
    for (int lim = 0; lim < 2000; lim += 333) {
        int r = setjmp(env);
        if (r == 0) dive(0, lim);
        else printf("limit %d: longjmp returned %d depth %d\n", lim, r, depth_reached);
    }
    volatile int counter = 0;
    int r = setjmp(env);
    counter++;
    if (counter < 5) longjmp(env, 0); /* longjmp with 0 yields 1 */
    printf("counter %d r %d\n", counter, r);
    for (int x = 0; x < 7; x++) {
        int v = setjmp(env2);
        if (v == 0) printf("inner(%d)=%d\n", x, inner(x));
        else printf("inner(%d) jumped %d\n", x, v);
    }
    sigjmp_buf sj; volatile int n = 0;
    if (sigsetjmp(sj, 1) < 3) { n++; siglongjmp(sj, n); }
    printf("sigsetjmp n=%d\n", n);
    return 0;
}
