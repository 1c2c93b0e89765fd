/* exit(0) after output, with an atexit handler. */
#include <stdio.h>
#include <stdlib.h>
static void bye(void) { printf("atexit handler ran\n"); }
int main(void) { atexit(bye); printf("calling exit(0)\n"); exit(0); }
