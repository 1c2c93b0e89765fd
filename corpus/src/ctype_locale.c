/* ctype classification table, toupper/tolower, strcasecmp, in the C locale. */
#include <stdio.h>
#include <ctype.h>
#include <strings.h>
#include <string.h>
int main(void) {
    for (int c = 0; c < 128; c++) {
        int m = (!!isalpha(c)) | (!!isdigit(c)) << 1 | (!!isspace(c)) << 2 | (!!ispunct(c)) << 3 | (!!isupper(c)) << 4 | (!!islower(c)) << 5 | (!!isxdigit(c)) << 6 | (!!iscntrl(c)) << 7 | (!!isprint(c)) << 8 | (!!isgraph(c)) << 9 | (!!isalnum(c)) << 10 | (!!isblank(c)) << 11;
        printf("%3d %03x %c%c%s", c, m, isprint(c) ? toupper(c) : '.', isprint(c) ? tolower(c) : '.', c % 6 == 5 ? "\n" : " | ");
    }
    printf("\n");
    int hi = 0; for (int c = 128; c < 256; c++) hi += !!isalpha(c) + !!isprint(c) + (toupper(c) != c);
    printf("high bytes classified: %d\n", hi);
    const char *a[] = {"Hello", "hello", "HELLO!", "abc", "ABD", "", "Zeta"};
    for (int i = 0; i < 7; i++) for (int j = 0; j < 7; j++) { int r = strcasecmp(a[i], a[j]); printf("%c", r < 0 ? '<' : r > 0 ? '>' : '='); }
    printf("\nncase %d %d\n", strncasecmp("HELLOworld", "helloWORLDx", 10), strncasecmp("abc", "abd", 2));
    return 0;
}
