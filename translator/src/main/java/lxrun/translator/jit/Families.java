package lxrun.translator.jit;

import lxrun.translator.x86.Sem;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static lxrun.translator.x86.Sem.*;

/** The emitter of each {@link Sem}: the one place that says which family implements which instructions. */
final class Families {
    private Families() {}

    static final Map<Sem, Family> BY_SEM = bySem();

    private static Map<Sem, Family> bySem() {
        EnumMap<Sem, Family> m = new EnumMap<>(Sem.class);
        m.put(MOV, MoveFamily::mov);
        m.put(MOVZX, MoveFamily::movzx);
        m.put(MOVSX, MoveFamily::movsx);
        m.put(LEA, MoveFamily::lea);
        m.put(XCHG, MoveFamily::xchg);
        m.put(CBW, MoveFamily::cbw);
        m.put(CWD, MoveFamily::cwd);
        m.put(XLAT, MoveFamily::xlat);
        m.put(CMOVCC, MoveFamily::cmovcc);
        m.put(SETCC, MoveFamily::setcc);

        m.put(ALU, AluFamily::alu);
        m.put(TEST, AluFamily::test);
        m.put(INC, AluFamily::incDec);
        m.put(DEC, AluFamily::incDec);
        m.put(NOT, AluFamily::not);
        m.put(NEG, AluFamily::neg);
        m.put(CMPXCHG, AluFamily::cmpxchg);
        m.put(XADD, AluFamily::xadd);
        m.put(ADX, AluFamily::adx);
        m.put(MUL1, AluFamily::mulDiv);
        m.put(IMUL1, AluFamily::mulDiv);
        m.put(DIV, AluFamily::mulDiv);
        m.put(IDIV, AluFamily::mulDiv);
        m.put(IMUL2, AluFamily::imul);
        m.put(IMUL3, AluFamily::imul);
        m.put(MULX, AluFamily::mulx);

        m.put(SHIFT, ShiftFamily::shift);
        m.put(SHLD, ShiftFamily::shiftDouble);
        m.put(SHRD, ShiftFamily::shiftDouble);

        m.put(BT, BitFamily::bt);
        m.put(BSF, BitFamily::bitScan);
        m.put(BSR, BitFamily::bitScan);
        m.put(TZCNT, BitFamily::count);
        m.put(LZCNT, BitFamily::count);
        m.put(POPCNT, BitFamily::count);
        m.put(BSWAP, BitFamily::bswap);
        m.put(MOVBE, BitFamily::bswap);
        m.put(CRC32, BitFamily::crc32);
        m.put(BMI, BitFamily::bmi);

        m.put(PUSH, StackFamily::push);
        m.put(POP, StackFamily::pop);
        m.put(PUSHF, StackFamily::pushf);
        m.put(POPF, StackFamily::popf);
        m.put(LEAVE, StackFamily::leave);
        m.put(ENTER, StackFamily::enter);

        m.put(JCC, BranchFamily::jcc);
        m.put(JMP, BranchFamily::jmp);
        m.put(JMP_IND, BranchFamily::jmpIndirect);
        m.put(CALL, BranchFamily::callDirect);
        m.put(CALL_IND, BranchFamily::callIndirect);
        m.put(RET, BranchFamily::ret);
        m.put(LOOP, BranchFamily::loop);
        m.put(JRCXZ, BranchFamily::jrcxz);

        m.put(SYSCALL, SystemFamily::syscall);
        m.put(CPUID, SystemFamily.misc("cpuid"));
        m.put(RDTSC, SystemFamily.misc("rdtsc"));
        m.put(RDTSCP, SystemFamily::rdtscp);
        m.put(RDFSBASE, SystemFamily::fsgsBase);
        m.put(NOP, SystemFamily::nop);
        m.put(FENCE, SystemFamily::nop);
        m.put(UD, SystemFamily::ud);
        m.put(INT3, SystemFamily::int3);
        m.put(INT, SystemFamily::intN);
        m.put(HLT, SystemFamily::hlt);
        m.put(LAHF, SystemFamily.misc("lahf"));
        m.put(SAHF, SystemFamily.misc("sahf"));
        m.put(FLAGOP, SystemFamily::flagOp);
        m.put(STRING, SystemFamily::string);
        m.put(CMPXCHG16B, SystemFamily::cmpxchg16b);

        m.put(X87, FpuFamily::x87);
        m.put(FXSAVE, FpuFamily::fxsaveFxrstor);
        m.put(FXRSTOR, FpuFamily::fxsaveFxrstor);
        m.put(LDMXCSR, FpuFamily::ldmxcsr);
        m.put(STMXCSR, FpuFamily::stmxcsr);

        m.put(SSE, SseFamily::sse);
        m.put(SSE_STORE, SseFamily::sseStore);
        return Collections.unmodifiableMap(m);
    }
}
