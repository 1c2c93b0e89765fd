/* return 42 from main. */
#include <stdio.h>
int main(void) { puts("returning 42"); return 42; }
