package lxrun.nt.sm;

/**
 * A session as smss records it: its id, the image type of the subsystem that owns it, and once the
 * subsystem has reported SessionComplete, the exit status.
 */
public record SmSession(int id, int imageType, boolean complete, int exitStatus) {
    SmSession completed(int status) {
        return new SmSession(id, imageType, true, status);
    }
}
