/* The system call number is the low 32 bits of RAX taken as an int (do_syscall_64): high bits are
   ignored, a negative int or a number past the table is ENOSYS. */
#include <stdio.h>
#include <unistd.h>

static long raw(long nr) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr) : "rcx", "r11", "memory");
    return r;
}

int main(void) {
    long pid = raw(39);
    printf("0x1_0000_0027 is getpid: %d\n", raw(0x100000027L) == pid);
    printf("0xffffffff_00000027 is getpid: %d\n", raw((long)0xffffffff00000027UL) == pid);
    printf("-1: %ld\n", raw(-1));
    printf("0xffffffff: %ld\n", raw(0xffffffffL));
    printf("0x80000027: %ld\n", raw(0x80000027L));
    printf("1000: %ld\n", raw(1000));
    printf("0x1_0000_03e8: %ld\n", raw(0x1000003e8L));
    return 0;
}
