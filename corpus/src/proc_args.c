/* Argument checks of the process, clock and random calls, with raw syscall(2): each answers as Linux
   does (clone3, arch_prctl, prlimit64, sched_{get,set}affinity, clock_* with CPU-time clock ids,
   getrandom). Nothing printed depends on the machine but the errno names. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include "fs_common.h"

static void res(const char *what, long r) {
    if (r == -1) printf("%s: %s\n", what, errname(errno));
    else printf("%s: ok\n", what);
}

int main(void) {
    static char big[5000];
    res("clone3 size 5000", syscall(SYS_clone3, big, 5000L));
    res("clone3 size 32", syscall(SYS_clone3, big, 32L));
    unsigned long fs;
    syscall(SYS_arch_prctl, 0x1003, &fs);
    res("arch_prctl SET_FS 0x800000000000", syscall(SYS_arch_prctl, 0x1002, 0x800000000000UL));
    res("arch_prctl SET_FS 0x7ffffffff000", syscall(SYS_arch_prctl, 0x1002, 0x7ffffffff000UL));
    res("arch_prctl SET_GS -1", syscall(SYS_arch_prctl, 0x1001, -1L));
    printf("arch_prctl GET_CPUID: %ld\n", syscall(SYS_arch_prctl, 0x1011, 0L));
    res("arch_prctl bad code", syscall(SYS_arch_prctl, 0x9999, 0L));
    res("arch_prctl GET_FS bad pointer", syscall(SYS_arch_prctl, 0x1003, 16L));

    struct rlimit cur, bad = {100, 50};
    getrlimit(RLIMIT_NOFILE, &cur);
    res("prlimit64 cur > max", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &bad, NULL));
    res("prlimit64 resource 99", syscall(SYS_prlimit64, 0, 99, NULL, &cur));
    res("getrlimit resource -1", syscall(SYS_getrlimit, -1, &cur));
    res("setrlimit cur > max", syscall(SYS_setrlimit, RLIMIT_NOFILE, &bad));

    unsigned long mask[16] = {0};
    long n = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    printf("sched_getaffinity: %s\n", n > 0 ? "ok" : errname(errno));
    res("sched_getaffinity len 2^32+128", syscall(SYS_sched_getaffinity, 0, (1L << 32) + 128, mask));
    res("sched_getaffinity len 1", syscall(SYS_sched_getaffinity, 0, 1L, mask));
    res("sched_getaffinity len 12", syscall(SYS_sched_getaffinity, 0, 12L, mask));
    unsigned long none[16] = {0};
    res("sched_setaffinity empty mask", syscall(SYS_sched_setaffinity, 0, sizeof none, none));
    res("sched_setaffinity own mask", syscall(SYS_sched_setaffinity, 0, sizeof mask, mask));
    res("sched_setaffinity bad pointer", syscall(SYS_sched_setaffinity, 0, sizeof mask, 16L));

    struct timespec ts;
    clockid_t pc, tc;
    clock_getcpuclockid(0, &pc);
    pthread_getcpuclockid(pthread_self(), &tc);
    res("clock_gettime(process CPU clock id)", syscall(SYS_clock_gettime, pc, &ts));
    res("clock_gettime(thread CPU clock id)", syscall(SYS_clock_gettime, tc, &ts));
    res("clock_gettime(CPU clock of pid 0)", syscall(SYS_clock_gettime, (~0 << 3) | 2, &ts));
    res("clock_gettime(CLOCKFD type)", syscall(SYS_clock_gettime, (~0 << 3) | 3, &ts));
    res("clock_getres(process CPU clock id)", syscall(SYS_clock_getres, pc, &ts));
    res("clock_gettime(CLOCK_TAI)", syscall(SYS_clock_gettime, 11, &ts));
    res("clock_gettime(10)", syscall(SYS_clock_gettime, 10, &ts));
    syscall(SYS_clock_getres, CLOCK_MONOTONIC_COARSE, &ts);
    printf("coarse clock resolution: %ld ns\n", ts.tv_nsec);
    struct timespec tiny = {0, 1000};
    res("clock_nanosleep(thread CPU clock)", syscall(SYS_clock_nanosleep, tc, 0, &tiny, NULL));
    res("clock_nanosleep(CLOCK_TAI)", syscall(SYS_clock_nanosleep, 11, 0, &tiny, NULL));
    res("clock_nanosleep(flags 2)", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 2, &tiny, NULL));

    char *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(m + 4096, 4096);
    printf("getrandom over the edge: %ld\n", syscall(SYS_getrandom, m + 4096 - 100, 200L, 0));
    res("getrandom into the hole", syscall(SYS_getrandom, m + 4096, 200L, 0));
    res("getrandom INSECURE|RANDOM", syscall(SYS_getrandom, m, 10L, 6));
    res("getrandom flags 8", syscall(SYS_getrandom, m, 10L, 8));
    printf("getrandom len 2^32+16: %ld\n", syscall(SYS_getrandom, m, (1L << 32) + 16, 0));
    printf("getrandom len -1: %ld\n", syscall(SYS_getrandom, m, -1L, 0));
    return 0;
}
