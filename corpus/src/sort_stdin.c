/* sorts the lines of stdin (strcmp order), then prints unique counts, like sort | uniq -c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }
int main(int argc, char **argv) {
    int numeric = argc > 1 && strcmp(argv[1], "-n") == 0;
    char **v = NULL; size_t n = 0, cap = 0; char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (n == cap) { cap = cap ? cap * 2 : 16; v = realloc(v, cap * sizeof *v); }
        v[n++] = strdup(line);
    }
    if (numeric) {
        long *x = malloc((n + 1) * sizeof(long)); for (size_t i = 0; i < n; i++) x[i] = atol(v[i]);
        for (size_t i = 1; i < n; i++) { long t = x[i]; size_t j = i; while (j > 0 && x[j - 1] > t) { x[j] = x[j - 1]; j--; } x[j] = t; }
        for (size_t i = 0; i < n; i++) printf("%ld\n", x[i]);
        return 0;
    }
    qsort(v, n, sizeof *v, cmp);
    for (size_t i = 0; i < n;) { size_t j = i; while (j < n && strcmp(v[i], v[j]) == 0) j++; printf("%7zu %s\n", j - i, v[i]); i = j; }
    return 0;
}
