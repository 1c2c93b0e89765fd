/* System V semaphores (semget(2), semop(2), semtimedop(2), semctl(2)): atomic operations on a set,
   waits for a value and for zero woken by another process, IPC_NOWAIT, timeouts, SEM_UNDO applied at a
   child's exit, GETNCNT/GETZCNT, SETVAL/SETALL/GETALL, IPC_RMID waking a waiter with EIDRM, errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };

static const char *err(long r) {
    static char b[64];
    if (r >= 0) return "ok";
    switch (errno) {
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EFAULT: return "EFAULT";
    case EIDRM: return "EIDRM";
    case ENOMSG: return "ENOMSG";
    case E2BIG: return "E2BIG";
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case ERANGE: return "ERANGE";
    case EFBIG: return "EFBIG";
    case ENOMEM: return "ENOMEM";
    case ENOSPC: return "ENOSPC";
    }
    snprintf(b, sizeof b, "errno %d", errno);
    return b;
}

static void nap(long ms) {
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&ts, NULL);
}

static int op(int id, int num, int o, int flg) {
    struct sembuf b = {(unsigned short)num, (short)o, (short)flg};
    return semop(id, &b, 1);
}

static void show(int id, const char *what) {
    unsigned short v[3];
    union semun u = {.array = v};
    semctl(id, 0, GETALL, u);
    printf("%s: %d %d %d\n", what, v[0], v[1], v[2]);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    printf("semget: %s\n", err(id));
    struct semid_ds ds;
    union semun u = {.buf = &ds};
    semctl(id, 0, IPC_STAT, u);
    printf("nsems %lu mode %o\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777);
    show(id, "initial");
    u.val = 5;
    printf("SETVAL: %s\n", err(semctl(id, 1, SETVAL, u)));
    printf("GETVAL: %d, GETPID is me: %d\n", semctl(id, 1, GETVAL), semctl(id, 1, GETPID) == getpid());
    unsigned short all[3] = {1, 2, 3};
    u.array = all;
    printf("SETALL: %s\n", err(semctl(id, 0, SETALL, u)));
    show(id, "after SETALL");

    /* all or nothing: the second operation cannot be done, so neither is */
    struct sembuf two[2] = {{0, -1, IPC_NOWAIT}, {1, -5, IPC_NOWAIT}};
    printf("semop atomic: %s\n", err(semop(id, two, 2)));
    show(id, "unchanged");
    two[1].sem_op = -2;
    printf("semop both: %s\n", err(semop(id, two, 2)));
    show(id, "both done");
    printf("wait for zero, NOWAIT: %s\n", err(op(id, 2, 0, IPC_NOWAIT)));
    struct timespec ts = {0, 50 * 1000000L};
    struct sembuf dec = {2, -4, 0};
    printf("semtimedop times out: %s\n", err(semtimedop(id, &dec, 1, &ts)));

    /* a waiter in a child: another process's semop wakes it */
    pid_t pid = fork();
    if (pid == 0) {
        int r = op(id, 0, -1, 0);
        printf("child woken: %s\n", err(r));
        _exit(0);
    }
    while (semctl(id, 0, GETNCNT) != 1) nap(5);
    printf("GETNCNT 1, GETZCNT %d\n", semctl(id, 0, GETZCNT));
    op(id, 0, 1, 0);
    int st;
    waitpid(pid, &st, 0);
    show(id, "after wake");
    pid = fork();
    if (pid == 0) {
        printf("child zero wait: %s\n", err(op(id, 2, 0, 0)));
        _exit(0);
    }
    while (semctl(id, 2, GETZCNT) != 1) nap(5);
    printf("GETZCNT 1\n");
    u.val = 0;
    semctl(id, 2, SETVAL, u);
    waitpid(pid, &st, 0);

    /* SEM_UNDO: a child's adjustments are taken back when it ends */
    u.val = 10;
    semctl(id, 1, SETVAL, u);
    pid = fork();
    if (pid == 0) {
        op(id, 1, -3, SEM_UNDO);
        op(id, 1, 1, SEM_UNDO);
        op(id, 0, 4, SEM_UNDO);
        show(id, "in child");
        _exit(0);
    }
    waitpid(pid, &st, 0);
    show(id, "after child's exit");
    /* SETVAL clears the undo adjustment */
    pid = fork();
    if (pid == 0) {
        op(id, 1, -2, SEM_UNDO);
        u.val = 7;
        semctl(id, 1, SETVAL, u);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    show(id, "undo cleared by SETVAL");
    printf("semop ERANGE: %s\n", err(op(id, 1, 32767, 0)));

    /* IPC_RMID wakes a waiter with EIDRM */
    pid = fork();
    if (pid == 0) {
        printf("child waiting on removed set: %s\n", err(op(id, 2, -1, 0)));
        _exit(0);
    }
    while (semctl(id, 2, GETNCNT) != 1) nap(5);
    int rm = semctl(id, 0, IPC_RMID);
    waitpid(pid, &st, 0);
    printf("IPC_RMID: %s\n", err(rm));

    /* errors */
    key_t key = 0x4c590000 | (getpid() & 0xffff);
    int k = semget(key, 2, IPC_CREAT | 0600);
    printf("semget key: %s\n", err(k));
    printf("again: %s\n", semget(key, 2, 0) == k ? "same" : "other");
    printf("EXCL: %s\n", err(semget(key, 2, IPC_CREAT | IPC_EXCL)));
    printf("more sems: %s\n", err(semget(key, 3, 0)));
    printf("0 sems: %s\n", semget(key, 0, 0) == k ? "same" : "other");
    printf("semget new 0 sems: %s\n", err(semget(IPC_PRIVATE, 0, 0600)));
    printf("semget -1 sems: %s\n", err(semget(IPC_PRIVATE, -1, 0600)));
    printf("semget too many: %s\n", err(semget(IPC_PRIVATE, 40000, 0600)));
    printf("semop removed: %s\n", err(op(id, 0, 1, 0)));
    printf("semop EFBIG: %s\n", err(op(k, 5, 1, 0)));
    printf("semop 0 ops: %s\n", err(semop(k, two, 0)));
    printf("semop NULL: %s\n", err(semop(k, NULL, 1)));
    printf("semop E2BIG: %s\n", err(semop(k, two, 501)));
    struct timespec bad = {0, 2000000000L};
    printf("semtimedop bad time: %s\n", err(semtimedop(k, &dec, 1, &bad)));
    u.val = -1;
    printf("SETVAL -1: %s\n", err(semctl(k, 0, SETVAL, u)));
    u.val = 40000;
    printf("SETVAL 40000: %s\n", err(semctl(k, 0, SETVAL, u)));
    printf("GETVAL semnum 2: %s\n", err(semctl(k, 2, GETVAL)));
    printf("semctl bad cmd: %s\n", err(semctl(k, 0, 999)));
    printf("semctl bad id: %s\n", err(semctl(12345678, 0, GETVAL)));
    printf("RMID: %s\n", err(semctl(k, 0, IPC_RMID)));
    printf("RMID again: %s\n", err(semctl(k, 0, IPC_RMID)));
    return 0;
}
