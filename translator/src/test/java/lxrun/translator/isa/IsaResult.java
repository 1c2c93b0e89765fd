package lxrun.translator.isa;

import java.util.HexFormat;

/** The state after one case, or the signal it raised (native: the signal number; translator: the one Linux would send). */
public final class IsaResult {
    public int signal;
    /** A failure of the harness or translator itself (an exception that is no guest fault), else null. */
    public String error;
    public final long[] gpr = new long[16];
    public long rflags;
    public int mxcsr;
    public final long[] xmm = new long[32];
    public byte[] mem = new byte[IsaCase.BLOCK_LEN];
    public byte[] stack = new byte[IsaCase.STACK_LEN];
    /** The landing stub execution continued at (IsaCase.next() when it fell through). */
    public long landed;
    /** Translations the translator ran (JitRunner; 1: the whole code ran in one region). */
    public int translations;
    /** The FXSAVE area after the case, when the case gave one. */
    public byte[] x87;

    static IsaResult parse(String line) {
        IsaResult r = new IsaResult();
        String[] f = line.trim().split(" ");
        if (f[0].equals("SIG")) {
            r.signal = Integer.parseInt(f[1]);
            return r;
        }
        if (!f[0].equals("OK") || f.length != 1 + 16 + 2 + 32 + 4) {
            r.error = "native runner: " + line;
            return r;
        }
        for (int i = 0; i < 16; i++) r.gpr[i] = Long.parseUnsignedLong(f[1 + i], 16);
        r.rflags = Long.parseUnsignedLong(f[17], 16);
        r.mxcsr = Integer.parseUnsignedInt(f[18], 16);
        for (int i = 0; i < 32; i++) r.xmm[i] = Long.parseUnsignedLong(f[19 + i], 16);
        r.mem = HexFormat.of().parseHex(f[51]);
        r.stack = IsaCase.parseArea(f[52], IsaCase.STACK_LEN);
        r.landed = Long.parseUnsignedLong(f[53], 16);
        if (!f[54].equals("-")) r.x87 = HexFormat.of().parseHex(f[54]);
        return r;
    }
}
