/* A TCP server on a loopback port 0 whose client is a host process (corpus/inputs/native_client.py,
 * started by the setup): it learns the port from port.txt. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t len = sizeof a;
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 1) < 0 || getsockname(s, (struct sockaddr *)&a, &len) < 0)
        return printf("setup: %s\n", strerror(errno)), 1;
    struct timeval tv = {10, 0}; /* without a client (no python3 on the machine): EAGAIN */
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    FILE *f = fopen("port.tmp", "w");
    fprintf(f, "%d", ntohs(a.sin_port));
    fclose(f);
    rename("port.tmp", "port.txt");
    int c = accept(s, NULL, NULL);
    if (c < 0) return printf("accept: %s\n", strerror(errno)), 1;
    char buf[64];
    ssize_t n = 0, k;
    while (n < (ssize_t)sizeof buf && (k = read(c, buf + n, sizeof buf - n)) > 0) {
        n += k;
        if (buf[n - 1] == '\n') break;
    }
    printf("request '%.*s'\n", (int)(n > 0 ? n - 1 : 0), buf);
    for (ssize_t i = 0; i < n; i++) buf[i] = buf[i] >= 'a' && buf[i] <= 'z' ? buf[i] - 32 : buf[i];
    write(c, buf, n);
    printf("client closed: %zd\n", read(c, buf, sizeof buf));
    f = fopen("reply.txt", "r");
    if (f && fgets(buf, sizeof buf, f)) printf("client got '%s'", buf);
    unlink("port.txt");
    unlink("reply.txt");
    return 0;
}
