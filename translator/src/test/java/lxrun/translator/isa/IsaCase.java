package lxrun.translator.isa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** One generated test case: an instruction's bytes and the complete input state (see isa_native.c for the line format). */
public final class IsaCase {
    /** Fixed addresses shared by isa_native.c and the translator's guest memory. */
    public static final long PAGE = 0x10000000L, BLOCK = 0x10000800L, CODE = 0x20000000L,
            STACK_BASE = 0x30000000L, STACK_TOP = 0x3000f000L;
    /** Bytes of the compared memory block at BLOCK. */
    public static final int BLOCK_LEN = 256;
    /** The compared stack bytes: STACK_LEN bytes from STACK_LO (mostly below STACK_TOP, a little above for pops). */
    public static final long STACK_LO = STACK_TOP - 0x180;
    public static final int STACK_LEN = 0x200;
    /** The code image: IMAGE_LEN bytes from IMAGE_LO, int3 where nothing is placed; execution starts at CODE. */
    public static final long IMAGE_LO = CODE - 0x80;
    public static final int IMAGE_LEN = 0x200;
    /**
     * Every exit of the code is a landing stub "mov dword [LANDED], imm32 (its own address); jmp qword [EXIT]":
     * the runners report where execution continued. EXIT holds each runner's own exit address.
     */
    public static final long LANDED = 0x40000818L, EXIT = 0x40000820L;
    public static final int STUB_LEN = 18;
    /** GS base of both runners while a case runs (ARCH_SET_GS natively): gs-prefixed operands land in the block. */
    public static final long GS_BASE = 0x0ff00000L;

    public final IsaForm form;
    public final long seed;
    public final int index;
    public byte[] code;
    /** Landing stubs besides the fall-through one at CODE + code.length (branch targets). */
    public final List<Long> stubs = new ArrayList<>();
    public final long[] gpr = new long[16];
    public long rflags;
    public int mxcsr = 0x1f80;
    public final long[] xmm = new long[32];
    public final byte[] mem = new byte[BLOCK_LEN];
    public final byte[] stack = new byte[STACK_LEN];
    /**
     * Offset in the block of 4 bytes not compared, else -1: FXSAVE's MXCSR_MASK, where the translator reports
     * the MXCSR bits it implements (no DAZ) rather than this CPU's.
     */
    public int uncompared = -1;
    /** An FXSAVE area loaded before the case (x87 rows), else null: the FNINIT state. */
    public byte[] x87;
    public static final int X87_LEN = 512;
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

    /** The fall-through exit, right after the code. */
    public long next() {
        return CODE + code.length;
    }

    /** The code image from IMAGE_LO: the code at CODE, the fall-through stub after it, the branch targets' stubs. */
    public byte[] image() {
        byte[] img = new byte[IMAGE_LEN];
        Arrays.fill(img, (byte) 0xcc);
        System.arraycopy(code, 0, img, (int) (CODE - IMAGE_LO), code.length);
        stub(img, next());
        for (long s : stubs) stub(img, s);
        return img;
    }

    private static void stub(byte[] img, long at) {
        int o = (int) (at - IMAGE_LO);
        byte[] s = {(byte) 0xc7, 0x04, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, 0x24, 0x25, 0, 0, 0, 0};
        put32(s, 3, LANDED);
        put32(s, 7, at);
        put32(s, 14, EXIT);
        System.arraycopy(s, 0, img, o, s.length);
    }

    private static void put32(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) b[o + i] = (byte) (v >> (8 * i));
    }

    /** Hex of a memory area, "-" when it is all zero (most cases leave the stack alone). */
    static String area(byte[] b) {
        for (byte x : b) if (x != 0) return HexFormat.of().formatHex(b);
        return "-";
    }

    static byte[] parseArea(String s, int len) {
        return s.equals("-") ? new byte[len] : HexFormat.of().parseHex(s);
    }

    public String line() {
        StringBuilder sb = new StringBuilder(4096);
        byte[] img = image();
        int end = img.length;
        while (img[end - 1] == (byte) 0xcc) end--; // the runners fill the rest with int3
        sb.append(HexFormat.of().formatHex(img, 0, end));
        for (long v : gpr) sb.append(' ').append(Long.toHexString(v));
        sb.append(' ').append(Long.toHexString(rflags)).append(' ').append(Integer.toHexString(mxcsr));
        for (long v : xmm) sb.append(' ').append(Long.toHexString(v));
        sb.append(' ').append(HexFormat.of().formatHex(mem));
        sb.append(' ').append(area(stack));
        sb.append(' ').append(x87 == null ? "-" : HexFormat.of().formatHex(x87));
        return sb.toString();
    }
}
