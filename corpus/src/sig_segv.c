/* NULL pointer write: SIGSEGV (exit 139). stdout flushed first. */
#include <stdio.h>
int main(void) { printf("before null write\n"); fflush(stdout); volatile int *p = (int *)0; *p = 42; printf("not reached\n"); return 0; }
