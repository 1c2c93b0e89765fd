/* AF_NETLINK NETLINK_ROUTE: getifaddrs, if_nameindex and a raw RTM_GETLINK dump, as the host kernel answers. */
#define _GNU_SOURCE
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* linux/netlink.h and linux/rtnetlink.h, which musl's headers lack */
struct sockaddr_nl { unsigned short nl_family, nl_pad; unsigned nl_pid, nl_groups; };
struct nlmsghdr { unsigned nlmsg_len; unsigned short nlmsg_type, nlmsg_flags; unsigned nlmsg_seq, nlmsg_pid; };
struct ifinfomsg { unsigned char ifi_family, pad; unsigned short ifi_type; int ifi_index; unsigned ifi_flags, ifi_change; };
enum { NETLINK_ROUTE = 0, NLM_F_REQUEST = 1, NLM_F_DUMP = 0x300, NLMSG_DONE = 3, RTM_NEWLINK = 16, RTM_GETLINK = 18 };

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    struct ifaddrs *ifa;
    if (getifaddrs(&ifa) < 0) {
        printf("getifaddrs: %s\n", strerror(errno));
        return 1;
    }
    char *lines[256];
    int n = 0;
    for (struct ifaddrs *i = ifa; i && n < 256; i = i->ifa_next) {
        char buf[128] = "-";
        int fam = i->ifa_addr ? i->ifa_addr->sa_family : -1;
        if (fam == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, buf, sizeof buf);
        if (fam == AF_INET6) inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, buf, sizeof buf);
        if (asprintf(&lines[n], "%s family %d %s up %d", i->ifa_name, fam, buf, !!(i->ifa_flags & IFF_UP)) > 0) n++;
    }
    freeifaddrs(ifa);
    qsort(lines, n, sizeof *lines, cmp);
    for (int i = 0; i < n; i++) printf("%s\n", lines[i]);
    struct if_nameindex *ni = if_nameindex();
    int k = 0;
    for (struct if_nameindex *p = ni; p && p->if_index; p++) k++;
    printf("if_nameindex: %d interfaces, lo is %u\n", k, if_nametoindex("lo"));
    if_freenameindex(ni);

    int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl sa = {AF_NETLINK};
    printf("bind: %d\n", bind(s, (struct sockaddr *)&sa, sizeof sa));
    struct { struct nlmsghdr h; struct ifinfomsg i; } req = {{sizeof req, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 0}, {AF_UNSPEC}};
    printf("send: %zd\n", send(s, &req, sizeof req, 0));
    int links = 0, done = 0;
    char buf[32768];
    while (!done) {
        ssize_t r = recv(s, buf, sizeof buf, 0);
        if (r <= 0) break;
        for (ssize_t at = 0; at + (ssize_t)sizeof(struct nlmsghdr) <= r;) {
            struct nlmsghdr *h = (void *)(buf + at);
            if (h->nlmsg_len < sizeof *h || h->nlmsg_len > r - at) break;
            if (h->nlmsg_type == NLMSG_DONE) done = 1;
            else if (h->nlmsg_type == RTM_NEWLINK) links++;
            at += (h->nlmsg_len + 3) & ~3u;
        }
    }
    printf("RTM_NEWLINK messages: %d, done %d\n", links, done);
    struct sockaddr_nl me;
    socklen_t len = sizeof me;
    getsockname(s, (struct sockaddr *)&me, &len);
    printf("getsockname len %d family %d port id nonzero %d\n", (int)len, me.nl_family, me.nl_pid != 0);
    return 0;
}
