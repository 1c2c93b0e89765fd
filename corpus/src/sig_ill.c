/* __builtin_trap (ud2): SIGILL (exit 132). */
#include <stdio.h>
int main(void) { printf("before trap\n"); fflush(stdout); __builtin_trap(); }
