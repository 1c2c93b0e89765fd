/* A process group lives while a member does, a zombie too (until it is reaped): a shell's pipeline
 * puts its second process into the group of a first one that may have exited already. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int go[2];
    if (pipe(go) < 0) return 1;
    pid_t a = fork();
    if (a == 0) {
        setpgid(0, 0);
        _exit(0);                      /* the group's only member, a zombie from now on */
    }
    setpgid(a, a);                     /* as a shell does too; EACCES/ESRCH races are fine here */
    usleep(100000);                    /* a has exited: it is a zombie, not yet reaped */
    pid_t b = fork();
    if (b == 0) {
        int r = setpgid(0, a);
        printf("join zombie's group: %d %s\n", r, r ? strerror(errno) : "ok");
        fflush(stdout);
        _exit(0);
    }
    waitpid(b, NULL, 0);
    waitpid(a, NULL, 0);               /* a reaped; b (a member) too: the group is gone */
    pid_t c = fork();
    if (c == 0) {
        int r = setpgid(0, a);
        printf("join a reaped group: %d %s\n", r, r ? strerror(errno) : "ok");
        _exit(0);
    }
    waitpid(c, NULL, 0);
    return 0;
}
