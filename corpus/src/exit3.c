/* exit(3) with buffered stdout that must be flushed, and a stderr message. */
#include <stdio.h>
#include <stdlib.h>
int main(void) { printf("buffered output without newline"); fprintf(stderr, "error: exiting with 3\n"); exit(3); }
