package lxrun.translator.x86;

import java.util.List;

/**
 * The CPUID feature bits of the instruction-set extensions, each with the opcode-table mnemonics it
 * stands for and whether lxrun advertises it. CPUID is built from this table, so it tells the truth only
 * if every advertised feature's mnemonics are implemented and proven: {@code CpuFeatureTest} checks the
 * first, the instruction-level harness the second. glibc and musl pick their string and math variants by
 * these bits.
 *
 * @param leaf       CPUID leaf (1, 7, 0x80000001)
 * @param register   'b', 'c' or 'd' (EBX, ECX, EDX of that leaf; leaf 7 subleaf 0)
 * @param bit        bit number in that register
 * @param advertised reported by lxrun's CPUID
 * @param mnemonics  the table mnemonics the feature makes available (empty: no instructions of its own)
 */
public enum CpuFeature {
    FPU(1, 'd', 0, true, ""), // the x87 rows: the coverage checklist lists them by group
    TSC(1, 'd', 4, true, "rdtsc"),
    CX8(1, 'd', 8, true, "cmpxchg16b"), // 0F C7 /1 without REX.W is cmpxchg8b
    CMOV(1, 'd', 15, true, "cmovb cmove cmovl fcmovb fcomi fucomi"),
    MMX(1, 'd', 23, true, "emms movd movq packsswb packssdw packuswb paddb paddw paddd paddsb paddsw paddusb paddusw "
            + "pand pandn por pxor pcmpeqb pcmpeqw pcmpeqd pcmpgtb pcmpgtw pcmpgtd pmaddwd pmulhw pmullw "
            + "psllw pslld psllq psraw psrad psrlw psrld psrlq psubb psubw psubd psubsb psubsw psubusb psubusw "
            + "punpckhbw punpckhwd punpckhdq punpcklbw punpcklwd punpckldq"), // glibc's ld.so requires it (x86-64 baseline)
    FXSR(1, 'd', 24, true, "fxsave fxrstor"),
    SSE(1, 'd', 25, true, "movups movss movlps movhps movaps movntps movmskps unpcklps unpckhps "
            + "sqrtps sqrtss addps addss mulps mulss subps subss minps minss divps divss maxps maxss "
            + "andps andnps orps xorps cmpps cmpss ucomiss comiss cvtsi2ss cvttss2si cvtss2si shufps "
            + "rcpps rcpss rsqrtps rsqrtss ldmxcsr stmxcsr sfence "
            + "pshufw pinsrw pextrw pmovmskb pavgb pavgw pminub pmaxub pminsw pmaxsw pmulhuw psadbw maskmovq movntq "
            + "cvtpi2ps cvtps2pi cvttps2pi"), // the last two lines: SSE's instructions on MMX registers
    SSE2(1, 'd', 26, true, "movupd movsd movlpd movhpd movapd movntpd movntdq movnti movdqa movdqu movd movq movmskpd "
            + "pmovmskb sqrtpd sqrtsd addpd addsd mulpd mulsd subpd subsd minpd minsd divpd divsd maxpd maxsd "
            + "andpd andnpd orpd xorpd cmppd cmpsd ucomisd comisd cvtsi2sd cvttsd2si cvtsd2si cvtps2pd "
            + "cvtpd2ps cvtss2sd cvtsd2ss cvtdq2ps cvtps2dq cvttps2dq cvttpd2dq cvtdq2pd cvtpd2dq shufpd "
            + "pshufd pshufhw pshuflw punpcklbw punpcklwd punpckldq packsswb pcmpgtb pcmpgtw pcmpgtd packuswb "
            + "punpckhbw punpckhwd punpckhdq packssdw punpcklqdq punpckhqdq pcmpeqb pcmpeqw pcmpeqd pinsrw "
            + "pextrw psrlw psrld psrlq paddq pmullw psubusb psubusw pminub pand paddusb paddusw pmaxub pandn "
            + "pavgb psraw psrad pavgw pmulhuw pmulhw psubsb psubsw pminsw por paddsb paddsw pmaxsw pxor "
            + "psllw pslld psllq pmuludq pmaddwd psadbw psubb psubw psubd psubq paddb paddw paddd "
            + "maskmovdqu lfence mfence movq2dq movdq2q cvtpi2pd cvtpd2pi cvttpd2pi"),
    SSE3(1, 'c', 0, true, "addsubps addsubpd haddps haddpd hsubps hsubpd lddqu movddup movsldup movshdup fisttp"),
    SSSE3(1, 'c', 9, true, "pshufb phaddw phaddd phaddsw pmaddubsw phsubw phsubd phsubsw psignb psignw psignd pmulhrsw pabsb pabsw pabsd palignr"),
    CX16(1, 'c', 13, true, "cmpxchg16b"),
    SSE4_1(1, 'c', 19, true, "pblendvb blendvps blendvpd ptest pmovsxbw pmovsxbd pmovsxbq pmovsxwd pmovsxwq pmovsxdq "
            + "pmovzxbw pmovzxbd pmovzxbq pmovzxwd pmovzxwq pmovzxdq pmuldq pcmpeqq movntdqa packusdw pminsb pminsd "
            + "pminuw pminud pmaxsb pmaxsd pmaxuw pmaxud pmulld phminposuw roundps roundpd roundss roundsd blendps "
            + "blendpd pblendw pextrb pextrd pextrq extractps pinsrb insertps pinsrd pinsrq dpps dppd mpsadbw"),
    SSE4_2(1, 'c', 20, true, "pcmpestri pcmpestrm pcmpistri pcmpistrm pcmpgtq crc32"),
    MOVBE(1, 'c', 22, true, "movbe"),
    POPCNT(1, 'c', 23, true, "popcnt"),
    FSGSBASE(7, 'b', 0, true, "rdfsbase"),
    BMI1(7, 'b', 3, true, "andn bextr blsi blsmsk blsr tzcnt"),
    BMI2(7, 'b', 8, true, "bzhi mulx pdep pext rorx sarx shlx shrx"),
    ADX(7, 'b', 19, true, "adcx adox"),
    LAHF_LM(0x80000001, 'c', 0, true, "lahf sahf"),
    ABM(0x80000001, 'c', 5, true, "lzcnt"),
    SYSCALL(0x80000001, 'd', 11, true, "syscall"),
    NX(0x80000001, 'd', 20, true, ""),
    RDTSCP(0x80000001, 'd', 27, true, "rdtscp"),
    LM(0x80000001, 'd', 29, true, "");

    public final int leaf;
    public final char register;
    public final int bit;
    public final boolean advertised;
    public final List<String> mnemonics;

    CpuFeature(int leaf, char register, int bit, boolean advertised, String mnemonics) {
        this.leaf = leaf;
        this.register = register;
        this.bit = bit;
        this.advertised = advertised;
        this.mnemonics = mnemonics.isEmpty() ? List.of() : List.of(mnemonics.split(" "));
    }

    /** The advertised bits of one CPUID register (leaf 7 means subleaf 0). */
    public static int bits(int leaf, char register) {
        int v = 0;
        for (CpuFeature f : values()) if (f.advertised && f.leaf == leaf && f.register == register) v |= 1 << f.bit;
        return v;
    }
}
