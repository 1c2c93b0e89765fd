/* execve(2)'s argument limits: one string longer than MAX_ARG_STRLEN, or argv+envp past a quarter of
   the stack limit, is E2BIG and the caller goes on; within the limits the new program gets them all. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "fs_common.h"

extern char **environ;
static const char *self;

static char *str(size_t n, char ch) {
    char *s = malloc(n + 1);
    memset(s, ch, n);
    s[n] = 0;
    return s;
}

/* execve in a child (it replaces the program when it works); the parent reports what happened. */
static void run(const char *what, const char *path, char **argv, char **envp) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        long r = syscall(SYS_execve, path, argv, envp);
        printf("%s: %s\n", what, r == -1 ? errname(errno) : "returned");
        fflush(stdout);
        _exit(3);
    }
    int st;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 3) printf("%s: ran, status %d\n", what, WEXITSTATUS(st));
}

int main(int argc, char **argv) {
    if (argc == 1 && argv[0][0] == 0) { printf("  child: argv is one empty string\n"); return 0; }
    if (argc >= 2 && !strcmp(argv[1], "child")) {
        size_t total = 0;
        for (int i = 0; i < argc; i++) total += strlen(argv[i]);
        size_t envn = 0;
        for (char **e = environ; *e; e++) envn++;
        printf("  child: argc %d, argument bytes beyond argv[0] %zu, %s environment strings\n", argc,
               total - strlen(argv[0]), envn > 1000 ? "many" : "few");
        return 0;
    }
    self = argv[0];
    char *big = str(200000, 'a'), *max = str(131071, 'b'), *over = str(131072, 'c');

    /* in the calling process itself: the call fails and the program goes on */
    char *a1[] = {(char *)self, "child", big, NULL};
    long r = syscall(SYS_execve, self, a1, environ);
    printf("execve 200000-byte argument, same process: %s\n", r == -1 ? errname(errno) : "returned");

    run("200000-byte argument", self, a1, environ);
    char *a2[] = {(char *)self, "child", max, NULL};
    run("131071-byte argument", self, a2, environ);
    char *a3[] = {(char *)self, "child", over, NULL};
    run("131072-byte argument", self, a3, environ);
    char *e3[] = {"X=1", over, NULL};
    char *a0[] = {(char *)self, "child", NULL};
    run("131072-byte environment string", self, a0, e3);

    char *many[24];
    many[0] = (char *)self; many[1] = "child";
    for (int i = 2; i < 22; i++) many[i] = str(120000, 'd');
    many[22] = NULL;
    run("20 arguments of 120000 bytes", self, many, environ);
    many[17] = NULL;
    run("15 arguments of 120000 bytes", self, many, environ);

    int n = 40000;
    char **env = malloc((n + 1) * sizeof *env);
    for (int i = 0; i < n; i++) { env[i] = malloc(64); snprintf(env[i], 64, "VAR%05d=%s", i, "0123456789012345678901234567890123456789012345"); }
    env[n] = NULL;
    run("40000 environment strings of 55 bytes", self, a0, env);
    env[10000] = NULL;
    run("10000 environment strings of 55 bytes", self, a0, env);

    char **empty = malloc(100003 * sizeof *empty);
    empty[0] = (char *)self; empty[1] = "child";
    for (int i = 2; i < 100002; i++) empty[i] = "";
    empty[100002] = NULL;
    run("100000 empty arguments", self, empty, environ);

    run("argv NULL", self, NULL, environ);
    char *bad[] = {(char *)self, "child", (char *)16, NULL};
    run("bad string pointer", self, bad, environ);
    run("bad argv pointer", self, (char **)16, environ);
    run("missing file, big argument", "./no-such-program", a1, environ);
    printf("still here\n");
    return 0;
}
