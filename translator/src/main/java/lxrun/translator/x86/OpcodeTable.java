package lxrun.translator.x86;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static lxrun.translator.x86.Entry.BRANCH;
import static lxrun.translator.x86.Entry.D64;
import static lxrun.translator.x86.Entry.F64;
import static lxrun.translator.x86.Entry.LOCKABLE;
import static lxrun.translator.x86.Entry.MEM_ONLY;
import static lxrun.translator.x86.Entry.READS_FLAGS;
import static lxrun.translator.x86.Entry.REG_ONLY;
import static lxrun.translator.x86.Entry.VEX_L0;
import static lxrun.translator.x86.Entry.WRITES_FLAGS;

/**
 * The one opcode table: the decoder reads operand specs from it (ModRM? immediate sizes?), the
 * disassembler prints mnemonics and operands from it, and the translator picks an emitter by {@link Sem}.
 *
 * <p>Opcodes are identified by an int: one-byte opcodes 0x00-0xff, {@code 0F xx} as 0x1xx,
 * {@code 0F 38 xx} as 0x2xx, {@code 0F 3A xx} as 0x3xx. Rows may depend on ModRM.reg (groups), on the
 * mandatory prefix (none, 66, F3, F2) and, for x87 and a few register forms such as RDTSCP, on the whole
 * ModRM byte. A legacy row selected by F2/F3 falls back to the unprefixed row when the opcode has none for
 * that prefix (the prefix is then ignored, as BSF ignores F3 on CPUs without TZCNT), except in the 0F 38
 * and 0F 3A maps, where F2/F3 are always mandatory (F3 0F 38 F0 is #UD, not MOVBE); 66 falls back to the
 * unprefixed row everywhere as the operand-size prefix (66 0F 38 F0 is MOVBE r16).
 *
 * <p>VEX-encoded rows live in an id space of their own: {@link #vex vex(pp, id)} = {@link #VEX} | pp &lt;&lt; 10
 * | the legacy id of the opcode map VEX.mmmmm selects (0x1xx 0F, 0x2xx 0F38, 0x3xx 0F3A), so {@code
 * VEX.F2.0F38 F5} (PDEP) is {@code vex(P_F2, 0x2f5)}. The implied prefix pp is part of the id, so VEX rows
 * are plain, group or register rows, never {@link #prefixed} rows, and no prefix fallback applies to them.
 * Their operand size is 64 bits when VEX.W is set (as REX.W); a row with {@link Entry#VEX_L0} is #UD with
 * VEX.L = 1 (the SDM's LZ/L0), other rows see VEX.L in {@link Instruction#vexL} (AVX's 128/256 forms). The
 * operand kind B names the GPR in VEX.vvvv; the decoder raises #UD for a vvvv other than 1111b when the row
 * has no operand that reads it (the SDM's "VEX.vvvv is reserved").
 */
public final class OpcodeTable {
    public static final int P_NONE = 0, P_66 = 1, P_F3 = 2, P_F2 = 3;
    /** The id bit of VEX-encoded rows; see {@link #vex}. */
    public static final int VEX = 0x1000;

    /** The id of a VEX row: implied prefix {@code pp} (P_NONE..P_F2, VEX.pp's own order) and the legacy id of its map. */
    public static int vex(int pp, int id) {
        return VEX | pp << 10 | id;
    }

    /** ALU op numbers in the order of opcodes 00-3F and group 1. */
    public static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;
    /** Shift/rotate kinds in group-2 order. */
    public static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAL = 6, SAR = 7;
    public static final int MOVS = 0, CMPS = 1, STOS = 2, LODS = 3, SCAS = 4, INS = 5, OUTS = 6;
    public static final int CLC = 0, STC = 1, CMC = 2, CLD = 3, STD = 4;

    private static final String[] ALU_NAMES = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    private static final String[] SHIFT_NAMES = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
    private static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};

    /** Plain rows by opcode id. */
    private final Map<Integer, Entry> plain = new HashMap<>();
    /** Group rows by opcode id, indexed by ModRM.reg. */
    private final Map<Integer, Entry[]> groups = new HashMap<>();
    /**
     * Register-form group rows (mod == 3) where they differ from the memory form, by mandatory prefix * 8 +
     * ModRM.reg (F3 0F AE /0 is RDFSBASE); a prefixed lookup falls back to the unprefixed row.
     */
    private final Map<Integer, Entry[]> regGroups = new HashMap<>();
    /** Register forms selected by the whole ModRM byte (0F 01 F9 is RDTSCP), by ModRM & 0x3f. */
    private final Map<Integer, Entry[]> regRows = new HashMap<>();
    /** Mandatory-prefix rows by opcode id, indexed by P_NONE..P_F2. */
    private final Map<Integer, Entry[]> prefixed = new HashMap<>();
    /** x87: memory forms by (opcode-0xD8)*8+reg, register forms by (opcode-0xD8)*64+(modrm&0x3f). */
    final Entry[] x87Mem = new Entry[64];
    final Entry[] x87Reg = new Entry[512];

    public static final OpcodeTable INSTANCE = new OpcodeTable();

    private OpcodeTable() {
        oneByte();
        twoByte();
        gpExtensions();
        X87Rows.register(this);
        SseRows.register(this);
        MmxRows.register(this);
    }

    // ------------------------------------------------------------------ builders

    private static Entry e(String mn, String ops, Sem sem, int sub, int attrs) {
        return new Entry(mn, Operand.parse(ops), sem, sub, null, attrs);
    }

    void plain(int id, String mn, String ops, Sem sem, int sub, int attrs) {
        plain(id, mn, ops, sem, sub, null, attrs);
    }

    /** A plain row whose emitter calls the ops method {@code helper} (Sem.BMI). */
    void plain(int id, String mn, String ops, Sem sem, int sub, String helper, int attrs) {
        if (plain.put(id, new Entry(mn, Operand.parse(ops), sem, sub, helper, attrs)) != null) {
            throw new IllegalStateException("dup " + Integer.toHexString(id));
        }
    }

    void group(int id, int reg, String mn, String ops, Sem sem, int sub, int attrs) {
        group(id, reg, mn, ops, sem, sub, null, attrs);
    }

    void group(int id, int reg, String mn, String ops, Sem sem, int sub, String helper, int attrs) {
        groups.computeIfAbsent(id, k -> new Entry[8])[reg] = new Entry(mn, Operand.parse(ops), sem, sub, helper, attrs);
    }

    void regGroup(int id, int reg, String mn, String ops, Sem sem, int sub, int attrs) {
        regGroup(id, P_NONE, reg, mn, ops, sem, sub, attrs);
    }

    void regGroup(int id, int prefix, int reg, String mn, String ops, Sem sem, int sub, int attrs) {
        regGroups.computeIfAbsent(id, k -> new Entry[32])[prefix * 8 + reg] = e(mn, ops, sem, sub, attrs);
    }

    void regRow(int id, int modrm, String mn, String ops, Sem sem, int sub, int attrs) {
        regRows.computeIfAbsent(id, k -> new Entry[64])[modrm & 0x3f] = e(mn, ops, sem, sub, attrs);
    }

    /** A row selected by mandatory prefix; {@code helper} names the ops method for SSE/X87 rows. */
    public void prefixed(int id, int prefix, String mn, String ops, Sem sem, int sub, String helper, int attrs) {
        Entry[] row = prefixed.computeIfAbsent(id, k -> new Entry[4]);
        if (row[prefix] != null) throw new IllegalStateException("dup " + Integer.toHexString(id) + "/" + prefix);
        row[prefix] = new Entry(mn, Operand.parse(ops), sem, sub, helper, attrs);
    }

    void x87mem(int opcode, int reg, String mn, String ops, String helper) {
        x87Mem[(opcode - 0xd8) * 8 + reg] = new Entry(mn, Operand.parse(ops), Sem.X87, 0, helper, MEM_ONLY);
    }

    void x87reg(int opcode, int modrm, String mn, String ops, String helper) {
        x87Reg[(opcode - 0xd8) * 64 + (modrm & 0x3f)] = new Entry(mn, Operand.parse(ops), Sem.X87, modrm & 7, helper, REG_ONLY);
    }

    // ------------------------------------------------------------------ lookup

    /** True when the opcode has a ModRM byte (known before the row is chosen). */
    public boolean hasModrm(int id) {
        if (id >= 0xd8 && id <= 0xdf) return true;
        if (groups.containsKey(id) || regGroups.containsKey(id) || regRows.containsKey(id)) return true;
        Entry[] row = prefixed.get(id);
        if (row != null) for (Entry p : row) if (p != null && p.hasModrm()) return true; // not EMMS
        Entry e = plain.get(id);
        return e != null && e.hasModrm();
    }

    /** The row for an opcode, or null when the encoding is undefined (or not implemented). */
    public Entry lookup(int id, int prefix, boolean has66, int modrm) {
        if (id >= 0xd8 && id <= 0xdf) {
            return (modrm >>> 6) == 3 ? x87Reg[(id - 0xd8) * 64 + (modrm & 0x3f)] : x87Mem[(id - 0xd8) * 8 + ((modrm >>> 3) & 7)];
        }
        Entry[] row = prefixed.get(id);
        if (row != null) {
            Entry e = row[prefix];
            if (e == null && prefix == P_NONE && has66) e = row[P_66];
            if (e == null && (prefix == P_66 || (prefix != P_NONE && !threeByteMap(id)))) e = row[P_NONE];
            if (e != null) return e;
        }
        if ((modrm >>> 6) == 3) {
            Entry[] rr = regRows.get(id);
            if (rr != null && rr[modrm & 0x3f] != null) return rr[modrm & 0x3f];
            Entry[] rg = regGroups.get(id);
            int reg = (modrm >>> 3) & 7;
            if (rg != null && rg[prefix * 8 + reg] != null) return rg[prefix * 8 + reg];
            if (rg != null && rg[reg] != null) return rg[reg];
        }
        Entry[] g = groups.get(id);
        if (g != null) return g[(modrm >>> 3) & 7];
        return plain.get(id);
    }

    /** The legacy 0F 38 and 0F 3A maps, where F2 and F3 are always mandatory prefixes. */
    private static boolean threeByteMap(int id) {
        return id >= 0x200 && id < 0x400;
    }

    /** Every row, for coverage listings. */
    public List<Entry> all() {
        List<Entry> out = new ArrayList<>(plain.values());
        for (Entry[] g : groups.values()) for (Entry e : g) if (e != null) out.add(e);
        for (Entry[] g : regGroups.values()) for (Entry e : g) if (e != null) out.add(e);
        for (Entry[] g : regRows.values()) for (Entry e : g) if (e != null) out.add(e);
        for (Entry[] g : prefixed.values()) for (Entry e : g) if (e != null) out.add(e);
        for (Entry e : x87Mem) if (e != null) out.add(e);
        for (Entry e : x87Reg) if (e != null) out.add(e);
        return out;
    }

    // ------------------------------------------------------------------ one-byte map

    private void oneByte() {
        int wf = WRITES_FLAGS;
        for (int op = 0; op < 8; op++) {
            String mn = ALU_NAMES[op];
            int base = op * 8;
            int rf = (op == ADC || op == SBB) ? READS_FLAGS : 0;
            int lk = op == CMP ? 0 : LOCKABLE;
            plain(base, mn, "Eb,Gb", Sem.ALU, op, wf | rf | lk);
            plain(base + 1, mn, "Ev,Gv", Sem.ALU, op, wf | rf | lk);
            plain(base + 2, mn, "Gb,Eb", Sem.ALU, op, wf | rf);
            plain(base + 3, mn, "Gv,Ev", Sem.ALU, op, wf | rf);
            plain(base + 4, mn, "AL,Ib", Sem.ALU, op, wf | rf);
            plain(base + 5, mn, "rAX,Iz", Sem.ALU, op, wf | rf);
            group(0x80, op, mn, "Eb,Ib", Sem.ALU, op, wf | rf | lk);
            group(0x81, op, mn, "Ev,Iz", Sem.ALU, op, wf | rf | lk);
            group(0x83, op, mn, "Ev,Ib", Sem.ALU, op, wf | rf | lk);
        }
        for (int i = 0; i < 8; i++) {
            plain(0x50 + i, "push", "Zq", Sem.PUSH, 0, D64);
            plain(0x58 + i, "pop", "Zq", Sem.POP, 0, D64);
            plain(0x90 + i, i == 0 ? "nop" : "xchg", i == 0 ? "" : "Zv,rAX", i == 0 ? Sem.NOP : Sem.XCHG, 0, 0);
            plain(0xb0 + i, "mov", "Zb,Ib", Sem.MOV, 0, 0);
            plain(0xb8 + i, "mov", "Zv,Iv", Sem.MOV, 0, 0);
        }
        plain(0x63, "movsxd", "Gv,Ed", Sem.MOVSX, 0, 0);
        plain(0x68, "push", "Iz", Sem.PUSH, 0, D64);
        plain(0x69, "imul", "Gv,Ev,Iz", Sem.IMUL3, 0, wf);
        plain(0x6a, "push", "Ib", Sem.PUSH, 0, D64);
        plain(0x6b, "imul", "Gv,Ev,Ib", Sem.IMUL3, 0, wf);
        for (int cc = 0; cc < 16; cc++) {
            plain(0x70 + cc, "j" + CC[cc], "Jb", Sem.JCC, cc, BRANCH | READS_FLAGS | F64);
            plain(0x140 + cc, "cmov" + CC[cc], "Gv,Ev", Sem.CMOVCC, cc, READS_FLAGS);
            plain(0x180 + cc, "j" + CC[cc], "Jz", Sem.JCC, cc, BRANCH | READS_FLAGS | F64);
            plain(0x190 + cc, "set" + CC[cc], "Eb", Sem.SETCC, cc, READS_FLAGS);
        }
        plain(0x84, "test", "Eb,Gb", Sem.TEST, 0, wf);
        plain(0x85, "test", "Ev,Gv", Sem.TEST, 0, wf);
        plain(0x86, "xchg", "Eb,Gb", Sem.XCHG, 0, LOCKABLE);
        plain(0x87, "xchg", "Ev,Gv", Sem.XCHG, 0, LOCKABLE);
        plain(0x88, "mov", "Eb,Gb", Sem.MOV, 0, 0);
        plain(0x89, "mov", "Ev,Gv", Sem.MOV, 0, 0);
        plain(0x8a, "mov", "Gb,Eb", Sem.MOV, 0, 0);
        plain(0x8b, "mov", "Gv,Ev", Sem.MOV, 0, 0);
        plain(0x8d, "lea", "Gv,M", Sem.LEA, 0, MEM_ONLY);
        group(0x8f, 0, "pop", "Ev", Sem.POP, 0, D64);
        plain(0x9b, "fwait", "", Sem.NOP, 0, 0); // x87 exceptions are always masked here: nothing to wait for
        plain(0x98, "cbw|cwde|cdqe", "", Sem.CBW, 0, 0);
        plain(0x99, "cwd|cdq|cqo", "", Sem.CWD, 0, 0);
        plain(0x9c, "pushf", "", Sem.PUSHF, 0, D64 | READS_FLAGS);
        plain(0x9d, "popf", "", Sem.POPF, 0, D64 | wf);
        plain(0x9e, "sahf", "", Sem.SAHF, 0, wf);
        plain(0x9f, "lahf", "", Sem.LAHF, 0, READS_FLAGS);
        plain(0xa0, "mov", "AL,Ob", Sem.MOV, 0, 0);
        plain(0xa1, "mov", "rAX,Ov", Sem.MOV, 0, 0);
        plain(0xa2, "mov", "Ob,AL", Sem.MOV, 0, 0);
        plain(0xa3, "mov", "Ov,rAX", Sem.MOV, 0, 0);
        plain(0xa4, "movs", "Yb,Xb", Sem.STRING, MOVS, 0);
        plain(0xa5, "movs", "Yv,Xv", Sem.STRING, MOVS, 0);
        plain(0xa6, "cmps", "Xb,Yb", Sem.STRING, CMPS, wf);
        plain(0xa7, "cmps", "Xv,Yv", Sem.STRING, CMPS, wf);
        plain(0xa8, "test", "AL,Ib", Sem.TEST, 0, wf);
        plain(0xa9, "test", "rAX,Iz", Sem.TEST, 0, wf);
        plain(0xaa, "stos", "Yb,AL", Sem.STRING, STOS, 0);
        plain(0xab, "stos", "Yv,rAX", Sem.STRING, STOS, 0);
        plain(0xac, "lods", "AL,Xb", Sem.STRING, LODS, 0);
        plain(0xad, "lods", "rAX,Xv", Sem.STRING, LODS, 0);
        plain(0xae, "scas", "AL,Yb", Sem.STRING, SCAS, wf);
        plain(0xaf, "scas", "rAX,Yv", Sem.STRING, SCAS, wf);
        for (int k = 0; k < 8; k++) {
            int f = (k == RCL || k == RCR) ? READS_FLAGS : 0;
            group(0xc0, k, SHIFT_NAMES[k], "Eb,Ib", Sem.SHIFT, k, f);
            group(0xc1, k, SHIFT_NAMES[k], "Ev,Ib", Sem.SHIFT, k, f);
            group(0xd0, k, SHIFT_NAMES[k], "Eb,1", Sem.SHIFT, k, f);
            group(0xd1, k, SHIFT_NAMES[k], "Ev,1", Sem.SHIFT, k, f);
            group(0xd2, k, SHIFT_NAMES[k], "Eb,CL", Sem.SHIFT, k, f);
            group(0xd3, k, SHIFT_NAMES[k], "Ev,CL", Sem.SHIFT, k, f);
        }
        plain(0xc2, "ret", "Iw", Sem.RET, 0, BRANCH | F64);
        plain(0xc3, "ret", "", Sem.RET, 0, BRANCH | F64);
        group(0xc6, 0, "mov", "Eb,Ib", Sem.MOV, 0, 0);
        group(0xc7, 0, "mov", "Ev,Iz", Sem.MOV, 0, 0);
        plain(0xc8, "enter", "Iw,Ib", Sem.ENTER, 0, D64);
        plain(0xc9, "leave", "", Sem.LEAVE, 0, D64);
        plain(0xcc, "int3", "", Sem.INT3, 0, BRANCH);
        plain(0xcd, "int", "Ib", Sem.INT, 0, BRANCH);
        plain(0xd7, "xlat", "", Sem.XLAT, 0, 0);
        plain(0xe0, "loopne", "Jb", Sem.LOOP, 0, BRANCH | READS_FLAGS | F64);
        plain(0xe1, "loope", "Jb", Sem.LOOP, 1, BRANCH | READS_FLAGS | F64);
        plain(0xe2, "loop", "Jb", Sem.LOOP, 2, BRANCH | F64);
        plain(0xe3, "jrcxz", "Jb", Sem.JRCXZ, 0, BRANCH | F64);
        plain(0xe8, "call", "Jz", Sem.CALL, 0, BRANCH | F64);
        plain(0xe9, "jmp", "Jz", Sem.JMP, 0, BRANCH | F64);
        plain(0xeb, "jmp", "Jb", Sem.JMP, 0, BRANCH | F64);
        plain(0xf4, "hlt", "", Sem.HLT, 0, BRANCH);
        plain(0xf5, "cmc", "", Sem.FLAGOP, CMC, READS_FLAGS);
        group(0xf6, 0, "test", "Eb,Ib", Sem.TEST, 0, wf);
        group(0xf6, 1, "test", "Eb,Ib", Sem.TEST, 0, wf);
        group(0xf6, 2, "not", "Eb", Sem.NOT, 0, LOCKABLE);
        group(0xf6, 3, "neg", "Eb", Sem.NEG, 0, wf | LOCKABLE);
        group(0xf6, 4, "mul", "Eb", Sem.MUL1, 0, wf);
        group(0xf6, 5, "imul", "Eb", Sem.IMUL1, 0, wf);
        group(0xf6, 6, "div", "Eb", Sem.DIV, 0, wf);
        group(0xf6, 7, "idiv", "Eb", Sem.IDIV, 0, wf);
        group(0xf7, 0, "test", "Ev,Iz", Sem.TEST, 0, wf);
        group(0xf7, 1, "test", "Ev,Iz", Sem.TEST, 0, wf);
        group(0xf7, 2, "not", "Ev", Sem.NOT, 0, LOCKABLE);
        group(0xf7, 3, "neg", "Ev", Sem.NEG, 0, wf | LOCKABLE);
        group(0xf7, 4, "mul", "Ev", Sem.MUL1, 0, wf);
        group(0xf7, 5, "imul", "Ev", Sem.IMUL1, 0, wf);
        group(0xf7, 6, "div", "Ev", Sem.DIV, 0, wf);
        group(0xf7, 7, "idiv", "Ev", Sem.IDIV, 0, wf);
        plain(0xf8, "clc", "", Sem.FLAGOP, CLC, READS_FLAGS);
        plain(0xf9, "stc", "", Sem.FLAGOP, STC, READS_FLAGS);
        plain(0xfc, "cld", "", Sem.FLAGOP, CLD, 0);
        plain(0xfd, "std", "", Sem.FLAGOP, STD, 0);
        group(0xfe, 0, "inc", "Eb", Sem.INC, 0, LOCKABLE | READS_FLAGS);
        group(0xfe, 1, "dec", "Eb", Sem.DEC, 0, LOCKABLE | READS_FLAGS);
        group(0xff, 0, "inc", "Ev", Sem.INC, 0, LOCKABLE | READS_FLAGS);
        group(0xff, 1, "dec", "Ev", Sem.DEC, 0, LOCKABLE | READS_FLAGS);
        group(0xff, 2, "call", "Eq", Sem.CALL_IND, 0, BRANCH | F64);
        group(0xff, 4, "jmp", "Eq", Sem.JMP_IND, 0, BRANCH | F64);
        group(0xff, 6, "push", "Ev", Sem.PUSH, 0, D64);
    }

    // ------------------------------------------------------------------ two-byte map (general purpose)

    private void twoByte() {
        int wf = WRITES_FLAGS;
        plain(0x105, "syscall", "", Sem.SYSCALL, 0, BRANCH);
        plain(0x10b, "ud2", "", Sem.UD, 0, BRANCH);
        plain(0x10d, "prefetch", "M", Sem.NOP, 0, MEM_ONLY);
        for (int op = 0x118; op <= 0x11f; op++) {
            if (op == 0x11e) continue;
            plain(op, "nop", "Ev", Sem.NOP, 0, 0);
        }
        prefixed(0x11e, P_NONE, "nop", "Ev", Sem.NOP, 0, null, 0);
        prefixed(0x11e, P_66, "nop", "Ev", Sem.NOP, 0, null, 0);
        prefixed(0x11e, P_F2, "nop", "Ev", Sem.NOP, 0, null, 0);
        prefixed(0x11e, P_F3, "endbr64", "Ev", Sem.NOP, 0, null, 0);
        plain(0x131, "rdtsc", "", Sem.RDTSC, 0, 0);
        plain(0x1a2, "cpuid", "", Sem.CPUID, 0, 0);
        plain(0x1a3, "bt", "Ev,Gv", Sem.BT, 0, wf);
        plain(0x1ab, "bts", "Ev,Gv", Sem.BT, 1, wf | LOCKABLE);
        plain(0x1b3, "btr", "Ev,Gv", Sem.BT, 2, wf | LOCKABLE);
        plain(0x1bb, "btc", "Ev,Gv", Sem.BT, 3, wf | LOCKABLE);
        group(0x1ba, 4, "bt", "Ev,Ib", Sem.BT, 0, wf);
        group(0x1ba, 5, "bts", "Ev,Ib", Sem.BT, 1, wf | LOCKABLE);
        group(0x1ba, 6, "btr", "Ev,Ib", Sem.BT, 2, wf | LOCKABLE);
        group(0x1ba, 7, "btc", "Ev,Ib", Sem.BT, 3, wf | LOCKABLE);
        plain(0x1a4, "shld", "Ev,Gv,Ib", Sem.SHLD, 0, 0);
        plain(0x1a5, "shld", "Ev,Gv,CL", Sem.SHLD, 0, 0);
        plain(0x1ac, "shrd", "Ev,Gv,Ib", Sem.SHRD, 0, 0);
        plain(0x1ad, "shrd", "Ev,Gv,CL", Sem.SHRD, 0, 0);
        plain(0x1af, "imul", "Gv,Ev", Sem.IMUL2, 0, wf);
        plain(0x1b0, "cmpxchg", "Eb,Gb", Sem.CMPXCHG, 0, wf | LOCKABLE);
        plain(0x1b1, "cmpxchg", "Ev,Gv", Sem.CMPXCHG, 0, wf | LOCKABLE);
        plain(0x1b6, "movzx", "Gv,Eb", Sem.MOVZX, 0, 0);
        plain(0x1b7, "movzx", "Gv,Ew", Sem.MOVZX, 0, 0);
        plain(0x1be, "movsx", "Gv,Eb", Sem.MOVSX, 0, 0);
        plain(0x1bf, "movsx", "Gv,Ew", Sem.MOVSX, 0, 0);
        prefixed(0x1bc, P_NONE, "bsf", "Gv,Ev", Sem.BSF, 0, null, wf);
        prefixed(0x1bd, P_NONE, "bsr", "Gv,Ev", Sem.BSR, 0, null, wf);
        plain(0x1c0, "xadd", "Eb,Gb", Sem.XADD, 0, wf | LOCKABLE);
        plain(0x1c1, "xadd", "Ev,Gv", Sem.XADD, 0, wf | LOCKABLE);
        group(0x1c7, 1, "cmpxchg8b|cmpxchg16b", "Mdq", Sem.CMPXCHG16B, 0, MEM_ONLY | LOCKABLE);
        for (int i = 0; i < 8; i++) plain(0x1c8 + i, "bswap", "Zy", Sem.BSWAP, 0, 0);
        group(0x1ae, 0, "fxsave", "M", Sem.FXSAVE, 0, MEM_ONLY);
        group(0x1ae, 1, "fxrstor", "M", Sem.FXRSTOR, 0, MEM_ONLY);
        group(0x1ae, 2, "ldmxcsr", "Md", Sem.LDMXCSR, 0, MEM_ONLY);
        group(0x1ae, 3, "stmxcsr", "Md", Sem.STMXCSR, 0, MEM_ONLY);
        regGroup(0x1ae, 5, "lfence", "", Sem.FENCE, 0, 0);
        regGroup(0x1ae, 6, "mfence", "", Sem.FENCE, 0, 0);
        regGroup(0x1ae, 7, "sfence", "", Sem.FENCE, 0, 0);
    }

    // ------------------------------------------------------------------ general-purpose ISA extensions

    /**
     * POPCNT, LZCNT/TZCNT (ABM), MOVBE, CRC32 (SSE4.2), ADX, BMI1, BMI2, RDTSCP and FSGSBASE: the rows
     * CPUID advertises as extensions of the base general-purpose instruction set.
     */
    private void gpExtensions() {
        int wf = WRITES_FLAGS;
        prefixed(0x1b8, P_F3, "popcnt", "Gv,Ev", Sem.POPCNT, 0, null, wf);
        prefixed(0x1bc, P_F3, "tzcnt", "Gv,Ev", Sem.TZCNT, 0, null, wf);
        prefixed(0x1bd, P_F3, "lzcnt", "Gv,Ev", Sem.LZCNT, 0, null, wf);
        // 0F 38 F0/F1: MOVBE without a prefix (66: 16 bits), CRC32 with F2 (66 F2 F1: a 16-bit source)
        prefixed(0x2f0, P_NONE, "movbe", "Gv,Mv", Sem.MOVBE, 0, null, MEM_ONLY);
        prefixed(0x2f1, P_NONE, "movbe", "Mv,Gv", Sem.MOVBE, 0, null, MEM_ONLY);
        prefixed(0x2f0, P_F2, "crc32", "Gy,Eb", Sem.CRC32, 0, null, 0);
        prefixed(0x2f1, P_F2, "crc32", "Gy,Ev", Sem.CRC32, 0, null, 0);
        prefixed(0x2f6, P_66, "adcx", "Gy,Ey", Sem.ADX, 0, null, READS_FLAGS);
        prefixed(0x2f6, P_F3, "adox", "Gy,Ey", Sem.ADX, 1, null, READS_FLAGS);
        regRow(0x101, 0xf9, "rdtscp", "", Sem.RDTSCP, 0, 0);
        regGroup(0x1ae, P_F3, 0, "rdfsbase", "Ry", Sem.RDFSBASE, 0, 0);
        regGroup(0x1ae, P_F3, 1, "rdgsbase", "Ry", Sem.RDFSBASE, 1, 0);
        regGroup(0x1ae, P_F3, 2, "wrfsbase", "Ry", Sem.RDFSBASE, 2, 0);
        regGroup(0x1ae, P_F3, 3, "wrgsbase", "Ry", Sem.RDFSBASE, 3, 0);

        // BMI1/BMI2 (VEX.LZ): Sem.BMI rows name their ops.Bits helper; W selects 32/64 bits
        int lz = VEX_L0;
        plain(vex(P_NONE, 0x2f2), "andn", "Gy,By,Ey", Sem.BMI, 0, "andn", wf | lz);
        group(vex(P_NONE, 0x2f3), 1, "blsr", "By,Ey", Sem.BMI, 0, "blsr", wf | lz);
        group(vex(P_NONE, 0x2f3), 2, "blsmsk", "By,Ey", Sem.BMI, 0, "blsmsk", wf | lz);
        group(vex(P_NONE, 0x2f3), 3, "blsi", "By,Ey", Sem.BMI, 0, "blsi", wf | lz);
        plain(vex(P_NONE, 0x2f5), "bzhi", "Gy,Ey,By", Sem.BMI, 0, "bzhi", wf | lz);
        plain(vex(P_NONE, 0x2f7), "bextr", "Gy,Ey,By", Sem.BMI, 0, "bextr", wf | lz);
        plain(vex(P_F2, 0x2f5), "pdep", "Gy,By,Ey", Sem.BMI, 0, "pdep", lz);
        plain(vex(P_F3, 0x2f5), "pext", "Gy,By,Ey", Sem.BMI, 0, "pext", lz);
        plain(vex(P_F2, 0x2f6), "mulx", "Gy,By,Ey", Sem.MULX, 0, null, lz);
        plain(vex(P_F2, 0x3f0), "rorx", "Gy,Ey,Ib", Sem.BMI, 0, "rorx", lz);
        plain(vex(P_F3, 0x2f7), "sarx", "Gy,Ey,By", Sem.BMI, 0, "sarx", lz);
        plain(vex(P_66, 0x2f7), "shlx", "Gy,Ey,By", Sem.BMI, 0, "shlx", lz);
        plain(vex(P_F2, 0x2f7), "shrx", "Gy,Ey,By", Sem.BMI, 0, "shrx", lz);
    }
}
