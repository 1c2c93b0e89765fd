package lxrun.lxcore.sys;

import lxrun.lxcore.Signals;
import lxrun.runtime.mem.GuestMemory;

import java.nio.charset.StandardCharsets;

/**
 * Formats a system call as strace(1) prints it, driven by the table's argument formats:
 * <pre>
 * d int       D long      u unsigned  x hex       p pointer (NULL)   o/mode octal
 * fd fd or AT_FDCWD       s path string           wbuf buffer sized by the next argument
 * rbuf buffer sized by the result                 wiov iovec array counted by the next argument
 * oflags open flags       prot PROT_*   mflags MAP_*   sig signal   how SIG_BLOCK...   whence SEEK_*
 * fcntl F_*   flockop LOCK_*   ioreq ioctl request   archprctl ARCH_*   futexop FUTEX_*   clock CLOCK_*
 * atflags AT_*   amode access mode   rlimit RLIMIT_*   af AF_*   socktype SOCK_*   shut SHUT_*
 * sockaddr a struct sockaddr sized by the next argument
 * </pre>
 * Results: 'd' decimal, 'x' hex, 'o' octal, '?' does not return. Errors print as {@code -1 ENOENT (text)}.
 */
public final class Strace {
    private Strace() {}

    static final int MAX_STRING = 32;

    /** The whole line for a call that returned {@code result}. */
    public static String line(Syscall s, long nr, long[] args, long result, GuestMemory mem) {
        return call(s, nr, args, result, mem) + " = " + result(s, result);
    }

    /** The call part, {@code name(args)}; {@code result} is used by output buffers. */
    public static String call(Syscall s, long nr, long[] args, long result, GuestMemory mem) {
        StringBuilder b = new StringBuilder();
        if (s == null || s.args() == null) {
            b.append(s == null ? "syscall_0x" + Long.toHexString(nr) : s.name()).append('(');
            for (int i = 0; i < 6; i++) b.append(i > 0 ? ", " : "").append(hex(args[i]));
            return b.append(')').toString();
        }
        b.append(s.name()).append('(');
        String[] f = s.args().isEmpty() ? new String[0] : s.args().split(",");
        for (int i = 0; i < f.length; i++) {
            // strace shows open's mode only when it is used (O_CREAT, O_TMPFILE)
            if (f[i].equals("mode") && i > 0 && f[i - 1].equals("oflags") && (args[i - 1] & 020200100) == 0) break;
            // and mknod's device number only for device nodes
            if (f[i].equals("dev") && i > 0 && (args[i - 1] & 0170000) != 020000 && (args[i - 1] & 0170000) != 060000) break;
            if (i > 0) b.append(", ");
            b.append(arg(f[i], args, i, result, mem));
        }
        return b.append(')').toString();
    }

    public static String result(Syscall s, long r) {
        if (s != null && s.result() == '?') return "?";
        if (r < 0 && r >= -4095) {
            int e = (int) -r;
            // an interrupted call's ERESTART* is no result the guest sees: strace writes "? ERESTARTSYS (...)"
            return (lxrun.lxcore.Signals.restartable(r) ? "? " : "-1 ") + Errno.name(e) + " (" + Errno.message(e) + ")";
        }
        char k = s == null ? 'd' : s.result();
        return switch (k) {
            case 'x' -> "0x" + Long.toHexString(r);
            case 'o' -> String.format("%03o", r);
            default -> Long.toString(r);
        };
    }

    static String arg(String f, long[] a, int i, long result, GuestMemory mem) {
        long v = a[i];
        return switch (f) {
            case "d" -> Integer.toString((int) v);
            case "D" -> Long.toString(v);
            case "u" -> Long.toUnsignedString(v);
            case "x" -> hex(v);
            case "p" -> ptr(v);
            case "o", "mode" -> (v & 07777) == 0 ? "000" : String.format("0%03o", v & 07777);
            case "fd" -> (int) v == -100 ? "AT_FDCWD" : Integer.toString((int) v);
            case "s" -> path(mem, v);
            case "wbuf" -> buffer(mem, v, a[i + 1]);
            case "rbuf" -> result >= 0 ? buffer(mem, v, result) : ptr(v);
            case "wiov" -> iovec(mem, v, (int) a[i + 1]);
            case "oflags" -> openFlags((int) v);
            case "prot" -> flags(v, "PROT_NONE", new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"}, new long[] {1, 2, 4});
            case "mflags" -> mmapFlags(v);
            case "sig" -> v > 0 && v <= 64 ? Signals.name((int) v) : Integer.toString((int) v);
            case "how" -> pick(v, "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK");
            case "whence" -> pick(v, "SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE");
            case "fcntl" -> v == 1030 ? "F_DUPFD_CLOEXEC" : v == 1033 ? "F_ADD_SEALS" : v == 1034 ? "F_GET_SEALS"
                    : v >= 36 && v <= 38 ? new String[] {"F_OFD_GETLK", "F_OFD_SETLK", "F_OFD_SETLKW"}[(int) v - 36]
                    : pick(v, "F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK", "F_SETLKW");
            case "ioreq" -> ioctl(v);
            case "flockop" -> flags(v, "0", new String[] {"LOCK_SH", "LOCK_EX", "LOCK_NB", "LOCK_UN"}, new long[] {1, 2, 4, 8});
            case "archprctl" -> v >= 0x1001 && v <= 0x1004
                    ? new String[] {"ARCH_SET_GS", "ARCH_SET_FS", "ARCH_GET_FS", "ARCH_GET_GS"}[(int) v - 0x1001] : hex(v);
            case "futexop" -> futexOp((int) v);
            case "cloneflags" -> flags(v & ~0xffL, "0", new String[] {"CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND",
                    "CLONE_PIDFD", "CLONE_PTRACE", "CLONE_VFORK", "CLONE_PARENT", "CLONE_THREAD", "CLONE_NEWNS", "CLONE_SYSVSEM",
                    "CLONE_SETTLS", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID", "CLONE_DETACHED", "CLONE_UNTRACED",
                    "CLONE_CHILD_SETTID"}, new long[] {0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0x10000,
                    0x20000, 0x40000, 0x80000, 0x100000, 0x200000, 0x400000, 0x800000, 0x1000000})
                    + ((v & 0xff) != 0 ? "|" + Signals.name((int) (v & 0xff)) : "");
            case "clock" -> pick(v, "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
                    "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME");
            case "atflags" -> flags(v, "0", new String[] {"AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW", "AT_EMPTY_PATH"},
                    new long[] {0x100, 0x200, 0x400, 0x1000});
            case "nodemode" -> { // mknod's S_IFMT type and permissions
                String type = switch ((int) v & 0170000) {
                    case 0010000 -> "S_IFIFO|"; case 0020000 -> "S_IFCHR|"; case 0060000 -> "S_IFBLK|";
                    case 0100000 -> "S_IFREG|"; case 0140000 -> "S_IFSOCK|"; case 0 -> "";
                    default -> null;
                };
                yield type == null ? String.format("%#o", v & 0xffffffffL) : type + String.format("%#04o", v & 07777);
            }
            case "dev" -> String.format("makedev(%#x, %#x)", (v & 0xfff00) >> 8, (v & 0xff) | ((v >> 12) & 0xfff00));
            case "amode" -> v == 0 ? "F_OK" : flags(v, "F_OK", new String[] {"R_OK", "W_OK", "X_OK"}, new long[] {4, 2, 1});
            case "rlimit" -> pick(v, "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
                    "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS");
            case "af" -> family((int) v);
            case "socktype" -> pick(v & 0xf, "0", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET")
                    + ((v & 04000) != 0 ? "|SOCK_NONBLOCK" : "") + ((v & 02000000) != 0 ? "|SOCK_CLOEXEC" : "");
            case "sockaddr" -> sockaddr(mem, v, a[i + 1]);
            case "shut" -> pick(v, "SHUT_RD", "SHUT_WR", "SHUT_RDWR");
            default -> hex(v);
        };
    }

    private static String family(int f) {
        return switch (f) {
            case 0 -> "AF_UNSPEC"; case 1 -> "AF_UNIX"; case 2 -> "AF_INET"; case 10 -> "AF_INET6"; case 16 -> "AF_NETLINK";
            case 17 -> "AF_PACKET";
            default -> Integer.toString(f);
        };
    }

    /** A struct sockaddr of {@code len} bytes as strace shows AF_UNIX, AF_INET and AF_INET6 ones; else its family. */
    static String sockaddr(GuestMemory mem, long p, long len) {
        if (p == 0) return "NULL";
        if (len < 2 || len > 128 || !mem.accessible(p, len, GuestMemory.PROT_READ)) return ptr(p);
        byte[] b = mem.read(p, (int) len);
        int f = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        String head = "{sa_family=" + family(f);
        if (f == 1 && len > 2) {
            boolean abs = b[2] == 0;
            int end = 2 + (abs ? 1 : 0);
            while (end < len && (abs || b[end] != 0)) end++;
            byte[] path = java.util.Arrays.copyOfRange(b, 2 + (abs ? 1 : 0), end);
            return head + ", sun_path=" + (abs ? "@" : "") + quote(path, path.length, Integer.MAX_VALUE) + "}";
        }
        int port = len >= 4 ? (b[2] & 0xff) << 8 | (b[3] & 0xff) : 0;
        if (f == 2 && len >= 8) {
            return head + ", sin_port=htons(" + port + "), sin_addr=inet_addr(\"" + (b[4] & 0xff) + "." + (b[5] & 0xff) + "."
                    + (b[6] & 0xff) + "." + (b[7] & 0xff) + "\")}";
        }
        if (f == 10 && len >= 24) {
            try {
                String addr = java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 8, 24)).getHostAddress();
                return head + ", sin6_port=htons(" + port + "), sin6_addr=" + addr + "}";
            } catch (java.net.UnknownHostException e) {
                return ptr(p);
            }
        }
        return head + ", ...}";
    }

    static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    static String ptr(long v) {
        return v == 0 ? "NULL" : "0x" + Long.toHexString(v);
    }

    private static String pick(long v, String... names) {
        return v >= 0 && v < names.length ? names[(int) v] : hex(v);
    }

    private static String flags(long v, String none, String[] names, long[] bits) {
        if (v == 0) return none;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((v & bits[i]) != 0) {
                b.append(b.isEmpty() ? "" : "|").append(names[i]);
                v &= ~bits[i];
            }
        }
        if (v != 0) b.append(b.isEmpty() ? "" : "|").append(hex(v));
        return b.toString();
    }

    static String openFlags(int v) {
        String acc = pick(v & 3, "O_RDONLY", "O_WRONLY", "O_RDWR");
        String rest = flags(v & ~3, "", new String[] {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK",
            "O_DIRECTORY", "O_NOFOLLOW", "O_CLOEXEC", "O_PATH", "O_LARGEFILE"},
                new long[] {0100, 0200, 0400, 01000, 02000, 04000, 0200000, 0400000, 02000000, 010000000, 0100000});
        return rest.isEmpty() ? acc : acc + "|" + rest;
    }

    static String mmapFlags(long v) {
        String type = pick(v & 3, "0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE");
        String rest = flags(v & ~3, "", new String[] {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_GROWSDOWN", "MAP_DENYWRITE",
            "MAP_NORESERVE", "MAP_POPULATE", "MAP_STACK", "MAP_FIXED_NOREPLACE"},
                new long[] {0x10, 0x20, 0x100, 0x800, 0x4000, 0x8000, 0x20000, 0x100000});
        return rest.isEmpty() ? type : type + "|" + rest;
    }

    static String ioctl(long v) {
        return switch ((int) v) {
            case 0x5401 -> "TCGETS";
            case 0x5402 -> "TCSETS";
            case 0x5403 -> "TCSETSW";
            case 0x5404 -> "TCSETSF";
            case 0x540e -> "TIOCSCTTY";
            case 0x540f -> "TIOCGPGRP";
            case 0x5410 -> "TIOCSPGRP";
            case 0x5422 -> "TIOCNOTTY";
            case 0x5413 -> "TIOCGWINSZ";
            case 0x5414 -> "TIOCSWINSZ";
            case 0x541b -> "FIONREAD";
            default -> hex(v);
        };
    }

    static String futexOp(int v) {
        String base = switch (v & 127) {
            case 0 -> "FUTEX_WAIT";
            case 1 -> "FUTEX_WAKE";
            case 9 -> "FUTEX_WAIT_BITSET";
            case 10 -> "FUTEX_WAKE_BITSET";
            default -> Integer.toString(v & 127);
        };
        if ((v & 128) != 0) base += "_PRIVATE";
        if ((v & 256) != 0) base += "|FUTEX_CLOCK_REALTIME";
        return base;
    }

    static String path(GuestMemory mem, long p) {
        if (p == 0) return "NULL";
        try {
            byte[] b = mem.readCBytes(p, 4096);
            if (b == null) return ptr(p);
            return quote(b, b.length, Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            return ptr(p);
        }
    }

    static String buffer(GuestMemory mem, long p, long n) {
        if (n < 0 || !mem.accessible(p, Math.min(n, MAX_STRING), GuestMemory.PROT_READ)) return ptr(p);
        byte[] b = mem.read(p, (int) Math.min(n, MAX_STRING));
        return quote(b, n, MAX_STRING);
    }

    static String iovec(GuestMemory mem, long iov, int count) {
        if (count < 0 || count > 1024 || !mem.accessible(iov, 16L * count, GuestMemory.PROT_READ)) return ptr(iov);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            long base = mem.read64(iov + 16L * i), len = mem.read64(iov + 16L * i + 8);
            b.append(i > 0 ? ", " : "").append("{iov_base=").append(buffer(mem, base, len))
                    .append(", iov_len=").append(Long.toUnsignedString(len)).append('}');
        }
        return b.append(']').toString();
    }

    /** A C string as strace quotes it: escapes, octal for the rest, {@code ...} past {@code max} bytes. */
    public static String quote(byte[] b, long total, int max) {
        StringBuilder s = new StringBuilder("\"");
        int n = (int) Math.min(Math.min(b.length, total), max);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                case '\f' -> s.append("\\f");
                case 0x0b -> s.append("\\v");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        s.append((char) c);
                    } else {
                        boolean digitNext = i + 1 < n && b[i + 1] >= '0' && b[i + 1] <= '7';
                        s.append('\\').append(digitNext ? String.format("%03o", c) : Integer.toOctalString(c));
                    }
                }
            }
        }
        s.append('"');
        if (total > max) s.append("...");
        return s.toString();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
