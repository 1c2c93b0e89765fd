/* System V shared memory (shmget(2), shmat(2), shmdt(2), shmctl(2)): a segment shared with a forked
   child and between attaches, shm_nattch, IPC_RMID with attaches left, keys with IPC_CREAT/IPC_EXCL,
   SHM_RDONLY, attach at an address (SHM_RND, SHM_REMAP), and Linux's errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

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

static long nattch(int id) {
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0) return -errno;
    return (long)ds.shm_nattch;
}

static sigjmp_buf jb;
static void on_segv(int s) { (void)s; siglongjmp(jb, 1); }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    printf("shmget: %s\n", err(id));
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    printf("segsz %zu mode %o nattch %lu cpid-is-me %d uid-is-me %d\n", ds.shm_segsz, ds.shm_perm.mode & 0777,
           (unsigned long)ds.shm_nattch, ds.shm_cpid == getpid(), ds.shm_perm.uid == getuid());
    char *a = shmat(id, NULL, 0);
    printf("shmat: %s, page-aligned %d, zero %d\n", a == (void *)-1 ? err(-1) : "ok", ((long)a & 4095) == 0, a[9999] == 0);
    char *b = shmat(id, NULL, 0);
    strcpy(a, "written through a");
    printf("read through b: %s; nattch %ld\n", b, nattch(id));

    /* shared with a child: its attaches are inherited, its writes seen */
    pid_t pid = fork();
    if (pid == 0) {
        printf("child sees: %s; nattch %ld\n", b, nattch(id));
        strcpy(a + 100, "from the child");
        char *c = shmat(id, NULL, SHM_RDONLY);
        printf("child attach: nattch %ld\n", nattch(id));
        shmdt(c);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("parent sees: %s; nattch %ld\n", a + 100, nattch(id));

    /* an exec'd or ended child holds none */
    pid = fork();
    if (pid == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("after exec child: nattch %ld\n", nattch(id));

    /* SHM_RDONLY: a store faults */
    char *r = shmat(id, NULL, SHM_RDONLY);
    signal(SIGSEGV, on_segv);
    if (sigsetjmp(jb, 1) == 0) {
        r[0] = 'x';
        printf("store to SHM_RDONLY: no fault\n");
    } else {
        printf("store to SHM_RDONLY: SIGSEGV; reads %c\n", r[0]);
    }
    shmdt(r);

    /* at an address: unaligned is EINVAL, SHM_RND rounds, an occupied range is EINVAL without SHM_REMAP */
    char *want = mmap(NULL, 3 * 4096 * 4, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(want, 3 * 4096 * 4);
    printf("shmat unaligned: %s\n", err((long)shmat(id, want + 1, 0) == -1 ? -1 : 0));
    char *rnd = shmat(id, want + 5, SHM_RND);
    printf("shmat SHM_RND: %s at %s\n", rnd == (void *)-1 ? err(-1) : "ok", rnd == want ? "rounded" : "elsewhere");
    printf("shmat over it: %s\n", err((long)shmat(id, want, 0) == -1 ? -1 : 0));
    char *re = shmat(id, want, SHM_REMAP);
    printf("shmat SHM_REMAP: %s, same bytes %d\n", re == want ? "ok" : err(-1), re == want && !strcmp(re, "written through a"));
    printf("shmat SHM_REMAP without address: %s\n", err((long)shmat(id, NULL, SHM_REMAP) == -1 ? -1 : 0));
    printf("nattch %ld\n", nattch(id));
    printf("shmdt inside: %s\n", err(shmdt(want + 4096)));
    printf("shmdt unaligned: %s\n", err(shmdt(want + 1)));
    printf("shmdt: %s; again: ", err(shmdt(want)));
    printf("%s\n", err(shmdt(want)));
    printf("nattch %ld\n", nattch(id));

    /* IPC_RMID: the key goes private, the segment lives while attached; then it is gone */
    printf("IPC_RMID: %s\n", err(shmctl(id, IPC_RMID, NULL)));
    shmctl(id, IPC_STAT, &ds);
    printf("after RMID: still read %s, key %d, dest %d, nattch %lu\n", a, ds.shm_perm.__key, (ds.shm_perm.mode & SHM_DEST) != 0,
           (unsigned long)ds.shm_nattch);
    char *late = shmat(id, NULL, 0);
    printf("attach after RMID: %s\n", late == (void *)-1 ? err(-1) : "ok");
    if (late != (void *)-1) shmdt(late);
    shmdt(a);
    shmdt(b);
    printf("after last detach: IPC_STAT %s\n", err(shmctl(id, IPC_STAT, &ds)));

    /* keys */
    key_t key = 0x4c580000 | (getpid() & 0xffff);
    int k1 = shmget(key, 4096, IPC_CREAT | 0640);
    printf("shmget key create: %s\n", err(k1));
    printf("shmget key again: %s\n", shmget(key, 100, 0) == k1 ? "same id" : err(-1));
    printf("shmget key EXCL: %s\n", err(shmget(key, 100, IPC_CREAT | IPC_EXCL | 0600)));
    printf("shmget key too big: %s\n", err(shmget(key, 8192, 0)));
    printf("shmget key asks write of 0640... : %s\n", err(shmget(key, 100, 0200) == k1 ? 0 : -1));
    shmctl(k1, IPC_STAT, &ds);
    ds.shm_perm.mode = 0400;
    printf("IPC_SET: %s\n", err(shmctl(k1, IPC_SET, &ds)));
    shmctl(k1, IPC_STAT, &ds);
    printf("mode now %o, ctime set %d\n", ds.shm_perm.mode & 0777, ds.shm_ctime != 0);
    printf("shmat rw of 0400: %s\n", err((long)shmat(k1, NULL, 0) == -1 ? -1 : 0));
    printf("shmat ro of 0400: %s\n", err((long)shmat(k1, NULL, SHM_RDONLY) == -1 ? -1 : 0));
    printf("RMID: %s\n", err(shmctl(k1, IPC_RMID, NULL)));
    printf("shmget key gone: %s\n", err(shmget(key, 100, 0)));

    /* errors */
    printf("shmget size 0: %s\n", err(shmget(IPC_PRIVATE, 0, 0600)));
    printf("shmget no key: %s\n", err(shmget(key, 100, 0600)));
    printf("shmat bad id: %s\n", err((long)shmat(12345678, NULL, 0) == -1 ? -1 : 0));
    printf("shmat -1: %s\n", err((long)shmat(-1, NULL, 0) == -1 ? -1 : 0));
    printf("shmctl bad id: %s\n", err(shmctl(12345678, IPC_STAT, &ds)));
    printf("shmctl bad cmd: %s\n", err(shmctl(id, 999, &ds)));
    printf("shmctl -1: %s\n", err(shmctl(-1, IPC_STAT, &ds)));
    int z = shmget(IPC_PRIVATE, 100, 0600);
    printf("shmctl STAT NULL: %s\n", err(shmctl(z, IPC_STAT, NULL)));
    printf("shmdt NULL: %s\n", err(shmdt(NULL)));
    shmctl(z, IPC_RMID, NULL);
    return 0;
}
