/* minimal static program: write(2) a message, exit(0). No libc. */
    .globl _start
    .text
_start:
    mov $1, %eax            /* SYS_write */
    mov $1, %edi
    lea msg(%rip), %rsi
    mov $msglen, %edx
    syscall
    mov $60, %eax           /* SYS_exit */
    xor %edi, %edi
    syscall
    hlt
    .section .rodata
msg:    .ascii "Hello from x86-64 assembly\n"
    .set msglen, . - msg
    .section .note.GNU-stack,"",@progbits
