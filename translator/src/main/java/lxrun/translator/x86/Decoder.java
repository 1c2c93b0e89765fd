package lxrun.translator.x86;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;

/**
 * Decodes one x86-64 instruction: legacy prefixes, REX or VEX, opcode (1-3 bytes), ModRM/SIB/displacement
 * and immediates, all sized by the opcode table. An undefined encoding raises #UD naming the bytes.
 */
public final class Decoder {
    private static final int MAX_LENGTH = 15;
    private final OpcodeTable table = OpcodeTable.INSTANCE;

    private GuestMemory mem;
    private long start, pos;

    private int fetch() {
        if (pos - start >= MAX_LENGTH) { // the 15-byte limit raises #GP, not #UD
            CpuException e = new CpuException(GuestException.GP, "instruction longer than 15 bytes");
            e.rip = start;
            throw e;
        }
        return mem.fetch8(pos++);
    }

    private long fetchN(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) fetch() << (8 * i);
        return v;
    }

    private CpuException undefined(String why) {
        CpuException e = new CpuException(GuestException.UD, why);
        e.rip = start;
        return e;
    }

    public Instruction decode(GuestMemory m, long address) {
        this.mem = m;
        this.start = address;
        this.pos = address;
        Instruction in = new Instruction();
        in.address = address;
        int b;
        int mandatory = OpcodeTable.P_NONE;
        // legacy prefixes, any order; the last of F2/F3 is the one that counts
        while (true) {
            b = fetch();
            switch (b) {
                case 0xf0 -> in.lock = true;
                case 0xf2 -> { in.repne = true; in.rep = false; mandatory = OpcodeTable.P_F2; }
                case 0xf3 -> { in.rep = true; in.repne = false; mandatory = OpcodeTable.P_F3; }
                case 0x66 -> in.opsize = true;
                case 0x67 -> in.adsize = true;
                case 0x64 -> in.segment = Instruction.SEG_FS;
                case 0x65 -> in.segment = Instruction.SEG_GS;
                case 0x2e, 0x36, 0x3e, 0x26 -> { } // null segments in 64-bit mode (also branch hints)
                default -> { }
            }
            if (b != 0xf0 && b != 0xf2 && b != 0xf3 && b != 0x66 && b != 0x67 && b != 0x64 && b != 0x65
                    && b != 0x2e && b != 0x36 && b != 0x3e && b != 0x26) break;
        }
        int rexR = 0, rexX = 0, rexB = 0;
        if ((b & 0xf0) == 0x40) {
            in.rex = true;
            in.rexW = (b & 8) != 0;
            rexR = (b & 4) << 1;
            rexX = (b & 2) << 2;
            rexB = (b & 1) << 3;
            b = fetch();
        }
        int id;
        if (b == 0xc4 || b == 0xc5) {
            // in 64-bit mode C4/C5 always start a VEX prefix (LES/LDS do not exist); a 66, F2, F3, REX or
            // LOCK prefix before it is #UD (SDM vol. 2, 2.3.2)
            if (in.opsize || in.rep || in.repne || in.rex || in.lock) throw undefined(null);
            int p1 = fetch();
            rexR = (~p1 & 0x80) >>> 4; // R X B are stored inverted
            int map = 1, p2 = p1;
            if (b == 0xc4) {
                rexX = (~p1 & 0x40) >>> 3;
                rexB = (~p1 & 0x20) >>> 2;
                map = p1 & 0x1f;
                p2 = fetch();
                in.vexW = (p2 & 0x80) != 0;
            }
            if (map < 1 || map > 3) throw undefined(null); // reserved opcode maps
            in.vex = true;
            in.vvvv = (~p2 >>> 3) & 15;
            in.vexL = (p2 & 4) != 0;
            id = OpcodeTable.vex(p2 & 3, map << 8 | fetch());
            mandatory = OpcodeTable.P_NONE; // pp is part of the id
        } else {
            id = b;
            if (b == 0x0f) {
                b = fetch();
                id = 0x100 | b;
                if (b == 0x38) id = 0x200 | fetch();
                else if (b == 0x3a) id = 0x300 | fetch();
            }
            if (mandatory == OpcodeTable.P_NONE && in.opsize) mandatory = OpcodeTable.P_66;
        }
        in.opcode = id;

        int modrm = 0;
        boolean hasModrm = table.hasModrm(id);
        if (hasModrm) modrm = fetch();
        Entry e = table.lookup(id, mandatory, in.opsize, modrm);
        if (e == null) throw undefined(null);
        in.entry = e;
        if (in.vex && ((in.vexL && e.has(Entry.VEX_L0)) || (in.vvvv != 0 && !readsVvvv(e)))) throw undefined(null);

        // an SSE row selected by a 66 prefix does not also shrink the GPR operand size
        boolean sizePrefix = in.opsize && !(e.sem() == Sem.SSE || e.sem() == Sem.SSE_STORE) ;
        if (in.rexW || in.vexW || e.has(Entry.F64)) in.opSize = 8;
        else if (sizePrefix) in.opSize = 2;
        else in.opSize = e.has(Entry.D64) ? 8 : 4;

        if (hasModrm) {
            in.hasModrm = true;
            in.mod = modrm >>> 6;
            in.reg = ((modrm >>> 3) & 7) | rexR;
            int rm = modrm & 7;
            if (in.mod == 3) {
                in.rm = rm | rexB;
                if (e.has(Entry.MEM_ONLY)) throw undefined(null);
            } else {
                if (e.has(Entry.REG_ONLY)) throw undefined(null);
                if (rm == 4) {
                    int sib = fetch();
                    in.scale = 1 << (sib >>> 6);
                    int idx = ((sib >>> 3) & 7) | rexX;
                    in.index = idx == 4 ? -1 : idx;
                    int base = sib & 7;
                    if (base == 5 && in.mod == 0) {
                        in.base = -1;
                        in.disp = (int) fetchN(4);
                    } else {
                        in.base = base | rexB;
                    }
                } else if (rm == 5 && in.mod == 0) {
                    in.base = Instruction.RIP;
                    in.disp = (int) fetchN(4);
                } else {
                    in.base = rm | rexB;
                }
                if (in.mod == 1) in.disp = (byte) fetch();
                else if (in.mod == 2) in.disp = (int) fetchN(4);
            }
        }
        // LOCK is #UD unless the row is LOCKABLE and its (destination) operand is memory
        if (in.lock && !(e.has(Entry.LOCKABLE) && in.isMem())) throw undefined(null);
        // opcode-register operands take REX.B
        for (Operand o : e.operands()) {
            if (o.kind() == 'Z') in.rm = (id & 7) | rexB;
        }
        // immediates, in operand order
        boolean first = true;
        for (Operand o : e.operands()) {
            switch (o.kind()) {
                case 'I' -> {
                    int n = immBytes(o, in.opSize);
                    long v = fetchN(n);
                    v = signExtend(v, n);
                    if (first) in.imm = v; else in.imm2 = v;
                    first = false;
                }
                case 'J' -> {
                    int n = o.size().equals("b") ? 1 : 4;
                    in.imm = signExtend(fetchN(n), n);
                }
                case 'O' -> in.disp = fetchN(in.adsize ? 4 : 8);
                default -> { }
            }
        }
        in.length = (int) (pos - start);
        in.bytes = mem.read(start, in.length);
        return in;
    }

    /** True when the row has an operand in VEX.vvvv (else vvvv must be 1111b). */
    private static boolean readsVvvv(Entry e) {
        for (Operand o : e.operands()) if (o.kind() == 'B') return true;
        return false;
    }

    private static int immBytes(Operand o, int opSize) {
        return switch (o.size()) {
            case "b" -> 1;
            case "w" -> 2;
            case "v" -> opSize; // mov r64, imm64 is the only Iv form
            default -> Math.min(opSize, 4);
        };
    }

    private static long signExtend(long v, int n) {
        int sh = 64 - 8 * n;
        return (v << sh) >> sh;
    }
}
