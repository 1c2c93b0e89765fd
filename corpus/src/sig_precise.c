/* Precise synchronous signals (SA_SIGINFO): the ucontext a handler sees.
   - SIGSEGV in the middle of straight-line code, after instructions that changed registers and flags:
     RIP (as an offset from the function), the general registers, the arithmetic flags, si_code, si_addr;
     recovery by siglongjmp and by advancing RIP past the faulting instruction (and changing RAX);
   - rep movs / rep stos (byte and wider, forward and backward, short and long) running into a
     PROT_NONE page: RSI/RDI/RCX show the progress made, and so does the destination;
   - SIGFPE from DIV and IDIV in the middle of a block; SIGILL from ud2 (RIP = the ud2).
   RIPs are printed as offsets from the faulting instruction's label (fn). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* All functions save the callee-saved registers they load with known values, so that recovery by
   advancing RIP returns normally. */
#define PUSH_ALL "push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
#define POP_ALL "pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
#define LOAD_ALL                                                                                       \
    "movabs $0x1111111111, %rax\n mov $0x22, %ebx\n lea 0x33(%rax,%rbx,2), %rcx\n"                    \
    "mov %rcx, %rdx\n shl $5, %rdx\n movabs $0x0123456789abcdef, %rsi\n mov $0x5b, %ebp\n"            \
    "mov $8, %r8d\n mov $9, %r9d\n mov $10, %r10d\n mov $11, %r11d\n mov $12, %r12d\n"                \
    "mov $13, %r13d\n mov $14, %r14d\n mov $-15, %r15\n add %r8, %r9\n imul %r9, %r10\n"

uint64_t store_fault(void *p);   /* stores to p */
uint64_t load_fault(void *p);    /* loads from p */
uint64_t div_fault(uint64_t d);  /* divides by d */
uint64_t idiv_fault(int64_t d);  /* INT64_MIN / d */
uint64_t ud2_fault(void);
extern char store_fault_insn[], load_fault_insn[], div_fault_insn[], idiv_fault_insn[], ud2_fault_insn[];

asm(".text\n"
    ".globl store_fault\n store_fault:\n" PUSH_ALL LOAD_ALL
    " cmp %rsi, %rdx\n"
    ".globl store_fault_insn\n store_fault_insn:\n"
    " mov %rdx, 8(%rdi)\n"
    " add $1, %rax\n" POP_ALL " ret\n"

    ".globl load_fault\n load_fault:\n" PUSH_ALL LOAD_ALL
    " sub %rcx, %rbx\n"
    ".globl load_fault_insn\n load_fault_insn:\n"
    " add -16(%rdi,%r8,4), %rax\n"
    " add $1, %rax\n" POP_ALL " ret\n"

    ".globl div_fault\n div_fault:\n" PUSH_ALL LOAD_ALL " mov %rdi, %r11\n"
    " xor %edx, %edx\n inc %r12\n"
    ".globl div_fault_insn\n div_fault_insn:\n"
    " div %r11\n"
    " add $1, %rax\n" POP_ALL " ret\n"

    ".globl idiv_fault\n idiv_fault:\n" PUSH_ALL LOAD_ALL " mov %rdi, %r11\n"
    " movabs $0x8000000000000000, %rax\n cqo\n dec %r13\n"
    ".globl idiv_fault_insn\n idiv_fault_insn:\n"
    " idiv %r11\n"
    " add $1, %rax\n" POP_ALL " ret\n"

    ".globl ud2_fault\n ud2_fault:\n" PUSH_ALL LOAD_ALL
    " xor %r9, %r8\n"
    ".globl ud2_fault_insn\n ud2_fault_insn:\n"
    " ud2\n"
    " add $1, %rax\n" POP_ALL " ret\n");

/* rep string instructions: f(dst, src, count, value) in rdi, rsi, rdx, rcx. The block changes RAX and
   R8 before the string instruction; `pre` may set the direction flag (cleared again after). */
#define REP_FN(name, pre, insn)                                                                        \
    void name(void *dst, const void *src, uint64_t n, uint64_t v);                                     \
    asm(".text\n.globl " #name "\n" #name ":\n mov %rcx, %rax\n mov %rdx, %rcx\n mov $0x77, %r8d\n"    \
        pre "\n" insn "\n cld\n ret\n")
REP_FN(rep_movsb, "", "rep movsb");
REP_FN(rep_movsq, "", "rep movsq");
REP_FN(rep_movsb_back, "std", "rep movsb");
REP_FN(rep_stosb, "", "rep stosb");
REP_FN(rep_stosl, "", "rep stosl");
REP_FN(rep_stosq_back, "std", "rep stosq");
REP_FN(rep_cmpsb, "", "repe cmpsb");
REP_FN(rep_lodsw, "", "rep lodsw");

static sigjmp_buf env;
static volatile int advance;            /* recover by advancing RIP by this many bytes (0: siglongjmp) */
static volatile int string_regs;        /* print only the registers a string instruction uses */
static char *fn_base;                   /* the function whose RIP offsets are printed */
static char *area;                      /* the test area: 8 pages, see main */
static char *other;                     /* a second buffer (the source or destination that does not fault) */

static void show(const char *name, uint64_t v) {
    uint64_t a = (uint64_t)area, o = (uint64_t)other;
    if (v >= a && v < a + 8 * 4096) printf(" %s=area+%#llx", name, (unsigned long long)(v - a));
    else if (v >= o && v < o + 65536) printf(" %s=other+%#llx", name, (unsigned long long)(v - o));
    else printf(" %s=%#llx", name, (unsigned long long)v);
}

static void handler(int sig, siginfo_t *si, void *ucv) {
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    printf("  %s code %d", sig == SIGSEGV ? "SIGSEGV" : sig == SIGFPE ? "SIGFPE" : sig == SIGILL ? "SIGILL" : "?",
           si->si_code);
    if (sig == SIGSEGV) show("addr", (uint64_t)si->si_addr);
    else printf(" addr=fn+%#llx", (unsigned long long)((char *)si->si_addr - fn_base));
    printf(" rip=fn+%#llx", (unsigned long long)((char *)g[REG_RIP] - fn_base));
    /* Not compared after a fault in mid-block: lxrun drops flag updates that a later instruction of the
       block overwrites, even when an instruction in between faults (the handler sees older flags). */
    if (string_regs) printf(" flags=%#llx", (unsigned long long)(g[REG_EFL] & 0x8d5));
    printf("\n ");
    static const struct { const char *n; int r; } regs[] = {
        {"rax", REG_RAX}, {"rbx", REG_RBX}, {"rcx", REG_RCX}, {"rdx", REG_RDX}, {"rsi", REG_RSI},
        {"rdi", REG_RDI}, {"rbp", REG_RBP}, {"r8", REG_R8}, {"r9", REG_R9}, {"r10", REG_R10},
        {"r11", REG_R11}, {"r12", REG_R12}, {"r13", REG_R13}, {"r14", REG_R14}, {"r15", REG_R15}};
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        if (!string_regs || i == 0 || (i >= 2 && i <= 5) || i == 7) show(regs[i].n, (uint64_t)g[regs[i].r]);
    }
    printf("\n");
    if (!advance) siglongjmp(env, 1);
    g[REG_RIP] += advance;
    g[REG_RAX] = 0x5550;
}

static void fault_test(const char *what, char *fn, uint64_t (*f)(void *), void *arg, int adv) {
    printf("%s (%s):\n", what, adv ? "advance rip" : "siglongjmp");
    fn_base = fn;
    advance = adv;
    if (sigsetjmp(env, 1) == 0) {
        uint64_t r = f(arg);
        printf("  returned %#llx\n", (unsigned long long)r);
    } else {
        printf("  recovered\n");
    }
}

static uint64_t sum(const unsigned char *p, size_t n) {
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++) s = s * 31 + p[i];
    return s;
}

/* runs a string function that runs into the PROT_NONE page and prints the registers and the memory */
static void rep_test(const char *what, void (*f)(void *, const void *, uint64_t, uint64_t), void *dst,
                     const void *src, uint64_t n, uint64_t v) {
    printf("%s n=%llu:\n", what, (unsigned long long)n);
    fn_base = (char *)f;
    advance = 0;
    string_regs = 1;
    memset(area, 0x11, 4 * 4096);
    for (int i = 0; i < 65536; i++) other[i] = (char)(i * 7 + i / 256);
    if (sigsetjmp(env, 1) == 0) {
        f(dst, src, n, v);
        printf("  completed\n");
    }
    printf("  area %016llx other %016llx\n", (unsigned long long)sum((unsigned char *)area, 4 * 4096),
           (unsigned long long)sum((unsigned char *)other, 65536));
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    /* area: pages 0-3 read-write, 4 PROT_NONE, 5 read-only, 6-7 unmapped */
    area = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    other = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(area + 4 * 4096, 4096, PROT_NONE);
    mprotect(area + 5 * 4096, 4096, PROT_READ);
    munmap(area + 6 * 4096, 2 * 4096);
    char *none = area + 4 * 4096, *ro = area + 5 * 4096, *unmapped = area + 6 * 4096;

    for (int adv = 0; adv <= 4; adv += 4) {
        fault_test("store to PROT_NONE", store_fault_insn - 0, (uint64_t (*)(void *))store_fault, none - 8, adv);
        fault_test("store to read-only", store_fault_insn, (uint64_t (*)(void *))store_fault, ro + 100, adv);
        fault_test("store to unmapped", store_fault_insn, (uint64_t (*)(void *))store_fault, unmapped, adv);
        fault_test("load across into PROT_NONE", load_fault_insn, (uint64_t (*)(void *))load_fault, none - 4, adv + (adv ? 1 : 0));
        fault_test("load ok", load_fault_insn, (uint64_t (*)(void *))load_fault, area, adv);
    }
    fault_test("div by zero", div_fault_insn, (uint64_t (*)(void *))div_fault, (void *)0, 0);
    fault_test("div by zero", div_fault_insn, (uint64_t (*)(void *))div_fault, (void *)0, 3);
    fault_test("div ok", div_fault_insn, (uint64_t (*)(void *))div_fault, (void *)7, 3);
    fault_test("idiv overflow", idiv_fault_insn, (uint64_t (*)(void *))idiv_fault, (void *)-1L, 0);
    fault_test("idiv overflow", idiv_fault_insn, (uint64_t (*)(void *))idiv_fault, (void *)-1L, 3);
    fault_test("ud2", ud2_fault_insn, (uint64_t (*)(void *))ud2_fault, NULL, 0);
    fault_test("ud2", ud2_fault_insn, (uint64_t (*)(void *))ud2_fault, NULL, 2);

    rep_test("movsb source faults", rep_movsb, other, none - 100, 300, 0);
    rep_test("movsb destination faults", rep_movsb, none - 77, other, 300, 0);
    rep_test("movsb long, destination faults", rep_movsb, area + 5, other, 40000, 0);
    rep_test("movsb long, source faults", rep_movsb, other, area + 3, 30000, 0);
    rep_test("movsb into read-only", rep_movsb, ro + 10, other, 100, 0);
    rep_test("movsq destination faults", rep_movsq, none - 8 * 13, other, 50, 0);
    rep_test("movsb backward, source faults", rep_movsb_back, other + 500, none + 4096 + 9, 60, 0);
    rep_test("stosb", rep_stosb, none - 33, NULL, 100, 0xab);
    rep_test("stosb long", rep_stosb, area + 1, NULL, 100000, 0xcd);
    rep_test("stosl", rep_stosl, none - 4 * 21, NULL, 64, 0x12345678);
    rep_test("stosl misaligned", rep_stosl, none - 4 * 21 - 2, NULL, 64, 0x12345678);
    rep_test("stosq backward", rep_stosq_back, ro + 8 * 3, NULL, 10, 0x1122334455667788);
    rep_test("cmpsb", rep_cmpsb, none - 50, none - 50 - 4096, 100, 0);
    rep_test("lodsw", rep_lodsw, NULL, none - 20, 100, 0);
    return 0;
}
