/* string instructions in raw assembly: rep movsb/movsq/stosb/stosq, repe cmpsb, repne scasb,
 * lodsb, std (backwards copy), plus stack argc/argv access. Prints results and copies. */
#include "asm_lib.inc"
    .globl _start
_start:
    mov %rsp, %r15                  /* initial stack: argc, argv... */
    /* rep stosb fill buf with 'x' (100 bytes), then terminate */
    lea buf(%rip), %rdi
    mov $'x', %al
    mov $100, %ecx
    cld
    rep stosb
    movb $0, (%rdi)
    mov %rcx, %rdi; call print_hex   /* rcx should be 0 */
    /* rep movsb copy message into buf+10 */
    lea msg(%rip), %rsi
    lea buf+10(%rip), %rdi
    mov $msglen, %ecx
    rep movsb
    lea buf(%rip), %rsi
    sub %rsi, %rdi
    call print_hex                   /* rdi offset after copy */
    call print_nl
    lea buf(%rip), %rsi
    call print_str
    call print_nl
    /* repne scasb: find 'W' in msg */
    lea msg(%rip), %rdi
    mov $'W', %al
    mov $msglen, %ecx
    repne scasb
    mov %rcx, %r12
    lea msg(%rip), %rax
    sub %rax, %rdi
    call print_hex
    mov %r12, %rdi; call print_hex
    /* repe cmpsb: compare msg with msg2, find first difference */
    lea msg(%rip), %rsi
    lea msg2(%rip), %rdi
    mov $msglen, %ecx
    repe cmpsb
    lea msg(%rip), %rax
    sub %rax, %rsi
    mov %rcx, %r12
    mov %rsi, %rdi; call print_hex
    mov %r12, %rdi; call print_hex
    call print_nl
    /* rep stosq / movsq on qwords */
    lea qbuf(%rip), %rdi
    mov $0x0102030405060708, %rax
    mov $16, %ecx
    rep stosq
    lea qbuf(%rip), %rsi
    lea qbuf2(%rip), %rdi
    mov $16, %ecx
    rep movsq
    lea qbuf2(%rip), %rsi
    xor %edx, %edx
    mov $128, %ecx
3:  lodsb
    movzbl %al, %eax
    add %rax, %rdx
    imul $31, %rdx
    loop 3b
    mov %rdx, %rdi; call print_hex
    /* std: backwards overlapping copy (memmove-like) within buf */
    lea buf+40(%rip), %rsi
    lea buf+45(%rip), %rdi
    mov $41, %ecx
    std
    rep movsb
    cld
    call print_nl
    lea buf(%rip), %rsi
    call print_str
    call print_nl
    /* argc and argv strings */
    mov (%r15), %rdi
    call print_hex
    call print_nl
    mov (%r15), %r12
    lea 8(%r15), %r13
    mov $1, %r14                     /* skip argv[0] (path) */
4:  cmp %r12, %r14
    jae 5f
    mov (%r13,%r14,8), %rsi
    call print_str
    call print_nl
    inc %r14
    jmp 4b
5:  /* exit status = argc + 4 */
    mov (%r15), %rdi
    add $4, %rdi
    mov $60, %eax
    syscall

    .section .rodata
msg:    .ascii "Hello, World of string instructions!"
    .set msglen, . - msg
msg2:   .ascii "Hello, World of string Instructions!"
    .bss
buf:    .space 256
    .balign 8
qbuf:   .space 128
qbuf2:  .space 128
    .section .note.GNU-stack,"",@progbits
