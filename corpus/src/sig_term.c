/* raise(SIGTERM) with default disposition: killed (exit 143). Also a handled SIGUSR1 first. */
#include <stdio.h>
#include <signal.h>
static volatile sig_atomic_t got;
static void h(int s) { got = s; }
int main(void) {
    signal(SIGUSR1, h); raise(SIGUSR1); printf("handled signal %d\n", (int)got); fflush(stdout);
    raise(SIGTERM); printf("not reached\n"); return 0;
}
