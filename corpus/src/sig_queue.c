/* Real-time signal queueing (signal(7), sigqueue(3), rt_sigqueueinfo(2), rt_tgsigqueueinfo(2)):
   each real-time signal is queued with its value and delivered in order, lowest signal first; a
   standard signal sent twice while pending is delivered once, with its first siginfo; argument checks of
   rt_sigqueueinfo, rt_tgsigqueueinfo, tgkill and tkill. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int got_sig[32], got_val[32], got_code[32], got_self[32], ngot;

static void on(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    if (ngot < 32) {
        got_sig[ngot] = sig;
        got_val[ngot] = si->si_value.sival_int;
        got_code[ngot] = si->si_code;
        got_self[ngot] = si->si_pid == getpid();
        ngot++;
    }
}

static const char *name(int sig) {
    static char b[16];
    if (sig == SIGUSR1) return "USR1";
    if (sig == SIGUSR2) return "USR2";
    if (sig == SIGRTMAX) return "RTMAX";
    snprintf(b, sizeof b, "RTMIN+%d", sig - SIGRTMIN);
    return b;
}

static const char *code(int c) {
    return c == SI_QUEUE ? "SI_QUEUE" : c == SI_USER ? "SI_USER" : c == SI_TKILL ? "SI_TKILL" : "?";
}

static void report(const char *what) {
    printf("%s:", what);
    for (int i = 0; i < ngot; i++)
        printf(" %s=%d(%s%s)", name(got_sig[i]), got_val[i], code(got_code[i]), got_self[i] ? "" : ",other");
    printf("\n");
    ngot = 0;
}

static long e(long r) {
    return r < 0 ? -errno : r;
}

static long qinfo(pid_t pid, int sig, int code, int value) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = sig;
    si.si_code = code;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = value;
    return e(syscall(SYS_rt_sigqueueinfo, pid, sig, &si));
}

static long tgqinfo(pid_t tgid, pid_t tid, int sig, int code, int value) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = sig;
    si.si_code = code;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = value;
    return e(syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &si));
}

static volatile int thread_ready, thread_go;
static pid_t thread_tid;

static void *worker(void *arg) {
    (void)arg;
    thread_tid = syscall(SYS_gettid);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    thread_ready = 1;
    while (!thread_go) usleep(1000);
    siginfo_t si;
    struct timespec zero = {0, 0};
    for (int sig; (sig = sigtimedwait(&s, &si, &zero)) > 0;)
        printf("thread got %s=%d(%s)\n", name(sig), si.si_value.sival_int, code(si.si_code));
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa = {0};
    sa.sa_sigaction = on;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    int sigs[] = {SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 2, SIGRTMAX};
    sigset_t block;
    sigemptyset(&block);
    for (int i = 0; i < 6; i++) {
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&block, sigs[i]);
    }

    /* 1. queued while blocked, delivered at the unblock: lowest signal first, each RT value in order */
    sigprocmask(SIG_BLOCK, &block, NULL);
    union sigval v;
    v.sival_int = 31; sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 32; sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 11; sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 33; sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 1; sigqueue(getpid(), SIGUSR1, v);
    v.sival_int = 2; sigqueue(getpid(), SIGUSR1, v);
    v.sival_int = 12; sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGRTMAX);
    kill(getpid(), SIGRTMAX);
    sigset_t pend;
    sigpending(&pend);
    printf("pending:");
    for (int i = 0; i < 6; i++) if (sigismember(&pend, sigs[i])) printf(" %s", name(sigs[i]));
    printf("\n");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    report("delivered");

    /* 2. sigwaitinfo takes them one by one in the same order */
    sigprocmask(SIG_BLOCK, &block, NULL);
    v.sival_int = 7; sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 8; sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 5; sigqueue(getpid(), SIGUSR2, v);
    siginfo_t si;
    struct timespec zero = {0, 0};
    for (int sig; (sig = sigtimedwait(&block, &si, &zero)) > 0;)
        printf("sigtimedwait %s=%d(%s)\n", name(sig), si.si_value.sival_int, code(si.si_code));
    printf("then: %s\n", strerror(errno));
    sigprocmask(SIG_UNBLOCK, &block, NULL);

    /* 3. to a child: the values arrive in order */
    int p[2], q[2];
    pipe(p);
    pipe(q);
    pid_t child = fork();
    if (child == 0) {
        sigprocmask(SIG_BLOCK, &block, NULL);
        write(p[1], "r", 1);
        char c;
        read(q[0], &c, 1); /* the parent has sent everything */
        for (int sig; (sig = sigtimedwait(&block, &si, &zero)) > 0;)
            printf("child got %s=%d(%s%s)\n", name(sig), si.si_value.sival_int, code(si.si_code),
                   si.si_pid == getppid() ? ",from parent" : "");
        _exit(0);
    }
    char c;
    read(p[0], &c, 1);
    for (int i = 0; i < 4; i++) {
        v.sival_int = 100 + i;
        sigqueue(child, i % 2 ? SIGRTMIN + 1 : SIGRTMIN, v);
    }
    printf("qinfo SI_QUEUE to child: %ld\n", qinfo(child, SIGRTMIN, SI_QUEUE, 200));
    write(q[1], "g", 1);
    int st;
    waitpid(child, &st, 0);

    /* 4. rt_tgsigqueueinfo and tgkill to another thread */
    pthread_t th;
    pthread_create(&th, NULL, worker, NULL);
    while (!thread_ready) usleep(1000);
    printf("tgqinfo to thread: %ld\n", tgqinfo(getpid(), thread_tid, SIGRTMIN + 2, SI_QUEUE, 41));
    printf("tgqinfo to thread: %ld\n", tgqinfo(getpid(), thread_tid, SIGRTMIN + 2, SI_QUEUE, 42));
    printf("tgkill to thread: %ld\n", e(syscall(SYS_tgkill, getpid(), thread_tid, SIGRTMIN + 2)));
    thread_go = 1;
    pthread_join(th, NULL);

    /* 5. argument checks */
    pid_t me = getpid(), tid = syscall(SYS_gettid);
    printf("qinfo SI_USER to self: %ld\n", qinfo(me, SIGUSR1, SI_USER, 9));
    report("  handler");
    printf("qinfo SI_USER to child-less pid: %ld\n", qinfo(child, SIGUSR1, SI_USER, 9));
    printf("qinfo SI_TKILL to other: %ld\n", qinfo(child, SIGUSR1, SI_TKILL, 9));
    printf("qinfo SI_QUEUE to reaped: %ld\n", qinfo(child, SIGUSR1, SI_QUEUE, 9));
    printf("qinfo pid 0: %ld\n", qinfo(0, SIGUSR1, SI_QUEUE, 9));
    printf("qinfo pid -1: %ld\n", qinfo(-1, SIGUSR1, SI_QUEUE, 9));
    printf("qinfo sig 65: %ld\n", qinfo(me, 65, SI_QUEUE, 9));
    printf("qinfo sig 65 reaped: %ld\n", qinfo(child, 65, SI_QUEUE, 9));
    printf("qinfo sig 0: %ld\n", qinfo(me, 0, SI_QUEUE, 9));
    printf("qinfo NULL: %ld\n", e(syscall(SYS_rt_sigqueueinfo, me, SIGUSR1, NULL)));
    printf("tgqinfo tgid 0: %ld\n", tgqinfo(0, tid, SIGUSR1, SI_QUEUE, 9));
    printf("tgqinfo tid -1: %ld\n", tgqinfo(me, -1, SIGUSR1, SI_QUEUE, 9));
    printf("tgqinfo SI_USER to self: %ld\n", tgqinfo(me, tid, SIGUSR2, SI_USER, 3));
    report("  handler");
    printf("tgqinfo wrong tgid: %ld\n", tgqinfo(child, tid, SIGUSR2, SI_QUEUE, 3));
    printf("tgqinfo sig 65: %ld\n", tgqinfo(me, tid, 65, SI_QUEUE, 3));
    printf("tgkill tgid 0: %ld\n", e(syscall(SYS_tgkill, 0, tid, SIGUSR1)));
    printf("tgkill tgid -1: %ld\n", e(syscall(SYS_tgkill, -1, tid, SIGUSR1)));
    printf("tgkill tid 0: %ld\n", e(syscall(SYS_tgkill, me, 0, SIGUSR1)));
    printf("tgkill sig 65: %ld\n", e(syscall(SYS_tgkill, me, tid, 65)));
    printf("tgkill sig -1: %ld\n", e(syscall(SYS_tgkill, me, tid, -1)));
    printf("tgkill bad tid, sig 65: %ld\n", e(syscall(SYS_tgkill, me, child, 65)));
    printf("tgkill sig 0: %ld\n", e(syscall(SYS_tgkill, me, tid, 0)));
    printf("tkill 0: %ld\n", e(syscall(SYS_tkill, 0, SIGUSR1)));
    printf("tkill -5: %ld\n", e(syscall(SYS_tkill, -5, SIGUSR1)));
    printf("tkill reaped: %ld\n", e(syscall(SYS_tkill, child, SIGUSR1)));
    printf("tkill self USR2: %ld\n", e(syscall(SYS_tkill, tid, SIGUSR2)));
    report("  handler");
    return 0;
}
