/* prints argc and every argv element with its length and a byte sum. */
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        unsigned s = 0; for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++) s = s * 31 + *p;
        printf("argv[%d] len=%zu sum=%08x [%s]\n", i, strlen(argv[i]), s, argv[i]);
    }
    printf("argv[argc]==NULL: %d\n", argv[argc] == NULL);
    return 0;
}
