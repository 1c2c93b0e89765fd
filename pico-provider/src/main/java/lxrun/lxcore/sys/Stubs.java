package lxrun.lxcore.sys;

/** Calls answered with ENOSYS on purpose: the guest library has a fallback (rseq: glibc runs without it). */
final class Stubs {
    private Stubs() {}

    static long enosys(Call c) {
        return -Errno.ENOSYS;
    }
}
