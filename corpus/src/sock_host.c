/* An AF_UNIX client of a host process's server (corpus/inputs/host_listener.py, started by the setup):
 * connect, names, SO_PEERCRED, a request and its reply, end of stream. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %ld\n", what, r);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sockaddr_un a = {AF_UNIX, "host.sock"}, got;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    show("connect", connect(s, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof got;
    show("getpeername", getpeername(s, (struct sockaddr *)&got, &len));
    printf("peer '%s'\n", got.sun_path);
    struct ucred cr;
    len = sizeof cr;
    show("SO_PEERCRED", getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len));
    printf("peer is another process %d, my uid %d\n", cr.pid != getpid() && cr.pid > 0, cr.uid == getuid());
    show("send", send(s, "hello host", 10, 0));
    char buf[32];
    ssize_t n = recv(s, buf, sizeof buf, MSG_WAITALL);
    printf("reply %zd '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
    show("recv eof", recv(s, buf, sizeof buf, 0));
    close(s);
    return unlink("host.sock");
}
