/*
 * lxrun's client (scripts/dist builds it as PREFIX/bin/lxrun; it is never committed as a binary).
 * With LXRUN_SERVICE=1 it hands the program to the user's resident lxrun service (psx-subsystem's
 * lxrun.psx.service.PsxService): its lxrun arguments, environment, cwd, umask, RLIMIT_NOFILE and
 * RLIMIT_STACK, every descriptor it has that is not close-on-exec and its controlling terminal (SCM_RIGHTS), over the Unix
 * socket in a directory of this user's with mode 0700; then it forwards the signals it gets and exits
 * with the program's status. In every other case (no LXRUN_SERVICE, --service, no service answering, a
 * stale socket, a directory that is not the user's own, or the service answering FALLBACK) it execs the
 * in-process launcher, PREFIX/lib/lxrun/launcher, with its arguments, environment and descriptors as
 * they were. C rather than Java or a shell script: it must start in a millisecond (the wire format is
 * described in PsxService).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

enum { MAGIC = 0x3153584c, RUN = 1, ACCEPTED = 1, FALLBACK = 2, EXIT = 3, MAX_FDS = 253 };

static char **args;
static int sock = -1;

static void in_process(void) {
    char exe[4096], path[4200];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) *slash = 0;
        snprintf(path, sizeof path, "%s/../lib/lxrun/launcher", exe);
        if (sock >= 0) close(sock);
        execv(path, args);
    }
    fprintf(stderr, "lxrun: cannot run the launcher %s: %s\n", n > 0 ? path : "(no /proc/self/exe)", strerror(errno));
    exit(70);
}

/* The request, grown as it is built. */
static char *buf;
static size_t len, cap;

static void put(const void *p, size_t n) {
    if (len + n > cap) {
        cap = (len + n) * 2 + 4096;
        buf = realloc(buf, cap);
        if (!buf) in_process();
    }
    memcpy(buf + len, p, n);
    len += n;
}
static void put32(uint32_t v) { put(&v, 4); }
static void put64(int64_t v) { put(&v, 8); }
static void put_string(const char *s) {
    put32((uint32_t) strlen(s));
    put(s, strlen(s));
}

static void forward(int sig) {
    int saved = errno;
    uint32_t s = (uint32_t) sig;
    if (write(sock, &s, 4) < 0) { /* the service is gone: the read below sees it */ }
    errno = saved;
}

static int read_full(void *p, size_t n) {
    char *c = p;
    while (n > 0) {
        ssize_t r = read(sock, c, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        c += r;
        n -= (size_t) r;
    }
    return 1;
}

int main(int argc, char **argv) {
    args = argv;
    const char *on = getenv("LXRUN_SERVICE");
    if (!on || strcmp(on, "1") != 0 || (argc > 1 && strcmp(argv[1], "--service") == 0)) in_process();

    char dir[4096];
    const char *d = getenv("LXRUN_SERVICE_DIR");
    if (d && *d) snprintf(dir, sizeof dir, "%s", d);
    else snprintf(dir, sizeof dir, "/tmp/lxrun-%u", (unsigned) getuid());
    struct stat st;
    /* whoever owns the directory could stand in for the service: only the user's own, mode 0700 */
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 0777) != 0700) in_process();
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s/service.sock", dir) >= (int) sizeof sa.sun_path) in_process();
    sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0 || connect(sock, (struct sockaddr *) &sa, sizeof sa) != 0) in_process(); /* none, or a stale socket */

    /* the descriptors the program inherits: those not close-on-exec, as the launcher lists them */
    int fds[MAX_FDS], nfds = 0;
    DIR *fdDir = opendir("/proc/self/fd");
    if (!fdDir) in_process();
    for (struct dirent *e; (e = readdir(fdDir)) != NULL && nfds < MAX_FDS;) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        int fd = atoi(e->d_name), flags = fcntl(fd, F_GETFD);
        if (fd == dirfd(fdDir) || fd == sock || flags < 0 || (flags & FD_CLOEXEC)) continue;
        fds[nfds++] = fd;
    }
    closedir(fdDir);
    /* its controlling terminal, so that the program has it as its own (job control, /dev/tty) */
    int tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    int guest[MAX_FDS + 1];
    memcpy(guest, fds, sizeof(int) * nfds);
    if (tty_fd >= 0 && nfds < MAX_FDS) {
        fds[nfds] = tty_fd;
        guest[nfds++] = -1;
    }

    struct rlimit nofile, stack;
    getrlimit(RLIMIT_NOFILE, &nofile);
    getrlimit(RLIMIT_STACK, &stack);
    mode_t mask = umask(0);
    umask(mask);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) in_process();

    put32(MAGIC);
    put32(RUN);
    put32(0); /* the body's length, filled in below */
    put32((uint32_t) getpid());
    put32((uint32_t) mask);
    put64((int64_t) nofile.rlim_cur);
    put64((int64_t) nofile.rlim_max);
    put64((int64_t) stack.rlim_cur);
    put64((int64_t) stack.rlim_max);
    put32((uint32_t) nfds);
    for (int i = 0; i < nfds; i++) put32((uint32_t) guest[i]);
    put_string(cwd);
    put32((uint32_t) (argc - 1));
    for (int i = 1; i < argc; i++) put_string(argv[i]);
    extern char **environ;
    uint32_t nenv = 0;
    for (char **e = environ; *e; e++) nenv++;
    put32(nenv);
    for (char **e = environ; *e; e++) put_string(*e);
    uint32_t body = (uint32_t) (len - 12);
    memcpy(buf + 8, &body, 4);

    union { char b[CMSG_SPACE(sizeof(int) * MAX_FDS)]; struct cmsghdr align; } control;
    struct iovec iov = {buf, len};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds > 0) {
        msg.msg_control = control.b;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    ssize_t sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
    if (sent <= 0) in_process();
    for (size_t off = (size_t) sent; off < len;) {
        ssize_t r = send(sock, buf + off, len - off, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) in_process(); /* nothing ran yet: in-process is still right */
        off += (size_t) r;
    }

    int32_t reply[2];
    if (!read_full(reply, 8) || reply[0] != ACCEPTED) in_process(); /* FALLBACK, or the service went away */

    /* the program runs: the signals lxrun would pass on to it go to the service (SIGTSTP too, so the
       client itself never stops while its program runs), and a raw-mode terminal is restored at the end */
    struct termios saved;
    int tty = tty_fd >= 0 && tcgetattr(tty_fd, &saved) == 0 ? tty_fd : -1;
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa_fwd = {.sa_handler = forward, .sa_flags = SA_RESTART};
    sigemptyset(&sa_fwd.sa_mask);
    int forwarded[] = {SIGINT, SIGQUIT, SIGTSTP, SIGWINCH, SIGTERM, SIGHUP, SIGCONT};
    for (size_t i = 0; i < sizeof forwarded / sizeof *forwarded; i++) {
        struct sigaction old;
        /* one ignored when lxrun started (a shell's background job: SIGINT, SIGQUIT) stays ignored */
        if (sigaction(forwarded[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(forwarded[i], &sa_fwd, NULL);
    }
    /* the descriptors are the program's now, in the service: a reader of its stdout sees the end when
       the program closes it, not when the client exits; stderr stays for the client's own last word */
    for (int i = 0; i < nfds; i++) if (fds[i] != 2 && fds[i] != tty_fd) close(fds[i]);
    while (read_full(reply, 8)) {
        if (reply[0] != EXIT) continue;
        if (tty >= 0) tcsetattr(tty, TCSADRAIN, &saved);
        return reply[1];
    }
    if (tty >= 0) tcsetattr(tty, TCSADRAIN, &saved);
    fprintf(stderr, "lxrun: the lxrun service ended before the program did\n");
    return 70;
}
