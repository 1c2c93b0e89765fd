package lxrun.lxcore.sys;

/**
 * Sockets: none exist yet (socket(2) and socketpair(2) are not handled), so every descriptor a socket
 * call is given is not a socket: EBADF for a closed one, else ENOTSOCK, as Linux answers for files and
 * pipes. Programs ask this of their standard input (bash's getpeername(0) decides whether sshd ran it).
 */
final class SocketCalls {
    private SocketCalls() {}

    static long notASocket(Call c) {
        c.file(0);
        return -Errno.ENOTSOCK;
    }
}
