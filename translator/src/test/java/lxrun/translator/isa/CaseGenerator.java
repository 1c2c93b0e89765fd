package lxrun.translator.isa;

import lxrun.runtime.cpu.Flags;
import lxrun.translator.x86.Entry;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates cases for one {@link IsaForm} from its row alone: operand sizes (66 / none / REX.W), ModRM
 * with a register or a memory operand (a base register, sometimes an index, pointing into the memory
 * block), immediates, and random plus edge values for every register, the block, the flags and XMM.
 * Rows of some semantic classes then get their own shape ({@code family}): strings, the stack, branches
 * (with landing stubs), x87, system rows; the others other encodings of their memory operand and prefixes.
 * Case {@code i} of a form depends only on (seed, form key, i): {@link #generate} reproduces it alone.
 */
public final class CaseGenerator {
    private CaseGenerator() {}

    private static final long STATUS = Flags.STATUS_MASK;

    static long caseSeed(long seed, IsaForm f, int index) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (char ch : f.key().toCharArray()) h = (h ^ ch) * 0x100000001B3L;
        return h ^ (index * 0xBF58476D1CE4E5B9L);
    }

    private static final class Gen {
        final Random r;
        final IsaForm f;
        final Entry e;
        final IsaCase c;
        boolean rex, rexW, rexR, rexX, rexB;
        int opSize;
        /** VEX rows: the register in VEX.vvvv (0 when the row has none) and VEX.L. */
        final boolean vex;
        int vvvv;
        boolean vexL;
        final List<Integer> implicit = new ArrayList<>();
        /** Legacy prefixes written before everything else (REP, 67, segment, LOCK, redundant ones). */
        final List<Integer> legacy = new ArrayList<>();
        /** A relative branch's displacement size (0: none), patched in once the instruction's length is known. */
        int relBytes;
        /** That branch targets its own fall-through (displacement 0). */
        boolean relFallThrough;

        Gen(IsaForm f, long seed, int index) {
            this.f = f;
            this.e = f.entry();
            this.r = new Random(caseSeed(seed, f, index));
            this.c = new IsaCase(f, seed, index);
            this.vex = f.id() >= OpcodeTable.VEX;
        }

        int pick(int... v) {
            return v[r.nextInt(v.length)];
        }

        long edge(int bits) {
            long min = bits == 64 ? Long.MIN_VALUE : 1L << (bits - 1);
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            long[] v = {0, 1, 2, -1, min, min - 1, min + 1, min - 2, 0x5555555555555555L, 0xaaaaaaaaaaaaaaaaL,
                3, 7, 0x80, 0x7f, 0xff, 0x100, 0x8000, 0xffff, 0x10000, 0x80000000L, 0xffffffffL, 0x100000000L};
            long x = v[r.nextInt(v.length)] & mask;
            if (r.nextBoolean() && bits < 64) x = (x << (64 - bits)) >> (64 - bits); // sign-extended
            return x;
        }

        /** A register value: random, an edge value of some width (with random bits above it), small, or sparse. */
        long value() {
            switch (r.nextInt(10)) {
                case 0, 1, 2, 3:
                    return r.nextLong();
                case 4, 5, 6: {
                    int w = pick(8, 16, 32, 64);
                    long v = edge(w);
                    if (w < 64 && r.nextInt(3) == 0) v = (v & ((1L << w) - 1)) | (r.nextLong() << w);
                    return v;
                }
                case 7:
                    return r.nextInt(72) | (r.nextBoolean() ? r.nextLong() << 8 : 0);
                case 8: {
                    int w = pick(8, 16, 32);
                    long v = r.nextLong();
                    return (v << (64 - w)) >> (64 - w);
                }
                default:
                    return r.nextLong() >>> r.nextInt(64);
            }
        }

        long shiftCount(int bits) {
            int[] v = {0, 1, 1, 2, bits - 1, bits, bits + 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 0x80};
            return r.nextInt(4) == 0 ? r.nextInt(256) : v[r.nextInt(v.length)] & 0xff;
        }

        /** A GPR number for an operand of {@code bytes}, never RSP/SPL, not in {@code exclude}. */
        int gpr(int bytes, List<Integer> exclude) {
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < (rex ? 16 : 8); i++) {
                if (i == 4 && (rex || bytes != 1)) continue;
                if (exclude.contains(i) && !(bytes == 1 && !rex && i >= 4)) continue;
                ok.add(i);
            }
            return ok.get(r.nextInt(ok.size()));
        }

        int xmmReg() {
            return r.nextInt(rex ? 16 : 8);
        }

        long xmmHalf() {
            switch (r.nextInt(4)) {
                case 0:
                    return r.nextLong();
                case 1: { // two floats
                    return (floatBits() & 0xffffffffL) | ((long) floatBits() << 32);
                }
                case 2:
                    return doubleBits();
                default:
                    return value();
            }
        }

        int floatBits() {
            int[] v = {0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
                0x7fa00000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x00800000, 0x4f000000, 0xcf000000, 0x3f000000,
                0x4b000000, 0x3fc00000, 0x40490fdb};
            return switch (r.nextInt(3)) {
                case 0 -> v[r.nextInt(v.length)];
                case 1 -> Float.floatToRawIntBits((float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(80) - 40)));
                default -> r.nextInt();
            };
        }

        long doubleBits() {
            long[] v = {0, 0x8000000000000000L, 0x3ff0000000000000L, 0xbff0000000000000L, 0x7ff0000000000000L,
                0xfff0000000000000L, 0x7ff8000000000000L, 0xfff8000000000000L, 0x7ff4000000000000L, 1L,
                0x800fffffffffffffL, 0x7fefffffffffffffL, 0x0010000000000000L, 0x41e0000000000000L,
                0xc3e0000000000000L, 0x43e0000000000000L, 0x3fe0000000000000L, 0x4330000000000000L,
                0x41dfffffffc00000L, 0xc1e0000000200000L};
            return switch (r.nextInt(3)) {
                case 0 -> v[r.nextInt(v.length)];
                case 1 -> Double.doubleToRawLongBits((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(140) - 70));
                default -> r.nextLong();
            };
        }

        /** A row that reads or writes MMX registers (and so the x87 state they alias). */
        boolean mmx() {
            for (Operand o : e.operands()) if (o.isMmx()) return true;
            return e.helper() != null && e.helper().startsWith("Mmx.");
        }

        boolean sse() {
            return e.sem() == Sem.SSE || e.sem() == Sem.SSE_STORE;
        }

        IsaCase build() {
            Operand[] ops = e.operands();
            // ---------------------------------------------------------------- operand size
            boolean v = false, y = false;
            for (Operand o : ops) {
                if (o.isVector()) continue;
                if (o.size().equals("v") || o.size().equals("z")) v = true;
                if (o.size().equals("y")) y = true;
            }
            if (e.sem() == Sem.CBW || e.sem() == Sem.CWD) v = true;
            if (sse()) v = false;
            if (v) opSize = pick(2, 4, 8);
            else if (y) opSize = pick(4, 8);
            else opSize = 4;
            rexW = opSize == 8;
            if (e.sem() == Sem.CMPXCHG16B) rexW = r.nextBoolean(); // without REX.W: cmpxchg8b
            rex = vex || rexW || r.nextInt(3) == 0; // VEX reaches all 16 registers
            familyOperandSize();

            for (Operand o : ops) {
                if (o.kind() == 'A') implicit.add(0);
                if (o.kind() == 'C') implicit.add(1);
            }
            switch (e.sem()) {
                case MUL1, IMUL1, DIV, IDIV, CWD -> { implicit.add(0); implicit.add(2); }
                case CBW, CMPXCHG, LAHF, SAHF -> implicit.add(0);
                case XLAT -> { implicit.add(0); implicit.add(3); }
                case CMPXCHG16B -> { implicit.add(0); implicit.add(1); implicit.add(2); implicit.add(3); }
                case MULX -> { if (r.nextInt(4) != 0) implicit.add(2); } // sometimes RDX is the high-half destination too
                default -> { }
            }
            if (stringCompare()) { implicit.add(0); implicit.add(2); } // lengths, not addresses

            for (int i = 0; i < 16; i++) c.gpr[i] = value();
            c.gpr[4] = IsaCase.STACK_TOP;
            for (int i = 0; i < 32; i++) c.xmm[i] = xmmHalf();
            r.nextBytes(c.mem);
            if (vex) vexOperands();
            c.rflags = (r.nextLong() & STATUS) | 2 | (r.nextInt(8) == 0 ? Flags.DF : 0);
            if (r.nextInt(10) < 3) {
                c.mxcsr = 0x1f80 | (r.nextInt(4) << 13) | (r.nextInt(4) == 0 ? 0x8000 : 0) | (r.nextInt(4) == 0 ? 0x40 : 0)
                        | (r.nextBoolean() ? r.nextInt(64) : 0);
            }

            // ---------------------------------------------------------------- ModRM
            boolean hasModrm = OpcodeTable.INSTANCE.hasModrm(f.id());
            int modrmReg = 0, mod = 3, rm = 0;
            int regOperand = -1; // GPR chosen for the reg field
            int rmGpr = -1;
            Operand rmOp = null;
            for (Operand o : ops) if (o.isRm()) rmOp = o;
            if (hasModrm) {
                mod = f.regForm() && f.memForm() ? (r.nextBoolean() ? 3 : 0) : f.regForm() ? 3 : 0;
                Operand regOp = null;
                for (Operand o : ops) if (o.kind() == 'G' || o.kind() == 'V' || o.kind() == 'P') regOp = o;
                if (regOp == null) {
                    modrmReg = f.fixedReg() < 0 ? 0 : f.fixedReg();
                    String group = e.helper() == null ? "" : e.helper().substring(e.helper().indexOf('.') + 1);
                    if (group.startsWith("grp7")) {
                        modrmReg = r.nextInt(8) == 0 ? r.nextInt(8)
                                : group.equals("grp73") ? pick(2, 3, 6, 7) : pick(2, 4, 6);
                    }
                } else if (regOp.kind() == 'V') {
                    modrmReg = xmmReg();
                } else if (regOp.kind() == 'P') {
                    modrmReg = r.nextInt(8); // MMX registers: REX.R is ignored, so the generator leaves it clear
                } else {
                    List<Integer> ex = new ArrayList<>(implicit);
                    modrmReg = gpr(regOp.bytes(opSize), ex);
                    regOperand = modrmReg;
                }
                if (mod == 3) {
                    if (rmOp == null || rmOp.isVector()) rm = rmOp == null || rmOp.isMmx() ? r.nextInt(8) : xmmReg();
                    else {
                        rm = gpr(rmOp.regBytes(opSize), implicit);
                        rmGpr = rm;
                    }
                }
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream tail = new ByteArrayOutputStream(); // ModRM, SIB, displacement, immediates
            long memAddr = -1;
            int memBytes = 0;
            if (hasModrm && mod != 3) {
                memBytes = rmOp == null || rmOp.size().isEmpty() ? 8 : rmOp.bytes(opSize);
                int align = Math.min(memBytes, 16);
                int off = r.nextInt(64 - memBytes + 1);
                if (r.nextInt(4) != 0) off &= ~(align - 1);
                memAddr = IsaCase.BLOCK + off;
                List<Integer> ex = new ArrayList<>(implicit);
                if (regOperand >= 0) ex.add(regOperand);
                if (vvvv != 0) ex.add(vvvv); // its value was chosen for its role
                int base = gpr(8, ex);
                ex.add(base);
                int kind = r.nextInt(10);
                int m = kind < 7 ? 1 : kind < 9 ? 2 : 0;
                if (m == 0 && (base & 7) == 5) m = 1;
                boolean sib = r.nextInt(4) == 0;
                int index = sib ? gpr(8, ex) : -1;
                int scale = r.nextInt(4);
                long disp = m == 1 ? r.nextInt(256) - 128 : m == 2 ? r.nextInt(200001) - 100000 : 0;
                long idxVal = 0;
                if (sib) {
                    idxVal = r.nextInt(17) - 8;
                    if (r.nextBoolean()) idxVal = r.nextInt(2000) - 1000;
                    c.gpr[index] = idxVal;
                }
                c.gpr[base] = memAddr - disp - (idxVal << scale);
                mod = m;
                boolean needSib = sib || (base & 7) == 4; // r12 as a base needs a SIB byte (index none)
                rm = needSib ? 4 : base;
                tail.write((mod << 6) | ((modrmReg & 7) << 3) | (rm & 7));
                if (needSib) tail.write(sib ? (scale << 6) | ((index & 7) << 3) | (base & 7) : 0x20 | (base & 7));
                if (base >= 8) rexB = true;
                if (sib && index >= 8) rexX = true;
                for (int i = 0; i < (m == 1 ? 1 : m == 2 ? 4 : 0); i++) tail.write((int) (disp >> (8 * i)));
                // an edge value at the operand
                if (r.nextInt(3) == 0) {
                    long ev = edge(Math.min(memBytes, 8) * 8);
                    for (int i = 0; i < Math.min(memBytes, 8); i++) c.mem[off + i] = (byte) (ev >> (8 * i));
                }
            } else if (hasModrm) {
                tail.write(0xc0 | ((modrmReg & 7) << 3) | (rm & 7));
                if (rm >= 8) rexB = true;
            }
            if (hasModrm && modrmReg >= 8) rexR = true;

            // ---------------------------------------------------------------- opcode-register operands
            int zReg = -1;
            for (Operand o : ops) {
                if (o.kind() == 'Z') {
                    int low = f.id() & 7;
                    boolean byteNoRex = o.bytes(opSize) == 1 && !rex;
                    if (low == 4 && !byteNoRex) rexB = true;
                    else if (rex && r.nextBoolean()) rexB = true;
                    if (rexB) rex = true;
                    zReg = low | (rexB ? 8 : 0);
                }
            }

            // ---------------------------------------------------------------- immediates
            int bits = 8 * (ops.length > 0 ? (ops[0].isXmm() ? 16 : ops[0].bytes(opSize)) : opSize);
            c.bits = bits;
            boolean shift = e.sem() == Sem.SHIFT || e.sem() == Sem.SHLD || e.sem() == Sem.SHRD;
            for (Operand o : ops) {
                switch (o.kind()) {
                    case 'I' -> {
                        int n = switch (o.size()) {
                            case "b" -> 1;
                            case "w" -> 2;
                            case "v" -> opSize;
                            default -> Math.min(opSize, 4);
                        };
                        long imm = shift ? shiftCount(bits) : r.nextInt(3) == 0 ? r.nextLong() : edge(8 * n);
                        if (e.sem() == Sem.BT) imm = r.nextInt(3) == 0 ? r.nextInt(256) : r.nextInt(bits + 1);
                        if (shift) c.count = imm;
                        for (int i = 0; i < n; i++) tail.write((int) (imm >> (8 * i)));
                    }
                    case 'O' -> {
                        int n = o.bytes(opSize);
                        memAddr = IsaCase.BLOCK + r.nextInt(64 - n + 1);
                        for (int i = 0; i < 8; i++) tail.write((int) (memAddr >> (8 * i)));
                    }
                    case 'C' -> {
                        long cnt = shiftCount(bits);
                        c.gpr[1] = (c.gpr[1] & ~0xffL) | cnt;
                        c.count = cnt;
                    }
                    case 'K' -> c.count = 1;
                    default -> { }
                }
            }

            // ---------------------------------------------------------------- semantic adjustments
            int sz = ops.length > 0 && !ops[0].isXmm() ? ops[0].bytes(opSize) : opSize;
            switch (e.sem()) {
                case DIV, IDIV -> {
                    int k = r.nextInt(10);
                    boolean signed = e.sem() == Sem.IDIV;
                    if (sz == 1) {
                        long al = c.gpr[0] & 0xff;
                        long ah = k < 4 ? 0 : k < 7 ? (signed && (al & 0x80) != 0 ? 0xff : 0) : (c.gpr[0] >> 8) & 0xff;
                        c.gpr[0] = (c.gpr[0] & ~0xff00L) | (ah << 8);
                    } else {
                        long m = sz == 8 ? -1L : (1L << (8 * sz)) - 1;
                        long lo = c.gpr[0] & m;
                        boolean neg = ((lo >>> (8 * sz - 1)) & 1) != 0;
                        long hi = k < 4 ? 0 : k < 7 ? (signed && neg ? m : 0) : c.gpr[2] & m;
                        c.gpr[2] = (c.gpr[2] & ~m) | hi;
                    }
                }
                case BT -> {
                    if (memAddr >= 0 && ops[1].kind() == 'G') {
                        long off = r.nextInt(512) - 256;
                        long m = sz == 8 ? -1L : (1L << (8 * sz)) - 1;
                        c.gpr[regOperand] = (c.gpr[regOperand] & ~m) | (off & m);
                    }
                }
                case CMPXCHG -> {
                    if (r.nextBoolean()) {
                        long m = sz == 8 ? -1L : (1L << (8 * sz)) - 1;
                        long d;
                        if (memAddr >= 0) d = le(c.mem, (int) (memAddr - IsaCase.BLOCK), sz);
                        else d = byteReg(rmGpr, sz);
                        if (!(sz == 1 && !rex && rmGpr >= 4)) c.gpr[0] = (c.gpr[0] & ~m) | (d & m);
                        else c.gpr[0] = (c.gpr[0] & ~0xffL) | (d & 0xff);
                    }
                }
                case CMPXCHG16B -> {
                    if (r.nextBoolean()) {
                        int off = (int) (memAddr - IsaCase.BLOCK);
                        c.gpr[0] = le(c.mem, off, 8);
                        c.gpr[2] = le(c.mem, off + 8, 8);
                    }
                }
                case XLAT -> c.gpr[3] = IsaCase.BLOCK - r.nextInt(200);
                case SSE -> {
                    if (e.mnemonic().equals("maskmovdqu")) c.gpr[7] = IsaCase.BLOCK + r.nextInt(64 - 16 + 1); // stores at [RDI]
                    if (e.mnemonic().equals("maskmovq")) c.gpr[7] = IsaCase.BLOCK + r.nextInt(64 - 8 + 1);
                    if (mmx()) c.x87 = x87State(); // the MMX registers are the x87 registers' significands
                }
                case LDMXCSR -> {
                    if (r.nextInt(5) != 0) {
                        int off = (int) (memAddr - IsaCase.BLOCK);
                        int val = 0x1f80 | (r.nextInt(4) << 13) | r.nextInt(64) | (r.nextInt(4) == 0 ? 0x8040 : 0);
                        for (int i = 0; i < 4; i++) c.mem[off + i] = (byte) (val >> (8 * i));
                    }
                }
                default -> { }
            }
            if (stringCompare()) stringOperands(tail, memAddr, modrmReg, rm);

            family(memAddr, rmGpr, tail);

            // ---------------------------------------------------------------- prefixes, REX, opcode
            for (int p : legacy) out.write(p);
            if (opSize == 2 && !sse()) out.write(0x66);
            switch (f.prefix()) {
                case OpcodeTable.P_66 -> { if (!(opSize == 2 && !sse())) out.write(0x66); }
                case OpcodeTable.P_F3 -> out.write(0xf3);
                case OpcodeTable.P_F2 -> out.write(0xf2);
                default -> { }
            }
            if (rexR || rexX || rexB) rex = true;
            int id = f.id();
            if (vex) {
                vexPrefix(out);
            } else {
                if (rex) out.write(0x40 | (rexW ? 8 : 0) | (rexR ? 4 : 0) | (rexX ? 2 : 0) | (rexB ? 1 : 0));
                if (id >= 0x100) out.write(0x0f);
                if (id >= 0x300) out.write(0x3a);
                else if (id >= 0x200) out.write(0x38);
            }
            out.write(id & 0xff);
            out.writeBytes(tail.toByteArray());
            // a quarter of the cases are followed by "cmp rsp, rsp": the instruction's flags are then dead
            // in its block, which takes the emitter's flag-free fast paths (the result must not change)
            if (r.nextInt(4) == 0) {
                c.flagsDead = true;
                out.write(0x48);
                out.write(0x39);
                out.write(0xe4);
            }
            c.code = out.toByteArray();
            return c;
        }

        /** The SSE4.2 string compares pcmp[ei]str[im]. */
        boolean stringCompare() {
            return e.helper() != null && e.helper().startsWith("SseStrings.");
        }

        /**
         * SSE4.2 string compares: a uniform imm8 (every element format, aggregation, polarity and output),
         * explicit lengths in rAX/rDX around the element counts (negative, saturated, with junk above EAX/EDX,
         * REX.W or not), and strings over a few repeated characters with NULs at random places and a prefix of
         * src1 planted in src2, so that implicit lengths, ranges and equal-ordered matches (also those cut off
         * by the register's end) occur. A fifth of the cases keep the random operands.
         */
        void stringOperands(ByteArrayOutputStream tail, long memAddr, int src1, int src2) {
            byte[] t = tail.toByteArray();
            int imm = r.nextInt(256);
            t[t.length - 1] = (byte) imm; // Ib is the last byte of the instruction
            tail.reset();
            tail.writeBytes(t);
            rexW = r.nextBoolean();
            rex |= rexW;
            c.gpr[0] = stringLength();
            c.gpr[2] = stringLength();
            if (r.nextInt(5) == 0) return;
            int w = (imm & 1) + 1, n = 16 / w;
            int[] alphabet = new int[1 + r.nextInt(4)];
            for (int k = 0; k < alphabet.length; k++) {
                alphabet[k] = w == 1 ? pick('a', 'b', 'c', 'z', 0x7f, 0x80, 0xff, r.nextInt(256))
                        : pick('a', 'b', 0x6100, 0x0161, 0x7fff, 0x8000, 0xffff, r.nextInt(65536));
            }
            int[] a = new int[n], b = new int[n];
            for (int k = 0; k < n; k++) {
                a[k] = alphabet[r.nextInt(alphabet.length)];
                b[k] = alphabet[r.nextInt(alphabet.length)];
            }
            if (r.nextBoolean()) { // src1's first characters again in src2, perhaps running past its end
                int at = r.nextInt(n), len = 1 + r.nextInt(n);
                for (int k = 0; k < len && at + k < n; k++) b[at + k] = a[k];
            }
            for (int[] v : new int[][] {a, b}) {
                for (int z = r.nextInt(3); z > 0; z--) v[r.nextInt(n)] = 0;
            }
            byte[] x = new byte[16], y = new byte[16];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < w; i++) {
                    x[k * w + i] = (byte) (a[k] >> (8 * i));
                    y[k * w + i] = (byte) (b[k] >> (8 * i));
                }
            }
            c.xmm[2 * src1] = le(x, 0, 8);
            c.xmm[2 * src1 + 1] = le(x, 8, 8);
            if (memAddr >= 0) {
                System.arraycopy(y, 0, c.mem, (int) (memAddr - IsaCase.BLOCK), 16);
            } else {
                c.xmm[2 * src2] = le(y, 0, 8);
                c.xmm[2 * src2 + 1] = le(y, 8, 8);
            }
        }

        /** An explicit string length for rAX/rDX: small, an edge of the saturation, or anything. */
        long stringLength() {
            long[] edges = {8, 9, 16, 17, -8, -9, -16, -17, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0xfffffff0L,
                0x100000000L, 0x100000008L, 0xfffffffff0000010L, Long.MIN_VALUE, Long.MAX_VALUE};
            long v = switch (r.nextInt(4)) {
                case 0, 1 -> r.nextInt(41) - 20;
                case 2 -> edges[r.nextInt(edges.length)];
                default -> value();
            };
            if (!rexW && r.nextBoolean()) v = (v & 0xffffffffL) | (r.nextLong() << 32);
            return v;
        }

        /**
         * VEX.vvvv and VEX.L: a register for a B operand (never RSP), with a BEXTR/BZHI control or a shift
         * count mostly in the interesting range; one case in 32 has L = 1 on an LZ row, or a vvvv the row
         * does not use, which must be #UD.
         */
        private void vexOperands() {
            boolean usesVvvv = false;
            for (Operand o : e.operands()) usesVvvv |= o.kind() == 'B';
            int bits = 8 * opSize;
            if (usesVvvv) {
                vvvv = gpr(8, List.of());
                long low = switch (e.helper() == null ? "" : e.helper()) {
                    case "bextr" -> shiftCount(bits) | shiftCount(bits) << 8;
                    case "bzhi", "sarx", "shlx", "shrx" -> shiftCount(bits);
                    default -> -1;
                };
                if (low >= 0 && r.nextInt(4) != 0) c.gpr[vvvv] = (c.gpr[vvvv] & ~0xffffL) | (low & 0xffff);
            } else if (r.nextInt(32) == 0) {
                vvvv = 1 + r.nextInt(15);
            }
            vexL = e.has(Entry.VEX_L0) && r.nextInt(32) == 0;
        }

        /** The VEX prefix: the two-byte C5 form when the map is 0F and W, X, B allow it (at random), else C4. */
        private void vexPrefix(ByteArrayOutputStream out) {
            int id = f.id(), map = (id >>> 8) & 3, pp = (id >>> 10) & 3;
            int last = (~vvvv & 15) << 3 | (vexL ? 4 : 0) | pp; // W vvvv L pp, vvvv inverted
            if (map == 1 && !rexW && !rexX && !rexB && r.nextBoolean()) {
                out.write(0xc5);
                out.write((rexR ? 0 : 0x80) | last);
            } else {
                out.write(0xc4);
                out.write((rexR ? 0 : 0x80) | (rexX ? 0 : 0x40) | (rexB ? 0 : 0x20) | map);
                out.write((rexW ? 0x80 : 0) | last);
            }
        }

        // ---------------------------------------------------------------- encodings of memory operands, prefixes

        /** A RIP-relative operand's target, patched into its disp32 once the instruction's length is known. */
        long ripTarget = -1;
        /** Bytes after that disp32 (the immediates). */
        int ripTail;

        /**
         * Generic rows get the encodings build() does not make: a RIP-relative operand, the GS prefix (both
         * runners use GS_BASE), the 67 prefix (32-bit addresses, noise above them), LOCK (on every LOCKABLE
         * row with a memory operand; elsewhere it must be #UD), and prefixes that change nothing (DS/CS/ES/SS
         * overrides, a repeated 66).
         */
        void encodings(long memAddr, ByteArrayOutputStream tail) {
            boolean mem = memAddr >= 0 && OpcodeTable.INSTANCE.hasModrm(f.id());
            if (e.has(Entry.LOCKABLE) && mem ? r.nextBoolean() : r.nextInt(24) == 0) legacy.add(0xf0);
            if (!sse()) {
                for (int k = r.nextInt(4); k < 2; k++) legacy.add(pick(0x2e, 0x3e, 0x26, 0x36));
                if (opSize == 2 && r.nextInt(4) == 0) legacy.add(0x66);
            }
            if (!mem || e.sem() == Sem.XLAT) return;
            byte[] t = tail.toByteArray();
            int mod = (t[0] & 0xff) >> 6, rm = t[0] & 7;
            boolean sib = rm == 4;
            int dispBytes = mod == 1 ? 1 : mod == 2 ? 4 : 0;
            int imm = t.length - 1 - (sib ? 1 : 0) - dispBytes;
            int base = (sib ? t[1] & 7 : rm) | (rexB ? 8 : 0);
            switch (r.nextInt(8)) {
                case 0 -> { // [rip + disp32] (REX.B and REX.X as they were: ignored)
                    tail.reset();
                    tail.write((t[0] & 0x38) | 5);
                    tail.writeBytes(new byte[4]);
                    tail.write(t, t.length - imm, imm);
                    ripTarget = memAddr;
                    ripTail = imm;
                }
                case 1 -> {
                    legacy.add(0x65);
                    c.gpr[base] -= IsaCase.GS_BASE;
                }
                case 2 -> {
                    legacy.add(0x67);
                    int index = sib ? (t[1] >> 3) & 7 | (rexX ? 8 : 0) : 4;
                    c.gpr[base] = (c.gpr[base] & 0xffffffffL) | (r.nextLong() << 32);
                    if (index != 4) c.gpr[index] = (c.gpr[index] & 0xffffffffL) | (r.nextLong() << 32);
                }
                default -> { }
            }
        }

        /** Fills in a RIP-relative displacement: target minus the end of the instruction. */
        void patchRipRelative() {
            if (ripTarget < 0) return;
            int len = c.code.length - (c.flagsDead ? 3 : 0);
            long disp = ripTarget - (IsaCase.CODE + len);
            for (int i = 0; i < 4; i++) c.code[len - ripTail - 4 + i] = (byte) (disp >> (8 * i));
        }

        // ---------------------------------------------------------------- families with their own case shape

        /** Near branches ignore 66 on Intel but not on AMD (this CPU): their rows get no operand-size prefix. */
        void familyOperandSize() {
            if (!e.has(Entry.F64)) return;
            opSize = pick(4, 8);
            rexW = opSize == 8;
            rex = rexW || r.nextInt(3) == 0;
        }

        /** Strings, stack rows, branches and x87 rows: registers, memory and prefixes shaped for their semantics. */
        void family(long memAddr, int rmGpr, ByteArrayOutputStream tail) {
            switch (e.sem()) {
                case STRING -> string();
                case PUSH, POP, PUSHF, POPF, ENTER, LEAVE -> stack(tail);
                case JCC, JMP, CALL, LOOP, JRCXZ -> relative(tail);
                case JMP_IND, CALL_IND, RET -> indirect(memAddr, rmGpr);
                case X87 -> x87(tail, memAddr);
                case FXSAVE, FXRSTOR -> fxArea(memAddr);
                case CPUID, INT -> system(tail);
                default -> encodings(memAddr, tail);
            }
        }

        /** An element-aligned-or-not offset into the block for a run of {@code count} elements of {@code n} bytes. */
        int run(int n, int count, boolean down) {
            int span = n * Math.max(count, 1);
            int off = r.nextInt(IsaCase.BLOCK_LEN - span + 1);
            if (r.nextBoolean()) off &= ~(n - 1);
            return down ? off + span - n : off; // the first element: the highest one when DF counts down
        }

        /**
         * MOVS CMPS STOS LODS SCAS (SDM "MOVS/MOVSB..." and friends): either direction, no prefix, REP, REPE or
         * REPNE, sometimes the 67 prefix (ESI/EDI/ECX) or GS on the source; RCX small enough that every
         * element is in the block, and data that makes REPE/REPNE stop early.
         */
        void string() {
            int kind = e.sub();
            int n = 1;
            for (Operand o : e.operands()) if (o.kind() == 'X' || o.kind() == 'Y') n = o.bytes(opSize);
            int rep = pick(0, 0xf3, 0xf3, 0xf2);
            if (rep != 0) legacy.add(rep);
            boolean a32 = r.nextInt(4) == 0;
            if (a32) legacy.add(0x67);
            boolean gs = r.nextInt(6) == 0;
            if (gs) legacy.add(0x65);
            boolean down = r.nextBoolean();
            c.rflags = down ? c.rflags | Flags.DF : c.rflags & ~Flags.DF;
            int count = r.nextInt(4) == 0 ? 9 + r.nextInt(IsaCase.BLOCK_LEN / n - 9 + 1) : r.nextInt(9);
            // a REP with the 67 prefix and ECX 0 writes ECX/ESI/EDI on Intel (the upper halves become 0) and
            // nothing on AMD; no code relies on either, so those cases keep the upper halves clear
            boolean noise = a32 && !(rep != 0 && count == 0);
            if (rep != 0) c.gpr[1] = noise ? (r.nextLong() << 32) | count : count;
            int span = rep != 0 ? count : 1;
            int src = run(n, span, down), dst = run(n, span, down);
            boolean srcUsed = kind == OpcodeTable.MOVS || kind == OpcodeTable.CMPS || kind == OpcodeTable.LODS;
            long srcBase = gs && srcUsed ? IsaCase.BLOCK - IsaCase.GS_BASE : IsaCase.BLOCK;
            c.gpr[6] = pointer(srcBase + src, noise);
            c.gpr[7] = pointer(IsaCase.BLOCK + dst, noise);
            if (rep != 0 && (kind == OpcodeTable.CMPS || kind == OpcodeTable.SCAS)) stopAt(kind, n, src, dst, down, count);
        }

        /** A pointer register's value: with the 67 prefix only the low 32 bits address, the rest is noise. */
        long pointer(long address, boolean a32) {
            return a32 && r.nextBoolean() ? (r.nextLong() << 32) | address : address;
        }

        /** Makes the compared elements equal up to a random one (where REPE stops) or equal only there (REPNE). */
        void stopAt(int kind, int n, int src, int dst, boolean down, int count) {
            if (r.nextInt(4) == 0) return; // random data: stops at once, mostly
            int stop = r.nextInt(count + 1);
            boolean repe = legacy.contains(0xf3);
            long acc = c.gpr[0];
            for (int i = 0; i < count; i++) {
                int s = src + (down ? -i : i) * n, d = dst + (down ? -i : i) * n;
                boolean equal = (i == stop) != repe;
                for (int b = 0; b < n; b++) {
                    byte want = kind == OpcodeTable.SCAS ? (byte) (acc >> (8 * b)) : c.mem[s + b];
                    c.mem[d + b] = want;
                }
                if (!equal) c.mem[d + r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
            }
        }

        /** RSP somewhere in the compared stack area, mostly 8-aligned, with random bytes around it. */
        void stackPointer() {
            r.nextBytes(c.stack);
            c.gpr[4] = IsaCase.STACK_TOP - 8L * r.nextInt(8) - (r.nextInt(6) == 0 ? pick(2, 4) : 0);
        }

        void stackQword(long address, long v) {
            int o = (int) (address - IsaCase.STACK_LO);
            for (int i = 0; i < 8; i++) c.stack[o + i] = (byte) (v >> (8 * i));
        }

        /**
         * PUSH POP PUSHF POPF ENTER LEAVE (64-bit default operand size): with 66 (16-bit), REX.W (64-bit, also
         * over 66), POPF with any flags user mode may write (not TF: it would trap), ENTER at nesting levels 0,
         * 1, 2 and more with RBP in the stack area (or above it: zeros).
         */
        void stack(ByteArrayOutputStream tail) {
            stackPointer();
            boolean sized = false;
            for (Operand o : e.operands()) sized |= o.size().equals("v") || o.size().equals("z");
            if (!sized && r.nextInt(3) == 0) opSize = 2;
            if (!sized && r.nextInt(5) == 0) rexW = rex = true; // REX.W wins over 66 (sized rows: build() chose)
            long rbp = IsaCase.STACK_TOP - 8L * r.nextInt(16) - (r.nextInt(6) == 0 ? pick(1, 2, 4) : 0);
            switch (e.sem()) {
                case PUSHF -> {
                    if ((c.gpr[4] & 7) == 0 && r.nextBoolean()) c.rflags |= r.nextBoolean() ? 0x40000 : 0x200000; // AC, ID
                }
                case POPF -> stackQword(c.gpr[4], r.nextLong() & ~0x100L);
                case LEAVE -> c.gpr[5] = rbp;
                case ENTER -> {
                    int level = r.nextInt(4) == 0 ? r.nextInt(256) : pick(0, 1, 2, 3, 4, 31);
                    int frame = pick(0, 8, 16, r.nextInt(64), r.nextInt(0x10000));
                    c.gpr[5] = level < 2 && r.nextInt(4) == 0 ? value() : rbp;
                    // the display copies [RBP-8i] below the new frame: when those reads overlap its writes the
                    // result depends on the CPU's order (AMD differs from the SDM's); real code has RBP above
                    if ((level & 31) >= 2) c.gpr[5] = c.gpr[4] + (long) opSize * ((level & 31) - 1) + 8L * r.nextInt(4);
                    tail.reset();
                    tail.write(frame);
                    tail.write(frame >> 8);
                    tail.write(level);
                }
                default -> { }
            }
        }

        /** A landing stub's address away from the code and its fall-through stub: before CODE or well after it. */
        long stubAddress() {
            long a = r.nextBoolean() ? IsaCase.IMAGE_LO + r.nextInt(0x80 - IsaCase.STUB_LEN + 1)
                    : IsaCase.CODE + 0x40 + r.nextInt(IsaCase.IMAGE_LEN - 0xc0 - IsaCase.STUB_LEN + 1);
            c.stubs.add(a);
            return a;
        }

        /** An indirect branch target: mostly a stub, sometimes unmapped or non-canonical (SIGSEGV both sides). */
        long target() {
            return switch (r.nextInt(12)) {
                case 0 -> 0x50000000L + r.nextInt(0x1000);
                case 1 -> 0x8000000000000000L | r.nextLong() >>> 20;
                default -> stubAddress();
            };
        }

        /**
         * Jcc JMP CALL LOOPcc JRCXZ with a relative target: a landing stub before the code, after it, or the
         * fall-through itself; RCX at the edges LOOP and JRCXZ test, with the 67 prefix (ECX) sometimes; Jcc
         * with a CS/DS branch hint sometimes.
         */
        void relative(ByteArrayOutputStream tail) {
            stackPointer();
            relBytes = 1;
            for (Operand o : e.operands()) if (o.kind() == 'J') relBytes = o.size().equals("b") ? 1 : 4;
            if (e.sem() == Sem.LOOP || e.sem() == Sem.JRCXZ) {
                if (r.nextInt(3) == 0) legacy.add(0x67);
                long[] rcx = {0, 1, 2, 0x100000000L, 0x100000001L, -1, 0xffffffffL, 0xffffffff00000000L};
                c.gpr[1] = r.nextInt(4) == 0 ? value() : rcx[r.nextInt(rcx.length)];
            }
            if (e.sem() == Sem.JCC || e.sem() == Sem.LOOP) c.rflags ^= r.nextLong() & Flags.STATUS_MASK;
            if (e.sem() == Sem.JCC && r.nextInt(4) == 0) legacy.add(pick(0x2e, 0x3e)); // branch hints: no effect
            relFallThrough = r.nextInt(8) == 0;
            tail.writeBytes(new byte[relBytes]); // patchRelative fills it in
        }

        /** Fills in the displacement of a relative branch now that the instruction's end is known. */
        void patchRelative() {
            if (relBytes == 0) return;
            int len = c.code.length - (c.flagsDead ? 3 : 0);
            long end = IsaCase.CODE + len;
            long target;
            if (relFallThrough) {
                target = end;
            } else if (relBytes == 4) {
                target = stubAddress();
            } else { // within rel8 of the end: just before the code or after the fall-through stub
                long lo = Math.max(IsaCase.IMAGE_LO, end - 128);
                target = r.nextBoolean() ? lo + r.nextInt((int) (IsaCase.CODE - IsaCase.STUB_LEN - lo) + 1)
                        : c.next() + IsaCase.STUB_LEN + r.nextInt((int) (end + 127 - c.next() - IsaCase.STUB_LEN) + 1);
                c.stubs.add(target);
            }
            long disp = target - end;
            for (int i = 0; i < relBytes; i++) c.code[len - relBytes + i] = (byte) (disp >> (8 * i));
        }

        /** JMP/CALL r/m64 and RET [imm16]: the target in the register, the memory operand or on the stack. */
        void indirect(long memAddr, int rmGpr) {
            stackPointer();
            long t = target();
            if (e.sem() == Sem.RET) stackQword(c.gpr[4], t);
            else if (memAddr >= 0) {
                for (int i = 0; i < 8; i++) c.mem[(int) (memAddr - IsaCase.BLOCK) + i] = (byte) (t >> (8 * i));
            } else c.gpr[rmGpr] = t;
        }

        /**
         * CPUID leaves whose feature bits the harness checks against this CPU's, plus others and noise; INT n
         * with any vector but 0x80 (natively that is a 32-bit system call).
         */
        void system(ByteArrayOutputStream tail) {
            if (e.sem() == Sem.CPUID) {
                c.gpr[0] = r.nextInt(4) == 0 ? value() : pick(0, 1, 2, 4, 7, 0x80000000, 0x80000001, 0x80000006, 0x80000008);
                c.gpr[1] = r.nextBoolean() ? pick(0, 1, 2, 3) : value();
            } else if (e.sem() == Sem.INT) {
                int v = r.nextBoolean() ? pick(3, 4, 1, 0x81) : r.nextInt(256);
                tail.reset();
                tail.write(v == 0x80 ? 0x21 : v);
            }
        }

        /** An 80-bit x87 value as {sign/exponent, significand}: every class FLD can meet, also the invalid encodings. */
        long[] x87Value() {
            long m = r.nextLong();
            int sign = r.nextBoolean() ? 0x8000 : 0;
            return switch (r.nextInt(16)) {
                case 0 -> new long[] {sign, 0}; // zero
                case 1 -> new long[] {sign, m >>> 1 >>> r.nextInt(63)}; // denormal
                case 2 -> new long[] {sign | 0x7fff, Long.MIN_VALUE}; // infinity
                case 3 -> new long[] {sign | 0x7fff, 0xc000000000000000L | m >>> 2 >>> r.nextInt(62)}; // QNaN
                case 4 -> new long[] {sign | 0x7fff, Long.MIN_VALUE | (m >>> 2 | 1)}; // SNaN
                case 5 -> new long[] {sign | (1 + r.nextInt(0x7ffe)), m >>> 1}; // unnormal
                case 6 -> new long[] {sign, Long.MIN_VALUE | m}; // pseudo-denormal
                case 7 -> new long[] {sign | 0x7fff, m >>> 1}; // pseudo-NaN / pseudo-infinity
                case 8 -> new long[] {sign | pick(1, 2, 0x7ffe, 0x7ffd, 0x3fff - 16383 + 64), Long.MIN_VALUE | m}; // extremes
                case 9 -> { // an integer (FRNDINT, FIST, FPREM quotients)
                    int k = r.nextInt(64);
                    yield new long[] {sign | (0x3fff + k), Long.MIN_VALUE | (m >>> 1 >>> k << 1 << k)};
                }
                case 10 -> { // a double, widened
                    double d = Double.longBitsToDouble(doubleBits());
                    long b = Double.doubleToRawLongBits(d);
                    int e = (int) (b >>> 52) & 0x7ff;
                    long f = b << 11;
                    if (e == 0x7ff) yield new long[] {(int) (b >>> 48) & 0x8000 | 0x7fff, Long.MIN_VALUE | f};
                    if (e == 0) yield new long[] {(int) (b >>> 48) & 0x8000, 0};
                    yield new long[] {((int) (b >>> 48) & 0x8000) | (e - 1023 + 0x3fff), Long.MIN_VALUE | f};
                }
                default -> new long[] {sign | (0x3fff - 70 + r.nextInt(140)), Long.MIN_VALUE | m}; // normal
            };
        }

        /**
         * An x87 row: FXRSTOR of a random state (precision and rounding control, TOP, condition codes, sticky
         * flags, tags from empty to full, values of every class), the register row's own ST(i), and memory
         * operands that hold values of the operand's type. Exceptions stay masked: the translator implements
         * the masked responses only (an unmasked one would be #MF at the next x87 instruction).
         */
        void x87(ByteArrayOutputStream tail, long memAddr) {
            c.x87 = x87State();
            byte[] t = tail.toByteArray();
            if (e.has(Entry.REG_ONLY)) t[0] = (byte) ((t[0] & ~7) | e.sub()); // the row's own ST(i)
            tail.reset();
            tail.writeBytes(t);
            if (memAddr >= 0) x87Memory((int) (memAddr - IsaCase.BLOCK));
        }

        /**
         * FXSAVE/FXRSTOR: a random x87 state, and for FXRSTOR a valid area in memory (as much as the block
         * holds; the rest of its page is zero on both sides). A misaligned operand is #GP on both sides.
         */
        void fxArea(long memAddr) {
            c.x87 = x87State();
            int off = (int) (memAddr - IsaCase.BLOCK);
            if (e.sem() == Sem.FXSAVE) {
                c.uncompared = off + 28;
                return;
            }
            byte[] a = x87State();
            put(a, 24, 0x1f80 | (r.nextInt(4) << 13) | r.nextInt(64), 4);
            for (int i = 160; i < 416; i++) a[i] = (byte) r.nextInt();
            System.arraycopy(a, 0, c.mem, off, Math.min(a.length, IsaCase.BLOCK_LEN - off));
        }

        /** An FXSAVE area with a random x87 state (MXCSR and XMM are loaded after it, from the case). */
        byte[] x87State() {
            byte[] a = new byte[IsaCase.X87_LEN];
            int fcw = 0x107f | (pick(0, 2, 3, 3) << 8) | (r.nextInt(4) << 10);
            int fsw = (r.nextInt(8) << 11) | (r.nextInt(16) == 0 ? 0 : r.nextInt(0x80) & (r.nextBoolean() ? 0x7f : 0)) | (r.nextInt(16) << 8 & 0x4700);
            int ftw = pick(0, 0xff, r.nextInt(256), r.nextInt(256));
            put(a, 0, fcw & 0xfff, 2);
            put(a, 2, fsw & ~0x80, 2);
            a[4] = (byte) ftw;
            put(a, 24, 0x1f80, 4);
            for (int i = 0; i < 8; i++) {
                long[] v = x87Value();
                put(a, 32 + 16 * i, v[1], 8);
                put(a, 40 + 16 * i, v[0], 2);
            }
            return a;
        }

        /** A value of the memory operand's type at {@code off} (m16/m32/m64 integer or real, m80, an environment). */
        void x87Memory(int off) {
            String h = e.helper();
            if (h.endsWith("_m80")) {
                long[] v = x87Value();
                put(c.mem, off, v[1], 8);
                put(c.mem, off + 8, v[0], 2);
            } else if (h.startsWith("fi") && !h.startsWith("fist") && r.nextBoolean()) {
                long v = value();
                put(c.mem, off, v, 8); // integer operands: the generic value, truncated by the operand size
            } else if (h.endsWith("_m32") && !h.startsWith("fi")) {
                put(c.mem, off, floatBits(), 4);
            } else if (h.endsWith("_m64") && !h.startsWith("fi")) {
                put(c.mem, off, doubleBits(), 8);
            } else if (h.equals("fldcw")) {
                put(c.mem, off, 0x107f | (pick(0, 2, 3) << 8) | (r.nextInt(4) << 10), 2);
            } else if (h.equals("fldenv") || h.equals("frstor")) {
                put(c.mem, off, 0x107f | (pick(0, 2, 3) << 8) | (r.nextInt(4) << 10), 2);
                put(c.mem, off + 4, (r.nextInt(8) << 11) | (r.nextInt(0x80) & 0x7f) | (r.nextInt(16) << 8 & 0x4700), 2);
                put(c.mem, off + 8, r.nextBoolean() ? 0xffff : r.nextInt(0x10000), 2);
                for (int i = 0; h.equals("frstor") && i < 8; i++) {
                    long[] v = x87Value();
                    put(c.mem, off + 28 + 10 * i, v[1], 8);
                    put(c.mem, off + 36 + 10 * i, v[0], 2);
                }
            }
        }

        void put(byte[] b, int off, long v, int n) {
            for (int i = 0; i < n; i++) b[off + i] = (byte) (v >> (8 * i));
        }

        private long byteReg(int reg, int sz) {
            if (sz == 1 && !rex && reg >= 4) return (c.gpr[reg - 4] >> 8) & 0xff;
            return c.gpr[reg];
        }
    }

    static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b[off + i] & 0xffL) << (8 * i);
        return v;
    }

    public static IsaCase generate(IsaForm f, long seed, int index) {
        Gen g = new Gen(f, seed, index);
        IsaCase c = g.build();
        g.patchRelative();
        g.patchRipRelative();
        return c;
    }
}
