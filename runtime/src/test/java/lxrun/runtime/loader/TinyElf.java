package lxrun.runtime.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds minimal x86-64 ELF images in memory: one PT_LOAD holding the headers and the code, plus bss. */
public final class TinyElf {
    public static final long BASE = 0x400000;

    private TinyElf() {}

    public static byte[] build(int type, byte[] code, long bss, int flags) {
        int size = 64 + 56 * 2 + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        long base = type == 3 ? 0 : BASE;
        b.putInt(0x464c457f).put((byte) 2).put((byte) 1).put((byte) 1);
        b.position(16);
        b.putShort((short) type).putShort((short) 62).putInt(1);
        b.putLong(base + 64 + 112).putLong(64).putLong(0);   // entry, phoff, shoff
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 2);
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        // PT_LOAD
        b.putInt(1).putInt(flags).putLong(0).putLong(base).putLong(base).putLong(size).putLong(size + bss).putLong(0x1000);
        // PT_GNU_STACK, RW
        b.putInt(0x6474e551).putInt(6).putLong(0).putLong(0).putLong(0).putLong(0).putLong(0).putLong(16);
        b.put(code);
        return b.array();
    }

    public static byte[] build(byte[] code) {
        return build(2, code, 0x2000, 7);
    }
}
