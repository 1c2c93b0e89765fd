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
        // ------------------------------------------------------------ moves
        t.prefixed(0x110, P_NONE, "movups", "Vps,Wps", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x110, P_66, "movupd", "Vpd,Wpd", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x110, P_F3, "movss", "Vss,Wss", Sem.SSE, 0, "movss", 0);
        t.prefixed(0x110, P_F2, "movsd", "Vsd,Wsd", Sem.SSE, 0, "movsd", 0);
        t.prefixed(0x111, P_NONE, "movups", "Wps,Vps", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x111, P_66, "movupd", "Wpd,Vpd", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x111, P_F3, "movss", "Wss,Vss", Sem.SSE_STORE, 4, "movss_rr", 0);
        t.prefixed(0x111, P_F2, "movsd", "Wsd,Vsd", Sem.SSE_STORE, 8, "movsd_rr", 0);
        t.prefixed(0x112, P_NONE, "movlps", "Vq,Wq", Sem.SSE, 0, "movlps", 0); // mod == 3: movhlps
        t.prefixed(0x112, P_66, "movlpd", "Vq,Wq", Sem.SSE, 0, "movlpd", Entry.MEM_ONLY);
        // SSE3 forms of 0F 12 / 0F 16 (rows of their own so the prefix does not fall back to movlps/movhps)
        t.prefixed(0x112, P_F2, "movddup", "Vx,Wq", Sem.SSE, 0, "movddup", 0);
        t.prefixed(0x112, P_F3, "movsldup", "Vx,Wx", Sem.SSE, 0, "movsldup", 0);
        t.prefixed(0x116, P_F3, "movshdup", "Vx,Wx", Sem.SSE, 0, "movshdup", 0);
        t.prefixed(0x113, P_NONE, "movlps", "Mq,Vq", Sem.SSE_STORE, 8, "movlps_st", Entry.MEM_ONLY);
        t.prefixed(0x113, P_66, "movlpd", "Mq,Vq", Sem.SSE_STORE, 8, "movlps_st", Entry.MEM_ONLY);
        t.prefixed(0x114, P_NONE, "unpcklps", "Vps,Wps", Sem.SSE, 0, "unpcklps", 0);
        t.prefixed(0x114, P_66, "unpcklpd", "Vpd,Wpd", Sem.SSE, 0, "unpcklpd", 0);
        t.prefixed(0x115, P_NONE, "unpckhps", "Vps,Wps", Sem.SSE, 0, "unpckhps", 0);
        t.prefixed(0x115, P_66, "unpckhpd", "Vpd,Wpd", Sem.SSE, 0, "unpckhpd", 0);
        t.prefixed(0x116, P_NONE, "movhps", "Vq,Wq", Sem.SSE, 0, "movhps", 0); // mod == 3: movlhps
        t.prefixed(0x116, P_66, "movhpd", "Vq,Wq", Sem.SSE, 0, "movhps", Entry.MEM_ONLY);
        t.prefixed(0x117, P_NONE, "movhps", "Mq,Vq", Sem.SSE_STORE, 0x108, "movhps_st", Entry.MEM_ONLY);
        t.prefixed(0x117, P_66, "movhpd", "Mq,Vq", Sem.SSE_STORE, 0x108, "movhps_st", Entry.MEM_ONLY);
        t.prefixed(0x128, P_NONE, "movaps", "Vps,Wps", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x128, P_66, "movapd", "Vpd,Wpd", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x129, P_NONE, "movaps", "Wps,Vps", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x129, P_66, "movapd", "Wpd,Vpd", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x12b, P_NONE, "movntps", "Mps,Vps", Sem.SSE_STORE, 16, "mov128", Entry.MEM_ONLY);
        t.prefixed(0x12b, P_66, "movntpd", "Mpd,Vpd", Sem.SSE_STORE, 16, "mov128", Entry.MEM_ONLY);
        t.prefixed(0x1e7, P_66, "movntdq", "Mx,Vx", Sem.SSE_STORE, 16, "mov128", Entry.MEM_ONLY);
        t.prefixed(0x1c3, P_NONE, "movnti", "My,Gy", Sem.MOV, 0, null, Entry.MEM_ONLY);
        t.prefixed(0x16f, P_66, "movdqa", "Vx,Wx", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x16f, P_F3, "movdqu", "Vx,Wx", Sem.SSE, 0, "mov128", 0);
        t.prefixed(0x17f, P_66, "movdqa", "Wx,Vx", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x17f, P_F3, "movdqu", "Wx,Vx", Sem.SSE_STORE, 16, "mov128", 0);
        t.prefixed(0x16e, P_66, "movd", "Vy,Ey", Sem.SSE, 0, "movd_to_xmm", 0);
        t.prefixed(0x17e, P_66, "movd", "Ey,Vy", Sem.SSE, 0, "movd_from_xmm", 0);
        t.prefixed(0x17e, P_F3, "movq", "Vq,Wq", Sem.SSE, 0, "movq", 0);
        t.prefixed(0x1d6, P_66, "movq", "Wq,Vq", Sem.SSE_STORE, 8, "movq_st", 0);
        t.prefixed(0x150, P_NONE, "movmskps", "Gd,Ups", Sem.SSE, 0, "movmskps", Entry.REG_ONLY);
        t.prefixed(0x150, P_66, "movmskpd", "Gd,Upd", Sem.SSE, 0, "movmskpd", Entry.REG_ONLY);
        t.prefixed(0x1d7, P_66, "pmovmskb", "Gd,Ux", Sem.SSE, 0, "pmovmskb", Entry.REG_ONLY);

        // ------------------------------------------------------------ floating-point arithmetic
        arith(t, 0x151, "sqrt");
        arith(t, 0x158, "add");
        arith(t, 0x159, "mul");
        arith(t, 0x15c, "sub");
        arith(t, 0x15d, "min");
        arith(t, 0x15e, "div");
        arith(t, 0x15f, "max");
        t.prefixed(0x154, P_NONE, "andps", "Vps,Wps", Sem.SSE, 0, "pand", 0);
        t.prefixed(0x154, P_66, "andpd", "Vpd,Wpd", Sem.SSE, 0, "pand", 0);
        t.prefixed(0x155, P_NONE, "andnps", "Vps,Wps", Sem.SSE, 0, "pandn", 0);
        t.prefixed(0x155, P_66, "andnpd", "Vpd,Wpd", Sem.SSE, 0, "pandn", 0);
        t.prefixed(0x156, P_NONE, "orps", "Vps,Wps", Sem.SSE, 0, "por", 0);
        t.prefixed(0x156, P_66, "orpd", "Vpd,Wpd", Sem.SSE, 0, "por", 0);
        t.prefixed(0x157, P_NONE, "xorps", "Vps,Wps", Sem.SSE, 0, "pxor", 0);
        t.prefixed(0x157, P_66, "xorpd", "Vpd,Wpd", Sem.SSE, 0, "pxor", 0);
        t.prefixed(0x1c2, P_NONE, "cmpps", "Vps,Wps,Ib", Sem.SSE, 0, "cmpps", 0);
        t.prefixed(0x1c2, P_66, "cmppd", "Vpd,Wpd,Ib", Sem.SSE, 0, "cmppd", 0);
        t.prefixed(0x1c2, P_F3, "cmpss", "Vss,Wss,Ib", Sem.SSE, 0, "cmpss", 0);
        t.prefixed(0x1c2, P_F2, "cmpsd", "Vsd,Wsd,Ib", Sem.SSE, 0, "cmpsd", 0);
        t.prefixed(0x12e, P_NONE, "ucomiss", "Vss,Wss", Sem.SSE, 0, "ucomiss", Entry.WRITES_FLAGS);
        t.prefixed(0x12e, P_66, "ucomisd", "Vsd,Wsd", Sem.SSE, 0, "ucomisd", Entry.WRITES_FLAGS);
        t.prefixed(0x12f, P_NONE, "comiss", "Vss,Wss", Sem.SSE, 0, "comiss", Entry.WRITES_FLAGS);
        t.prefixed(0x12f, P_66, "comisd", "Vsd,Wsd", Sem.SSE, 0, "comisd", Entry.WRITES_FLAGS);

        // ------------------------------------------------------------ conversions
        t.prefixed(0x12a, P_F3, "cvtsi2ss", "Vss,Ey", Sem.SSE, 0, "cvtsi2ss", 0);
        t.prefixed(0x12a, P_F2, "cvtsi2sd", "Vsd,Ey", Sem.SSE, 0, "cvtsi2sd", 0);
        t.prefixed(0x12c, P_F3, "cvttss2si", "Gy,Wss", Sem.SSE, 0, "cvttss2si", 0);
        t.prefixed(0x12c, P_F2, "cvttsd2si", "Gy,Wsd", Sem.SSE, 0, "cvttsd2si", 0);
        t.prefixed(0x12d, P_F3, "cvtss2si", "Gy,Wss", Sem.SSE, 0, "cvtss2si", 0);
        t.prefixed(0x12d, P_F2, "cvtsd2si", "Gy,Wsd", Sem.SSE, 0, "cvtsd2si", 0);
        t.prefixed(0x15a, P_NONE, "cvtps2pd", "Vpd,Wq", Sem.SSE, 0, "cvtps2pd", 0);
        t.prefixed(0x15a, P_66, "cvtpd2ps", "Vps,Wpd", Sem.SSE, 0, "cvtpd2ps", 0);
        t.prefixed(0x15a, P_F3, "cvtss2sd", "Vsd,Wss", Sem.SSE, 0, "cvtss2sd", 0);
        t.prefixed(0x15a, P_F2, "cvtsd2ss", "Vss,Wsd", Sem.SSE, 0, "cvtsd2ss", 0);
        t.prefixed(0x15b, P_NONE, "cvtdq2ps", "Vps,Wx", Sem.SSE, 0, "cvtdq2ps", 0);
        t.prefixed(0x15b, P_66, "cvtps2dq", "Vx,Wps", Sem.SSE, 0, "cvtps2dq", 0);
        t.prefixed(0x15b, P_F3, "cvttps2dq", "Vx,Wps", Sem.SSE, 0, "cvttps2dq", 0);
        t.prefixed(0x1e6, P_66, "cvttpd2dq", "Vx,Wpd", Sem.SSE, 0, "cvttpd2dq", 0);
        t.prefixed(0x1e6, P_F3, "cvtdq2pd", "Vx,Wq", Sem.SSE, 0, "cvtdq2pd", 0);
        t.prefixed(0x1e6, P_F2, "cvtpd2dq", "Vx,Wpd", Sem.SSE, 0, "cvtpd2dq", 0);

        // ------------------------------------------------------------ shuffles, unpacks, packs
        t.prefixed(0x1c6, P_NONE, "shufps", "Vps,Wps,Ib", Sem.SSE, 0, "shufps", 0);
        t.prefixed(0x1c6, P_66, "shufpd", "Vpd,Wpd,Ib", Sem.SSE, 0, "shufpd", 0);
        t.prefixed(0x170, P_66, "pshufd", "Vx,Wx,Ib", Sem.SSE, 0, "pshufd", 0);
        t.prefixed(0x170, P_F3, "pshufhw", "Vx,Wx,Ib", Sem.SSE, 0, "pshufhw", 0);
        t.prefixed(0x170, P_F2, "pshuflw", "Vx,Wx,Ib", Sem.SSE, 0, "pshuflw", 0);
        int66(t, 0x160, "punpcklbw");
        int66(t, 0x161, "punpcklwd");
        int66(t, 0x162, "punpckldq");
        int66(t, 0x163, "packsswb");
        int66(t, 0x164, "pcmpgtb");
        int66(t, 0x165, "pcmpgtw");
        int66(t, 0x166, "pcmpgtd");
        int66(t, 0x167, "packuswb");
        int66(t, 0x168, "punpckhbw");
        int66(t, 0x169, "punpckhwd");
        int66(t, 0x16a, "punpckhdq");
        int66(t, 0x16b, "packssdw");
        int66(t, 0x16c, "punpcklqdq");
        int66(t, 0x16d, "punpckhqdq");
        int66(t, 0x174, "pcmpeqb");
        int66(t, 0x175, "pcmpeqw");
        int66(t, 0x176, "pcmpeqd");
        t.prefixed(0x1c4, P_66, "pinsrw", "Vx,Ew,Ib", Sem.SSE, 0, "pinsrw", 0);
        t.prefixed(0x1c5, P_66, "pextrw", "Gd,Ux,Ib", Sem.SSE, 0, "pextrw", Entry.REG_ONLY);

        // ------------------------------------------------------------ integer arithmetic and logic
        String[] d0 = {null, "psrlw", "psrld", "psrlq", "paddq", "pmullw", null, null,
            "psubusb", "psubusw", "pminub", "pand", "paddusb", "paddusw", "pmaxub", "pandn"};
        String[] e0 = {"pavgb", "psraw", "psrad", "pavgw", "pmulhuw", "pmulhw", null, null,
            "psubsb", "psubsw", "pminsw", "por", "paddsb", "paddsw", "pmaxsw", "pxor"};
        String[] f0 = {null, "psllw", "pslld", "psllq", "pmuludq", "pmaddwd", "psadbw", null,
            "psubb", "psubw", "psubd", "psubq", "paddb", "paddw", "paddd", null};
        for (int i = 0; i < 16; i++) {
            if (d0[i] != null) int66(t, 0x1d0 + i, d0[i]);
            if (e0[i] != null) int66(t, 0x1e0 + i, e0[i]);
            if (f0[i] != null) int66(t, 0x1f0 + i, f0[i]);
        }
        // shifts by immediate: the ModRM.reg field selects the operation (grp71/72/73 dispatch on it)
        t.prefixed(0x171, P_66, "psrlw/psraw/psllw", "Ux,Ib", Sem.SSE, 0, "grp71", Entry.REG_ONLY);
        t.prefixed(0x172, P_66, "psrld/psrad/pslld", "Ux,Ib", Sem.SSE, 0, "grp72", Entry.REG_ONLY);
        t.prefixed(0x173, P_66, "psrlq/psrldq/psllq/pslldq", "Ux,Ib", Sem.SSE, 0, "grp73", Entry.REG_ONLY);
    }

    /** The four forms of a floating-point arithmetic opcode: ps, pd, ss, sd. */
    private static void arith(OpcodeTable t, int id, String op) {
        t.prefixed(id, P_NONE, op + "ps", "Vps,Wps", Sem.SSE, 0, op + "ps", 0);
        t.prefixed(id, P_66, op + "pd", "Vpd,Wpd", Sem.SSE, 0, op + "pd", 0);
        t.prefixed(id, P_F3, op + "ss", "Vss,Wss", Sem.SSE, 0, op + "ss", 0);
        t.prefixed(id, P_F2, op + "sd", "Vsd,Wsd", Sem.SSE, 0, op + "sd", 0);
    }

    /** A 66-prefixed integer row {@code Vx,Wx} whose helper has the mnemonic's name. */
    private static void int66(OpcodeTable t, int id, String mn) {
        t.prefixed(id, P_66, mn, "Vx,Wx", Sem.SSE, 0, mn, 0);
    }
}
