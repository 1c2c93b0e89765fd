package lxrun.translator.isa;

import java.util.HexFormat;

/** One generated test case: an instruction's bytes and the complete input state (see isa_native.c for the line format). */
public final class IsaCase {
    /** Fixed addresses shared by isa_native.c and the translator's guest memory. */
    public static final long PAGE = 0x10000000L, BLOCK = 0x10000800L, CODE = 0x20000000L,
            STACK_BASE = 0x30000000L, STACK_TOP = 0x3000f000L;

    public final IsaForm form;
    public final long seed;
    public final int index;
    public byte[] code;
    public final long[] gpr = new long[16];
    public long rflags;
    public int mxcsr = 0x1f80;
    public final long[] xmm = new long[32];
    public final byte[] mem = new byte[64];
    /** Operand width in bits and shift count (for the undefined-flags mask). */
    public int bits;
    public long count;
    /** The code ends with "cmp rsp, rsp" after the instruction under test (which then has dead flags). */
    public boolean flagsDead;

    IsaCase(IsaForm form, long seed, int index) {
        this.form = form;
        this.seed = seed;
        this.index = index;
    }

    public String line() {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(HexFormat.of().formatHex(code));
        for (long v : gpr) sb.append(' ').append(Long.toHexString(v));
        sb.append(' ').append(Long.toHexString(rflags)).append(' ').append(Integer.toHexString(mxcsr));
        for (long v : xmm) sb.append(' ').append(Long.toHexString(v));
        sb.append(' ').append(HexFormat.of().formatHex(mem));
        return sb.toString();
    }
}
