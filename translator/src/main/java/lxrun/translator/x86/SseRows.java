package lxrun.translator.x86;

import static lxrun.translator.x86.OpcodeTable.P_66;
import static lxrun.translator.x86.OpcodeTable.P_F2;
import static lxrun.translator.x86.OpcodeTable.P_F3;
import static lxrun.translator.x86.OpcodeTable.P_NONE;

/**
 * The SSE rows of the opcode table. Each row names the static method of {@code lxrun.translator.ops.Sse}
 * that implements it; the operand specs decide the method's signature (see the translator's SSE emitter):
 * <ul>
 * <li>{@code Vx,Wx} (XMM destination, XMM or memory source): {@code (CpuState, int dst, int src)}; a memory
 *     source is first loaded (as many bytes as its size code says) into scratch register 16.
 * <li>{@code Vx,Wx,Ib}: {@code (CpuState, int dst, int src, int imm)}.
 * <li>{@code Gy,Wsd} / {@code Gd,Ux} (GPR destination): {@code long (CpuState, int src)}.
 * <li>{@code Vsd,Ey} (GPR or memory source): {@code (CpuState, int dst, long value)}.
 * <li>{@code Ey,Vd} (GPR or memory destination): {@code long (CpuState, int src)}.
 * <li>SSE_STORE rows ({@code Wx,Vx}): memory form stores {@code sub} bytes of the source register
 *     (the high quadword for movhps/movhpd, see sub 0x108); register form calls the helper {@code (CpuState, int dst, int src)}.
 * </ul>
 */
final class SseRows {
    private SseRows() {}

    static void register(OpcodeTable t) {
        // moves
        t.prefixed(0x110, P_NONE, "movups", "Vps,Wps", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x110, P_66, "movupd", "Vpd,Wpd", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x110, P_F3, "movss", "Vss,Wss", Sem.SSE, 0, "movss", 0);
        t.prefixed(0x110, P_F2, "movsd", "Vsd,Wsd", Sem.SSE, 0, "movsd", 0);
        t.prefixed(0x111, P_NONE, "movups", "Wps,Vps", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x111, P_66, "movupd", "Wpd,Vpd", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x111, P_F3, "movss", "Wss,Vss", Sem.SSE_STORE, 4, "movss_rr", 0);
        t.prefixed(0x111, P_F2, "movsd", "Wsd,Vsd", Sem.SSE_STORE, 8, "movsd_rr", 0);
        t.prefixed(0x128, P_NONE, "movaps", "Vps,Wps", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x128, P_66, "movapd", "Vpd,Wpd", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x129, P_NONE, "movaps", "Wps,Vps", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x129, P_66, "movapd", "Wpd,Vpd", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x16f, P_66, "movdqa", "Vx,Wx", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x16f, P_F3, "movdqu", "Vx,Wx", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x17f, P_66, "movdqa", "Wx,Vx", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x17f, P_F3, "movdqu", "Wx,Vx", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x16e, P_66, "movd", "Vy,Ey", Sem.SSE, 0, "movd_to_xmm", 0);
        t.prefixed(0x17e, P_66, "movd", "Ey,Vy", Sem.SSE, 0, "movd_from_xmm", 0);
        t.prefixed(0x17e, P_F3, "movq", "Vq,Wq", Sem.SSE, 0, "movq", 0);
        t.prefixed(0x1d6, P_66, "movq", "Wq,Vq", Sem.SSE_STORE, 8, "movq", 0);
        // integer logic and compares that libc string functions use
        t.prefixed(0x1ef, P_66, "pxor", "Vx,Wx", Sem.SSE, 0, "pxor", 0);
        t.prefixed(0x1eb, P_66, "por", "Vx,Wx", Sem.SSE, 0, "por", 0);
        t.prefixed(0x1db, P_66, "pand", "Vx,Wx", Sem.SSE, 0, "pand", 0);
        t.prefixed(0x1df, P_66, "pandn", "Vx,Wx", Sem.SSE, 0, "pandn", 0);
        t.prefixed(0x174, P_66, "pcmpeqb", "Vx,Wx", Sem.SSE, 0, "pcmpeqb", 0);
        t.prefixed(0x175, P_66, "pcmpeqw", "Vx,Wx", Sem.SSE, 0, "pcmpeqw", 0);
        t.prefixed(0x176, P_66, "pcmpeqd", "Vx,Wx", Sem.SSE, 0, "pcmpeqd", 0);
        t.prefixed(0x1d7, P_66, "pmovmskb", "Gd,Ux", Sem.SSE, 0, "pmovmskb", Entry.REG_ONLY);
        t.prefixed(0x157, P_NONE, "xorps", "Vps,Wps", Sem.SSE, 0, "pxor", 0);
        t.prefixed(0x157, P_66, "xorpd", "Vpd,Wpd", Sem.SSE, 0, "pxor", 0);
    }
}
