/*
 * isa_native: runs single x86-64 instructions natively for the instruction-level differential harness
 * (lxrun.translator.isa.IsaHarness). Built at test time: gcc -O1 -static -o translator/target/isa_native.
 *
 * One case per stdin line, space-separated hex fields:
 *   IMAGE  RAX RCX RDX RBX RSP RBP RSI RDI R8..R15  RFLAGS  MXCSR  XMM0LO XMM0HI .. XMM15LO XMM15HI  MEM  STACK  X87
 * IMAGE is the code from IMAGE_LO (up to IMAGE_LEN bytes, the rest int3), MEM the BLOCK_LEN bytes of the
 * memory block, STACK the STACK_LEN bytes from STACK_LO ("-": zeros), X87 a 512-byte FXSAVE area loaded
 * with FXRSTOR before MXCSR and the XMM registers ("-": the FNINIT state), all as plain hex strings. Execution
 * starts at CODE_ADDR; every exit of the code is a landing stub that writes its own address to LANDED and
 * jumps through EXIT to exit_stub. The memory block lives at BLOCK_ADDR (inside a zeroed RW page), the
 * stack around STACK_TOP (zeroed), GS points at GS_BASE; the harness points memory operands into the block
 * or the stack, so every address is the same here and in the translator's guest memory.
 * Output, one line per case:
 *   OK RAX..R15 RFLAGS MXCSR XMM0LO..XMM15HI MEM STACK LANDED X87   (after the instruction; X87 "-" when not given)
 *   SIG n                                              (it raised signal n: SIGSEGV, SIGFPE, SIGILL...)
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/prctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define PAGE_ADDR  0x10000000UL
#define BLOCK_ADDR 0x10000800UL
#define CODE_ADDR  0x20000000UL
#define STACK_BASE 0x30000000UL
#define STACK_TOP  0x3000f000UL
#define STATE_ADDR 0x40000000UL
#define BLOCK_LEN  256
#define STACK_LO   (STACK_TOP - 0x180)
#define STACK_LEN  0x200
#define IMAGE_LO   (CODE_ADDR - 0x80)
#define IMAGE_LEN  0x200
#define LANDED     ((uint32_t *) (STATE_ADDR + 0x818))
#define EXIT       ((uint64_t *) (STATE_ADDR + 0x820))
#define GS_BASE    0x0ff00000UL

/* state page layout (absolute addresses used by the asm below) */
struct state {
    uint64_t gpr[16];   /* 0x000 */
    uint64_t rflags;    /* 0x080 */
    uint64_t mxcsr;     /* 0x088 */
    uint64_t xmm[32];   /* 0x090 */
};
#define IN  ((struct state *) (STATE_ADDR))
#define OUT ((struct state *) (STATE_ADDR + 0x400))
/* 0x800 host rsp, 0x808 jump target, 0x810 default mxcsr, 0x818 landed, 0x820 exit_stub,
   0xa00 x87 area in, 0xc00 x87 area out */
#define X87_IN  ((uint8_t *) (STATE_ADDR + 0xa00))
#define X87_OUT ((uint8_t *) (STATE_ADDR + 0xc00))

extern void run_case(void);
extern void exit_stub(void);

#define LD(r, off) "movq 0x40000000+" #off ", %" #r "\n"
#define ST(r, off) "movq %" #r ", 0x40000400+" #off "\n"
#define LX(n) "movdqu 0x40000090+" #n "*16, %xmm" #n "\n"
#define SX(n) "movdqu %xmm" #n ", 0x40000490+" #n "*16\n"

__asm__(
    ".text\n.globl run_case\nrun_case:\n"
    "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
    "movq %rsp, 0x40000800\n"
    "fxrstor 0x40000a00\n"
    "ldmxcsr 0x40000088\n"
    LX(0) LX(1) LX(2) LX(3) LX(4) LX(5) LX(6) LX(7) LX(8) LX(9) LX(10) LX(11) LX(12) LX(13) LX(14) LX(15)
    "pushq 0x40000080\npopfq\n" /* on the host stack: the guest's stack bytes are compared */
    "movq 0x40000020, %rsp\n"
    LD(rax, 0x00) LD(rcx, 0x08) LD(rdx, 0x10) LD(rbx, 0x18) LD(rbp, 0x28) LD(rsi, 0x30) LD(rdi, 0x38)
    LD(r8, 0x40) LD(r9, 0x48) LD(r10, 0x50) LD(r11, 0x58) LD(r12, 0x60) LD(r13, 0x68) LD(r14, 0x70) LD(r15, 0x78)
    "jmp *0x40000808\n"
    ".globl exit_stub\nexit_stub:\n"
    ST(rax, 0x00) ST(rcx, 0x08) ST(rdx, 0x10) ST(rbx, 0x18) ST(rsp, 0x20) ST(rbp, 0x28) ST(rsi, 0x30) ST(rdi, 0x38)
    ST(r8, 0x40) ST(r9, 0x48) ST(r10, 0x50) ST(r11, 0x58) ST(r12, 0x60) ST(r13, 0x68) ST(r14, 0x70) ST(r15, 0x78)
    "movq 0x40000800, %rsp\n" /* the host stack: the guest's stack bytes are compared */
    "pushfq\npopq %rax\nmovq %rax, 0x40000480\n"
    "stmxcsr 0x40000488\n"
    "fxsave 0x40000c00\n"
    "fninit\n"
    SX(0) SX(1) SX(2) SX(3) SX(4) SX(5) SX(6) SX(7) SX(8) SX(9) SX(10) SX(11) SX(12) SX(13) SX(14) SX(15)
    "ldmxcsr 0x40000810\n"
    "pushq $0x202\npopfq\n" /* DF, AC (alignment checks in user mode) and the rest back to the ABI's state */
    "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\n"
    "ret\n");

static sigjmp_buf jb;

static void handler(int sig) {
    siglongjmp(jb, sig);
}

static void *fixed(uint64_t addr, size_t len, int prot) {
    void *p = mmap((void *) addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *) addr) {
        perror("isa_native: mmap");
        exit(2);
    }
    return p;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int parse_bytes(const char *s, uint8_t *out, int max) {
    int n = 0;
    while (s[0] && s[1] && n < max) {
        int h = hexval(s[0]), l = hexval(s[1]);
        if (h < 0 || l < 0) return -1;
        out[n++] = (uint8_t) (h << 4 | l);
        s += 2;
    }
    return n;
}

int main(void) {
    fixed(PAGE_ADDR, 0x1000, PROT_READ | PROT_WRITE);
    uint8_t *image = (uint8_t *) fixed(CODE_ADDR - 0x1000, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC) + (IMAGE_LO - (CODE_ADDR - 0x1000));
    fixed(STACK_BASE, STACK_TOP - STACK_BASE + 0x1000, PROT_READ | PROT_WRITE);
    fixed(STATE_ADDR, 0x1000, PROT_READ | PROT_WRITE);
    *(uint64_t *) (STATE_ADDR + 0x808) = CODE_ADDR;
    *(uint64_t *) (STATE_ADDR + 0x810) = 0x1f80;
    *EXIT = (uint64_t) &exit_stub;
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, GS_BASE) != 0) { /* glibc keeps FS for itself, GS is free */
        perror("isa_native: arch_prctl");
        exit(2);
    }

    static char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGFPE, SIGILL, SIGBUS, SIGTRAP, SIGALRM};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);

    static uint8_t fninit_area[512] __attribute__((aligned(16)));
    __asm__ volatile("fninit\nfxsave %0" : "=m"(fninit_area));
    static char line[1 << 16];
    setvbuf(stdout, NULL, _IOFBF, 1 << 20);
    while (fgets(line, sizeof line, stdin)) {
        char *save = NULL;
        char *tok = strtok_r(line, " \n", &save);
        if (!tok) continue;
        static uint8_t img[IMAGE_LEN];
        memset(img, 0xcc, sizeof img);
        int n = parse_bytes(tok, img, IMAGE_LEN);
        if (n <= 0) { printf("ERR code\n"); continue; }
        uint64_t vals[16 + 2 + 32];
        int bad = 0;
        for (int i = 0; i < 50; i++) {
            tok = strtok_r(NULL, " \n", &save);
            if (!tok) { bad = 1; break; }
            vals[i] = strtoull(tok, NULL, 16);
        }
        tok = strtok_r(NULL, " \n", &save);
        char *stk = strtok_r(NULL, " \n", &save);
        char *x87 = strtok_r(NULL, " \n", &save);
        if (bad || !tok || !stk || !x87) { printf("ERR fields\n"); continue; }
        int has_x87 = strcmp(x87, "-") != 0;
        if (has_x87 && parse_bytes(x87, X87_IN, 512) != 512) { printf("ERR x87\n"); continue; }
        if (!has_x87) memcpy(X87_IN, fninit_area, 512);
        memset((void *) PAGE_ADDR, 0, 0x1000);
        if (parse_bytes(tok, (uint8_t *) BLOCK_ADDR, BLOCK_LEN) != BLOCK_LEN) { printf("ERR mem\n"); continue; }
        memset((void *) (STACK_TOP - 0x1000), 0, 0x2000);
        if (strcmp(stk, "-") != 0 && parse_bytes(stk, (uint8_t *) STACK_LO, STACK_LEN) != STACK_LEN) { printf("ERR stack\n"); continue; }
        *LANDED = 0;
        memcpy(IN->gpr, vals, 16 * 8);
        IN->rflags = vals[16];
        IN->mxcsr = vals[17];
        memcpy(IN->xmm, vals + 18, 32 * 8);
        memcpy(image, img, IMAGE_LEN);
        __builtin___clear_cache((char *) image, (char *) image + IMAGE_LEN);

        int sig = sigsetjmp(jb, 1);
        if (sig == 0) {
            struct itimerval t = {{0, 0}, {2, 0}};
            setitimer(ITIMER_REAL, &t, NULL);
            run_case();
            struct itimerval z = {{0, 0}, {0, 0}};
            setitimer(ITIMER_REAL, &z, NULL);
            printf("OK");
            for (int i = 0; i < 16; i++) printf(" %lx", (unsigned long) OUT->gpr[i]);
            printf(" %lx %lx", (unsigned long) OUT->rflags, (unsigned long) OUT->mxcsr);
            for (int i = 0; i < 32; i++) printf(" %lx", (unsigned long) OUT->xmm[i]);
            printf(" ");
            for (int i = 0; i < BLOCK_LEN; i++) printf("%02x", ((uint8_t *) BLOCK_ADDR)[i]);
            int zero = 1;
            for (int i = 0; i < STACK_LEN; i++) zero &= ((uint8_t *) STACK_LO)[i] == 0;
            printf(" ");
            if (zero) printf("-");
            else for (int i = 0; i < STACK_LEN; i++) printf("%02x", ((uint8_t *) STACK_LO)[i]);
            printf(" %x ", *LANDED);
            if (has_x87) for (int i = 0; i < 512; i++) printf("%02x", X87_OUT[i]);
            else printf("-");
            printf("\n");
        } else {
            struct itimerval z = {{0, 0}, {0, 0}};
            setitimer(ITIMER_REAL, &z, NULL);
            printf("SIG %d\n", sig);
        }
        /* answer what was asked so far: flush when no further input is already buffered */
        if (stdin->_IO_read_ptr >= stdin->_IO_read_end) fflush(stdout);
    }
    fflush(stdout);
    return 0;
}
