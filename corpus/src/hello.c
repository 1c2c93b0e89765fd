/* hello world: the smallest program, for start-up time (scripts/bench builds it dynamic too). */
#include <stdio.h>
int main(void) {
    puts("hello, world");
    return 0;
}
