package lxrun.translator.isa;

import lxrun.runtime.cpu.Flags;
import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.x86.Decoder;
import lxrun.translator.x86.Disassembler;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.Instruction;
import lxrun.translator.x86.UndefinedFlags;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Generates instruction SEQUENCES for {@link SequenceHarness}: straight-line runs of 2-12 instructions, and
 * small loops (a counter register counted to its end by dec/inc/sub/cmp and a jnz/jne/jg/jl/jb/jae back edge,
 * 1-40 iterations, a body of 2-8 instructions, sometimes a forward jcc over part of the body, a push/pop
 * or pushf/pop pair, a call to a local function ending in ret). The instructions are the integer rows the
 * single-instruction harness runs (ALU, shifts and rotates, inc/dec, test, not/neg, setcc, cmovcc, adc/sbb,
 * mov, lea, push/pop, xchg, bt*, imul, clc/stc/cmc, lahf/sahf), with register operands or memory operands
 * [base + disp8] into the case's memory block, laid out as IsaCase's code image (same runners, same layout).
 *
 * <p>Flag validity: every instruction is decoded with the project's decoder, and the opcode table's undefined
 * flags ({@link UndefinedFlags#mask}) of each flag writer are tracked along the code (across the loop's
 * back edge to a fixed point, through the skip and the call); a flag reader that would read an undefined
 * flag gets a flag-defining add/sub/cmp in front of it, and the status flags still undefined at the exit
 * are not compared. Registers: RSP only moves through balanced push/pop/call/ret; the memory base, the loop
 * counter and RCX (shift counts by CL are known in advance) are never written by the body.
 *
 * <p>Case {@code index} depends only on (seed, index).
 */
public final class SequenceGenerator {
    private SequenceGenerator() {}

    static final long CF = Flags.CF, PF = Flags.PF, AF = Flags.AF, ZF = Flags.ZF, SF = Flags.SF, OF = Flags.OF;
    static final long ALL = UndefinedFlags.ALL;
    /** Where the memory base register points: disp8 -128..127 covers the whole block. */
    static final long BASE = IsaCase.BLOCK + 0x80;

    /** A generated sequence: the case (code and input state) and the status flags undefined at its exit. */
    public static final class Seq {
        public final IsaCase c;
        public long undefinedAtExit;
        /** A short description of the shape ("loop 17x jnz, body 5, call" ...). */
        public String shape = "";

        Seq(IsaCase c) {
            this.c = c;
        }

        /** The regression-file line: undefined-flags mask, code, GPRs, RFLAGS, memory block, stack area. */
        public String line() {
            HexFormat h = HexFormat.of();
            StringBuilder sb = new StringBuilder();
            sb.append(Long.toHexString(undefinedAtExit)).append(' ').append(h.formatHex(c.code));
            for (long v : c.gpr) sb.append(' ').append(Long.toHexString(v));
            sb.append(' ').append(Long.toHexString(c.rflags)).append(' ').append(h.formatHex(c.mem)).append(' ').append(IsaCase.area(c.stack));
            return sb.toString();
        }

        /** A case saved with {@link #line} (the seed and index of a replayed case are -1). */
        public static Seq parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 1 + 1 + 16 + 1 + 1 + 1) throw new IllegalArgumentException("bad sequence line: " + line);
            IsaCase c = new IsaCase(null, -1, -1);
            Seq s = new Seq(c);
            s.undefinedAtExit = Long.parseUnsignedLong(f[0], 16);
            c.code = HexFormat.of().parseHex(f[1]);
            for (int i = 0; i < 16; i++) c.gpr[i] = Long.parseUnsignedLong(f[2 + i], 16);
            c.rflags = Long.parseUnsignedLong(f[18], 16);
            System.arraycopy(HexFormat.of().parseHex(f[19]), 0, c.mem, 0, IsaCase.BLOCK_LEN);
            System.arraycopy(IsaCase.parseArea(f[20], IsaCase.STACK_LEN), 0, c.stack, 0, IsaCase.STACK_LEN);
            s.shape = "replayed";
            return s;
        }

        /** The code, one instruction a line: offset, bytes, Intel syntax (decoded by the project's decoder). */
        public String listing() {
            return SequenceGenerator.listing(c.code);
        }
    }

    static long caseSeed(long seed, int index) {
        long h = (seed ^ 0x5e9f0c2a11d3b47bL) * 0x9E3779B97F4A7C15L;
        h ^= index * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    /** Sequence {@code index} of {@code seed}. */
    public static Seq generate(long seed, int index) {
        for (int attempt = 0; ; attempt++) {
            Gen g = new Gen(new Random(caseSeed(seed, index) + attempt), seed, index);
            Seq s = g.build();
            if (s != null) return s;
        }
    }

    // ------------------------------------------------------------------ decoding

    private static final Object LOCK = new Object();
    private static GuestMemory scratch;

    /** Decodes {@code code} at IsaCase.CODE with the project's decoder: the instructions in order. */
    static List<Instruction> decodeAll(byte[] code) {
        synchronized (LOCK) {
            if (scratch == null) {
                scratch = new GuestMemory();
                scratch.map(IsaCase.CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, "code", 0);
            }
            byte[] padded = java.util.Arrays.copyOf(code, Math.min(0x1000, code.length + 16));
            scratch.poke(IsaCase.CODE, padded, 0, padded.length);
            List<Instruction> out = new ArrayList<>();
            Decoder d = new Decoder();
            for (long pc = IsaCase.CODE; pc < IsaCase.CODE + code.length; ) {
                Instruction in = d.decode(scratch, pc);
                out.add(in);
                pc = in.next();
            }
            return out;
        }
    }

    static String listing(byte[] code) {
        StringBuilder sb = new StringBuilder();
        try {
            for (Instruction in : decodeAll(code)) {
                String dis = Disassembler.format(in);
                if (in.entry.has(Entry.BRANCH) && in.entry.operands().length > 0 && in.entry.operands()[0].kind() == 'J') {
                    dis = in.entry.mnemonic() + " +0x" + Long.toHexString(in.next() + in.imm - IsaCase.CODE);
                }
                sb.append(String.format("    +%03x  %-30s %s%n", in.address - IsaCase.CODE, in.hexBytes(), dis));
            }
        } catch (RuntimeException e) {
            sb.append("    (undecodable: ").append(e).append(")\n");
        }
        return sb.toString().stripTrailing();
    }

    // ------------------------------------------------------------------ generation

    /** One item of the code: bytes, or a branch to a label (laid out short or near), or a label. */
    private static final class Item {
        byte[] bytes;
        int label = -1; // this item is a label
        int target = -1; // a branch to this label
        int cc = -1; // jcc condition, 16: jmp, 17: call
        boolean near;
    }

    private static final class Gen {
        final Random r;
        final IsaCase c;
        final Seq s;
        final List<Item> items = new ArrayList<>();
        final List<Item> func = new ArrayList<>();
        int labels;
        /** Status flags undefined here (on the path being generated). */
        long u;
        int base, counter = -1;
        /** Pushes not yet popped (the body pops them before its end). */
        int depth;
        boolean callUsed, noStack;
        final StringBuilder shape = new StringBuilder();

        Gen(Random r, long seed, int index) {
            this.r = r;
            this.c = new IsaCase(null, seed, index);
            this.s = new Seq(c);
        }

        int pick(int... v) {
            return v[r.nextInt(v.length)];
        }

        long value() {
            switch (r.nextInt(8)) {
                case 0, 1, 2:
                    return r.nextLong();
                case 3: {
                    long[] v = {0, 1, 2, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL,
                        Long.MIN_VALUE, Long.MAX_VALUE, 0x100000000L};
                    return v[r.nextInt(v.length)];
                }
                case 4:
                    return r.nextInt(72);
                case 5: {
                    int w = pick(8, 16, 32);
                    long v = r.nextLong();
                    return (v << (64 - w)) >> (64 - w);
                }
                default:
                    return r.nextLong() >>> r.nextInt(64);
            }
        }

        boolean writable(int g) {
            return g != 4 && g != base && g != counter && g != 1;
        }

        /** A register number as encoded (0-15) for an operand of {@code size}; byte registers 4-7 without REX are AH..BH. */
        int reg(int size, boolean rex, boolean write) {
            List<Integer> ok = new ArrayList<>();
            for (int n = 0; n < (rex ? 16 : 8); n++) {
                int g = size == 1 && !rex && n >= 4 ? n - 4 : n;
                if (size == 1 && !rex && n >= 4) {
                    if (write && !writable(g)) continue;
                } else {
                    if (g == 4) continue;
                    if (write && !writable(g)) continue;
                }
                ok.add(n);
            }
            return ok.get(r.nextInt(ok.size()));
        }

        /**
         * An instruction with a ModRM operand: register {@code rm}, or memory [base + disp] when {@code disp} is
         * not null. {@code op}: the opcode bytes (0x0f first for two-byte opcodes).
         */
        byte[] modrm(int size, boolean rex, int[] op, int reg, int rm, Integer disp, long imm, int immBytes) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            if (size == 2) o.write(0x66);
            boolean mem = disp != null;
            int b = mem ? base : rm;
            int rexByte = 0x40 | (size == 8 ? 8 : 0) | (reg >= 8 ? 4 : 0) | (b >= 8 ? 1 : 0);
            if (rex || rexByte != 0x40) o.write(rexByte);
            for (int x : op) o.write(x);
            if (mem) {
                o.write(0x40 | (reg & 7) << 3 | (b & 7));
                if ((b & 7) == 4) o.write(0x24);
                o.write(disp);
            } else {
                o.write(0xc0 | (reg & 7) << 3 | (rm & 7));
            }
            for (int i = 0; i < immBytes; i++) o.write((int) (imm >> (8 * i)));
            return o.toByteArray();
        }

        Integer disp(int size) {
            return r.nextInt(256 - size + 1) - 128;
        }

        int size() {
            return pick(1, 2, 4, 8);
        }

        /** An instruction of the generator with its flag effects (set before decoding). */
        final class Insn {
            byte[] bytes;
            long reads, writes;
            int bits;
            long count;
        }

        Insn insn(byte[] b, long reads, long writes, int size) {
            Insn i = new Insn();
            i.bytes = b;
            i.reads = reads;
            i.writes = writes;
            i.bits = 8 * size;
            return i;
        }

        static long ccFlags(int cc) {
            return switch (cc >> 1) {
                case 0 -> OF;
                case 1 -> CF;
                case 2 -> ZF;
                case 3 -> CF | ZF;
                case 4 -> SF;
                case 5 -> PF;
                case 6 -> SF | OF;
                default -> ZF | SF | OF;
            };
        }

        /** A random instruction (no branches; stack ops only when {@code stack}). */
        Insn random(boolean stack) {
            int k = r.nextInt(stack ? 23 : 21);
            boolean rex = r.nextInt(3) == 0;
            int size = size();
            if (size == 8) rex = true;
            boolean mem = r.nextInt(3) == 0;
            if (mem && base >= 8) rex = true; // REX.B: byte registers 4-7 are then SPL..DIL
            switch (k) {
                case 0, 1, 2, 3: { // ALU r/m, reg and reg, r/m
                    int op = r.nextInt(8);
                    boolean toRm = r.nextBoolean();
                    int opc = op * 8 + (toRm ? 0 : 2) + (size == 1 ? 0 : 1);
                    boolean writesDst = op != 7;
                    Integer d = mem ? disp(size) : null;
                    int g = reg(size, rex, !toRm && writesDst);
                    int rm = mem ? 0 : reg(size, rex, toRm && writesDst);
                    long reads = op == 2 || op == 3 ? CF : 0;
                    return insn(modrm(size, rex, new int[] {opc}, g, rm, d, 0, 0), reads, ALL, size);
                }
                case 4, 5: { // ALU r/m, imm (80 81 83) and AL/eAX, imm
                    int op = r.nextInt(8);
                    long reads = op == 2 || op == 3 ? CF : 0;
                    if (r.nextInt(4) == 0) {
                        int n = size == 1 ? 1 : size == 2 ? 2 : 4;
                        ByteArrayOutputStream o = new ByteArrayOutputStream();
                        if (size == 2) o.write(0x66);
                        if (size == 8) o.write(0x48);
                        o.write(op * 8 + (size == 1 ? 4 : 5));
                        long imm = value();
                        for (int i = 0; i < n; i++) o.write((int) (imm >> (8 * i)));
                        return insn(o.toByteArray(), reads, ALL, size);
                    }
                    int opc = size == 1 ? 0x80 : r.nextBoolean() ? 0x83 : 0x81;
                    int n = opc == 0x81 ? (size == 2 ? 2 : 4) : 1;
                    Integer d = mem ? disp(size) : null;
                    int rm = mem ? 0 : reg(size, rex, op != 7);
                    return insn(modrm(size, rex, new int[] {opc}, op, rm, d, value(), n), reads, ALL, size);
                }
                case 6, 7: { // shifts and rotates by imm8, 1, CL
                    int op = pick(0, 1, 2, 3, 4, 5, 7);
                    int how = counter == 1 ? r.nextInt(2) : r.nextInt(3);
                    long count = how == 0 ? (r.nextInt(3) == 0 ? r.nextInt(256) : pick(0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64))
                            : how == 1 ? 1 : c.gpr[1] & 0xff;
                    int opc = (how == 0 ? 0xc0 : how == 1 ? 0xd0 : 0xd2) + (size == 1 ? 0 : 1);
                    Integer d = mem ? disp(size) : null;
                    int rm = mem ? 0 : reg(size, rex, true);
                    int n = (int) (count & (size == 8 ? 63 : 31));
                    long writes = n == 0 ? 0 : op <= 3 ? CF | OF : ALL;
                    Insn i = insn(modrm(size, rex, new int[] {opc}, op, rm, d, count, how == 0 ? 1 : 0), op == 2 || op == 3 ? CF : 0, writes, size);
                    i.count = count;
                    return i;
                }
                case 8: { // inc, dec
                    Integer d = mem ? disp(size) : null;
                    int rm = mem ? 0 : reg(size, rex, true);
                    return insn(modrm(size, rex, new int[] {size == 1 ? 0xfe : 0xff}, r.nextInt(2), rm, d, 0, 0), 0, ALL & ~CF, size);
                }
                case 9: { // test r/m, reg / imm
                    Integer d = mem ? disp(size) : null;
                    int rm = mem ? 0 : reg(size, rex, false);
                    if (r.nextBoolean()) return insn(modrm(size, rex, new int[] {size == 1 ? 0x84 : 0x85}, reg(size, rex, false), rm, d, 0, 0), 0, ALL, size);
                    return insn(modrm(size, rex, new int[] {size == 1 ? 0xf6 : 0xf7}, 0, rm, d, value(), size == 1 ? 1 : size == 2 ? 2 : 4), 0, ALL, size);
                }
                case 10: { // not, neg
                    Integer d = mem ? disp(size) : null;
                    int rm = mem ? 0 : reg(size, rex, true);
                    int op = pick(2, 3);
                    return insn(modrm(size, rex, new int[] {size == 1 ? 0xf6 : 0xf7}, op, rm, d, 0, 0), 0, op == 3 ? ALL : 0, size);
                }
                case 11: { // setcc
                    int cc = r.nextInt(16);
                    Integer d = mem ? disp(1) : null;
                    int rm = mem ? 0 : reg(1, rex, true);
                    return insn(modrm(1, rex, new int[] {0x0f, 0x90 + cc}, 0, rm, d, 0, 0), ccFlags(cc), 0, 1);
                }
                case 12: { // cmovcc
                    int cc = r.nextInt(16);
                    int sz = pick(2, 4, 8);
                    boolean rx = rex || sz == 8;
                    Integer d = mem ? disp(sz) : null;
                    int rm = mem ? 0 : reg(sz, rx, false);
                    return insn(modrm(sz, rx, new int[] {0x0f, 0x40 + cc}, reg(sz, rx, true), rm, d, 0, 0), ccFlags(cc), 0, sz);
                }
                case 13: { // mov
                    Integer d = mem ? disp(size) : null;
                    switch (r.nextInt(3)) {
                        case 0: {
                            boolean toRm = r.nextBoolean();
                            int opc = (toRm ? 0x88 : 0x8a) + (size == 1 ? 0 : 1);
                            int g = reg(size, rex, !toRm);
                            int rm = mem ? 0 : reg(size, rex, toRm);
                            return insn(modrm(size, rex, new int[] {opc}, g, rm, d, 0, 0), 0, 0, size);
                        }
                        case 1: {
                            int rm = mem ? 0 : reg(size, rex, true);
                            return insn(modrm(size, rex, new int[] {size == 1 ? 0xc6 : 0xc7}, 0, rm, d, value(), size == 1 ? 1 : size == 2 ? 2 : 4), 0, 0, size);
                        }
                        default: { // B0+r / B8+r
                            int g = reg(size, rex, true);
                            ByteArrayOutputStream o = new ByteArrayOutputStream();
                            if (size == 2) o.write(0x66);
                            int rx = 0x40 | (size == 8 ? 8 : 0) | (g >= 8 ? 1 : 0);
                            if (rex || rx != 0x40) o.write(rx);
                            o.write((size == 1 ? 0xb0 : 0xb8) + (g & 7));
                            long imm = value();
                            for (int i = 0; i < size; i++) o.write((int) (imm >> (8 * i)));
                            return insn(o.toByteArray(), 0, 0, size);
                        }
                    }
                }
                case 14: { // lea reg, [any + disp8] (no memory access)
                    int sz = pick(2, 4, 8);
                    boolean rx = rex || sz == 8;
                    int g = reg(sz, rx, true);
                    int b = reg(8, rx, false);
                    ByteArrayOutputStream o = new ByteArrayOutputStream();
                    if (sz == 2) o.write(0x66);
                    int rexByte = 0x40 | (sz == 8 ? 8 : 0) | (g >= 8 ? 4 : 0) | (b >= 8 ? 1 : 0);
                    if (rx || rexByte != 0x40) o.write(rexByte);
                    o.write(0x8d);
                    o.write(0x40 | (g & 7) << 3 | (b & 7));
                    if ((b & 7) == 4) o.write(0x24);
                    o.write(r.nextInt(256));
                    return insn(o.toByteArray(), 0, 0, sz);
                }
                case 15: { // xchg
                    Integer d = mem ? disp(size) : null;
                    int g = reg(size, rex, true);
                    int rm = mem ? 0 : reg(size, rex, true);
                    return insn(modrm(size, rex, new int[] {size == 1 ? 0x86 : 0x87}, g, rm, d, 0, 0), 0, 0, size);
                }
                case 16: { // bt bts btr btc: imm8 (memory or register), register offset (register only)
                    int sz = pick(2, 4, 8);
                    boolean rx = rex || sz == 8;
                    int op = r.nextInt(4);
                    long w = CF | OF | SF | AF | PF;
                    if (r.nextBoolean()) {
                        Integer d = mem ? disp(sz) : null;
                        int rm = mem ? 0 : reg(sz, rx, op != 0);
                        return insn(modrm(sz, rx, new int[] {0x0f, 0xba}, 4 + op, rm, d, r.nextInt(256), 1), 0, w, sz);
                    }
                    int rm = reg(sz, rx, op != 0);
                    return insn(modrm(sz, rx, new int[] {0x0f, 0xa3 + 8 * op}, reg(sz, rx, false), rm, null, 0, 0), 0, w, sz);
                }
                case 17: { // imul reg, r/m [, imm]
                    int sz = pick(2, 4, 8);
                    boolean rx = rex || sz == 8;
                    Integer d = mem ? disp(sz) : null;
                    int g = reg(sz, rx, true);
                    int rm = mem ? 0 : reg(sz, rx, false);
                    int f = r.nextInt(3);
                    long w = CF | OF | SF | ZF | AF | PF;
                    if (f == 0) return insn(modrm(sz, rx, new int[] {0x0f, 0xaf}, g, rm, d, 0, 0), 0, w, sz);
                    if (f == 1) return insn(modrm(sz, rx, new int[] {0x6b}, g, rm, d, value(), 1), 0, w, sz);
                    return insn(modrm(sz, rx, new int[] {0x69}, g, rm, d, value(), sz == 2 ? 2 : 4), 0, w, sz);
                }
                case 18: { // clc stc cmc
                    int op = pick(0xf8, 0xf9, 0xf5);
                    return insn(new byte[] {(byte) op}, op == 0xf5 ? CF : 0, CF, 4);
                }
                case 19: { // lahf sahf (AH: RAX is always writable)
                    if (r.nextBoolean()) return insn(new byte[] {(byte) 0x9f}, SF | ZF | AF | PF | CF, 0, 1);
                    return insn(new byte[] {(byte) 0x9e}, 0, SF | ZF | AF | PF | CF, 1);
                }
                case 20: // a flag-defining ALU op
                    return definer();
                default: // 21, 22: push (a register, an immediate, the flags); its pop comes later
                    return push();
            }
        }

        Insn definer() {
            int op = pick(0, 5, 7);
            int size = size();
            boolean rex = size == 8 || r.nextInt(3) == 0;
            if (r.nextBoolean()) {
                int g = reg(size, rex, false);
                int rm = reg(size, rex, op != 7);
                return insn(modrm(size, rex, new int[] {op * 8 + (size == 1 ? 0 : 1)}, g, rm, null, 0, 0), 0, ALL, size);
            }
            int rm = reg(size, rex, op != 7);
            return insn(modrm(size, rex, new int[] {size == 1 ? 0x80 : 0x83}, op, rm, null, value(), 1), 0, ALL, size);
        }

        Insn push() {
            depth++;
            int k = r.nextInt(4);
            if (k == 0) return insn(new byte[] {(byte) 0x9c}, ALL, 0, 8);
            if (k == 1) return insn(new byte[] {0x6a, (byte) r.nextInt(256)}, 0, 0, 8);
            int g = reg(8, true, false);
            return insn(g >= 8 ? new byte[] {0x41, (byte) (0x50 + (g & 7))} : new byte[] {(byte) (0x50 + g)}, 0, 0, 8);
        }

        Insn pop() {
            depth--;
            int g = reg(8, true, true);
            return insn(g >= 8 ? new byte[] {0x41, (byte) (0x58 + (g & 7))} : new byte[] {(byte) (0x58 + g)}, 0, 0, 8);
        }

        /** Appends the instruction to {@code to}, defining the flags first when it would read an undefined one. */
        void add(List<Item> to, Insn i) {
            if ((i.reads & u) != 0) add(to, definer());
            List<Instruction> d = decodeAll(i.bytes);
            if (d.size() != 1 || d.get(0).length != i.bytes.length) {
                throw new IllegalStateException("generator: " + HexFormat.of().formatHex(i.bytes) + " decodes as " + d.size() + " instructions");
            }
            Entry e = d.get(0).entry;
            long undef = UndefinedFlags.mask(e, i.bits, i.count) & i.writes;
            u = (u & ~i.writes) | undef;
            Item it = new Item();
            it.bytes = i.bytes;
            to.add(it);
        }

        void emit(List<Item> to, boolean stack) {
            if (!stack || noStack) {
                Insn i;
                do i = random(false); while (i == null);
                add(to, i);
                return;
            }
            if (depth > 0 && r.nextInt(3) == 0) {
                add(to, pop());
                return;
            }
            add(to, random(depth < 3));
        }

        int label(List<Item> to) {
            Item it = new Item();
            it.label = labels++;
            to.add(it);
            return it.label;
        }

        Item branch(List<Item> to, int cc, int target) {
            Item it = new Item();
            it.cc = cc;
            it.target = target;
            to.add(it);
            return it;
        }

        /** A forward jcc over 1-3 instructions (no stack operations in between). */
        void skip(List<Item> to) {
            int cc = r.nextInt(16);
            if ((ccFlags(cc) & u) != 0) add(to, definer());
            Item br = branch(to, cc, -1);
            long atJcc = u;
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) emit(to, false);
            br.target = label(to);
            u |= atJcc;
        }

        /** A call to a local function of 1-3 instructions and ret (generated here: its flags follow this path). */
        void call(List<Item> to) {
            callUsed = true;
            func.clear();
            int entry = labels++;
            Item l = new Item();
            l.label = entry;
            func.add(l);
            branch(to, 17, entry);
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) emit(func, false);
            Item ret = new Item();
            ret.bytes = new byte[] {(byte) 0xc3};
            func.add(ret);
        }

        void straight(List<Item> to, int n) {
            boolean skipDone = false;
            for (int k = 0; k < n; k++) {
                int x = r.nextInt(12);
                if (x == 0 && !skipDone) {
                    skipDone = true;
                    skip(to);
                } else if (x == 1 && !callUsed) {
                    call(to);
                } else {
                    emit(to, true);
                }
            }
            while (depth > 0) add(to, pop());
        }

        Seq build() {
            for (int i = 0; i < 16; i++) c.gpr[i] = value();
            r.nextBytes(c.mem);
            r.nextBytes(c.stack);
            c.rflags = (r.nextLong() & ALL) | 2;
            c.gpr[4] = IsaCase.STACK_TOP - 0x40 - 8L * r.nextInt(8);
            base = pick(3, 5, 6, 7, 12, 13, 14, 15);
            c.gpr[base] = BASE;
            boolean loop = r.nextInt(3) != 0;
            if (!loop) {
                shape.append("straight");
                straight(items, 2 + r.nextInt(11));
            } else {
                counter = pick(1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
                while (counter == base) counter = pick(1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
                straight(items, r.nextInt(4));
                if (!loopBody()) return null;
                straight(items, r.nextInt(3));
            }
            if (callUsed) { // jmp over the function, which ends the code
                int end = labels++;
                branch(items, 16, end);
                items.addAll(func);
                Item l = new Item();
                l.label = end;
                items.add(l);
            }
            c.code = layout();
            if (c.code == null || c.code.length > 0x160) return null;
            s.undefinedAtExit = u;
            if (callUsed && !shape.toString().contains("call")) shape.append(", call");
            s.shape = shape.toString();
            return s;
        }

        /** The loop: generated again (same stream) until the flags at its head cover those of its back edge. */
        boolean loopBody() {
            long uHead = u;
            int n = 1 + r.nextInt(40);
            int ctl = r.nextInt(6);
            int sz = r.nextBoolean() ? 4 : 8;
            long lim = n + r.nextInt(128 - n);
            long init = switch (ctl) {
                case 0, 1, 2 -> n;
                case 3 -> -n;
                case 4 -> lim - n;
                default -> n - 1;
            };
            long m = sz == 8 ? -1L : 0xffffffffL;
            c.gpr[counter] = (c.gpr[counter] & ~m) | (init & m);
            String[] ctlName = {"dec/jnz", "sub/jne", "dec/jg", "inc/jl", "inc/cmp/jb", "sub/jae"};
            boolean hadCall = callUsed;
            for (int attempt = 0; attempt < 10; attempt++) {
                List<Item> body = new ArrayList<>();
                u = uHead;
                depth = 0;
                callUsed = hadCall;
                int head = label(body);
                int len = 2 + r.nextInt(7);
                boolean skipDone = false;
                for (int k = 0; k < len; k++) {
                    int x = r.nextInt(10);
                    if (x == 0 && !skipDone) {
                        skipDone = true;
                        skip(body);
                    } else if (x == 1 && !callUsed) {
                        call(body);
                    } else {
                        emit(body, true);
                    }
                }
                while (depth > 0) add(body, pop());
                boolean rx = sz == 8 || counter >= 8 || r.nextBoolean();
                int cc;
                switch (ctl) {
                    case 0, 2 -> { add(body, insn(modrm(sz, rx, new int[] {0xff}, 1, counter, null, 0, 0), 0, ALL & ~CF, sz)); cc = ctl == 0 ? 5 : 0xf; }
                    case 1, 5 -> { add(body, insn(modrm(sz, rx, new int[] {0x83}, 5, counter, null, 1, 1), 0, ALL, sz)); cc = ctl == 1 ? 5 : 3; }
                    case 3 -> { add(body, insn(modrm(sz, rx, new int[] {0xff}, 0, counter, null, 0, 0), 0, ALL & ~CF, sz)); cc = 0xc; }
                    default -> {
                        add(body, insn(modrm(sz, rx, new int[] {0xff}, 0, counter, null, 0, 0), 0, ALL & ~CF, sz));
                        add(body, insn(modrm(sz, rx, new int[] {0x83}, 7, counter, null, lim, 1), 0, ALL, sz));
                        cc = 2;
                    }
                }
                if ((ccFlags(cc) & u) != 0) { // the back edge would read a flag undefined by the body: try again
                    uHead |= u;
                    continue;
                }
                branch(body, cc, head);
                if ((u & ~uHead) != 0) { // the head is reached with more undefined flags than assumed
                    uHead |= u;
                    continue;
                }
                items.addAll(body);
                shape.append(String.format("loop %dx %s %d-bit, body %d", n, ctlName[ctl], 8 * sz, len));
                if (skipDone) shape.append(", skip");
                if (callUsed && !hadCall) shape.append(", call in the body");
                return true;
            }
            return false;
        }

        /** Lays out the items: branches short where they reach, near otherwise. */
        byte[] layout() {
            for (int pass = 0; pass < 4; pass++) {
                int[] at = new int[labels];
                int pos = 0;
                for (Item it : items) {
                    if (it.label >= 0) at[it.label] = pos;
                    else pos += size(it);
                }
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                boolean again = false;
                pos = 0;
                for (Item it : items) {
                    if (it.label >= 0) continue;
                    int len = size(it);
                    if (it.bytes != null) {
                        o.writeBytes(it.bytes);
                    } else {
                        long rel = at[it.target] - (pos + len);
                        if (it.cc == 17) {
                            o.write(0xe8);
                        } else if (!it.near) {
                            if (rel < -128 || rel > 127) {
                                it.near = true;
                                again = true;
                            }
                            o.write(it.cc == 16 ? 0xeb : 0x70 + it.cc);
                        } else if (it.cc == 16) {
                            o.write(0xe9);
                        } else {
                            o.write(0x0f);
                            o.write(0x80 + it.cc);
                        }
                        int n = it.cc != 17 && !it.near ? 1 : 4;
                        if (it.cc != 17 && it.near && len == 2) n = 1; // resized in the next pass
                        for (int i = 0; i < n; i++) o.write((int) (rel >> (8 * i)));
                    }
                    pos += len;
                }
                if (!again) return o.toByteArray();
            }
            return null;
        }

        static int size(Item it) {
            if (it.bytes != null) return it.bytes.length;
            if (it.cc == 17) return 5;
            if (!it.near) return 2;
            return it.cc == 16 ? 5 : 6;
        }
    }
}
