package lxrun.translator.x86;

/**
 * The semantic class of an opcode table entry: which emitter of the translator implements it.
 * Entries of one class share an emitter and differ by the table's {@code sub} value (e.g. which ALU op).
 */
public enum Sem {
    ALU, // sub = Alu op: ADD OR ADC SBB AND SUB XOR CMP
    TEST, MOV, MOVZX, MOVSX, LEA, XCHG, CMPXCHG, XADD,
    INC, DEC, NOT, NEG,
    SHIFT, // sub = ROL ROR RCL RCR SHL SHR SAL SAR (the group-2 order)
    SHLD, SHRD,
    MUL1, IMUL1, DIV, IDIV, IMUL2, IMUL3,
    PUSH, POP, PUSHF, POPF, LEAVE, ENTER,
    CBW, CWD, LAHF, SAHF, FLAGOP, // sub: CLC STC CMC CLD STD
    JCC, JMP, JMP_IND, CALL, CALL_IND, RET, LOOP, JRCXZ,
    SETCC, CMOVCC,
    BT, BSF, BSR, TZCNT, LZCNT, POPCNT, BSWAP,
    STRING, // sub: MOVS CMPS STOS LODS SCAS
    XLAT,
    SYSCALL, CPUID, RDTSC, RDTSCP, NOP, UD, INT3, INT, HLT, FENCE,
    /** An x87 instruction: the entry names a static method of ops.X87. */
    X87,
    /** An SSE instruction implemented by a static method of ops.Sse named by the entry. */
    SSE,
    /** An SSE move whose destination may be memory: sub = bytes stored (4, 8, 16); helper for the register form. */
    SSE_STORE,
    FXSAVE, FXRSTOR, LDMXCSR, STMXCSR,
    /** sub: 0 RDFSBASE, 1 RDGSBASE, 2 WRFSBASE, 3 WRGSBASE. */
    RDFSBASE, CMPXCHG16B,
    MOVBE, CRC32,
    /** sub: 0 ADCX (carry in CF), 1 ADOX (carry in OF). */
    ADX,
    /**
     * A BMI1/BMI2 operation implemented by the static method of ops.Bits the entry names:
     * {@code long (CpuState c, long src..., int size)} with the source operands in row order (zero-extended,
     * an immediate as its byte), size 2/3 for 32/64 bits, returning the destination; rows that do not write
     * the flags (no WRITES_FLAGS) get no CpuState.
     */
    BMI,
    /** MULX: RDX times the source, the high half to the reg operand, the low half to VEX.vvvv; no flags. */
    MULX
}
