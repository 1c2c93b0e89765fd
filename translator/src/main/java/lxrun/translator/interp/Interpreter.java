package lxrun.translator.interp;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.cpu.Flags;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.ProcessLayer;
import lxrun.translator.interp.Step.Loc;
import lxrun.translator.ops.Alu;
import lxrun.translator.ops.Bits;
import lxrun.translator.ops.MulDiv;
import lxrun.translator.ops.Misc;
import lxrun.translator.ops.Shifts;
import lxrun.translator.ops.StringOps;
import lxrun.translator.x86.Disassembler;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.OpcodeTable;
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

    /** The semantic classes the interpreter runs; a block with any other instruction is translated instead. */
    public static boolean runs(Entry e) {
        return switch (e.sem()) {
            case X87, SSE, SSE_STORE, FXSAVE, FXRSTOR, LDMXCSR, STMXCSR, BMI, CMPXCHG16B -> false;
            default -> true;
        };
    }

    /** Runs {@code steps} (one guest block) and returns the address to continue at. */
    static long run(InterpretedBlock block, CpuState c) {
        Step[] steps = block.steps;
        Step st = null;
        try {
            for (Step s : steps) {
                st = s;
                long to = step(s, c);
                // a taken branch leaves; so does any instruction once the block's own bytes were written
                // (modified code runs after a jump or a serializing instruction, SDM vol. 3 8.1.3)
                if (to != s.next || block.invalidated) return to;
            }
            return st.next;
        } catch (GuestException e) {
            e.rip = st.sem == Sem.INT3 || (st.sem == Sem.INT && (st.in.imm & 0xff) == 3) ? st.next : st.address;
            throw e;
        }
    }

    /** Executes one instruction; returns the address of the next one to run. */
    private static long step(Step st, CpuState c) {
        Instruction in = st.in;
        long[] r = c.r;
        GuestMemory mem = c.mem;
        Loc d = st.d, s = st.s;
        switch (st.sem) {
            case MOV, MOVZX -> store(c, st, d, load(c, st, s));
            case MOVSX -> store(c, st, d, signExtend(load(c, st, s), s.bytes()));
            case LEA -> store(c, st, d, ea(c, in, false));
            case ALU -> {
                if (st.locked) return locked(c, st);
                long v = alu(c, st.sub, load(c, st, d), load(c, st, s), sizeIndex(d.bytes()));
                if (st.sub != OpcodeTable.CMP) store(c, st, d, v);
            }
            case TEST -> Alu.logic(c, load(c, st, d) & load(c, st, s), sizeIndex(d.bytes()));
            case INC, DEC, NOT, NEG -> {
                if (st.locked) return locked(c, st);
                store(c, st, d, unary(c, st.sem, load(c, st, d), d.bytes()));
            }
            case SHIFT -> store(c, st, d, Shifts.shift(c, st.sub, load(c, st, d), load(c, st, s), sizeIndex(d.bytes())));
            case SHLD -> store(c, st, d, Shifts.shld(c, load(c, st, d), load(c, st, s), load(c, st, st.t), sizeIndex(d.bytes())));
            case SHRD -> store(c, st, d, Shifts.shrd(c, load(c, st, d), load(c, st, s), load(c, st, st.t), sizeIndex(d.bytes())));
            case MUL1 -> MulDiv.mul(c, load(c, st, d), sizeIndex(d.bytes()));
            case IMUL1 -> MulDiv.imul1(c, load(c, st, d), sizeIndex(d.bytes()));
            case DIV -> MulDiv.div(c, load(c, st, d), sizeIndex(d.bytes()));
            case IDIV -> MulDiv.idiv(c, load(c, st, d), sizeIndex(d.bytes()));
            case IMUL2 -> store(c, st, d, MulDiv.imul(c, load(c, st, d), load(c, st, s), sizeIndex(d.bytes())));
            case IMUL3 -> store(c, st, d, MulDiv.imul(c, load(c, st, s), load(c, st, st.t), sizeIndex(d.bytes())));
            case PUSH -> push(c, load(c, st, d), d.bytes());
            case POP -> {
                int n = d.bytes();
                long sp = r[4], v = read(mem, sp, n);
                r[4] = sp + n;
                store(c, st, d, v); // a memory destination is addressed with the incremented RSP
            }
            case PUSHF -> push(c, Misc.pushf(c), in.opSize);
            case POPF -> {
                int n = in.opSize;
                long sp = r[4], v = read(mem, sp, n);
                r[4] = sp + n;
                Misc.popf(c, v, n);
            }
            case LEAVE -> { // RSP = RBP, then pop RBP (with 66: BP, the rest of RBP stays)
                int n = in.opSize;
                long sp = r[5], v = read(mem, sp, n);
                r[4] = sp + n;
                writeReg(c, st.reg(5, n), v);
            }
            case ENTER -> Misc.enter(c, (int) (in.imm & 0xffff), (int) (in.imm2 & 0xff), in.opSize);
            case CBW -> {
                int n = in.opSize;
                writeReg(c, st.reg(0, n), signExtend(readReg(c, st.reg(0, n / 2)), n / 2));
            }
            case CWD -> {
                int n = in.opSize;
                writeReg(c, st.reg(2, n), signExtend(readReg(c, st.reg(0, n)), n) >> 63);
            }
            case LAHF -> Misc.lahf(c);
            case SAHF -> Misc.sahf(c);
            case FLAGOP -> Misc.flagOp(c, st.sub);
            case JCC -> {
                return Flags.cond(c, st.sub) ? st.next + in.imm : st.next;
            }
            case JMP -> {
                return st.next + in.imm;
            }
            case JMP_IND -> {
                return load(c, st, d);
            }
            case CALL -> {
                push(c, st.next, 8);
                return st.next + in.imm;
            }
            case CALL_IND -> {
                long target = load(c, st, d);
                push(c, st.next, 8);
                return target;
            }
            case RET -> {
                long sp = r[4], v = mem.read64(sp);
                r[4] = sp + 8 + (in.imm & 0xffff);
                return v;
            }
            case LOOP -> {
                Loc cx = st.reg(1, in.adsize ? 4 : 8);
                long n = readReg(c, cx) - 1;
                writeReg(c, cx, n);
                if ((n & mask(cx.bytes())) == 0) return st.next;
                if (st.sub < 2 && !Flags.cond(c, st.sub == 0 ? Flags.NE : Flags.E)) return st.next; // loopne, loope
                return st.next + in.imm;
            }
            case JRCXZ -> {
                return readReg(c, st.reg(1, in.adsize ? 4 : 8)) == 0 ? st.next + in.imm : st.next;
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
                Loc acc = st.reg(0, d.bytes());
                long dv = load(c, st, d), av = readReg(c, acc);
                Alu.sub(c, av, dv, sizeIndex(d.bytes()));
                if (av == dv) store(c, st, d, load(c, st, s));
                else writeReg(c, acc, dv);
            }
            case XADD -> {
                if (st.locked) return locked(c, st);
                long dv = load(c, st, d), sum = Alu.add(c, dv, load(c, st, s), sizeIndex(d.bytes()));
                if (d.isMem()) {
                    store(c, st, d, sum);
                    store(c, st, s, dv);
                } else {
                    store(c, st, s, dv);
                    store(c, st, d, sum); // last: "xadd r, r" leaves the sum
                }
            }
            case BT -> bt(c, st);
            case BSF -> store(c, st, d, Bits.bsf(c, load(c, st, s), load(c, st, d), sizeIndex(s.bytes())));
            case BSR -> store(c, st, d, Bits.bsr(c, load(c, st, s), load(c, st, d), sizeIndex(s.bytes())));
            case TZCNT -> store(c, st, d, Bits.tzcnt(c, load(c, st, s), sizeIndex(s.bytes())));
            case LZCNT -> store(c, st, d, Bits.lzcnt(c, load(c, st, s), sizeIndex(s.bytes())));
            case POPCNT -> store(c, st, d, Bits.popcnt(c, load(c, st, s), sizeIndex(s.bytes())));
            case BSWAP, MOVBE -> store(c, st, d, Bits.bswap(load(c, st, s != null ? s : d), sizeIndex(d.bytes())));
            case CRC32 -> store(c, st, d, Bits.crc32(load(c, st, d), load(c, st, s), s.bytes()));
            case ADX -> store(c, st, d, st.sub == 0 ? Alu.adcx(c, load(c, st, d), load(c, st, s), sizeIndex(d.bytes()))
                    : Alu.adox(c, load(c, st, d), load(c, st, s), sizeIndex(d.bytes())));
            case MULX -> {
                long a = readReg(c, st.reg(2, d.bytes())), b = load(c, st, st.t);
                long hi = MulDiv.mulHigh(a, b, sizeIndex(d.bytes()));
                store(c, st, s, a * b);
                store(c, st, d, hi); // last: with the same register for both, the high half is what remains
            }
            case STRING -> string(c, st);
            case XLAT -> {
                long a = r[3] + (r[0] & 0xff) + segment(c, in);
                writeReg(c, st.reg(0, 1), mem.read8(a));
            }
            case SYSCALL -> {
                r[1] = st.next; // the CPU saves RIP in RCX and RFLAGS in R11
                r[11] = c.rflags();
                c.rip = st.next;
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
            case UD -> throw new CpuException(GuestException.UD, "invalid instruction at " + describe(in));
            case INT3 -> throw new CpuException(GuestException.BP, "int3");
            case INT -> {
                // only vector 3 (and 4, #OF, which Linux also reports as SIGSEGV) has a user-mode gate
                if ((in.imm & 0xff) == 3) throw new CpuException(GuestException.BP, "int3");
                throw new CpuException(GuestException.GP, "privileged instruction at " + describe(in));
            }
            case HLT -> throw new CpuException(GuestException.GP, "privileged instruction at " + describe(in));
            default -> throw new CpuException(GuestException.UD, "unsupported instruction at " + describe(in));
        }
        return st.next;
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
        Loc d = st.d, s = st.s;
        int n = d.bytes(), size = sizeIndex(n);
        long a = ea(c, st);
        GuestMemory mem = c.mem;
        while (true) {
            long old = read(mem, a, n), v;
            switch (st.sem) {
                case ALU -> v = alu(c, st.sub, old, load(c, st, s), size);
                case INC, DEC, NOT, NEG -> v = unary(c, st.sem, old, n);
                case XCHG -> v = readReg(c, d.isMem() ? s : d);
                case XADD -> v = Alu.add(c, old, load(c, st, s), size);
                case CMPXCHG -> {
                    Loc acc = st.reg(0, n);
                    long av = readReg(c, acc);
                    Alu.sub(c, av, old, size);
                    if (av != old) {
                        writeReg(c, acc, old);
                        return st.next;
                    }
                    v = load(c, st, s);
                }
                default -> throw new IllegalStateException("not a locked form: " + st.sem);
            }
            if (!mem.cas(a, n, old, v)) continue;
            if (st.sem == Sem.XCHG) writeReg(c, d.isMem() ? s : d, old);
            else if (st.sem == Sem.XADD) writeReg(c, s, old);
            return st.next;
        }
    }

    /** BT, BTS, BTR, BTC (sub 0-3): a register bit offset addresses memory beyond the operand (signed, in operand units). */
    private static void bt(CpuState c, Step st) {
        Loc d = st.d;
        int n = d.bytes(), bits = 8 * n;
        long bit;
        long a = 0;
        if (d.isMem()) a = ea(c, st);
        if (st.s.kind() == Step.IMM) {
            bit = st.in.imm & (bits - 1);
        } else {
            long off = load(c, st, st.s);
            if (d.isMem()) {
                off = signExtend(off, n);
                a += (off >> Integer.numberOfTrailingZeros(bits)) << Integer.numberOfTrailingZeros(n);
            }
            bit = off & (bits - 1);
        }
        if (!d.isMem()) {
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
        Instruction in = st.in;
        int bytes = 1;
        for (var o : in.entry.operands()) if (o.kind() == 'X' || o.kind() == 'Y') bytes = o.bytes(in.opSize);
        int rep = in.rep ? 1 : in.repne ? 2 : 0;
        long seg = segment(c, in);
        switch (st.sub) {
            case 0 -> StringOps.movs(c, bytes, rep, in.adsize, seg);
            case 1 -> StringOps.cmps(c, bytes, rep, in.adsize, seg);
            case 2 -> StringOps.stos(c, bytes, rep, in.adsize, seg);
            case 3 -> StringOps.lods(c, bytes, rep, in.adsize, seg);
            default -> StringOps.scas(c, bytes, rep, in.adsize, seg);
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
        if (v << 16 >> 16 != v) throw new CpuException(GuestException.GP, "non-canonical base at " + describe(st.in));
        if (fs) c.fsBase = v;
        else c.gsBase = v;
    }

    // ------------------------------------------------------------------ operands

    private static long load(CpuState c, Step st, Loc l) {
        return switch (l.kind()) {
            case Step.REG -> readReg(c, l);
            case Step.MEM -> read(c.mem, ea(c, st), l.bytes());
            default -> l.imm() & mask(l.bytes());
        };
    }

    private static void store(CpuState c, Step st, Loc l, long v) {
        if (l.isMem()) write(c.mem, ea(c, st), l.bytes(), v);
        else writeReg(c, l, v);
    }

    private static long readReg(CpuState c, Loc l) {
        long v = c.r[l.reg()];
        if (l.high()) v >>>= 8;
        return v & mask(l.bytes());
    }

    /** x86's partial-register rules: 32-bit writes zero-extend, 8- and 16-bit writes keep the other bits. */
    private static void writeReg(CpuState c, Loc l, long v) {
        int n = l.bytes();
        if (n >= 4) {
            c.r[l.reg()] = v & mask(n);
        } else if (l.high()) {
            c.r[l.reg()] = c.r[l.reg()] & ~0xff00L | (v & 0xff) << 8;
        } else {
            long m = mask(n);
            c.r[l.reg()] = c.r[l.reg()] & ~m | v & m;
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

    /** The address of the instruction's memory operand (moffs or ModRM), with the FS/GS base. */
    private static long ea(CpuState c, Step st) {
        return st.moffs ? st.in.disp + segment(c, st.in) : ea(c, st.in, true);
    }

    private static long ea(CpuState c, Instruction in, boolean segment) {
        long a;
        if (in.base == Instruction.RIP) {
            a = in.next() + in.disp;
        } else {
            a = in.disp;
            if (in.base >= 0) a += c.r[in.base];
            if (in.index >= 0) a += c.r[in.index] << Integer.numberOfTrailingZeros(in.scale);
            if (in.adsize) a &= 0xffffffffL;
        }
        return segment ? a + segment(c, in) : a;
    }

    private static long segment(CpuState c, Instruction in) {
        return in.segment == Instruction.SEG_FS ? c.fsBase : in.segment == Instruction.SEG_GS ? c.gsBase : 0;
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

    private static String describe(Instruction in) {
        return String.format("0x%x: %s (%s)", in.address, Disassembler.format(in), in.hexBytes());
    }
}
