/* dense switch statements (jump tables), sparse switches, computed goto. */
#include <stdio.h>
static int dense(int x) {
    switch (x) {
    case 0: return 11; case 1: return 23; case 2: return 5; case 3: return 77;
    case 4: return -4; case 5: return 1000; case 6: return 6; case 7: return 99;
    case 8: return 12; case 9: return 31; case 10: return 8; case 11: return -11;
    case 12: return 120; case 13: return 1; case 14: return 2; case 15: return 3;
    default: return -1;
    }
}
static const char *sparse(unsigned x) {
    switch (x) {
    case 1: return "one"; case 10: return "ten"; case 100: return "hundred";
    case 1000: return "thousand"; case 65535: return "ffff"; case 0x80000000u: return "top";
    case 7: case 8: case 9: return "seven-nine";
    default: return "other";
    }
}
static int fallthrough(int x) {
    int r = 0;
    switch (x & 7) {
    case 0: r += 1; /* fall through */
    case 1: r += 2; /* fall through */
    case 2: r += 4; break;
    case 3: r += 8; /* fall through */
    case 4: r += 16; break;
    case 5: case 6: r += 32; /* fall through */
    default: r += 64;
    }
    return r;
}
static long computed_goto(const unsigned char *prog, int n) {
    static void *tbl[] = {&&op_inc, &&op_dbl, &&op_neg, &&op_sq, &&op_end};
    long acc = 1; int pc = 0;
#define NEXT do { if (pc >= n) return acc; goto *tbl[prog[pc++] % 5]; } while (0)
    NEXT;
op_inc: acc += 1; NEXT;
op_dbl: acc *= 2; NEXT;
op_neg: acc = -acc; NEXT;
op_sq: acc = (acc * acc) % 1000003; NEXT;
op_end: return acc;
}
int main(void) {
    long sum = 0;
    for (volatile int i = -3; i < 20; i++) { int d = dense(i); sum += d * (i + 5); printf("dense(%d)=%d\n", i, d); }
    unsigned sv[] = {0, 1, 7, 8, 9, 10, 11, 100, 1000, 65535, 65536, 0x80000000u, 0xffffffffu};
    for (unsigned i = 0; i < sizeof sv / sizeof sv[0]; i++) printf("sparse(%u)=%s\n", sv[i], sparse(sv[i]));
    for (int i = 0; i < 16; i++) printf("ft(%d)=%d ", i, fallthrough(i));
    printf("\n");
    unsigned char prog[64]; unsigned s = 7;
    for (int i = 0; i < 64; i++) { s = s * 1103515245 + 12345; prog[i] = (s >> 16) % 4; }
    printf("goto=%ld\n", computed_goto(prog, 64));
    prog[40] = 4;
    printf("goto-end=%ld\n", computed_goto(prog, 64));
    for (int i = 0; i < 100000; i++) sum += dense(i & 31) ^ fallthrough(i);
    printf("sum=%ld\n", sum);
    return 0;
}
