package lxrun.translator.interp;

import lxrun.runtime.cpu.CpuState;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ops helper of an SSE, x87 or BMI row, bound for the interpreter: the static method the translated
 * code calls, found with the parameter list the emitter passes it, and adapted to one call shape
 * {@code long (CpuState, long, long, long)} (extra arguments dropped, ints narrowed, a void result 0).
 */
final class Helper {
    /** How the interpreter supplies an SSE row's operands (the emitter's cases, in its order). */
    static final int EMMS = 0, GROUP = 1, VEC_VEC = 2, GPR_FROM_VEC = 3, VEC_FROM_GPR = 4, TO_GPR_OR_MEM = 5, STORE_REGS = 6,
            X87_MEM = 7, X87_REG = 8, BMI = 9;
    private static final MethodType UNIFORM =
            MethodType.methodType(long.class, CpuState.class, long.class, long.class, long.class);
    private static final Map<String, MethodHandle> BOUND = new ConcurrentHashMap<>();

    final int shape;
    final MethodHandle handle;

    private Helper(int shape, MethodHandle handle) {
        this.shape = shape;
        this.handle = handle;
    }

    long call(CpuState c, long a, long b, long d) {
        try {
            return (long) handle.invokeExact(c, a, b, d);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The helper of {@code in}'s row, or null for a row that has none. */
    static Helper of(Instruction in) {
        Entry e = in.entry;
        Operand[] ops = e.operands();
        return switch (e.sem()) {
            case X87 -> in.isMem() ? bind(X87_MEM, e, "X87", e.helper(), void.class, long.class)
                    : bind(X87_REG, e, "X87", e.helper(), void.class, int.class);
            case SSE_STORE -> in.mod == 3 ? bind(STORE_REGS, e, e.helperOwner(), e.helperMethod(in.opSize), void.class, int.class, int.class) : null;
            case SSE -> sse(in, e, ops);
            case BMI -> bmi(e, ops);
            default -> null;
        };
    }

    private static Helper sse(Instruction in, Entry e, Operand[] ops) {
        String owner = e.helperOwner(), name = e.helperMethod(in.opSize);
        if (ops.length == 0) return bind(EMMS, e, owner, name, void.class);
        Operand d = ops[0], s = ops[1];
        boolean vd = d.kind() == 'V' || d.kind() == 'P', imm = ops.length >= 3;
        if (d.kind() == 'U' || d.kind() == 'N') return bind(GROUP, e, owner, name, void.class, int.class, int.class, int.class);
        if (vd && s.isVector()) return imm ? bind(VEC_VEC, e, owner, name, void.class, int.class, int.class, int.class)
                : bind(VEC_VEC, e, owner, name, void.class, int.class, int.class);
        if (d.kind() == 'G' && s.isVector()) return imm ? bind(GPR_FROM_VEC, e, owner, name, long.class, int.class, int.class)
                : bind(GPR_FROM_VEC, e, owner, name, long.class, int.class);
        if (vd) return imm ? bind(VEC_FROM_GPR, e, owner, name, void.class, int.class, long.class, int.class)
                : bind(VEC_FROM_GPR, e, owner, name, void.class, int.class, long.class);
        return imm ? bind(TO_GPR_OR_MEM, e, owner, name, long.class, int.class, int.class)
                : bind(TO_GPR_OR_MEM, e, owner, name, long.class, int.class);
    }

    /** A BMI helper: {@code long ([CpuState,] long src..., int size)} (see Sem.BMI); called with (sources..., size). */
    private static Helper bmi(Entry e, Operand[] ops) {
        Class<?>[] p = new Class<?>[ops.length];
        for (int i = 0; i < ops.length - 1; i++) p[i] = long.class;
        p[ops.length - 1] = int.class;
        return bind(BMI, e, "Bits", e.helper(), long.class, p);
    }

    private static Helper bind(int shape, Entry e, String owner, String name, Class<?> ret, Class<?>... params) {
        boolean withCpu = e.sem() != Sem.BMI || e.has(Entry.WRITES_FLAGS);
        String key = owner + "." + name + MethodType.methodType(ret, params) + withCpu;
        MethodHandle h = BOUND.computeIfAbsent(key, k -> {
            try {
                Class<?> cls = Class.forName("lxrun.translator.ops." + owner);
                MethodType t = MethodType.methodType(ret, params);
                if (withCpu) t = t.insertParameterTypes(0, CpuState.class);
                MethodHandle m = MethodHandles.publicLookup().findStatic(cls, name, t);
                if (!withCpu) m = MethodHandles.dropArguments(m, 0, CpuState.class);
                int pad = UNIFORM.parameterCount() - m.type().parameterCount();
                if (pad > 0) m = MethodHandles.dropArguments(m, m.type().parameterCount(), UNIFORM.parameterList().subList(4 - pad, 4));
                return MethodHandles.explicitCastArguments(m, UNIFORM);
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("no helper " + owner + "." + name + " for " + e.mnemonic(), ex);
            }
        });
        return new Helper(shape, h);
    }
}
