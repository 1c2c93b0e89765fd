/* AF_UNIX sockets: socketpair (stream, datagram, seqpacket), SCM_RIGHTS, path and abstract
 * sockets with bind/listen/connect/accept, names, options, shutdown, EPIPE/SIGPIPE, poll, fork. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#ifndef SIOCOUTQ
#define SIOCOUTQ TIOCOUTQ
#endif
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %ld\n", what, r);
}

static volatile int sigpipes;
static void on_pipe(int s) { (void)s; sigpipes++; }

static void pair_stream(void) {
    int sv[2];
    show("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    char buf[64];
    show("write", write(sv[0], "hello", 5));
    show("send", send(sv[0], " world", 6, 0));
    show("recv peek", recv(sv[1], buf, sizeof buf, MSG_PEEK));
    int q = -1;
    show("FIONREAD", ioctl(sv[1], FIONREAD, &q));
    printf("queued %d\n", q);
    show("SIOCOUTQ", ioctl(sv[0], SIOCOUTQ, &q));
    printf("unsent memory nonzero %d\n", q > 0); /* Linux counts skb memory, not bytes */
    show("TCGETS", ioctl(sv[0], TCGETS, buf));
    ssize_t n = read(sv[1], buf, sizeof buf);
    printf("read %zd '%.*s'\n", n, (int)n, buf);
    show("recv dontwait", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    struct pollfd p[2] = {{sv[0], POLLIN | POLLOUT, 0}, {sv[1], POLLIN | POLLOUT, 0}};
    show("poll", poll(p, 2, 0));
    printf("revents %#x %#x\n", p[0].revents, p[1].revents);
    show("shutdown wr", shutdown(sv[0], SHUT_WR));
    show("read after shutdown", read(sv[1], buf, sizeof buf));
    p[1].events = POLLIN;
    poll(p + 1, 1, 0);
    printf("revents after shutdown %#x\n", p[1].revents);
    show("write after shutdown", send(sv[0], "x", 1, MSG_NOSIGNAL));
    show("send other way", send(sv[1], "abc", 3, 0));
    show("recv waitall", recv(sv[0], buf, 3, MSG_WAITALL));
    int type = 0;
    socklen_t len = sizeof type;
    show("getsockopt SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len));
    printf("type %d len %d\n", type, (int)len);
    struct ucred cr;
    len = sizeof cr;
    show("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len));
    printf("peer pid is mine %d uid is mine %d\n", cr.pid == getpid(), cr.uid == getuid());
    close(sv[1]);
    show("send to closed nosignal", send(sv[0], "x", 1, MSG_NOSIGNAL));
    signal(SIGPIPE, on_pipe);
    show("write to closed", write(sv[0], "x", 1));
    printf("sigpipes %d\n", sigpipes);
    p[0].events = POLLIN | POLLOUT;
    poll(p, 1, 0);
    printf("revents peer closed %#x\n", p[0].revents);
    close(sv[0]);
}

static void pair_dgram(int type, const char *name) {
    int sv[2];
    char buf[64];
    printf("-- %s\n", name);
    show("socketpair", socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv));
    printf("cloexec %d\n", fcntl(sv[0], F_GETFD) & FD_CLOEXEC);
    show("send 1", send(sv[0], "first", 5, 0));
    show("send 2", send(sv[0], "second message", 14, 0));
    int q = -1;
    ioctl(sv[1], FIONREAD, &q);
    printf("FIONREAD first datagram %d\n", q);
    show("recv peek", recv(sv[1], buf, sizeof buf, MSG_PEEK));
    struct iovec iov = {buf, 3};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    show("recvmsg short", recvmsg(sv[1], &m, 0));
    printf("'%.3s' flags trunc %d\n", buf, !!(m.msg_flags & MSG_TRUNC));
    show("recv trunc flag", recv(sv[1], buf, 2, MSG_TRUNC));
    show("recv nonblock empty", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    show("send empty", send(sv[0], "", 0, 0));
    show("recv empty", recv(sv[1], buf, sizeof buf, 0));
    close(sv[0]);
    show("recv after close", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    close(sv[1]);
}

static void rights(void) {
    int sv[2], pfd[2];
    printf("-- SCM_RIGHTS\n");
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(pfd);
    int file = open("passed.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(file, "file data\n", 10);
    union { struct cmsghdr h; char b[CMSG_SPACE(2 * sizeof(int))]; } u;
    memset(&u, 0, sizeof u);
    struct iovec iov = {"R", 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = u.b;
    m.msg_controllen = CMSG_SPACE(2 * sizeof(int));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    int fds[2] = {pfd[1], file};
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    show("sendmsg rights", sendmsg(sv[0], &m, 0));
    close(pfd[1]);
    close(file);
    send(sv[0], "after", 5, 0);
    char buf[32];
    union { struct cmsghdr h; char b[CMSG_SPACE(4 * sizeof(int))]; } r;
    struct iovec riov = {buf, sizeof buf};
    struct msghdr rm = {0};
    rm.msg_iov = &riov;
    rm.msg_iovlen = 1;
    rm.msg_control = r.b;
    rm.msg_controllen = sizeof r.b;
    show("recvmsg rights", recvmsg(sv[1], &rm, MSG_CMSG_CLOEXEC));
    printf("data '%c' controllen %d flags %d\n", buf[0], (int)rm.msg_controllen, rm.msg_flags);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&rm);
    if (rc && rc->cmsg_type == SCM_RIGHTS) {
        int got[2];
        memcpy(got, CMSG_DATA(rc), sizeof got);
        printf("cmsg len %d level %d type %d\n", (int)rc->cmsg_len, rc->cmsg_level, rc->cmsg_type);
        printf("cloexec %d\n", fcntl(got[0], F_GETFD) & FD_CLOEXEC);
        show("write passed pipe", write(got[0], "through", 7));
        close(got[0]);
        ssize_t n = read(pfd[0], buf, sizeof buf);
        printf("pipe read '%.*s'\n", (int)n, buf);
        show("read pipe eof", read(pfd[0], buf, sizeof buf));
        lseek(got[1], 0, SEEK_SET);
        n = read(got[1], buf, sizeof buf);
        printf("file read '%.*s'", (int)n, buf);
        close(got[1]);
    }
    ssize_t n = recv(sv[1], buf, sizeof buf, 0);
    printf("then '%.*s'\n", (int)n, buf);
    /* a control buffer too small: MSG_CTRUNC, the descriptor closed */
    int one = pfd[0];
    m.msg_controllen = CMSG_SPACE(sizeof(int));
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &one, sizeof one);
    show("sendmsg one", sendmsg(sv[0], &m, 0));
    rm.msg_controllen = 4;
    show("recvmsg small control", recvmsg(sv[1], &rm, 0));
    printf("ctrunc %d controllen %d\n", !!(rm.msg_flags & MSG_CTRUNC), (int)rm.msg_controllen);
    /* descriptors a plain read() meets are closed: the pipe's write end goes, its reader sees EOF */
    close(pfd[0]);
    pipe(pfd);
    one = pfd[1];
    memcpy(CMSG_DATA(c), &one, sizeof one);
    m.msg_controllen = CMSG_SPACE(sizeof(int));
    show("sendmsg write end", sendmsg(sv[0], &m, 0));
    close(pfd[1]);
    show("read() the message", read(sv[1], buf, sizeof buf));
    show("pipe reader sees EOF", read(pfd[0], buf, sizeof buf));
    close(pfd[0]);
    int bad = 999;
    memcpy(CMSG_DATA(c), &bad, sizeof bad);
    show("sendmsg bad fd", sendmsg(sv[0], &m, 0));
    close(sv[0]);
    close(sv[1]);
    unlink("passed.txt");
}

static socklen_t abstract_len;

static void credentials_and_mmsg(void) {
    printf("-- SCM_CREDENTIALS, sendmmsg, recvmmsg\n");
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    int on = 1;
    show("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
    send(sv[0], "c", 1, 0);
    char buf[8];
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(struct ucred))]; } u;
    struct iovec iov = {buf, sizeof buf};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = u.b;
    m.msg_controllen = sizeof u.b;
    show("recvmsg", recvmsg(sv[1], &m, 0));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    printf("controllen %d cmsg type %d len %d\n", (int)m.msg_controllen, c ? c->cmsg_type : -1, c ? (int)c->cmsg_len : -1);
    if (c) {
        struct ucred cr;
        memcpy(&cr, CMSG_DATA(c), sizeof cr);
        printf("pid is mine %d uid is mine %d gid is mine %d\n", cr.pid == getpid(), cr.uid == getuid(), cr.gid == getgid());
    }
    struct ucred fake = {1, getuid(), getgid()};
    m.msg_controllen = sizeof u.b;
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof fake);
    memcpy(CMSG_DATA(c), &fake, sizeof fake);
    iov.iov_len = 1;
    show("sendmsg other pid", sendmsg(sv[0], &m, 0));
    fake.pid = getpid();
    memcpy(CMSG_DATA(c), &fake, sizeof fake);
    show("sendmsg own credentials", sendmsg(sv[0], &m, 0));
    recv(sv[1], buf, sizeof buf, 0);
    struct mmsghdr mm[3];
    struct iovec v[3] = {{"one", 3}, {"three", 5}, {"xx", 2}};
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        mm[i].msg_hdr.msg_iov = &v[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    show("sendmmsg", sendmmsg(sv[0], mm, 3, 0));
    printf("lens %u %u %u\n", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
    char rb[4][8];
    struct iovec rv[4];
    struct mmsghdr rm[4];
    memset(rm, 0, sizeof rm);
    for (int i = 0; i < 4; i++) {
        rv[i].iov_base = rb[i];
        rv[i].iov_len = 8;
        rm[i].msg_hdr.msg_iov = &rv[i];
        rm[i].msg_hdr.msg_iovlen = 1;
    }
    show("recvmmsg waitforone", recvmmsg(sv[1], rm, 4, MSG_WAITFORONE, NULL));
    printf("got '%.*s' '%.*s' '%.*s'\n", (int)rm[0].msg_len, rb[0], (int)rm[1].msg_len, rb[1], (int)rm[2].msg_len, rb[2]);
    show("recvmmsg empty", recvmmsg(sv[1], rm, 4, MSG_DONTWAIT, NULL));
    close(sv[0]);
    close(sv[1]);
}

static void print_name(const char *what, struct sockaddr_un *a, socklen_t len) {
    if (len > 2 && a->sun_path[0] == 0) printf("%s: abstract, len as bound %d\n", what, len == abstract_len);
    else printf("%s: len %d family %d path '%s'\n", what, (int)len, a->sun_family, len > 2 ? a->sun_path : "");
}

static void named(int abstract) {
    struct sockaddr_un a = {0}, got;
    socklen_t alen, len;
    printf("-- %s\n", abstract ? "abstract" : "path");
    a.sun_family = AF_UNIX;
    if (abstract) {
        snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "lxrun-sock-test-%d", (int)getpid());
        alen = abstract_len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a.sun_path + 1);
    } else {
        strcpy(a.sun_path, "srv.sock");
        alen = sizeof a;
    }
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect missing", connect(srv, (struct sockaddr *)&a, alen));
    show("listen unbound", listen(srv, 5));
    show("bind", bind(srv, (struct sockaddr *)&a, alen));
    show("bind again", bind(srv, (struct sockaddr *)&a, alen));
    if (!abstract) {
        struct stat st;
        stat("srv.sock", &st);
        printf("socket file %d mode %o\n", S_ISSOCK(st.st_mode), st.st_mode & 07777);
        int other = socket(AF_UNIX, SOCK_STREAM, 0);
        show("bind in use", bind(other, (struct sockaddr *)&a, alen));
        show("connect not listening", connect(other, (struct sockaddr *)&a, alen));
        close(other);
    }
    len = sizeof got;
    getsockname(srv, (struct sockaddr *)&got, &len);
    print_name("getsockname", &got, len);
    show("listen", listen(srv, 5));
    fcntl(srv, F_SETFL, O_NONBLOCK);
    show("accept nonblock", accept(srv, NULL, NULL));
    int cl = socket(AF_UNIX, SOCK_STREAM, 0);
    struct pollfd p = {srv, POLLIN, 0};
    show("poll listener", poll(&p, 1, 0));
    show("connect", connect(cl, (struct sockaddr *)&a, alen));
    show("connect again", connect(cl, (struct sockaddr *)&a, alen));
    show("poll listener", poll(&p, 1, 0));
    len = sizeof got;
    int s = accept4(srv, (struct sockaddr *)&got, &len, SOCK_CLOEXEC);
    printf("accepted %d, nonblock %d\n", s >= 0, !!(fcntl(s, F_GETFL) & O_NONBLOCK));
    print_name("accept peer", &got, len);
    len = sizeof got;
    getpeername(cl, (struct sockaddr *)&got, &len);
    print_name("client's peer", &got, len);
    len = sizeof got;
    getsockname(s, (struct sockaddr *)&got, &len);
    print_name("accepted name", &got, len);
    len = sizeof got;
    show("getpeername listener", getpeername(srv, (struct sockaddr *)&got, &len));
    pid_t pid = fork();
    if (pid == 0) {
        char b[16];
        ssize_t n = read(s, b, sizeof b);
        for (ssize_t i = 0; i < n; i++) b[i] -= 32;
        write(s, b, n);
        _exit(0);
    }
    close(s);
    write(cl, "ping", 4);
    char b[16];
    ssize_t n = read(cl, b, sizeof b);
    printf("reply '%.*s'\n", (int)n, b);
    show("read eof", read(cl, b, sizeof b));
    int st;
    waitpid(pid, &st, 0);
    close(cl);
    close(srv);
    if (!abstract) show("unlink", unlink("srv.sock"));
}

static void dgram_named(void) {
    printf("-- path datagram\n");
    struct sockaddr_un a = {AF_UNIX, "dg.sock"}, b = {AF_UNIX, "dg2.sock"}, from;
    int r = socket(AF_UNIX, SOCK_DGRAM, 0), s = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("bind", bind(r, (struct sockaddr *)&a, sizeof a));
    show("sendto unbound sender", sendto(s, "anon", 4, 0, (struct sockaddr *)&a, sizeof a));
    show("bind sender", bind(s, (struct sockaddr *)&b, sizeof b));
    show("sendto", sendto(s, "named", 5, 0, (struct sockaddr *)&a, sizeof a));
    char buf[16];
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    printf("got '%.*s' fromlen %d\n", (int)n, buf, (int)len);
    len = sizeof from;
    n = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    printf("got '%.*s' from '%s' len %d\n", (int)n, buf, from.sun_path, (int)len);
    show("send unconnected", send(s, "x", 1, 0));
    show("connect", connect(s, (struct sockaddr *)&a, sizeof a));
    show("send connected", send(s, "y", 1, 0));
    show("recv", recv(r, buf, sizeof buf, 0));
    close(r);
    show("send to closed", send(s, "z", 1, 0));
    show("sendto missing", sendto(s, "z", 1, 0, (struct sockaddr *)&(struct sockaddr_un){AF_UNIX, "none"}, sizeof a));
    close(s);
    unlink("dg.sock");
    unlink("dg2.sock");
}

static void errors(void) {
    printf("-- errors\n");
    show("socket bad family", socket(12345, SOCK_STREAM, 0));
    show("socket bad type", socket(AF_UNIX, 9, 0));
    show("socket bad protocol", socket(AF_UNIX, SOCK_STREAM, 7));
    show("socketpair inet", socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){0}));
    show("getsockname not socket", getsockname(0, NULL, NULL));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    show("shutdown unconnected", shutdown(s, SHUT_RDWR));
    show("shutdown bad how", shutdown(s, 7));
    show("send unconnected", send(s, "x", 1, MSG_NOSIGNAL));
    int v = 1;
    show("setsockopt SO_REUSEADDR", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    socklen_t len = sizeof v;
    v = 0;
    getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &len);
    printf("SO_REUSEADDR %d\n", v);
    show("setsockopt short", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 2));
    show("setsockopt unknown", setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v));
    v = 4096;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
    len = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len);
    printf("SO_SNDBUF %d\n", v);
    struct msghdr big = {0};
    struct iovec one = {"x", 1};
    big.msg_iov = &one;
    big.msg_iovlen = 2000;
    show("sendmsg too many iovecs", sendmsg(s, &big, MSG_NOSIGNAL));
    show("recvmsg bad msghdr", recvmsg(s, (struct msghdr *)8, 0));
    len = -1;
    show("getsockopt negative len", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
    struct sockaddr_un un = {AF_UNIX, "x"};
    show("bind long addrlen", bind(s, (struct sockaddr *)&un, 200));
    un.sun_family = AF_INET;
    show("connect wrong family", connect(s, (struct sockaddr *)&un, sizeof un));
    show("accept not listening", accept(s, NULL, NULL));
    int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("listen datagram", listen(dg, 1));
    close(dg);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    un.sun_family = AF_UNIX;
    show("sendto connected stream", sendto(sv[0], "x", 1, 0, (struct sockaddr *)&un, sizeof un));
    show("recv MSG_OOB", recv(sv[0], &v, 1, MSG_OOB | MSG_DONTWAIT));
    close(sv[0]);
    close(sv[1]);
    struct timeval tv = {0, 50001};
    show("SO_RCVTIMEO", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    len = sizeof tv;
    getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
    printf("timeout %ld.%06ld (in jiffies)\n", (long)tv.tv_sec, (long)tv.tv_usec);
    tv.tv_usec = 1000000;
    show("SO_SNDTIMEO bad usec", setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    struct stat st;
    fstat(s, &st);
    printf("fstat socket %d owner is me %d\n", S_ISSOCK(st.st_mode), st.st_uid == geteuid() && st.st_gid == getegid());
    close(s);
}

static volatile int alarms;
static void on_alarm(int s) { (void)s; alarms++; }

/* A blocking receive a signal interrupts: EINTR without SA_RESTART; re-run with it (data from a child). */
static void interrupted(int r, int w) {
    printf("-- signals\n");
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    char b[8];
    ualarm(30000, 0);
    show("recv interrupted", recv(r, b, sizeof b, 0));
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(80000);
        write(w, "late", 4);
        _exit(0);
    }
    ualarm(30000, 0);
    ssize_t n = recv(r, b, sizeof b, 0);
    printf("recv restarted %zd '%.*s' alarms %d\n", n, (int)(n > 0 ? n : 0), b, alarms);
    waitpid(pid, NULL, 0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pair_stream();
    pair_dgram(SOCK_DGRAM, "datagram pair");
    pair_dgram(SOCK_SEQPACKET, "seqpacket pair");
    rights();
    credentials_and_mmsg();
    named(0);
    named(1);
    dgram_named();
    errors();
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    interrupted(sv[0], sv[1]);
    return 0;
}
