/* System V message queues (msgget(2), msgsnd(2), msgrcv(2), msgctl(2)): messages by type (0, a type,
   MSG_EXCEPT, the lowest type up to -n), E2BIG and MSG_NOERROR, MSG_COPY, a full queue and IPC_NOWAIT, a
   receiver in another process woken by a send, IPC_RMID waking a waiter with EIDRM, IPC_STAT, errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

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

struct m { long type; char text[64]; };

static int snd(int id, long type, const char *s, int flg) {
    struct m b = {type, ""};
    strcpy(b.text, s);
    return msgsnd(id, &b, strlen(s) + 1, flg);
}

static char out[256];

/* msgrcv, its result in out */
static void rcvq(int id, long type, int flg, size_t size) {
    struct m b = {0, ""};
    long n = msgrcv(id, &b, size, type, flg);
    if (n < 0) snprintf(out, sizeof out, "  msgrcv %ld: %s\n", type, err(-1));
    else snprintf(out, sizeof out, "  msgrcv %ld: %ld bytes, type %ld \"%.*s\"\n", type, n, b.type, (int)n, b.text);
}

static void rcv(int id, long type, int flg, size_t size) {
    rcvq(id, type, flg, size);
    fputs(out, stdout);
}

static void nap(long ms) {
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&ts, NULL);
}

static long qnum(int id) {
    struct msqid_ds ds;
    if (msgctl(id, IPC_STAT, &ds) < 0) return -errno;
    return (long)ds.msg_qnum;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    printf("msgget: %s\n", err(id));
    snd(id, 3, "three", 0);
    snd(id, 1, "one", 0);
    snd(id, 2, "two", 0);
    snd(id, 1, "one again", 0);
    snd(id, 5, "five", 0);
    struct msqid_ds ds;
    msgctl(id, IPC_STAT, &ds);
    printf("qnum %lu cbytes %lu qbytes %lu lspid-is-me %d\n", (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
           (unsigned long)ds.msg_qbytes, ds.msg_lspid == getpid());
    rcv(id, 1, MSG_COPY | IPC_NOWAIT, 64);
    rcv(id, 9, MSG_COPY | IPC_NOWAIT, 64);
    rcv(id, 2, 0, 64);
    rcv(id, 1, MSG_EXCEPT, 64);
    rcv(id, -4, 0, 64);
    rcv(id, 5, 0, 3);
    rcv(id, 5, MSG_NOERROR, 3);
    rcv(id, 0, 0, 64);
    rcv(id, 0, IPC_NOWAIT, 64);
    printf("qnum %ld\n", qnum(id));

    /* a receiver in a child waits until the parent sends */
    pid_t pid = fork();
    if (pid == 0) {
        rcv(id, 7, 0, 64);
        _exit(0);
    }
    nap(50);
    snd(id, 6, "not for it", 0);
    snd(id, 7, "for the child", 0);
    int st;
    waitpid(pid, &st, 0);
    rcv(id, 0, IPC_NOWAIT, 64);

    /* a full queue: IPC_NOWAIT is EAGAIN, a waiting sender goes on once there is room */
    msgctl(id, IPC_STAT, &ds);
    ds.msg_qbytes = 100;
    printf("IPC_SET qbytes 100: %s\n", err(msgctl(id, IPC_SET, &ds)));
    char big[60];
    memset(big, 'x', 59);
    big[59] = 0;
    printf("send 60: %s\n", err(snd(id, 1, big, 0)));
    printf("send 60 more, NOWAIT: %s\n", err(snd(id, 1, big, IPC_NOWAIT)));
    pid = fork();
    if (pid == 0) {
        char y[51];
        memset(y, 'y', 50);
        y[50] = 0;
        printf("child's send: %s\n", err(snd(id, 2, y, 0)));
        _exit(0);
    }
    nap(50);
    printf("qnum while the child waits: %ld\n", qnum(id));
    rcv(id, 1, 0, 8);
    rcvq(id, 1, MSG_NOERROR, 8);
    waitpid(pid, &st, 0);
    fputs(out, stdout);
    rcv(id, 0, 0, 64);

    /* IPC_RMID wakes a waiting receiver with EIDRM */
    pid = fork();
    if (pid == 0) {
        rcv(id, 0, 0, 64);
        _exit(0);
    }
    nap(50);
    int rm = msgctl(id, IPC_RMID, NULL);
    waitpid(pid, &st, 0);
    printf("IPC_RMID: %s\n", err(rm));

    /* errors */
    key_t key = 0x4c5a0000 | (getpid() & 0xffff);
    int k = msgget(key, IPC_CREAT | 0600);
    printf("msgget key: %s\n", err(k));
    printf("again: %s\n", msgget(key, 0) == k ? "same" : "other");
    printf("EXCL: %s\n", err(msgget(key, IPC_CREAT | IPC_EXCL)));
    printf("none: %s\n", err(msgget(key + 1, 0)));
    struct m b = {0, "x"};
    printf("msgsnd type 0: %s\n", err(msgsnd(k, &b, 2, 0)));
    b.type = 1;
    printf("msgsnd too big: %s\n", err(msgsnd(k, &b, 9000, 0)));
    printf("msgsnd NULL: %s\n", err(msgsnd(k, NULL, 2, 0)));
    printf("msgsnd removed: %s\n", err(msgsnd(id, &b, 2, 0)));
    printf("msgrcv removed: %s\n", err(msgrcv(id, &b, 2, 0, IPC_NOWAIT)));
    printf("msgrcv -1 size: %s\n", err(msgrcv(k, &b, (size_t)-1, 0, IPC_NOWAIT)));
    printf("MSG_COPY without NOWAIT: %s\n", err(msgrcv(k, &b, 8, 0, MSG_COPY)));
    printf("msgctl bad cmd: %s\n", err(msgctl(k, 999, &ds)));
    printf("msgctl STAT NULL: %s\n", err(msgctl(k, IPC_STAT, NULL)));
    printf("RMID: %s\n", err(msgctl(k, IPC_RMID, NULL)));
    printf("RMID again: %s\n", err(msgctl(k, IPC_RMID, NULL)));
    return 0;
}
