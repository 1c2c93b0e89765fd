/* write to a string literal in .rodata: SIGSEGV (exit 139). The asm barrier hides the literal from the optimizer. */
#include <stdio.h>
int main(void) {
    char *s = "read-only literal";
    printf("before write: %s\n", s); fflush(stdout);
    __asm__ volatile("" : "+r"(s));
    *(volatile char *)s = 'R';
    printf("not reached %s\n", s);
    return 0;
}
