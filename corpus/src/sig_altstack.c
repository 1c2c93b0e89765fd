/* sigaltstack(2) as do_sigaltstack answers (the audit of issue 11): modes, SS_ONSTACK while on the stack,
 * EPERM for a change from the handler running on it, ENOMEM below MINSIGSTKSZ, SS_AUTODISARM kept in the
 * flags, the old stack reported as it was, EFAULT for a bad old pointer after the change. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
static char stk[65536], stk2[65536];
static void show(const char *what, int r, stack_t *o) {
    printf("%s: %d %s", what, r, r ? strerror(errno) : "");
    if (o) printf(" old sp=%s flags=%d size=%zu", o->ss_sp == stk ? "stk" : o->ss_sp ? "other" : "NULL", o->ss_flags, o->ss_size);
    printf("\n");
}
static void handler(int sig) {
    stack_t o, n = {.ss_sp = stk2, .ss_size = sizeof stk2, .ss_flags = 0};
    int r = sigaltstack(NULL, &o); show("in handler, query", r, &o);
    r = sigaltstack(&n, NULL); show("in handler, replace", r, NULL);
}
int main(void) {
    stack_t o, n = {.ss_sp = stk, .ss_size = sizeof stk, .ss_flags = 0};
    int r = sigaltstack(NULL, &o); show("initial", r, &o);
    n.ss_flags = 4; r = sigaltstack(&n, NULL); show("flags 4", r, NULL);
    n.ss_flags = SS_ONSTACK; r = sigaltstack(&n, &o); show("SS_ONSTACK", r, &o);
    r = sigaltstack(NULL, &o); show("query", r, &o);
    n.ss_flags = 0; n.ss_size = 1000; r = sigaltstack(&n, NULL); show("small", r, NULL);
    n.ss_size = sizeof stk; n.ss_flags = SS_AUTODISARM; r = sigaltstack(&n, &o); show("autodisarm", r, &o);
    n.ss_flags = 0; r = sigaltstack(&n, &o); show("plain", r, &o);
    struct sigaction sa = {.sa_handler = handler, .sa_flags = SA_ONSTACK};
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    n.ss_flags = SS_DISABLE; r = sigaltstack(&n, &o); show("disable", r, &o);
    r = sigaltstack(NULL, &o); show("query", r, &o);
    r = sigaltstack(&n, (stack_t *) 8); show("bad old pointer", r, NULL);
    return 0;
}
