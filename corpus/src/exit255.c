/* exit(255), exit code truncation: exit(-1 & 0xff) and _exit path via argument. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
    printf("exit255 mode %s\n", argc > 1 ? argv[1] : "exit");
    if (argc > 1 && argv[1][0] == '_') { fflush(stdout); _exit(255); }
    if (argc > 1 && argv[1][0] == 'b') exit(256 + 7); /* truncated to 7 */
    if (argc > 1 && argv[1][0] == 'n') exit(-1);      /* 255 */
    exit(255);
}
