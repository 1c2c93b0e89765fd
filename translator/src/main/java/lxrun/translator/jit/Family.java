package lxrun.translator.jit;

import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;

/** Emits one instruction of a family (see {@link Families}); {@code ops} are its row's operands. */
@FunctionalInterface
interface Family {
    void emit(CodeGen g, Instruction in, Operand[] ops);
}
