package lxrun.translator.interp;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import lxrun.runtime.exec.EngineStats;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.ProcessLayer;
import lxrun.translator.ops.Alu;
import lxrun.translator.ops.Bits;
import lxrun.translator.ops.MulDiv;
import lxrun.translator.ops.Misc;
import lxrun.translator.ops.Mmx;
import lxrun.translator.ops.Sse;
import lxrun.translator.ops.X87;
import lxrun.translator.ops.Shifts;
import lxrun.translator.ops.StringOps;
import lxrun.translator.x86.Decoder;
import lxrun.translator.x86.Disassembler;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

/**
 * The first tier: runs pre-decoded instructions on {@link CpuState} directly, with the helpers of
 * {@code lxrun.translator.ops} the translated code calls, so both tiers share every instruction's
 * semantics and the lazy flags they leave. One method HotSpot compiles once stands for all guest code that
 * has not (yet) earned a translation.
 *
 * <p>State is written only after an instruction's memory accesses succeed (as the translation's exception
 * handler restores it), so a fault is precise: the exception carries the instruction's address.
 */
public final class Interpreter {
    private Interpreter() {
    }


    /**
     * Runs {@code steps} (one guest trace) and returns the address to continue at. The fast forms run here
     * (see {@link Step#form}); the others in {@link #step}. A step that writes memory may have written the
     * trace's own code, so the trace leaves after it once it is invalidated (modified code runs after a jump
     * or a serializing instruction, SDM vol. 3 8.1.3); so does a branch the trace does not follow.
     */
    static long run(InterpretedBlock block, CpuState c) {
        Step[] steps = block.steps;
        if (EngineStats.ON) EngineStats.INTERPRETED.add(steps.length); // whole blocks: an estimate when one leaves early
        long[] r = c.r;
        GuestMemory mem = c.mem;
        Step st = null;
        try {
            for (Step s : steps) {
                st = s;
                long to;
                switch (s.form) {
                    case Step.MOV_RR -> r[s.rd] = r[s.rs] & s.mask();
                    case Step.MOV_RI -> r[s.rd] = s.value();
                    case Step.MOV_RM -> r[s.rd] = read(mem, addr(c, s), 1 << s.size);
                    case Step.MOVZX_RM -> r[s.rd] = read(mem, addr(c, s), Step.bytes(s.s));
                    case Step.MOVZX_RR -> r[s.rd] = r[s.rs] & mask(Step.bytes(s.s));
                    case Step.MOVSX_RM -> r[s.rd] = signExtend(read(mem, addr(c, s), Step.bytes(s.s)), Step.bytes(s.s)) & s.mask();
                    case Step.MOVSX_RR -> r[s.rd] = signExtend(r[s.rs], Step.bytes(s.s)) & s.mask();
                    case Step.LEA -> r[s.rd] = ea(c, s, false) & s.mask();
                    case Step.POP_R -> {
                        long sp = r[4], v = mem.read64(sp);
                        r[4] = sp + 8;
                        r[s.rd] = v;
                    }
                    case Step.ALU_RR -> aluReg(c, s, r[s.rs] & s.mask());
                    case Step.ALU_RI -> aluReg(c, s, s.value());
                    case Step.ALU_RM -> aluReg(c, s, read(mem, addr(c, s), 1 << s.size));
                    case Step.TEST_RR -> Alu.logic(c, r[s.rd] & r[s.rs] & s.mask(), s.size);
                    case Step.TEST_RI -> Alu.logic(c, r[s.rd] & s.value(), s.size);
                    case Step.TEST_MR -> Alu.logic(c, read(mem, addr(c, s), 1 << s.size) & r[s.rs], s.size);
                    case Step.TEST_MI -> Alu.logic(c, read(mem, addr(c, s), 1 << s.size) & s.value(), s.size);
                    case Step.SHIFT_RI -> r[s.rd] = Shifts.shift(c, s.sub, r[s.rd] & s.mask(), Step.kind(s.s) == Step.ONE ? 1 : s.imm & 0xff, s.size) & s.mask();
                    case Step.INC_R -> r[s.rd] = Alu.inc(c, r[s.rd] & s.mask(), s.size) & s.mask();
                    case Step.DEC_R -> r[s.rd] = Alu.dec(c, r[s.rd] & s.mask(), s.size) & s.mask();
                    case Step.SETCC_R -> r[s.rd] = r[s.rd] & ~0xffL | (Flags.cond(c, s.sub) ? 1 : 0);
                    case Step.CMOV_RR -> r[s.rd] = (Flags.cond(c, s.sub) ? r[s.rs] : r[s.rd]) & s.mask();
                    // the forms that write memory: the trace may have written its own code
                    case Step.MOV_MR -> {
                        write(mem, addr(c, s), 1 << s.size, r[s.rs]);
                        if (block.invalidated) return s.next();
                    }
                    case Step.MOV_MI -> {
                        write(mem, addr(c, s), 1 << s.size, s.value());
                        if (block.invalidated) return s.next();
                    }
                    case Step.PUSH_R -> {
                        long v = r[s.rd], sp = r[4] - 8;
                        mem.write64(sp, v);
                        r[4] = sp;
                        if (block.invalidated) return s.next();
                    }
                    case Step.ALU_MR, Step.ALU_MI -> {
                        long a = addr(c, s);
                        int n = 1 << s.size;
                        long v = alu(c, s.sub, read(mem, a, n), s.form == Step.ALU_MR ? r[s.rs] & s.mask() : s.value(), s.size);
                        if (s.sub != OpcodeTable.CMP) {
                            write(mem, a, n, v);
                            if (block.invalidated) return s.next();
                        }
                    }
                    // branches: the trace goes on only where it was decoded to
                    case Step.JCC -> {
                        to = Flags.cond(c, s.sub) ? s.target() : s.next();
                        if (to != s.follow()) return to;
                    }
                    case Step.JMP -> { } // followed: the next step is its target's (or the trace ends there)
                    case Step.RET -> {
                        long sp = r[4], v = mem.read64(sp);
                        r[4] = sp + 8 + (s.imm & 0xffff);
                        return v;
                    }
                    case Step.JMP_IND_R -> {
                        return r[s.rd];
                    }
                    case Step.JMP_IND_M -> {
                        return mem.read64(addr(c, s));
                    }
                    case Step.CALL, Step.CALL_IND_R, Step.CALL_IND_M -> { // a trace ends at every call
                        to = s.form == Step.CALL ? s.target() : s.form == Step.CALL_IND_R ? r[s.rd] : mem.read64(addr(c, s));
                        long sp = r[4] - 8;
                        mem.write64(sp, s.next());
                        r[4] = sp;
                        return to;
                    }
                    default -> {
                        to = step(s, c);
                        if (to != s.follow() || block.invalidated) return to;
                    }
                }
            }
            return st.follow(); // the last step's: its next instruction
        } catch (GuestException e) {
            e.rip = st.sem == Sem.INT3 || (st.sem == Sem.INT && (st.imm & 0xff) == 3) ? st.next() : st.address;
            throw e;
        }
    }

    /** An ALU operation on a register destination of a fast form (32 or 64 bits, or CMP of any width). */
    private static void aluReg(CpuState c, Step s, long b) {
        long v = alu(c, s.sub, c.r[s.rd] & s.mask(), b, s.size);
        if (s.sub != OpcodeTable.CMP) c.r[s.rd] = v & s.mask();
    }

    /**
     * Executes one instruction that has no fast form (direct branches and RET always have one); returns the
     * address of the next one to run.
     */
    private static long step(Step st, CpuState c) {
        long[] r = c.r;
        GuestMemory mem = c.mem;
        int d = st.d, s = st.s;
        switch (st.sem) {
            case MOV, MOVZX -> store(c, st, d, load(c, st, s));
            case MOVSX -> store(c, st, d, signExtend(load(c, st, s), Step.bytes(s)));
            case LEA -> store(c, st, d, ea(c, st, false));
            case ALU -> {
                if (st.locked) return locked(c, st);
                long v = alu(c, st.sub, load(c, st, d), load(c, st, s), sizeIndex(Step.bytes(d)));
                if (st.sub != OpcodeTable.CMP) store(c, st, d, v);
            }
            case TEST -> Alu.logic(c, load(c, st, d) & load(c, st, s), sizeIndex(Step.bytes(d)));
            case INC, DEC, NOT, NEG -> {
                if (st.locked) return locked(c, st);
                store(c, st, d, unary(c, st.sem, load(c, st, d), Step.bytes(d)));
            }
            case SHIFT -> store(c, st, d, Shifts.shift(c, st.sub, load(c, st, d), load(c, st, s), sizeIndex(Step.bytes(d))));
            case SHLD -> store(c, st, d, Shifts.shld(c, load(c, st, d), load(c, st, s), load(c, st, st.t), sizeIndex(Step.bytes(d))));
            case SHRD -> store(c, st, d, Shifts.shrd(c, load(c, st, d), load(c, st, s), load(c, st, st.t), sizeIndex(Step.bytes(d))));
            case MUL1 -> MulDiv.mul(c, load(c, st, d), sizeIndex(Step.bytes(d)));
            case IMUL1 -> MulDiv.imul1(c, load(c, st, d), sizeIndex(Step.bytes(d)));
            case DIV -> MulDiv.div(c, load(c, st, d), sizeIndex(Step.bytes(d)));
            case IDIV -> MulDiv.idiv(c, load(c, st, d), sizeIndex(Step.bytes(d)));
            case IMUL2 -> store(c, st, d, MulDiv.imul(c, load(c, st, d), load(c, st, s), sizeIndex(Step.bytes(d))));
            case IMUL3 -> store(c, st, d, MulDiv.imul(c, load(c, st, s), load(c, st, st.t), sizeIndex(Step.bytes(d))));
            case PUSH -> push(c, load(c, st, d), Step.bytes(d));
            case POP -> {
                int n = Step.bytes(d);
                long sp = r[4], v = read(mem, sp, n);
                r[4] = sp + n;
                store(c, st, d, v); // a memory destination is addressed with the incremented RSP
            }
            case PUSHF -> push(c, Misc.pushf(c), st.opSize);
            case POPF -> {
                int n = st.opSize;
                long sp = r[4], v = read(mem, sp, n);
                r[4] = sp + n;
                Misc.popf(c, v, n);
            }
            case LEAVE -> { // RSP = RBP, then pop RBP (with 66: BP, the rest of RBP stays)
                int n = st.opSize;
                long sp = r[5], v = read(mem, sp, n);
                r[4] = sp + n;
                writeReg(c, st.reg(5, n), v);
            }
            case ENTER -> Misc.enter(c, (int) (st.imm & 0xffff), (int) (st.imm >>> 16 & 0xff), st.opSize);
            case CBW -> {
                int n = st.opSize;
                writeReg(c, st.reg(0, n), signExtend(readReg(c, st.reg(0, n / 2)), n / 2));
            }
            case CWD -> {
                int n = st.opSize;
                writeReg(c, st.reg(2, n), signExtend(readReg(c, st.reg(0, n)), n) >> 63);
            }
            case LAHF -> Misc.lahf(c);
            case SAHF -> Misc.sahf(c);
            case FLAGOP -> Misc.flagOp(c, st.sub);
            case JMP_IND -> {
                return load(c, st, d);
            }
            case CALL_IND -> {
                long target = load(c, st, d);
                push(c, st.next(), 8);
                return target;
            }
            case LOOP -> {
                int cx = st.reg(1, st.adsize ? 4 : 8);
                long n = readReg(c, cx) - 1;
                writeReg(c, cx, n);
                if ((n & mask(Step.bytes(cx))) == 0) return st.next();
                if (st.sub < 2 && !Flags.cond(c, st.sub == 0 ? Flags.NE : Flags.E)) return st.next(); // loopne, loope
                return st.target();
            }
            case JRCXZ -> {
                return readReg(c, st.reg(1, st.adsize ? 4 : 8)) == 0 ? st.target() : st.next();
            }
            case SETCC -> store(c, st, d, Flags.cond(c, st.sub) ? 1 : 0);
            case CMOVCC -> {
                long v = load(c, st, s); // the source is read (and may fault) whatever the condition
                store(c, st, d, Flags.cond(c, st.sub) ? v : load(c, st, d));
            }
            case XCHG -> {
                if (st.locked) return locked(c, st);
                long dv = load(c, st, d), sv = load(c, st, s);
                store(c, st, d, sv);
                store(c, st, s, dv);
            }
            case CMPXCHG -> {
                if (st.locked) return locked(c, st);
                int acc = st.reg(0, Step.bytes(d));
                long dv = load(c, st, d), av = readReg(c, acc);
                Alu.sub(c, av, dv, sizeIndex(Step.bytes(d)));
                if (av == dv) store(c, st, d, load(c, st, s));
                else writeReg(c, acc, dv);
            }
            case XADD -> {
                if (st.locked) return locked(c, st);
                long dv = load(c, st, d), sum = Alu.add(c, dv, load(c, st, s), sizeIndex(Step.bytes(d)));
                if (Step.isMem(d)) {
                    store(c, st, d, sum);
                    store(c, st, s, dv);
                } else {
                    store(c, st, s, dv);
                    store(c, st, d, sum); // last: "xadd r, r" leaves the sum
                }
            }
            case BT -> bt(c, st);
            case BSF -> store(c, st, d, Bits.bsf(c, load(c, st, s), load(c, st, d), sizeIndex(Step.bytes(s))));
            case BSR -> store(c, st, d, Bits.bsr(c, load(c, st, s), load(c, st, d), sizeIndex(Step.bytes(s))));
            case TZCNT -> store(c, st, d, Bits.tzcnt(c, load(c, st, s), sizeIndex(Step.bytes(s))));
            case LZCNT -> store(c, st, d, Bits.lzcnt(c, load(c, st, s), sizeIndex(Step.bytes(s))));
            case POPCNT -> store(c, st, d, Bits.popcnt(c, load(c, st, s), sizeIndex(Step.bytes(s))));
            case BSWAP, MOVBE -> store(c, st, d, Bits.bswap(load(c, st, s != Step.NONE ? s : d), sizeIndex(Step.bytes(d))));
            case CRC32 -> store(c, st, d, Bits.crc32(load(c, st, d), load(c, st, s), Step.bytes(s)));
            case ADX -> store(c, st, d, st.sub == 0 ? Alu.adcx(c, load(c, st, d), load(c, st, s), sizeIndex(Step.bytes(d)))
                    : Alu.adox(c, load(c, st, d), load(c, st, s), sizeIndex(Step.bytes(d))));
            case MULX -> {
                long a = readReg(c, st.reg(2, Step.bytes(d))), b = load(c, st, st.t);
                long hi = MulDiv.mulHigh(a, b, sizeIndex(Step.bytes(d)));
                store(c, st, s, a * b);
                store(c, st, d, hi); // last: with the same register for both, the high half is what remains
            }
            case STRING -> string(c, st);
            case XLAT -> {
                long a = r[3] + (r[0] & 0xff) + segment(c, st);
                writeReg(c, st.reg(0, 1), mem.read8(a));
            }
            case SYSCALL -> {
                r[1] = st.next(); // the CPU saves RIP in RCX and RFLAGS in R11
                r[11] = c.rflags();
                c.rip = st.next();
                ProcessLayer.systemCall(c);
                return c.rip;
            }
            case CPUID -> Misc.cpuid(c);
            case RDTSC -> Misc.rdtsc(c);
            case RDTSCP -> {
                Misc.rdtsc(c);
                r[1] = 0; // TSC_AUX: Linux puts (NUMA node << 12) | CPU number there, 0 for the one CPU here
            }
            case RDFSBASE -> fsgsBase(c, st);
            case NOP, FENCE -> { }
            case UD -> throw new CpuException(GuestException.UD, "invalid instruction at " + describe(c, st));
            case INT3 -> throw new CpuException(GuestException.BP, "int3");
            case INT -> {
                // only vector 3 (and 4, #OF, which Linux also reports as SIGSEGV) has a user-mode gate
                if ((st.imm & 0xff) == 3) throw new CpuException(GuestException.BP, "int3");
                throw new CpuException(GuestException.GP, "privileged instruction at " + describe(c, st));
            }
            case HLT -> throw new CpuException(GuestException.GP, "privileged instruction at " + describe(c, st));
            case SSE -> sse(c, st);
            case SSE_STORE -> {
                Operand[] ops = st.entry.operands();
                if (st.mod == 3) {
                    st.helper.call(c, vectorReg(st, ops[0]), vectorReg(st, ops[1]), 0);
                } else {
                    long a = addr(c, st);
                    alignCheck(st, a, st.sub);
                    if (ops[1].isMmx()) Mmx.storeMem(c, a, vectorReg(st, ops[1])); // 8 bytes
                    else Sse.storeMem(c, a, vectorReg(st, ops[1]), st.sub);
                }
                mmxTransition(c, st);
            }
            case X87 -> st.helper.call(c, st.mem ? addr(c, st) : st.rm & 7, 0, 0);
            case FXSAVE, FXRSTOR -> {
                long a = addr(c, st);
                Misc.checkAligned16(a); // #GP: the 512-byte area must be 16-byte aligned
                if (st.sem == Sem.FXSAVE) X87.fxsave(c, a);
                else X87.fxrstor(c, a);
            }
            case LDMXCSR -> Misc.ldmxcsr(c, load(c, st, d)); // #GP for reserved bits
            case STMXCSR -> store(c, st, d, c.mxcsr);
            case CMPXCHG16B -> {
                if (st.rexW) Misc.cmpxchg16b(c, addr(c, st));
                else Misc.cmpxchg8b(c, addr(c, st)); // 0F C7 /1 is cmpxchg8b without REX.W
            }
            case BMI -> {
                long a = load(c, st, s), size = sizeIndex(Step.bytes(d));
                store(c, st, d, st.t == Step.NONE ? st.helper.call(c, a, size, 0) : st.helper.call(c, a, load(c, st, st.t), size));
            }
            default -> throw new CpuException(GuestException.UD, "unsupported instruction at " + describe(c, st));
        }
        return st.next();
    }

    // ------------------------------------------------------------------ semantics shared by plain and locked forms

    private static long alu(CpuState c, int op, long a, long b, int size) {
        return switch (op) {
            case OpcodeTable.ADD -> Alu.add(c, a, b, size);
            case OpcodeTable.OR -> Alu.or(c, a, b, size);
            case OpcodeTable.ADC -> Alu.adc(c, a, b, size);
            case OpcodeTable.SBB -> Alu.sbb(c, a, b, size);
            case OpcodeTable.AND -> Alu.and(c, a, b, size);
            case OpcodeTable.XOR -> Alu.xor(c, a, b, size);
            default -> Alu.sub(c, a, b, size); // SUB, CMP
        };
    }

    private static long unary(CpuState c, Sem sem, long v, int bytes) {
        return switch (sem) {
            case INC -> Alu.inc(c, v, sizeIndex(bytes));
            case DEC -> Alu.dec(c, v, sizeIndex(bytes));
            case NOT -> ~v;
            default -> Alu.neg(c, v, sizeIndex(bytes));
        };
    }

    /**
     * A LOCK-prefixed read-modify-write (or XCHG with memory): computed from the value read and stored with
     * a compare-and-swap, retried until no other thread wrote in between, so guest threads see it atomic.
     */
    private static long locked(CpuState c, Step st) {
        int d = st.d, s = st.s;
        int n = Step.bytes(d), size = sizeIndex(n);
        long a = addr(c, st);
        GuestMemory mem = c.mem;
        while (true) {
            long old = read(mem, a, n), v;
            switch (st.sem) {
                case ALU -> v = alu(c, st.sub, old, load(c, st, s), size);
                case INC, DEC, NOT, NEG -> v = unary(c, st.sem, old, n);
                case XCHG -> v = readReg(c, Step.isMem(d) ? s : d);
                case XADD -> v = Alu.add(c, old, load(c, st, s), size);
                case CMPXCHG -> {
                    int acc = st.reg(0, n);
                    long av = readReg(c, acc);
                    Alu.sub(c, av, old, size);
                    if (av != old) {
                        writeReg(c, acc, old);
                        return st.next();
                    }
                    v = load(c, st, s);
                }
                default -> throw new IllegalStateException("not a locked form: " + st.sem);
            }
            if (!mem.cas(a, n, old, v)) continue;
            if (st.sem == Sem.XCHG) writeReg(c, Step.isMem(d) ? s : d, old);
            else if (st.sem == Sem.XADD) writeReg(c, s, old);
            return st.next();
        }
    }

    /** BT, BTS, BTR, BTC (sub 0-3): a register bit offset addresses memory beyond the operand (signed, in operand units). */
    private static void bt(CpuState c, Step st) {
        int d = st.d;
        int n = Step.bytes(d), bits = 8 * n;
        long bit;
        long a = 0;
        if (Step.isMem(d)) a = addr(c, st);
        if (Step.kind(st.s) == Step.IMM) {
            bit = st.imm & (bits - 1);
        } else {
            long off = load(c, st, st.s);
            if (Step.isMem(d)) {
                off = signExtend(off, n);
                a += (off >> Integer.numberOfTrailingZeros(bits)) << Integer.numberOfTrailingZeros(n);
            }
            bit = off & (bits - 1);
        }
        if (!Step.isMem(d)) {
            long v = Bits.bt(c, readReg(c, d), bit, st.sub);
            if (st.sub != 0) writeReg(c, d, v);
            return;
        }
        GuestMemory mem = c.mem;
        while (true) {
            long old = read(mem, a, n), v = Bits.bt(c, old, bit, st.sub);
            if (st.sub == 0) return;
            if (!st.locked) {
                write(mem, a, n, v);
                return;
            }
            if (mem.cas(a, n, old, v)) return;
        }
    }

    private static final String[] STRING_OPS = {"movs", "cmps", "stos", "lods", "scas"};

    private static void string(CpuState c, Step st) {
        int bytes = 1;
        for (var o : st.entry.operands()) if (o.kind() == 'X' || o.kind() == 'Y') bytes = o.bytes(st.opSize);
        int rep = st.rep ? 1 : st.repne ? 2 : 0;
        long seg = segment(c, st);
        switch (st.sub) {
            case 0 -> StringOps.movs(c, bytes, rep, st.adsize, seg);
            case 1 -> StringOps.cmps(c, bytes, rep, st.adsize, seg);
            case 2 -> StringOps.stos(c, bytes, rep, st.adsize, seg);
            case 3 -> StringOps.lods(c, bytes, rep, st.adsize, seg);
            default -> StringOps.scas(c, bytes, rep, st.adsize, seg);
        }
    }

    /** RDFSBASE/RDGSBASE (sub 0, 1) and WRFSBASE/WRGSBASE (sub 2, 3); a non-canonical base is #GP. */
    private static void fsgsBase(CpuState c, Step st) {
        boolean fs = (st.sub & 1) == 0;
        if (st.sub < 2) {
            writeReg(c, st.d, fs ? c.fsBase : c.gsBase); // a 32-bit destination gets the low half, zero-extended
            return;
        }
        long v = readReg(c, st.d);
        if (v << 16 >> 16 != v) throw new CpuException(GuestException.GP, "non-canonical base at " + describe(c, st));
        if (fs) c.fsBase = v;
        else c.gsBase = v;
    }

    // ------------------------------------------------------------------ SSE and MMX

    /** An SSE row: its helper gets XMM/MMX register numbers (memory sources staged in scratch register 16) or GPR values. */
    private static void sse(CpuState c, Step st) {
                Operand[] ops = st.entry.operands();
        Helper h = st.helper;
        long imm = st.imm & 0xff;
        switch (h.shape) {
            case Helper.EMMS -> h.call(c, 0, 0, 0);
            case Helper.GROUP -> h.call(c, st.reg & 7, vectorReg(st, ops[0]), imm); // 0F 71-73 /reg ib
            case Helper.VEC_VEC -> {
                int src = source(c, st, ops[1]);
                h.call(c, vectorReg(st, ops[0]), src, imm);
            }
            case Helper.GPR_FROM_VEC -> {
                int src = source(c, st, ops[1]);
                store(c, st, st.d, h.call(c, src, imm, 0));
            }
            case Helper.VEC_FROM_GPR -> h.call(c, vectorReg(st, ops[0]), load(c, st, st.s), imm);
            default -> store(c, st, st.d, h.call(c, vectorReg(st, ops[1]), imm, 0));
        }
        mmxTransition(c, st);
    }

    /** The register a vector operand names (a memory source is loaded into scratch register 16 first). */
    private static int source(CpuState c, Step st, Operand o) {
        if (st.mod == 3) return vectorReg(st, o);
        long a = addr(c, st);
        int n = o.bytes(st.opSize);
        alignCheck(st, a, n);
        Sse.loadScratch(c, a, n);
        return 16;
    }

    /** The XMM or MMX register of an operand: ModRM.reg for V/P, else ModRM.rm; MMX ignores REX.R/REX.B. */
    private static int vectorReg(Step st, Operand o) {
        int n = o.kind() == 'V' || o.kind() == 'P' ? st.reg : st.rm;
        return o.isMmx() ? n & 7 : n;
    }

    /** Legacy SSE: a 16-byte memory operand must be 16-byte aligned (#GP), except for the rows that say otherwise. */
    private static void alignCheck(Step st, long a, int bytes) {
        if (bytes == 16 && st.entry.alignedMemory()) Misc.checkAligned16(a);
    }

    /** SDM vol. 1 9.5.1: an instruction naming an MMX register sets the x87 TOS to 0 and all tags valid, once it succeeded. */
    private static void mmxTransition(CpuState c, Step st) {
        for (Operand o : st.entry.operands()) {
            if (o.kind() == 'P' || (o.isMmx() && st.mod == 3)) {
                Mmx.transition(c);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ operands

    private static long load(CpuState c, Step st, int l) {
        return switch (Step.kind(l)) {
            case Step.REG -> readReg(c, l);
            case Step.MEM -> read(c.mem, addr(c, st), Step.bytes(l));
            case Step.IMM -> st.imm & mask(Step.bytes(l));
            default -> 1; // the constant 1 of the shift-by-one rows
        };
    }

    private static void store(CpuState c, Step st, int l, long v) {
        if (Step.isMem(l)) write(c.mem, addr(c, st), Step.bytes(l), v);
        else writeReg(c, l, v);
    }

    private static long readReg(CpuState c, int l) {
        long v = c.r[Step.reg(l)];
        if (Step.high(l)) v >>>= 8;
        return v & mask(Step.bytes(l));
    }

    /** x86's partial-register rules: 32-bit writes zero-extend, 8- and 16-bit writes keep the other bits. */
    private static void writeReg(CpuState c, int l, long v) {
        int n = Step.bytes(l);
        if (n >= 4) {
            c.r[Step.reg(l)] = v & mask(n);
        } else if (Step.high(l)) {
            c.r[Step.reg(l)] = c.r[Step.reg(l)] & ~0xff00L | (v & 0xff) << 8;
        } else {
            long m = mask(n);
            c.r[Step.reg(l)] = c.r[Step.reg(l)] & ~m | v & m;
        }
    }

    private static long read(GuestMemory mem, long a, int n) {
        return switch (n) {
            case 1 -> mem.read8(a);
            case 2 -> mem.read16(a);
            case 4 -> mem.read32(a) & 0xffffffffL;
            default -> mem.read64(a);
        };
    }

    private static void write(GuestMemory mem, long a, int n, long v) {
        switch (n) {
            case 1 -> mem.write8(a, (int) v);
            case 2 -> mem.write16(a, (int) v);
            case 4 -> mem.write32(a, (int) v);
            default -> mem.write64(a, v);
        }
    }

    private static void push(CpuState c, long v, int n) {
        long sp = c.r[4] - n;
        write(c.mem, sp, n, v);
        c.r[4] = sp;
    }

    /** The address of the instruction's memory operand (ModRM or moffs), with the FS/GS base. */
    private static long addr(CpuState c, Step st) {
        return ea(c, st, true);
    }

    private static long ea(CpuState c, Step st, boolean segment) {
        long a = st.disp; // a RIP-relative or moffs address is all displacement
        if (st.base >= 0) a += c.r[st.base];
        if (st.index >= 0) a += c.r[st.index] << st.scaleShift;
        if (st.adsize) a &= 0xffffffffL;
        return segment && st.segment != Instruction.SEG_NONE ? a + segment(c, st) : a;
    }

    private static long segment(CpuState c, Step st) {
        return st.segment == Instruction.SEG_FS ? c.fsBase : st.segment == Instruction.SEG_GS ? c.gsBase : 0;
    }

    private static long mask(int bytes) {
        return bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1;
    }

    private static int sizeIndex(int bytes) {
        return Integer.numberOfTrailingZeros(bytes);
    }

    private static long signExtend(long v, int bytes) {
        return bytes >= 8 ? v : v << (64 - 8 * bytes) >> (64 - 8 * bytes);
    }

    /** The instruction as the user's one-line error shows it (decoded again: steps keep no Instruction). */
    private static String describe(CpuState c, Step st) {
        Instruction in = new Decoder().decode(c.mem, st.address);
        return String.format("0x%x: %s (%s)", in.address, Disassembler.format(in), in.hexBytes());
    }
}
