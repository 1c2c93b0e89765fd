/* word/line/byte count of stdin plus a character histogram (like wc). */
#include <stdio.h>
#include <ctype.h>
int main(void) {
    long lines = 0, words = 0, bytes = 0, hist[256] = {0}; int c, inword = 0; unsigned long h = 5381;
    while ((c = getchar()) != EOF) {
        bytes++; hist[c]++; h = h * 33 + c;
        if (c == '\n') lines++;
        if (isspace(c)) inword = 0; else if (!inword) { inword = 1; words++; }
    }
    printf("%ld %ld %ld hash %lu\n", lines, words, bytes, h);
    for (int i = 0; i < 256; i++) if (hist[i]) printf("%3d:%ld%c", i, hist[i], i % 8 == 7 ? '\n' : ' ');
    printf("\n");
    return 0;
}
