/* Self-modifying and generated code.
   (a) a JIT: code generated into mmap'd pages (several sizes, up to several pages), made executable
       with mprotect, called, rewritten (mprotect toggled RW/RX), called again; partial rewrites, a
       rewrite without mprotect on an RWX page, munmap and a new mapping at the same address;
   (b) code on an RWX page that rewrites an instruction it has already executed and runs it again in
       the same loop (the running translation writes its own page), by a plain store, by a store
       followed by a jump to the patched instruction, and by rep movsb;
   (c) code and data on the same page: data written by the code itself (in a loop, also data in the
       middle of the loop's code) and by C between calls.
   Every result is printed next to the value computed in C. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct { unsigned char *p; } Asm;
static void b(Asm *a, int x) { *a->p++ = (unsigned char)x; }
static void d32(Asm *a, uint32_t x) { memcpy(a->p, &x, 4); a->p += 4; }
/* ModRM rip-relative: the displacement is relative to the end of the instruction, `tail` bytes after it */
static void rip32(Asm *a, const void *target, int tail) { d32(a, (uint32_t)((const unsigned char *)target - (a->p + 4 + tail))); }

static void *map(size_t n, int prot) {
    void *p = mmap(NULL, n, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); _exit(1); }
    return p;
}
static void protect(void *p, size_t n, int prot) {
    if (mprotect(p, n, prot) != 0) { perror("mprotect"); _exit(1); }
}

/* ---- (a) generated straight-line functions: f(x) = x, then n steps of imul 3 or add k*i+1 ---- */
static void gen_chain(unsigned char *code, int n, uint32_t k) {
    Asm a = {code};
    b(&a, 0x89); b(&a, 0xf8);                                  /* mov eax, edi */
    for (int i = 0; i < n; i++) {
        if (i % 3 == 0) { b(&a, 0x69); b(&a, 0xc0); d32(&a, 3); } /* imul eax, eax, 3 */
        else { b(&a, 0x05); d32(&a, k * i + 1); }              /* add eax, k*i+1 */
    }
    b(&a, 0xc3);                                               /* ret */
}
static uint32_t chain_c(uint32_t x, int n, uint32_t k) {
    for (int i = 0; i < n; i++) x = i % 3 == 0 ? x * 3 : x + k * i + 1;
    return x;
}
/* offset of the add immediate of step i (i % 3 != 0) */
static int chain_imm(int i) {
    int off = 2;
    for (int j = 0; j < i; j++) off += j % 3 == 0 ? 6 : 5;
    return off + 1;
}

static void jit_sizes(void) {
    static const int sizes[] = {1, 7, 63, 64, 65, 300, 1000, 2500};
    for (unsigned s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int n = sizes[s];
        size_t len = ((size_t)n * 6 + 8 + 4095) & ~4095UL;
        unsigned char *code = map(len, PROT_READ | PROT_WRITE);
        uint32_t (*f)(uint32_t) = (uint32_t (*)(uint32_t))code;
        gen_chain(code, n, 1);
        protect(code, len, PROT_READ | PROT_EXEC);
        uint32_t r1 = f(5), r1b = f(6);
        protect(code, len, PROT_READ | PROT_WRITE);
        gen_chain(code, n, 7);                                 /* same layout, other immediates */
        protect(code, len, PROT_READ | PROT_EXEC);
        uint32_t r2 = f(5);
        protect(code, len, PROT_READ | PROT_WRITE);
        int last = n - 1 - ((n - 1) % 3 == 0);                /* the last add step */
        if (last > 0) { uint32_t v = 1000; memcpy(code + chain_imm(last), &v, 4); }
        protect(code, len, PROT_READ | PROT_EXEC);
        uint32_t r3 = f(5);
        uint32_t e3 = 5;                                       /* chain_c with step `last` adding 1000 */
        for (int i = 0; i < n; i++) e3 = i % 3 == 0 ? e3 * 3 : e3 + (i == last ? 1000 : 7 * i + 1);
        printf("jit n=%d: %u %u (c %u %u) rewritten %u (c %u) patched %u (c %u)\n", n, r1, r1b, chain_c(5, n, 1),
               chain_c(6, n, 1), r2, chain_c(5, n, 7), r3, e3);
        /* a new mapping at the same address must not run the old translation */
        munmap(code, len);
        unsigned char *again = mmap(code, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (again != code) { perror("mmap fixed"); _exit(1); }
        gen_chain(code, n, 3);
        protect(code, len, PROT_READ | PROT_EXEC);
        printf("  remapped: %u (c %u)\n", f(9), chain_c(9, n, 3));
        munmap(code, len);
    }
}

/* a tiny function rewritten in place on an RWX page, called after each rewrite; two functions share the
   page and only one of them changes */
static void jit_rwx_rewrites(void) {
    unsigned char *page = map(4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    uint32_t (*f)(uint32_t) = (uint32_t (*)(uint32_t))page;
    uint32_t (*g)(uint32_t) = (uint32_t (*)(uint32_t))(page + 2048);
    gen_chain(page + 2048, 20, 5);
    uint64_t sum = 0, gsum = 0;
    for (uint32_t i = 0; i < 200; i++) {
        Asm a = {page};
        b(&a, 0x8d); b(&a, 0x87); d32(&a, i * i);              /* lea eax, [rdi + i*i] */
        if (i & 1) { b(&a, 0x6b); b(&a, 0xc0); b(&a, 0x05); }  /* imul eax, eax, 5 (odd i only) */
        b(&a, 0xc3);
        sum += f(i);
        gsum += g(i);
    }
    uint64_t esum = 0;
    for (uint32_t i = 0; i < 200; i++) esum += (i & 1) ? (uint32_t)((i + i * i) * 5) : i + i * i;
    uint64_t egsum = 0;
    for (uint32_t i = 0; i < 200; i++) egsum += chain_c(i, 20, 5);
    printf("rwx rewrites: %llu (c %llu), neighbour %llu (c %llu)\n", (unsigned long long)sum,
           (unsigned long long)esum, (unsigned long long)gsum, (unsigned long long)egsum);
    munmap(page, 4096);
}

/* ---- (b) code that patches itself while it runs ---- */

/* loop: add eax, imm8 ; inc byte [imm8 of that add] ; dec ecx ; jnz loop.  n iterations: 1+2+...+n */
static uint32_t self_inc(unsigned char *page, int n) {
    Asm a = {page};
    b(&a, 0x31); b(&a, 0xc0);                                  /* xor eax, eax */
    b(&a, 0xb9); d32(&a, n);                                   /* mov ecx, n */
    unsigned char *loop = a.p;
    b(&a, 0x83); b(&a, 0xc0); b(&a, 0x01);                     /* loop: add eax, 1 */
    b(&a, 0xfe); b(&a, 0x05); rip32(&a, loop + 2, 0);          /* inc byte [loop+2] */
    b(&a, 0xff); b(&a, 0xc9);                                  /* dec ecx */
    b(&a, 0x75); b(&a, (int)(loop - (a.p + 1)));               /* jnz loop */
    b(&a, 0xc3);
    return ((uint32_t (*)(void))page)();
}

/* loop: mov byte [T+2], cl ; jmp T ; T: add eax, imm8 ; dec ecx ; jnz loop.  n + (n-1) + ... + 1 */
static uint32_t patch_then_jump(unsigned char *page, int n) {
    Asm a = {page};
    b(&a, 0x31); b(&a, 0xc0);
    b(&a, 0xb9); d32(&a, n);
    unsigned char *loop = a.p;
    unsigned char *t = loop + 6 + 2;
    b(&a, 0x88); b(&a, 0x0d); rip32(&a, t + 2, 0);            /* mov [T+2], cl */
    b(&a, 0xeb); b(&a, 0x00);                                  /* jmp T (the next instruction) */
    b(&a, 0x83); b(&a, 0xc0); b(&a, 0x00);                     /* T: add eax, 0 (patched) */
    b(&a, 0xff); b(&a, 0xc9);
    b(&a, 0x75); b(&a, (int)(loop - (a.p + 1)));
    b(&a, 0xc3);
    return ((uint32_t (*)(void))page)();
}

/* the loop's second block is rewritten by rep movsb from one of two templates (add / sub), alternating:
   loop: lea rsi,[tmpl + 3*(ecx&1)] ; lea rdi,[B] ; mov edx, ecx ; mov ecx, 3 ; rep movsb ; mov ecx, edx ;
         test ecx, ecx ; jz B ; B: add eax, 7 (3 bytes, rewritten) ; dec ecx ; jnz loop */
static uint32_t patch_by_movsb(unsigned char *page, int n) {
    unsigned char *tmpl = page + 1024;
    memcpy(tmpl, "\x83\xc0\x07\x83\xe8\x02", 6);              /* add eax, 7 ; sub eax, 2 */
    Asm a = {page};
    b(&a, 0x31); b(&a, 0xc0);
    b(&a, 0xb9); d32(&a, n);
    unsigned char *loop = a.p;
    unsigned char *blk = loop + 4 * 7 + 2 + 2 + 2 + 2 + 2 + 2;  /* after the lines below */
    b(&a, 0x89); b(&a, 0xca);                                  /* mov edx, ecx */
    b(&a, 0x83); b(&a, 0xe2); b(&a, 0x01);                     /* and edx, 1 */
    b(&a, 0x6b); b(&a, 0xd2); b(&a, 0x03);                     /* imul edx, edx, 3 */
    b(&a, 0x48); b(&a, 0x8d); b(&a, 0x35); rip32(&a, tmpl, 0); /* lea rsi, [tmpl] */
    b(&a, 0x48); b(&a, 0x01); b(&a, 0xd6);                     /* add rsi, rdx */
    b(&a, 0x48); b(&a, 0x8d); b(&a, 0x3d); rip32(&a, blk, 0);  /* lea rdi, [B] */
    b(&a, 0x89); b(&a, 0xca);                                  /* mov edx, ecx */
    b(&a, 0xb9); d32(&a, 3);                                   /* mov ecx, 3 */
    b(&a, 0xf3); b(&a, 0xa4);                                  /* rep movsb */
    b(&a, 0x89); b(&a, 0xd1);                                  /* mov ecx, edx */
    b(&a, 0x85); b(&a, 0xc9);                                  /* test ecx, ecx */
    b(&a, 0x74); b(&a, 0x00);                                  /* jz B (never taken: ends the block) */
    if (a.p != blk) { printf("patch_by_movsb: layout %ld\n", (long)(a.p - blk)); _exit(1); }
    b(&a, 0x83); b(&a, 0xc0); b(&a, 0x07);                     /* B: add eax, 7 */
    b(&a, 0xff); b(&a, 0xc9);
    b(&a, 0x0f); b(&a, 0x85); d32(&a, (uint32_t)(loop - (a.p + 4)));  /* jnz loop (rel32) */
    b(&a, 0xc3);
    return ((uint32_t (*)(void))page)();
}

static void self_modifying(void) {
    unsigned char *page = map(4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    static const int ns[] = {1, 2, 10, 100, 250};
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        int n = ns[i];
        uint32_t e = 0;
        for (int j = 1; j <= n; j++) e += (uint32_t)(int8_t)j;  /* the immediate is a sign-extended byte */
        uint32_t e2 = 0;
        for (int j = n; j >= 1; j--) e2 += (uint32_t)(int8_t)j;
        uint32_t e3 = 0;
        for (int j = n; j >= 1; j--) e3 += (j & 1) ? (uint32_t)-2 : 7;
        printf("self n=%d: inc-own-imm %u (c %u), patch+jmp %u (c %u), movsb %u (c %u)\n", n,
               self_inc(page, n), e, patch_then_jump(page, n), e2, patch_by_movsb(page, n), e3);
    }
    munmap(page, 4096);
}

/* ---- (c) code and data on one page ---- */
static void code_near_data(void) {
    unsigned char *page = map(4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    uint32_t *counter = (uint32_t *)(page + 64), *other = (uint32_t *)(page + 128);
    /* f(n): loop n times { add [counter], ecx } ; return [counter] */
    Asm a = {page};
    b(&a, 0x89); b(&a, 0xf9);                                  /* mov ecx, edi */
    unsigned char *loop = a.p;
    b(&a, 0x01); b(&a, 0x0d); rip32(&a, counter, 0);           /* add [counter], ecx */
    b(&a, 0xff); b(&a, 0xc9);
    b(&a, 0x75); b(&a, (int)(loop - (a.p + 1)));
    b(&a, 0x8b); b(&a, 0x05); rip32(&a, counter, 0);           /* mov eax, [counter] */
    b(&a, 0xc3);
    uint32_t (*f)(uint32_t) = (uint32_t (*)(uint32_t))page;
    uint64_t sum = 0, esum = 0;
    uint32_t ec = 0;
    *counter = 0;
    for (uint32_t i = 1; i <= 300; i++) {
        *other = i;                                            /* C writes data next to the code */
        sum += f(i % 17 + 1) + *other;
        ec += (i % 17 + 1) * (i % 17 + 2) / 2;
        esum += ec + i;
    }
    printf("near data: %llu (c %llu) counter %u (c %u)\n", (unsigned long long)sum, (unsigned long long)esum,
           *counter, ec);

    /* g(n): jmp over ; data dd 0 ; over: loop n times { inc dword [data] ; add eax, [data] } ; ret
       The data lies between the function's own instructions. */
    unsigned char *g0 = page + 512;
    a.p = g0;
    b(&a, 0x31); b(&a, 0xc0);
    b(&a, 0x89); b(&a, 0xf9);
    b(&a, 0xeb); b(&a, 0x04);                                  /* jmp over */
    unsigned char *data = a.p;
    d32(&a, 0);
    loop = a.p;
    b(&a, 0xff); b(&a, 0x05); rip32(&a, data, 0);              /* inc dword [data] */
    b(&a, 0x03); b(&a, 0x05); rip32(&a, data, 0);              /* add eax, [data] */
    b(&a, 0xff); b(&a, 0xc9);
    b(&a, 0x75); b(&a, (int)(loop - (a.p + 1)));
    b(&a, 0xc3);
    uint32_t (*g)(uint32_t) = (uint32_t (*)(uint32_t))g0;
    uint32_t r1 = g(1000), r2 = g(10);
    printf("data inside code: %u (c %u) %u (c %u)\n", r1, 1000u * 1001 / 2, r2, 1010u * 1011 / 2 - 1000u * 1001 / 2);
    munmap(page, 4096);
}

int main(void) {
    jit_sizes();
    jit_rwx_rewrites();
    self_modifying();
    code_near_data();
    return 0;
}
