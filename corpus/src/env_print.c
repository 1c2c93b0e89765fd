/* prints LXTEST_* environment variables (sorted) and getenv lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
extern char **environ;
static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }
int main(int argc, char **argv, char **envp) {
    (void)argc; (void)argv;
    char *v[256]; int n = 0;
    for (char **e = envp; *e && n < 256; e++) if (strncmp(*e, "LXTEST_", 7) == 0) v[n++] = *e;
    qsort(v, n, sizeof(char *), cmp);
    for (int i = 0; i < n; i++) printf("%s\n", v[i]);
    printf("envp==environ: %d\n", envp == environ);
    const char *q[] = {"LXTEST_A", "LXTEST_EMPTY", "LXTEST_MISSING", "LANG", "TZ"};
    for (int i = 0; i < 5; i++) { const char *g = getenv(q[i]); printf("getenv %s = %s\n", q[i], g ? g : "(null)"); }
    setenv("LXTEST_NEW", "set-by-program", 1); printf("after setenv: %s\n", getenv("LXTEST_NEW"));
    unsetenv("LXTEST_A"); printf("after unsetenv: %s\n", getenv("LXTEST_A") ? "present" : "gone");
    return 0;
}
