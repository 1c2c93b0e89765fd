package lxrun.lxcore.fs;

import lxrun.lxcore.HostRandom;
import lxrun.lxcore.sys.Errno;

import java.util.Arrays;

/** The memory character devices (drivers/char/mem.c): /dev/null, /dev/zero, /dev/full, /dev/urandom. */
public final class Device extends LxFile {
    public enum Kind {
        NULL("/dev/null", 3), ZERO("/dev/zero", 5), FULL("/dev/full", 7), RANDOM("/dev/random", 8),
        URANDOM("/dev/urandom", 9);

        final String path;
        final int minor;

        Kind(String path, int minor) {
            this.path = path;
            this.minor = minor;
        }
    }

    private final Kind kind;

    public Device(Kind kind, int statusFlags) {
        super(kind.path, statusFlags);
        this.kind = kind;
    }

    /** The name of the device under /dev. */
    public static String name(Kind k) {
        return k.path.substring(5);
    }

    @Override
    public int read(byte[] b, int off, int n) {
        switch (kind) {
            case NULL -> {
                return 0;
            }
            case ZERO, FULL -> Arrays.fill(b, off, off + n, (byte) 0);
            case RANDOM, URANDOM -> {
                HostRandom.nextBytes(b, off, n);
            }
        }
        return n;
    }

    @Override
    public int write(byte[] b, int off, int n) {
        return kind == Kind.FULL ? -Errno.ENOSPC : n;
    }

    @Override
    public int pread(byte[] b, int off, int n, long pos) {
        return read(b, off, n);
    }

    @Override
    public int pwrite(byte[] b, int off, int n, long pos) {
        return write(b, off, n);
    }

    @Override
    public long seek(long offset, int whence) {
        return 0;
    }

    @Override
    public Stat stat() {
        return stat(kind);
    }

    public static Stat stat(Kind kind) {
        return Stat.charDevice(1, kind.minor, 100 + kind.minor);
    }
}
