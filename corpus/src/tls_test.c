/* thread-local storage in the main thread (FS-based TLS), TLS with initializers, errno as TLS. */
#include <stdio.h>
#include <errno.h>
#include <unistd.h>
static __thread int counter = 5;
static __thread long long big[64] = {1, 2, 3};
static __thread char name[16] = "tls-name";
static __thread int zeroed;
static void bump(int n) { for (int i = 0; i < n; i++) { counter += i; big[i % 64] += counter; } }
int main(void) {
    printf("initial %d %lld %lld %s %d\n", counter, big[0], big[2], name, zeroed);
    bump(1000);
    long long s = 0; for (int i = 0; i < 64; i++) s += big[i];
    printf("after %d sum %lld\n", counter, s);
    name[0] = 'T'; zeroed = -1; printf("%s %d\n", name, zeroed);
    errno = 0; close(-1); printf("errno after close(-1): %d\n", errno == EBADF);
    return 0;
}
