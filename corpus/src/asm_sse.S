/* SSE/SSE2 scalar and packed ops in raw assembly (no libc): addsd/mulsd/divsd/sqrtsd, cvtsi2sd,
 * cvttsd2si, ucomisd flags, packed paddd/pmullw/pxor/pshufd, movq/movd. Results printed as hex bit patterns. */
#include "asm_lib.inc"
    .globl _start
_start:
    movsd d_two(%rip), %xmm0
    sqrtsd %xmm0, %xmm1
    movq %xmm1, %rdi; call print_hex
    movsd d_third(%rip), %xmm2
    mulsd %xmm1, %xmm2
    addsd d_two(%rip), %xmm2
    movq %xmm2, %rdi; call print_hex
    movsd d_one(%rip), %xmm3
    divsd d_three(%rip), %xmm3
    movq %xmm3, %rdi; call print_hex
    mov $-123456789, %rax
    cvtsi2sd %rax, %xmm4
    movq %xmm4, %rdi; call print_hex
    movsd d_big(%rip), %xmm5
    cvttsd2si %xmm5, %rdi; call print_hex
    cvtsd2ss %xmm1, %xmm6
    movd %xmm6, %edi; call print_hex
    call print_nl
    /* ucomisd: compare 1/3 vs sqrt2, and against NaN */
    xor %edi, %edi
    ucomisd %xmm1, %xmm3
    setb %dil; shl $8, %rdi
    seta %dil; shl $8, %rdi
    setp %dil; shl $8, %rdi
    movsd d_nan(%rip), %xmm7
    ucomisd %xmm7, %xmm3
    setp %dil; shl $8, %rdi
    sete %dil
    call print_hex
    /* packed integer */
    movdqa v1(%rip), %xmm0
    movdqa v2(%rip), %xmm1
    paddd %xmm1, %xmm0
    movq %xmm0, %rdi; call print_hex
    pshufd $0x1b, %xmm0, %xmm2
    movq %xmm2, %rdi; call print_hex
    movdqa v1(%rip), %xmm3
    pmullw %xmm1, %xmm3
    movq %xmm3, %rdi; call print_hex
    pxor %xmm1, %xmm3
    psrldq $8, %xmm3
    movq %xmm3, %rdi; call print_hex
    movdqa v1(%rip), %xmm4
    pcmpeqb %xmm1, %xmm4
    pmovmskb %xmm4, %edi; call print_hex
    /* packed double */
    movapd pd1(%rip), %xmm5
    mulpd pd2(%rip), %xmm5
    movapd %xmm5, %xmm6
    unpckhpd %xmm6, %xmm6
    addsd %xmm6, %xmm5
    movq %xmm5, %rdi; call print_hex
    call print_nl
    /* loop: harmonic sum 1..1000 in double */
    pxor %xmm0, %xmm0
    mov $1, %rcx
1:  cvtsi2sd %rcx, %xmm1
    movsd d_one(%rip), %xmm2
    divsd %xmm1, %xmm2
    addsd %xmm2, %xmm0
    inc %rcx
    cmp $1000, %rcx
    jbe 1b
    movq %xmm0, %rdi; call print_hex
    call print_nl
    EXIT $0
    .section .rodata
    .balign 16
v1: .long 1, 2, 0x7fffffff, -5
v2: .long 10, 0x10000, 1, 5
pd1: .double 1.5, -2.25
pd2: .double 4.0, 8.0
d_one: .double 1.0
d_two: .double 2.0
d_three: .double 3.0
d_third: .double 0.3333333333333333
d_big: .double 9.87654321e15
d_nan: .quad 0x7ff8000000000000
    .section .note.GNU-stack,"",@progbits
