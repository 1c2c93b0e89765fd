package lxrun.psx.service;

import lxrun.lxcore.sys.Errno;

/** A host call of the service's failed: what it was for and the errno's text, for one line to the user. */
public final class ServiceException extends Exception {
    public final int errno;

    ServiceException(String what, int errno) {
        super(what + ": " + Errno.message(errno));
        this.errno = errno;
    }

    ServiceException(String message) {
        super(message);
        this.errno = 0;
    }
}
