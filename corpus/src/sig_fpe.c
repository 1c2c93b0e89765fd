/* integer division by zero via volatile operands: SIGFPE (exit 136). */
#include <stdio.h>
int main(void) { volatile int a = 10, b = 0; printf("before div\n"); fflush(stdout); int c = a / b; printf("not reached %d\n", c); return 0; }
