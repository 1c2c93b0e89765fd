/* INT64_MIN / -1 (idiv overflow): SIGFPE (exit 136). */
#include <stdio.h>
#include <stdint.h>
int main(void) { volatile int64_t a = INT64_MIN, b = -1; printf("before idiv overflow\n"); fflush(stdout); int64_t c = a / b; printf("not reached %lld\n", (long long)c); return 0; }
