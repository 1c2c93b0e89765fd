package lxrun.translator.x86;

/**
 * The x87 rows of the opcode table (escape opcodes D8-DF). Each row names the static method of
 * {@code lxrun.translator.ops.X87} that implements it: memory forms take {@code (CpuState, long ea)},
 * register forms {@code (CpuState, int i)} with i = ModRM.rm (the ST(i) operand).
 */
final class X87Rows {
    private X87Rows() {}

    private static final String[] ARITH = {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};

    static void register(OpcodeTable t) {
        for (int r = 0; r < 8; r++) {
            t.x87mem(0xd8, r, ARITH[r], "Md", ARITH[r] + "_m32");
            t.x87mem(0xdc, r, ARITH[r], "Mq", ARITH[r] + "_m64");
            t.x87mem(0xda, r, "fi" + ARITH[r].substring(1), "Md", "fi" + ARITH[r].substring(1) + "_m32");
            t.x87mem(0xde, r, "fi" + ARITH[r].substring(1), "Mw", "fi" + ARITH[r].substring(1) + "_m16");
            for (int i = 0; i < 8; i++) {
                t.x87reg(0xd8, 0xc0 + r * 8 + i, ARITH[r], "", ARITH[r] + "_st0_sti");
            }
        }
        // DC register forms: destination ST(i); SUB/SUBR and DIV/DIVR swap places in this row.
        String[] dc = {"fadd", "fmul", "fcom2", "fcomp3", "fsubr", "fsub", "fdivr", "fdiv"};
        String[] de = {"faddp", "fmulp", null, null, "fsubrp", "fsubp", "fdivrp", "fdivp"};
        for (int r = 0; r < 8; r++) {
            for (int i = 0; i < 8; i++) {
                if (r != 2 && r != 3) t.x87reg(0xdc, 0xc0 + r * 8 + i, dc[r], "", dc[r] + "_sti_st0");
                if (de[r] != null) t.x87reg(0xde, 0xc0 + r * 8 + i, de[r], "", de[r]);
            }
        }
        t.x87reg(0xde, 0xd9, "fcompp", "", "fcompp");

        t.x87mem(0xd9, 0, "fld", "Md", "fld_m32");
        t.x87mem(0xd9, 2, "fst", "Md", "fst_m32");
        t.x87mem(0xd9, 3, "fstp", "Md", "fstp_m32");
        t.x87mem(0xd9, 4, "fldenv", "M", "fldenv");
        t.x87mem(0xd9, 5, "fldcw", "Mw", "fldcw");
        t.x87mem(0xd9, 6, "fnstenv", "M", "fnstenv");
        t.x87mem(0xd9, 7, "fnstcw", "Mw", "fnstcw");
        for (int i = 0; i < 8; i++) {
            t.x87reg(0xd9, 0xc0 + i, "fld", "", "fld_sti");
            t.x87reg(0xd9, 0xc8 + i, "fxch", "", "fxch");
            t.x87reg(0xda, 0xc0 + i, "fcmovb", "", "fcmovb");
            t.x87reg(0xda, 0xc8 + i, "fcmove", "", "fcmove");
            t.x87reg(0xda, 0xd0 + i, "fcmovbe", "", "fcmovbe");
            t.x87reg(0xda, 0xd8 + i, "fcmovu", "", "fcmovu");
            t.x87reg(0xdb, 0xc0 + i, "fcmovnb", "", "fcmovnb");
            t.x87reg(0xdb, 0xc8 + i, "fcmovne", "", "fcmovne");
            t.x87reg(0xdb, 0xd0 + i, "fcmovnbe", "", "fcmovnbe");
            t.x87reg(0xdb, 0xd8 + i, "fcmovnu", "", "fcmovnu");
            t.x87reg(0xdb, 0xe8 + i, "fucomi", "", "fucomi");
            t.x87reg(0xdb, 0xf0 + i, "fcomi", "", "fcomi");
            t.x87reg(0xdd, 0xc0 + i, "ffree", "", "ffree");
            t.x87reg(0xdd, 0xd0 + i, "fst", "", "fst_sti");
            t.x87reg(0xdd, 0xd8 + i, "fstp", "", "fstp_sti");
            t.x87reg(0xdd, 0xe0 + i, "fucom", "", "fucom");
            t.x87reg(0xdd, 0xe8 + i, "fucomp", "", "fucomp");
            t.x87reg(0xdf, 0xe8 + i, "fucomip", "", "fucomip");
            t.x87reg(0xdf, 0xf0 + i, "fcomip", "", "fcomip");
        }
        String[] d9 = {
            "fnop", null, null, null, null, null, null, null, // D0-D7
            null, null, null, null, null, null, null, null,  // D8-DF
            "fchs", "fabs", null, null, "ftst", "fxam", null, null,
            "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", null,
            "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp", "fincstp",
            "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos"};
        for (int k = 0; k < d9.length; k++) {
            if (d9[k] != null) t.x87reg(0xd9, 0xd0 + k, d9[k], "", d9[k]);
        }
        t.x87reg(0xda, 0xe9, "fucompp", "", "fucompp");

        t.x87mem(0xdb, 0, "fild", "Md", "fild_m32");
        t.x87mem(0xdb, 1, "fisttp", "Md", "fisttp_m32");
        t.x87mem(0xdb, 2, "fist", "Md", "fist_m32");
        t.x87mem(0xdb, 3, "fistp", "Md", "fistp_m32");
        t.x87mem(0xdb, 5, "fld", "Mt", "fld_m80");
        t.x87mem(0xdb, 7, "fstp", "Mt", "fstp_m80");
        t.x87reg(0xdb, 0xe2, "fnclex", "", "fnclex");
        t.x87reg(0xdb, 0xe3, "fninit", "", "fninit");

        t.x87mem(0xdd, 0, "fld", "Mq", "fld_m64");
        t.x87mem(0xdd, 1, "fisttp", "Mq", "fisttp_m64");
        t.x87mem(0xdd, 2, "fst", "Mq", "fst_m64");
        t.x87mem(0xdd, 3, "fstp", "Mq", "fstp_m64");
        t.x87mem(0xdd, 4, "frstor", "M", "frstor");
        t.x87mem(0xdd, 6, "fnsave", "M", "fnsave");
        t.x87mem(0xdd, 7, "fnstsw", "Mw", "fnstsw_m16");

        t.x87mem(0xdf, 0, "fild", "Mw", "fild_m16");
        t.x87mem(0xdf, 1, "fisttp", "Mw", "fisttp_m16");
        t.x87mem(0xdf, 2, "fist", "Mw", "fist_m16");
        t.x87mem(0xdf, 3, "fistp", "Mw", "fistp_m16");
        t.x87mem(0xdf, 4, "fbld", "Mt", "fbld");
        t.x87mem(0xdf, 5, "fild", "Mq", "fild_m64");
        t.x87mem(0xdf, 6, "fbstp", "Mt", "fbstp");
        t.x87mem(0xdf, 7, "fistp", "Mq", "fistp_m64");
        t.x87reg(0xdf, 0xe0, "fnstsw", "", "fnstsw_ax");
    }
}
