/* sigaction handlers: SIGSEGV caught and recovered with siglongjmp, SIGFPE caught, SIGALRM-free. */
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
static sigjmp_buf jb; static volatile sig_atomic_t last;
static void h(int s, siginfo_t *si, void *uc) { (void)uc; last = s * 1000 + (si->si_signo == s); siglongjmp(jb, s); }
int main(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO; sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL); sigaction(SIGFPE, &sa, NULL); sigaction(SIGILL, &sa, NULL); sigaction(SIGUSR2, &sa, NULL);
    for (int round = 0; round < 3; round++) {
        int r = sigsetjmp(jb, 1);
        if (r == 0) { volatile int *p = (int *)16; *p = 1; printf("no fault?\n"); }
        else printf("round %d caught %d last %d\n", round, r, (int)last);
    }
    int r = sigsetjmp(jb, 1);
    if (r == 0) { volatile int a = 1, b = 0; printf("%d\n", a / b); } else printf("caught fpe %d\n", r);
    r = sigsetjmp(jb, 1);
    if (r == 0) { __builtin_trap(); } else printf("caught ill %d\n", r);
    r = sigsetjmp(jb, 1);
    if (r == 0) { raise(SIGUSR2); } else printf("caught usr2 %d\n", r);
    sigset_t cur; sigprocmask(SIG_SETMASK, NULL, &cur); printf("segv blocked after siglongjmp: %d\n", sigismember(&cur, SIGSEGV));
    return 0;
}
