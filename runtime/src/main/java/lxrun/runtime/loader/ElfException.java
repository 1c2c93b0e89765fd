package lxrun.runtime.loader;

/** An executable the loader refuses, with a one-line message for the user ("not an ELF executable"). */
public final class ElfException extends Exception {
    public ElfException(String message) {
        super(message, null, false, false);
    }
}
