/* tiny stack-based bytecode VM with a label-resolving assembler: prime counting, gcd sums,
 * collatz lengths. args: [scale] (default 3000) */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
enum { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, JNZ, PRINT, HALT, DUP, POP, SWAP, LABEL };
static int has_arg(int64_t op) { return op == PUSH || op == LOAD || op == STORE || op == JMP || op == JZ || op == JNZ; }
/* source: ops with args; LABEL n defines label n; jump args are label numbers */
static int assemble(const int64_t *src, int n, int64_t *code) {
    int64_t labels[32]; int pc = 0;
    for (int i = 0; i < n; i++) { if (src[i] == LABEL) { labels[src[++i]] = pc; continue; } pc += 1 + has_arg(src[i]); if (has_arg(src[i])) i++; }
    pc = 0;
    for (int i = 0; i < n; i++) {
        if (src[i] == LABEL) { i++; continue; }
        code[pc++] = src[i];
        if (has_arg(src[i])) { i++; code[pc++] = (src[i - 1] == JMP || src[i - 1] == JZ || src[i - 1] == JNZ) ? labels[src[i]] : src[i]; }
    }
    return pc;
}
static int64_t printed;
static int64_t run(const int64_t *code, int64_t *vars) {
    int64_t st[256]; int sp = 0, pc = 0; int64_t steps = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case PUSH: st[sp++] = code[pc++]; break;
        case LOAD: st[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = st[--sp]; break;
        case ADD: sp--; st[sp - 1] += st[sp]; break;
        case SUB: sp--; st[sp - 1] -= st[sp]; break;
        case MUL: sp--; st[sp - 1] *= st[sp]; break;
        case DIV: sp--; st[sp - 1] /= st[sp]; break;
        case MOD: sp--; st[sp - 1] %= st[sp]; break;
        case LT: sp--; st[sp - 1] = st[sp - 1] < st[sp]; break;
        case EQ: sp--; st[sp - 1] = st[sp - 1] == st[sp]; break;
        case JMP: pc = code[pc]; break;
        case JZ: pc = st[--sp] ? pc + 1 : code[pc]; break;
        case JNZ: pc = st[--sp] ? code[pc] : pc + 1; break;
        case PRINT: printed = st[--sp]; break;
        case DUP: st[sp] = st[sp - 1]; sp++; break;
        case POP: sp--; break;
        case SWAP: { int64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } break;
        case HALT: return steps;
        default: printf("bad op\n"); exit(1);
        }
    }
}
int main(int argc, char **argv) {
    int64_t scale = argc > 1 ? atoll(argv[1]) : 3000;
    /* primes below v3: v0=n v1=count v2=d */
    static const int64_t primes_src[] = {
        PUSH, 2, STORE, 0, PUSH, 0, STORE, 1,
        LABEL, 1, LOAD, 0, LOAD, 3, LT, JZ, 9,
        PUSH, 2, STORE, 2,
        LABEL, 2, LOAD, 0, LOAD, 2, LOAD, 2, MUL, LT, JNZ, 3,   /* n < d*d -> prime */
        LOAD, 0, LOAD, 2, MOD, JZ, 4,                           /* divisible -> next */
        LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 2,
        LABEL, 3, LOAD, 1, PUSH, 1, ADD, STORE, 1,
        LABEL, 4, LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 1,
        LABEL, 9, LOAD, 1, PRINT, HALT};
    /* gcd(v0, v1) -> v0 */
    static const int64_t gcd_src[] = {LABEL, 0, LOAD, 1, JZ, 1, LOAD, 0, LOAD, 1, MOD, LOAD, 1, STORE, 0, STORE, 1, JMP, 0, LABEL, 1, LOAD, 0, PRINT, HALT};
    /* collatz length of v0 -> v1 */
    static const int64_t coll_src[] = {PUSH, 0, STORE, 1,
        LABEL, 0, LOAD, 0, PUSH, 1, EQ, JNZ, 3,
        LOAD, 1, PUSH, 1, ADD, STORE, 1,
        LOAD, 0, PUSH, 2, MOD, JZ, 1,
        LOAD, 0, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 0, JMP, 0,
        LABEL, 1, LOAD, 0, PUSH, 2, DIV, STORE, 0, JMP, 0,
        LABEL, 3, LOAD, 1, PRINT, HALT};
    int64_t primes[256], gcd[64], coll[128], vars[8] = {0};
    assemble(primes_src, sizeof primes_src / 8, primes);
    assemble(gcd_src, sizeof gcd_src / 8, gcd);
    assemble(coll_src, sizeof coll_src / 8, coll);
    int64_t lim[] = {10, 100, 1000, scale * 10};
    for (int k = 0; k < 4; k++) { vars[3] = lim[k]; int64_t steps = run(primes, vars); printf("primes below %lld: %lld (steps %lld)\n", (long long)lim[k], (long long)printed, (long long)steps); }
    int64_t total = 0, steps = 0; int m = (int)(scale / 30) + 10;
    for (int i = 1; i < m; i++) for (int j = 1; j < m; j++) { vars[0] = i; vars[1] = j; steps += run(gcd, vars); total += printed; }
    printf("gcd sum m=%d total=%lld steps=%lld\n", m, (long long)total, (long long)steps);
    int64_t best = 0, besti = 0, sum = 0;
    for (int64_t i = 1; i <= scale * 3; i++) { vars[0] = i; run(coll, vars); sum += printed; if (printed > best) { best = printed; besti = i; } }
    printf("collatz 1..%lld: sum %lld longest %lld at %lld\n", (long long)(scale * 3), (long long)sum, (long long)best, (long long)besti);
    return 0;
}
