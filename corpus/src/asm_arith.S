/* integer ALU coverage in raw assembly: add/adc/sub/sbb with carries, mul/imul/div/idiv (all widths),
 * shifts/rotates incl. rcl/rcr, setcc/cmov, bsf/bsr, bt/bts, neg/not, lea, xadd, cmpxchg, movsx/movzx,
 * pushf flag words (masked to CF PF ZF SF OF). Each result printed as hex. */
#include "asm_lib.inc"
    .globl _start
_start:
    /* 128-bit add with carry chain */
    mov $0xffffffffffffffff, %rax
    mov $1, %rbx
    xor %rcx, %rcx
    add %rbx, %rax
    adc $0, %rcx
    mov %rcx, %r12
    mov %rax, %rdi; call print_hex
    mov %r12, %rdi; call print_hex
    /* sbb borrow */
    xor %rax, %rax
    sub $1, %rax
    mov $100, %rdx
    sbb $0, %rdx
    mov %rdx, %r12
    mov %rax, %rdi; call print_hex
    mov %r12, %rdi; call print_hex
    call print_nl

    /* unsigned mul 64x64 -> 128 */
    mov $0xdeadbeefcafebabe, %rax
    mov $0x123456789abcdef1, %rcx
    mul %rcx
    mov %rdx, %r12; mov %rax, %rdi; call print_hex
    mov %r12, %rdi; call print_hex
    /* signed imul forms */
    mov $-12345, %rax
    mov $6789, %rcx
    imul %rcx
    mov %rdx, %r12; mov %rax, %rdi; call print_hex
    mov %r12, %rdi; call print_hex
    mov $-7, %rbx
    imul $1000003, %rbx, %rdi; call print_hex
    mov $0x7fffffff, %ebx
    imul %ebx, %ebx
    mov %rbx, %rdi; call print_hex
    call print_nl

    /* div/idiv at 8, 16, 32, 64 bits */
    mov $1000, %ax
    mov $7, %cl
    div %cl                         /* al = 142, ah = 6 */
    movzwl %ax, %edi; call print_hex
    mov $0x1234, %dx
    mov $0x5678, %ax
    mov $0x9abc, %cx
    div %cx
    shl $16, %edx
    movzwl %ax, %eax
    or %eax, %edx
    mov %rdx, %rdi; call print_hex
    mov $-1000000, %eax
    cltd
    mov $-37, %ecx
    idiv %ecx
    shl $32, %rdx
    mov %eax, %eax
    or %rax, %rdx
    mov %rdx, %rdi; call print_hex
    mov $0x1, %rdx
    mov $0x23456789abcdef01, %rax
    mov $0xfedcba987654321, %rcx
    div %rcx
    mov %rdx, %r12; mov %rax, %rdi; call print_hex
    mov %r12, %rdi; call print_hex
    mov $-0x7000000000000000, %rax
    cqto
    mov $3, %rcx
    idiv %rcx
    mov %rdx, %r12; mov %rax, %rdi; call print_hex
    mov %r12, %rdi; call print_hex
    call print_nl

    /* shifts and rotates */
    mov $0x8000000000000001, %rax
    mov $5, %cl
    mov %rax, %rdi; rol %cl, %rdi; call print_hex
    mov $0x8000000000000001, %rdi; ror $3, %rdi; call print_hex
    mov $0x8000000000000001, %rdi; sar $7, %rdi; call print_hex
    mov $0x8000000000000001, %rdi; shr $7, %rdi; call print_hex
    mov $0x80000001, %edi; sar $4, %edi; call print_hex       /* zero-extends into rdi */
    stc
    mov $0x4000000000000000, %rdi; rcl $2, %rdi; call print_hex
    clc
    mov $0x3, %rdi; rcr $1, %rdi; call print_hex
    mov $0x0123456789abcdef, %rdi
    mov $0xfedcba9876543210, %rax
    shld $12, %rax, %rdi; call print_hex
    mov $0x0123456789abcdef, %rdi
    mov $0xfedcba9876543210, %rax
    mov $20, %cl
    shrd %cl, %rax, %rdi; call print_hex
    mov $0x12345678, %edi; rol $8, %di; call print_hex
    call print_nl

    /* setcc / cmov / flags */
    xor %edi, %edi
    mov $5, %eax
    cmp $7, %eax
    setl %dil; shl $8, %rdi
    setb %dil; shl $8, %rdi
    mov $-1, %eax
    cmp $1, %eax
    setg %dil; shl $8, %rdi
    seta %dil; shl $8, %rdi
    test %eax, %eax
    sets %dil; shl $8, %rdi
    setp %dil; shl $8, %rdi
    mov $0x7fffffff, %eax
    add $1, %eax
    seto %dil; shl $8, %rdi
    setz %dil
    call print_hex
    mov $10, %rax
    mov $20, %rbx
    cmp %rbx, %rax
    mov $111, %rdi
    cmovl %rbx, %rdi; call print_hex
    mov $111, %rdi
    cmovg %rbx, %rdi; call print_hex
    /* flags via pushf after various ops, masked to CF|PF|ZF|SF|OF (0x8c5) */
    lea flagtests(%rip), %r13
    xor %r14, %r14
1:  mov (%r13,%r14,8), %rax
    mov 8(%r13,%r14,8), %rbx
    add %rbx, %rax
    pushf; pop %rdi; and $0x8c5, %edi; shl $16, %rdi
    mov (%r13,%r14,8), %rax
    sub %rbx, %rax
    pushf; pop %rax; and $0x8c5, %eax; or %rax, %rdi; shl $16, %rdi
    mov (%r13,%r14,8), %rax
    imul %rbx, %rax
    pushf; pop %rax; and $0x801, %eax; or %rax, %rdi; shl $16, %rdi
    mov (%r13,%r14,8), %rax
    and %rbx, %rax
    pushf; pop %rax; and $0x8c5, %eax; or %rax, %rdi
    call print_hex
    add $2, %r14
    cmp $16, %r14
    jb 1b
    call print_nl

    /* bit scans, bt family, misc */
    mov $0x0000100000000400, %rax
    bsf %rax, %rdi; call print_hex
    bsr %rax, %rdi; call print_hex
    mov $0x55, %rdi; bts $40, %rdi; call print_hex
    mov $0x55, %rax; bt $2, %rax; setc %dil; movzbl %dil, %edi; call print_hex
    mov $0x55, %rdi; btc $0, %rdi; btr $6, %rdi; call print_hex
    mov $12345, %rdi; neg %rdi; call print_hex
    mov $12345, %rdi; not %rdi; call print_hex
    mov $100, %rax; mov $7, %rbx; lea -3(%rax,%rbx,8), %rdi; call print_hex
    mov $5, %rax; mov $10, %rdi; xadd %rax, %rdi; add %rax, %rdi; call print_hex
    mov $5, %rax; mov $5, %rbx; mov $9, %rcx; cmpxchg %rcx, %rbx; mov %rbx, %rdi; call print_hex
    mov $-2, %al; movsbq %al, %rdi; call print_hex
    mov $-2, %al; movzbq %al, %rdi; call print_hex
    mov $0x8001, %ax; movswq %ax, %rdi; call print_hex
    mov $-5, %eax; movslq %eax, %rdi; call print_hex
    mov $0x1122334455667788, %rdi; bswap %rdi; call print_hex
    call print_nl

    /* loop: sum of i*i for i in 1..1000 with loop instruction */
    xor %rdi, %rdi
    mov $1000, %rcx
2:  mov %rcx, %rax
    imul %rax, %rax
    add %rax, %rdi
    loop 2b
    call print_hex
    call print_nl
    EXIT $0

    .section .rodata
    .balign 8
flagtests:
    .quad 0, 0
    .quad 1, -1
    .quad 0x7fffffffffffffff, 1
    .quad 0x8000000000000000, 0x8000000000000000
    .quad 3, 5
    .quad -3, -5
    .quad 0xff, 0x100
    .quad 0x4000000000000000, 2
    .section .note.GNU-stack,"",@progbits
