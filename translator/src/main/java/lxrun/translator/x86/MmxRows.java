package lxrun.translator.x86;

import static lxrun.translator.x86.OpcodeTable.P_66;
import static lxrun.translator.x86.OpcodeTable.P_F2;
import static lxrun.translator.x86.OpcodeTable.P_F3;
import static lxrun.translator.x86.OpcodeTable.P_NONE;

/**
 * The MMX rows (and the SSE/SSE2 instructions on MMX registers): the unprefixed 0F-map forms whose
 * operands are P (ModRM.reg names MM0-7), Q (MMX register or 64-bit memory) and N (MMX register in
 * ModRM.rm). They share opcodes with the 66-prefixed SSE2 rows, so they sit in the P_NONE slot of the
 * same prefixed row: the 66 prefix still selects the SSE2 row, and opcodes without an MMX form keep no
 * P_NONE row and stay #UD. Helpers live in {@code ops.Mmx} with the signatures of {@link SseRows}, an MMX
 * register numbered 0-7 and a memory operand in scratch register 16. The JIT (jit.SseFamily) switches the x87 unit to
 * MMX mode (TOS 0, all tags valid) after every row that names an MMX register; EMMS names none.
 * Compared with the CPU by {@code MmxHardwareTest} (table from {@code src/test/resources/mmx/mmx_ref.c}).
 * SSSE3's MMX forms (0F 38 00-0B/1C-1E, 0F 3A 0F) are not here yet.
 */
final class MmxRows {
    private MmxRows() {}

    static void register(OpcodeTable t) {
        // ------------------------------------------------------------ moves and state
        t.prefixed(0x177, P_NONE, "emms", "", Sem.SSE, 0, "Mmx.emms", 0);
        t.prefixed(0x16e, P_NONE, "movd|movq", "Pq,Ey", Sem.SSE, 0, "Mmx.movd_to_mm", 0);
        t.prefixed(0x17e, P_NONE, "movd|movq", "Ey,Pq", Sem.SSE, 0, "Mmx.movd_from_mm", 0);
        t.prefixed(0x16f, P_NONE, "movq", "Pq,Qq", Sem.SSE, 0, "Mmx.movq", 0);
        t.prefixed(0x17f, P_NONE, "movq", "Qq,Pq", Sem.SSE_STORE, 8, "Mmx.movq", 0);
        t.prefixed(0x1e7, P_NONE, "movntq", "Mq,Pq", Sem.SSE_STORE, 8, "Mmx.movq", Entry.MEM_ONLY);
        t.prefixed(0x1d6, P_F3, "movq2dq", "Vdq,Nq", Sem.SSE, 0, "Mmx.movq2dq", Entry.REG_ONLY);
        t.prefixed(0x1d6, P_F2, "movdq2q", "Pq,Uq", Sem.SSE, 0, "Mmx.movdq2q", Entry.REG_ONLY);
        t.prefixed(0x1d7, P_NONE, "pmovmskb", "Gd,Nq", Sem.SSE, 0, "Mmx.pmovmskb", Entry.REG_ONLY);
        t.prefixed(0x1f7, P_NONE, "maskmovq", "Pq,Nq", Sem.SSE, 0, "Mmx.maskmovq", Entry.REG_ONLY); // stores to [RDI]
        t.prefixed(0x170, P_NONE, "pshufw", "Pq,Qq,Ib", Sem.SSE, 0, "Mmx.pshufw", 0);
        t.prefixed(0x1c4, P_NONE, "pinsrw", "Pq,Ew,Ib", Sem.SSE, 0, "Mmx.pinsrw", 0);
        t.prefixed(0x1c5, P_NONE, "pextrw", "Gd,Nq,Ib", Sem.SSE, 0, "Mmx.pextrw", Entry.REG_ONLY);

        // ------------------------------------------------------------ conversions (SSE floating point, MXCSR)
        t.prefixed(0x12a, P_NONE, "cvtpi2ps", "Vps,Qq", Sem.SSE, 0, "Mmx.cvtpi2ps", 0);
        t.prefixed(0x12a, P_66, "cvtpi2pd", "Vpd,Qq", Sem.SSE, 0, "Mmx.cvtpi2pd", 0);
        t.prefixed(0x12c, P_NONE, "cvttps2pi", "Pq,Wq", Sem.SSE, 0, "Mmx.cvttps2pi", 0);
        t.prefixed(0x12c, P_66, "cvttpd2pi", "Pq,Wpd", Sem.SSE, 0, "Mmx.cvttpd2pi", 0);
        t.prefixed(0x12d, P_NONE, "cvtps2pi", "Pq,Wq", Sem.SSE, 0, "Mmx.cvtps2pi", 0);
        t.prefixed(0x12d, P_66, "cvtpd2pi", "Pq,Wpd", Sem.SSE, 0, "Mmx.cvtpd2pi", 0);

        // ------------------------------------------------------------ integer arithmetic, logic, packs, unpacks
        String[] x60 = {"punpcklbw", "punpcklwd", "punpckldq", "packsswb", "pcmpgtb", "pcmpgtw", "pcmpgtd", "packuswb",
            "punpckhbw", "punpckhwd", "punpckhdq", "packssdw"};
        String[] d0 = {null, "psrlw", "psrld", "psrlq", "paddq", "pmullw", null, null,
            "psubusb", "psubusw", "pminub", "pand", "paddusb", "paddusw", "pmaxub", "pandn"};
        String[] e0 = {"pavgb", "psraw", "psrad", "pavgw", "pmulhuw", "pmulhw", null, null,
            "psubsb", "psubsw", "pminsw", "por", "paddsb", "paddsw", "pmaxsw", "pxor"};
        String[] f0 = {null, "psllw", "pslld", "psllq", "pmuludq", "pmaddwd", "psadbw", null,
            "psubb", "psubw", "psubd", "psubq", "paddb", "paddw", "paddd", null};
        for (int i = 0; i < x60.length; i++) pq(t, 0x160 + i, x60[i]);
        pq(t, 0x174, "pcmpeqb");
        pq(t, 0x175, "pcmpeqw");
        pq(t, 0x176, "pcmpeqd");
        for (int i = 0; i < 16; i++) {
            if (d0[i] != null) pq(t, 0x1d0 + i, d0[i]);
            if (e0[i] != null) pq(t, 0x1e0 + i, e0[i]);
            if (f0[i] != null) pq(t, 0x1f0 + i, f0[i]);
        }
        // shifts by immediate: ModRM.reg selects the operation (no psrldq/pslldq on MMX registers)
        t.prefixed(0x171, P_NONE, "psrlw/psraw/psllw", "Nq,Ib", Sem.SSE, 0, "Mmx.grp71", Entry.REG_ONLY);
        t.prefixed(0x172, P_NONE, "psrld/psrad/pslld", "Nq,Ib", Sem.SSE, 0, "Mmx.grp72", Entry.REG_ONLY);
        t.prefixed(0x173, P_NONE, "psrlq/psllq", "Nq,Ib", Sem.SSE, 0, "Mmx.grp73", Entry.REG_ONLY);
        // SSSE3 on MMX registers (0F 38 00-0B, 1C-1E, 0F 3A 0F without 66)
        String[] ssse3 = {"pshufb", "phaddw", "phaddd", "phaddsw", "pmaddubsw", "phsubw", "phsubd", "phsubsw",
            "psignb", "psignw", "psignd", "pmulhrsw"};
        for (int i = 0; i < ssse3.length; i++) pq(t, 0x200 + i, ssse3[i]);
        pq(t, 0x21c, "pabsb");
        pq(t, 0x21d, "pabsw");
        pq(t, 0x21e, "pabsd");
        t.prefixed(0x30f, P_NONE, "palignr", "Pq,Qq,Ib", Sem.SSE, 0, "Mmx.palignr", 0);
    }

    /** An unprefixed {@code Pq,Qq} row whose Mmx helper has the mnemonic's name. */
    private static void pq(OpcodeTable t, int id, String mn) {
        t.prefixed(id, P_NONE, mn, "Pq,Qq", Sem.SSE, 0, "Mmx." + mn, 0);
    }
}
