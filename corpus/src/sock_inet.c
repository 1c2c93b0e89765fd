/* AF_INET and AF_INET6 on loopback: TCP (port 0, non-blocking connect with EINPROGRESS and SO_ERROR,
 * accept4, names, MSG_PEEK, MSG_WAITALL, shutdown, EPIPE/SIGPIPE, ECONNREFUSED), UDP (sendto/recvfrom,
 * connect), options (SO_REUSEADDR, TCP_NODELAY, SO_RCVTIMEO), select and poll on sockets. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %ld\n", what, r);
}

static volatile int sigpipes;
static void on_pipe(int s) { (void)s; sigpipes++; }

static int same(struct sockaddr_in *a, struct sockaddr_in *b) {
    return a->sin_family == b->sin_family && a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
}

static void tcp(void) {
    printf("-- tcp\n");
    struct sockaddr_in a = {0}, got, peer;
    socklen_t len;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int v = 1;
    show("SO_REUSEADDR", setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    show("bind", bind(srv, (struct sockaddr *)&a, sizeof a));
    len = sizeof got;
    getsockname(srv, (struct sockaddr *)&got, &len);
    printf("bound len %d port nonzero %d addr %s\n", (int)len, got.sin_port != 0, inet_ntoa(got.sin_addr));
    show("listen", listen(srv, 4));
    len = sizeof v;
    getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
    printf("SO_ACCEPTCONN %d\n", v);
    int cl = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    len = sizeof peer;
    show("getpeername unconnected", getpeername(cl, (struct sockaddr *)&peer, &len));
    int r = connect(cl, (struct sockaddr *)&got, sizeof got);
    printf("connect started %d\n", r == 0 || errno == EINPROGRESS);
    struct pollfd p = {cl, POLLOUT, 0};
    show("poll connecting", poll(&p, 1, 5000));
    int err = -1;
    len = sizeof err;
    getsockopt(cl, SOL_SOCKET, SO_ERROR, &err, &len);
    printf("SO_ERROR %d\n", err);
    int s = accept4(srv, (struct sockaddr *)&peer, &(socklen_t){sizeof peer}, SOCK_NONBLOCK);
    printf("accepted %d nonblock %d\n", s >= 0, !!(fcntl(s, F_GETFL) & O_NONBLOCK));
    struct sockaddr_in mine;
    len = sizeof mine;
    getsockname(cl, (struct sockaddr *)&mine, &len);
    printf("accept peer is client %d\n", same(&peer, &mine));
    len = sizeof peer;
    getpeername(cl, (struct sockaddr *)&peer, &len);
    printf("client peer is server %d\n", same(&peer, &got));
    fcntl(cl, F_SETFL, 0);
    fcntl(s, F_SETFL, 0);
    v = 1;
    setsockopt(cl, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v);
    v = 0;
    len = sizeof v;
    getsockopt(cl, IPPROTO_TCP, TCP_NODELAY, &v, &len);
    printf("TCP_NODELAY %d\n", v);
    len = sizeof v;
    getsockopt(cl, SOL_SOCKET, SO_TYPE, &v, &len);
    printf("SO_TYPE %d\n", v);
    show("recv nothing yet", recv(s, (char[4]){0}, 4, MSG_DONTWAIT));
    pid_t pid = fork();
    if (pid == 0) {
        const char *parts[] = {"abc", "defg", "hij"};
        for (int i = 0; i < 3; i++) {
            write(cl, parts[i], strlen(parts[i]));
            usleep(20000);
        }
        _exit(0);
    }
    char buf[64];
    show("recv peek", recv(s, buf, 2, MSG_PEEK));
    ssize_t n = recv(s, buf, 10, MSG_WAITALL);
    printf("waitall %zd '%.*s'\n", n, (int)n, buf);
    waitpid(pid, NULL, 0);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    struct timeval tv = {0, 0};
    show("select none", select(s + 1, &rd, NULL, NULL, &tv));
    show("shutdown wr", shutdown(cl, SHUT_WR));
    FD_SET(s, &rd);
    tv.tv_sec = 5;
    show("select eof", select(s + 1, &rd, NULL, NULL, &tv));
    show("read eof", read(s, buf, sizeof buf));
    show("send after shutdown", send(cl, "x", 1, MSG_NOSIGNAL));
    signal(SIGPIPE, on_pipe);
    show("write after shutdown", write(cl, "x", 1));
    printf("sigpipes %d\n", sigpipes);
    static char big[4 << 20];
    memset(big, 'z', sizeof big);
    pid = fork();
    if (pid == 0) { /* the client reads it all */
        size_t got = 0;
        ssize_t k;
        while (got < sizeof big && (k = read(cl, big, sizeof big - got)) > 0) got += k;
        _exit(got == sizeof big ? 0 : 1);
    }
    show("blocking write of 4 MiB", write(s, big, sizeof big));
    int st;
    waitpid(pid, &st, 0);
    printf("client read it all %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    show("reply", write(s, "bye", 3));
    n = read(cl, buf, sizeof buf);
    printf("client read '%.*s'\n", (int)n, buf);
    close(s);
    show("read closed", read(cl, buf, sizeof buf));
    close(cl);
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    close(srv);
    show("connect refused", connect(probe, (struct sockaddr *)&got, sizeof got));
    close(probe);
}

static void udp(void) {
    printf("-- udp\n");
    struct sockaddr_in a = {0}, ra, sa, from;
    socklen_t len;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
    bind(r, (struct sockaddr *)&a, sizeof a);
    bind(s, (struct sockaddr *)&a, sizeof a);
    len = sizeof ra;
    getsockname(r, (struct sockaddr *)&ra, &len);
    len = sizeof sa;
    getsockname(s, (struct sockaddr *)&sa, &len);
    show("sendto", sendto(s, "datagram one", 12, 0, (struct sockaddr *)&ra, sizeof ra));
    show("sendto", sendto(s, "two", 3, 0, (struct sockaddr *)&ra, sizeof ra));
    char buf[64];
    len = sizeof from;
    ssize_t n = recvfrom(r, buf, 4, 0, (struct sockaddr *)&from, &len);
    printf("recvfrom %zd '%.*s' from sender %d len %d\n", n, (int)n, buf, same(&from, &sa), (int)len);
    struct iovec iov = {buf, sizeof buf};
    struct msghdr m = {0};
    m.msg_name = &from;
    m.msg_namelen = sizeof from;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    n = recvmsg(r, &m, 0);
    printf("recvmsg %zd '%.*s' namelen %d trunc %d\n", n, (int)n, buf, (int)m.msg_namelen, !!(m.msg_flags & MSG_TRUNC));
    show("send unconnected", send(s, "x", 1, 0));
    show("connect", connect(s, (struct sockaddr *)&ra, sizeof ra));
    show("send", send(s, "connected", 9, 0));
    n = recv(r, buf, sizeof buf, 0);
    printf("recv '%.*s'\n", (int)n, buf);
    struct timeval tv = {0, 50000};
    show("SO_RCVTIMEO", setsockopt(r, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    tv.tv_usec = 0;
    len = sizeof tv;
    getsockopt(r, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
    printf("timeout %ld us\n", (long)tv.tv_usec);
    show("recv timeout", recv(r, buf, sizeof buf, 0));
    struct pollfd p[2] = {{r, POLLIN, 0}, {s, POLLOUT, 0}};
    show("poll", poll(p, 2, 0));
    printf("revents %#x %#x\n", p[0].revents, p[1].revents);
    close(r);
    close(s);
}

static void inet6(void) {
    printf("-- tcp6\n");
    int srv = socket(AF_INET6, SOCK_STREAM, 0);
    if (srv < 0) {
        show("socket6", srv);
        return;
    }
    int v = 1;
    show("IPV6_V6ONLY", setsockopt(srv, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof v));
    struct sockaddr_in6 a = {0}, got;
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    if (bind(srv, (struct sockaddr *)&a, sizeof a) < 0) {
        printf("bind6 failed\n");
        close(srv);
        return;
    }
    socklen_t len = sizeof got;
    getsockname(srv, (struct sockaddr *)&got, &len);
    listen(srv, 1);
    int cl = socket(AF_INET6, SOCK_STREAM, 0);
    show("connect6", connect(cl, (struct sockaddr *)&got, len));
    int s = accept(srv, NULL, NULL);
    write(cl, "six", 3);
    char buf[8];
    ssize_t n = read(s, buf, sizeof buf);
    printf("len %d read '%.*s'\n", (int)len, (int)n, buf);
    close(s);
    close(cl);
    close(srv);
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
    tcp();
    udp();
    inet6();
    struct sockaddr_in a = {0}, ra;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int r = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
    bind(r, (struct sockaddr *)&a, sizeof a);
    socklen_t len = sizeof ra;
    getsockname(r, (struct sockaddr *)&ra, &len);
    connect(w, (struct sockaddr *)&ra, sizeof ra);
    interrupted(r, w);
    return 0;
}
