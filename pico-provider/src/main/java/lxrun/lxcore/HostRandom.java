package lxrun.lxcore;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Random bytes from the host kernel's /dev/urandom, the pool getrandom(2) draws from: for AT_RANDOM,
 * getrandom(2), /dev/random and /dev/urandom, and the UUIDs lxrun makes. Not java.security.SecureRandom:
 * setting up the JDK's security providers for it took 30 to 100 ms of every start (the instance's
 * GUID, then AT_RANDOM); opening /dev/urandom and reading it takes 0.1 ms.
 */
public final class HostRandom {
    private HostRandom() {}

    /** Opened on the first use; reads from several threads at once each get their own bytes. */
    private static final class Urandom {
        static final FileInputStream IN;

        static {
            try {
                IN = new FileInputStream("/dev/urandom");
            } catch (IOException e) {
                throw new UncheckedIOException("lxrun needs the host's /dev/urandom", e);
            }
        }
    }

    /** Fills {@code b[off..off+n)} with random bytes. */
    public static void nextBytes(byte[] b, int off, int n) {
        try {
            while (n > 0) {
                int got = Urandom.IN.read(b, off, n);
                if (got <= 0) throw new IOException("/dev/urandom: end of file");
                off += got;
                n -= got;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void nextBytes(byte[] b) {
        nextBytes(b, 0, b.length);
    }

    /** A random (version 4, RFC 9562) UUID, as UUID.randomUUID() makes. */
    public static UUID uuid() {
        byte[] r = new byte[16];
        nextBytes(r);
        r[6] = (byte) (r[6] & 0x0f | 0x40);
        r[8] = (byte) (r[8] & 0x3f | 0x80);
        long msb = 0, lsb = 0;
        for (int i = 0; i < 8; i++) msb = msb << 8 | (r[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = lsb << 8 | (r[i] & 0xff);
        return new UUID(msb, lsb);
    }
}
