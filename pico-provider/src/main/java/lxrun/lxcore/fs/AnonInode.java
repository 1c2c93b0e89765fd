package lxrun.lxcore.fs;

/** The one inode of anon_inodefs that eventfd, epoll, timerfd and signalfd descriptors share (anon_inode_getfile). */
final class AnonInode {
    private AnonInode() {}

    /** fstat of one of them: mode 0600 without a file type, as anon_inode_mkinode makes it. */
    static Stat stat() {
        return new Stat(14, 1, 1, 0600, 0, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
    }
}
