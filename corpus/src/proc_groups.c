/* Process groups and sessions: setpgid, getpgid, getsid, setsid in a child, kill(-pgid), kill(0),
 * waitpid(0, ...), waitpid(-pgid, ...), and their errors. Prints relations, never pids. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %d\n", what, r);
}

static void status(const char *what, int st) {
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by %s\n", what, strsignal(WTERMSIG(st)));
}

static void on_usr1(int sig) { (void) sig; }

static int hold[2]; /* a pipe nobody writes to: reading it waits until a signal ends the process */

static void wait_here(void) {
    char x;
    read(hold[0], &x, 1);
}

int main(void) {
    int p[2];
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe(hold);
    show("getpgid(0) == getpgrp()", getpgid(0) == getpgrp());
    show("getsid(0) == getsid(getpid())", getsid(0) == getsid(getpid()));
    show("getpgid(no such pid)", getpgid(999999));
    show("getsid(no such pid)", getsid(999999));
    show("setpgid(0, -1)", setpgid(0, -1));
    show("setpgid(parent, 0)", setpgid(getppid(), 0));
    show("kill(-no such group, 0)", kill(-999999, 0));
    show("waitpid(-no such group)", waitpid(-999999, NULL, WNOHANG));

    /* a child in a group of its own, killed through its group */
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        setpgid(0, 0);
        char ok = getpgrp() == getpid() ? 'y' : 'n';
        write(p[1], &ok, 1);
        wait_here();
        _exit(0);
    }
    setpgid(c, c); /* as a shell does, in both: whichever runs first */
    char ok;
    read(p[0], &ok, 1);
    printf("child leads its group: %c\n", ok);
    show("getpgid(child) == child", getpgid(c) == c);
    show("getpgid(child) != ours", getpgid(c) != getpgrp());
    show("getsid(child) == ours", getsid(c) == getsid(0));
    show("waitpid(0) without a child in our group", waitpid(0, NULL, WNOHANG));
    show("kill(-child, 0)", kill(-c, 0));
    show("kill(-child, SIGTERM)", kill(-c, SIGTERM));
    int st;
    show("waitpid(-child) == child", waitpid(-c, &st, 0) == c);
    status("child", st);

    /* a child still in our group, reaped with waitpid(0) */
    c = fork();
    if (c == 0) _exit(7);
    show("waitpid(0) == child", waitpid(0, &st, 0) == c);
    status("child", st);

    /* kill(0) in a group: a grandchild without a handler dies, its parent with one does not */
    c = fork();
    if (c == 0) {
        setpgid(0, 0);
        pid_t g = fork();
        if (g == 0) {
            wait_here();
            _exit(0);
        }
        signal(SIGUSR1, on_usr1);
        usleep(50000);
        show("  kill(0, SIGUSR1)", kill(0, SIGUSR1));
        show("  waitpid(0) == grandchild", waitpid(0, &st, 0) == g);
        status("  grandchild", st);
        show("  setsid() as a group leader", setsid());
        _exit(3);
    }
    waitpid(c, &st, 0);
    status("child", st);

    /* setsid in a child: a new session and group, no controlling terminal */
    int q[2];
    pipe(q);
    c = fork();
    if (c == 0) {
        pid_t oldpg = getpgrp();
        char r[6];
        r[0] = setsid() == getpid() ? 'y' : 'n';
        r[1] = getsid(0) == getpid() ? 'y' : 'n';
        r[2] = getpgrp() == getpid() ? 'y' : 'n';
        r[3] = setpgid(0, oldpg) < 0 && errno == EPERM ? 'y' : 'n';
        r[4] = open("/dev/tty", O_RDWR) < 0 && errno == ENXIO ? 'y' : 'n';
        r[5] = setsid() < 0 && errno == EPERM ? 'y' : 'n';
        write(q[1], r, 6);
        wait_here();
        _exit(0);
    }
    char r[6];
    read(q[0], r, 6);
    printf("setsid: new session %c, leads it %c, leads its group %c, cannot rejoin %c, no tty %c, again %c\n",
           r[0], r[1], r[2], r[3], r[4], r[5]);
    show("getsid(child) != ours", getsid(c) != getsid(0));
    show("setpgid(child of another session, ours)", setpgid(c, getpgrp()));
    show("setpgid(child, ours) for a session leader", setpgid(c, c));
    kill(c, SIGKILL);
    waitpid(c, &st, 0);
    status("child", st);
    show("waitpid(0) without children", waitpid(0, NULL, 0));
    return 0;
}
