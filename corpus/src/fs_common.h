/* Shared by the fs_* corpus programs: errno names (strerror's texts differ between glibc and musl)
   and one-line reports of a step's result, so the native run's output is the oracle. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

static inline const char *errname(int e) {
    static char buf[32];
    switch (e) {
    case EPERM: return "EPERM";           case ENOENT: return "ENOENT";       case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";           case EIO: return "EIO";             case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";           case ENOEXEC: return "ENOEXEC";     case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";         case EAGAIN: return "EAGAIN";       case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";         case EFAULT: return "EFAULT";       case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";         case EXDEV: return "EXDEV";         case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";       case EISDIR: return "EISDIR";       case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";         case EMFILE: return "EMFILE";       case ENOTTY: return "ENOTTY";
    case ETXTBSY: return "ETXTBSY";       case EFBIG: return "EFBIG";         case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";         case EROFS: return "EROFS";         case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";           case ERANGE: return "ERANGE";       case EDEADLK: return "EDEADLK";
    case ENAMETOOLONG: return "ENAMETOOLONG"; case ENOLCK: return "ENOLCK";   case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";   case ELOOP: return "ELOOP";         case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP"; case EBADFD: return "EBADFD";       case ENODATA: return "ENODATA";
    }
    snprintf(buf, sizeof buf, "errno %d", e);
    return buf;
}

/* "what: ok" or "what: ENAME" for a call returning -1 and setting errno. */
static inline long show(const char *what, long r) {
    if (r < 0) printf("%s: %s\n", what, errname(errno));
    else printf("%s: ok\n", what);
    return r;
}

/* Like show, but prints the value on success (a size, a count, a flag word). */
static inline long showv(const char *what, long r) {
    if (r < 0) printf("%s: %s\n", what, errname(errno));
    else printf("%s: %ld\n", what, r);
    return r;
}

/* Writes s to path, replacing what was there. */
static inline void put(const char *path, const char *s) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, s, strlen(s));
    close(fd);
}

/* "label: [contents]" of a small file, or "label: ENAME" when it cannot be read. */
static inline void show_file(const char *label, const char *path) {
    char buf[256]; int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (n < 0) printf("%s: %s\n", label, errname(errno));
    else { buf[n] = 0; printf("%s: [%s]\n", label, buf); }
    if (fd >= 0) close(fd);
}
