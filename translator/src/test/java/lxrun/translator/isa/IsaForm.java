package lxrun.translator.isa;

import lxrun.translator.x86.Entry;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Operand;
import lxrun.translator.x86.Sem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of the opcode table with an encoding that reaches it, found by asking the table itself:
 * every opcode id, mandatory prefix, ModRM.reg and register/memory form is looked up and the first
 * (id, prefix, reg) that yields each row becomes its canonical encoding.
 *
 * @param entry     the row
 * @param id        opcode id as OpcodeTable numbers them (0x1xx = 0F xx..., VEX rows with OpcodeTable.VEX set)
 * @param prefix    mandatory prefix P_NONE/P_66/P_F3/P_F2 under which the row was found (VEX rows: P_NONE, pp is in the id)
 * @param fixedReg  ModRM.reg when the row is a group member (no G/V operand), else -1
 * @param regForm   reachable with mod == 3
 * @param memForm   reachable with a memory operand
 */
public record IsaForm(Entry entry, int id, int prefix, int fixedReg, boolean regForm, boolean memForm) {

    /** Semantic classes the harness can run as one instruction between a register load and a register dump. */
    static final Set<Sem> HARNESSED = EnumSet.of(Sem.ALU, Sem.TEST, Sem.MOV, Sem.MOVZX, Sem.MOVSX, Sem.LEA,
            Sem.XCHG, Sem.CMPXCHG, Sem.XADD, Sem.INC, Sem.DEC, Sem.NOT, Sem.NEG, Sem.SHIFT, Sem.SHLD, Sem.SHRD,
            Sem.MUL1, Sem.IMUL1, Sem.DIV, Sem.IDIV, Sem.IMUL2, Sem.IMUL3, Sem.CBW, Sem.CWD, Sem.LAHF, Sem.SAHF,
            Sem.FLAGOP, Sem.SETCC, Sem.CMOVCC, Sem.BT, Sem.BSF, Sem.BSR, Sem.TZCNT, Sem.LZCNT, Sem.POPCNT,
            Sem.BSWAP, Sem.XLAT, Sem.NOP, Sem.UD, Sem.FENCE, Sem.SSE, Sem.SSE_STORE, Sem.LDMXCSR, Sem.STMXCSR,
            Sem.CMPXCHG16B, Sem.MOVBE, Sem.CRC32, Sem.ADX, Sem.BMI, Sem.MULX,
            // rows with their own case shape in CaseGenerator: strings, the stack, branches (landing stubs)
            Sem.STRING, Sem.PUSH, Sem.POP, Sem.PUSHF, Sem.POPF, Sem.ENTER, Sem.LEAVE,
            Sem.JCC, Sem.JMP, Sem.JMP_IND, Sem.CALL, Sem.CALL_IND, Sem.RET, Sem.LOOP, Sem.JRCXZ, Sem.X87,
            Sem.FXSAVE, Sem.FXRSTOR,
            // system rows: CPUID and RDTSC compared by their own rules (IsaHarness), traps by their signal
            Sem.CPUID, Sem.RDTSC, Sem.INT3, Sem.INT, Sem.HLT);

    public boolean harnessed() {
        return HARNESSED.contains(entry.sem());
    }

    /** A stable name: mnemonic, operands and the encoding, e.g. {@code add Ev,Gv [01]} or {@code bt Ev,Ib [0f ba /4]}. */
    public String key() {
        StringBuilder sb = new StringBuilder(entry.mnemonic()).append(' ');
        String sep = "";
        for (Operand o : entry.operands()) {
            sb.append(sep).append(o.kind()).append(o.size());
            sep = ",";
        }
        sb.append(" [");
        if (id >= OpcodeTable.VEX) sb.append("vex ");
        sb.append(switch (id >= OpcodeTable.VEX ? (id >>> 10) & 3 : prefix) {
            case OpcodeTable.P_66 -> "66 ";
            case OpcodeTable.P_F3 -> "f3 ";
            case OpcodeTable.P_F2 -> "f2 ";
            default -> "";
        });
        int map = id < 0 ? 0 : (id & 0x3ff) >>> 8; // -1: a row the enumeration cannot reach
        if (map == 3) sb.append("0f 3a ");
        else if (map == 2) sb.append("0f 38 ");
        else if (map == 1) sb.append("0f ");
        sb.append(String.format("%02x", id & 0xff));
        if (fixedReg >= 0) sb.append(" /").append(fixedReg);
        if (entry.sem() == Sem.X87 && entry.has(Entry.REG_ONLY)) sb.append(" st").append(entry.sub()); // x87 rows per ModRM.rm
        if (!memForm) sb.append(" r");
        else if (!regForm && OpcodeTable.INSTANCE.hasModrm(id)) sb.append(" m");
        return sb.append(']').toString();
    }

    private static boolean isPrefixByte(int b) {
        return b == 0x0f || b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || (b >= 0x40 && b <= 0x4f)
                || (b >= 0x64 && b <= 0x67) || b == 0xf0 || b == 0xf2 || b == 0xf3;
    }

    private static boolean hasRegOperand(Entry e) {
        for (Operand o : e.operands()) if (o.kind() == 'G' || o.kind() == 'V') return true;
        return false;
    }

    private static List<IsaForm> all;

    /** Every row of the table with its canonical encoding, ordered by encoding. */
    public static synchronized List<IsaForm> all() {
        if (all != null) return all;
        OpcodeTable t = OpcodeTable.INSTANCE;
        Map<Entry, int[]> found = new IdentityHashMap<>(); // id, prefix, reg, regForm, memForm
        List<Entry> order = new ArrayList<>();
        int[] ids = java.util.stream.IntStream.concat(java.util.stream.IntStream.range(0, 0x400),
                java.util.stream.IntStream.range(OpcodeTable.VEX + 0x100, OpcodeTable.VEX + 0x1000)).toArray();
        for (int id : ids) {
            if (id < 0x100 && isPrefixByte(id)) continue;
            boolean modrm = t.hasModrm(id);
            for (int p = 0; p < (id >= OpcodeTable.VEX ? 1 : 4); p++) { // a VEX id holds its pp
                for (int reg = 0; reg < (modrm ? 8 : 1); reg++) {
                    for (int mod : modrm ? new int[] {3, 0} : new int[] {0}) {
                        for (int rm = 0; rm < ((id >= 0xd8 && id <= 0xdf && mod == 3) ? 8 : 1); rm++) {
                            int m = (mod << 6) | (reg << 3) | (mod == 3 ? rm : 3);
                            Entry e = t.lookup(id, p, p == OpcodeTable.P_66, m);
                            if (e == null) continue;
                            int[] f = found.get(e);
                            if (f == null) {
                                f = new int[] {id, p, hasRegOperand(e) || !modrm ? -1 : reg, 0, 0};
                                found.put(e, f);
                                order.add(e);
                            }
                            if (f[0] != id || f[1] != p) continue;
                            if (f[2] >= 0 && f[2] != reg) continue;
                            if (!modrm || mod != 3) f[4] = 1;
                            if (modrm && mod == 3) f[3] = 1;
                        }
                    }
                }
            }
        }
        List<IsaForm> out = new ArrayList<>();
        for (Entry e : order) {
            int[] f = found.get(e);
            boolean modrm = t.hasModrm(f[0]);
            boolean regForm = modrm && f[3] != 0 && !e.has(Entry.MEM_ONLY);
            boolean memForm = (!modrm || f[4] != 0) && !e.has(Entry.REG_ONLY);
            if (!modrm) memForm = true; // no ModRM: one form
            out.add(new IsaForm(e, f[0], f[1], f[2], regForm, memForm));
        }
        // rows the lookup could not reach (should be none) are still listed
        for (Entry e : t.all()) {
            if (!found.containsKey(e)) out.add(new IsaForm(e, -1, 0, -1, false, false));
        }
        out.sort(Comparator.comparingInt((IsaForm f) -> f.id).thenComparingInt(f -> f.prefix).thenComparingInt(f -> f.fixedReg));
        all = List.copyOf(out);
        return all;
    }
}
