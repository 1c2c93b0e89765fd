package lxrun.translator.isa;

import lxrun.translator.x86.CpuFeature;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The instruction groups issue #4 names (general-purpose ones here, extensions as {@link CpuFeature} lists them), each with the mnemonics (as the opcode table spells them) that
 * make it complete. The coverage report prints, per group, whether every one of its mnemonics is in the
 * table, implemented and proven by the harness on every form it has, and names the ones that are not.
 */
final class IsaChecklist {
    private IsaChecklist() {}

    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    private static void g(String group, String mnemonics) {
        GROUPS.put(group, mnemonics);
    }

    static {
        g("ADC/SBB", "adc sbb");
        g("NEG/NOT", "neg not");
        g("MUL/IMUL", "mul imul");
        g("DIV/IDIV", "div idiv");
        g("shifts and rotates", "shl shr sal sar rol ror rcl rcr");
        g("SHLD/SHRD", "shld shrd");
        g("BT/BTS/BTR/BTC", "bt bts btr btc");
        g("BSF/BSR", "bsf bsr");
        g("BSWAP", "bswap");
        g("XCHG/CMPXCHG/CMPXCHG8B/CMPXCHG16B/XADD", "xchg cmpxchg cmpxchg16b xadd");
        g("MOVSX/MOVZX/MOVSXD", "movsx movzx movsxd");
        g("CBW/CWDE/CDQE/CWD/CDQ/CQO", "cbw cwd");
        g("LAHF/SAHF", "lahf sahf");
        g("CLC/STC/CMC/CLD/STD", "clc stc cmc cld std");
        g("PUSHF/POPF", "pushf popf");
        g("SETcc", "seto setno setb setae sete setne setbe seta sets setns setp setnp setl setge setle setg");
        g("CMOVcc", "cmovo cmovno cmovb cmovae cmove cmovne cmovbe cmova cmovs cmovns cmovp cmovnp cmovl cmovge cmovle cmovg");
        g("Jcc", "jo jno jb jae je jne jbe ja js jns jp jnp jl jge jle jg");
        g("LOOPcc/JRCXZ", "loop loope loopne jrcxz");
        g("ENTER/LEAVE", "enter leave");
        g("string instructions", "movs cmps stos lods scas");
        g("XLAT", "xlat");
        g("CPUID", "cpuid");
        g("RDTSC/RDTSCP", "rdtsc rdtscp");
        g("x87 loads/stores", "fld fst fstp fild fist fistp fisttp fbld fbstp");
        g("x87 arithmetic", "fadd faddp fsub fsubp fsubr fsubrp fmul fmulp fdiv fdivp fdivr fdivrp fsqrt fabs "
                + "fchs frndint fscale fxtract fprem fprem1");
        g("x87 compares", "fcom fcomp fcompp fucom fucomp fucompp fcomi fcomip fucomi fucomip ftst fxam");
        g("x87 control", "fxch fldcw fnstcw fnstsw fninit fnclex fnstenv fldenv fnsave frstor fxsave fxrstor");
        g("x87 transcendental", "fsin fcos fsincos fptan fpatan f2xm1 fyl2x fyl2xp1");
        for (CpuFeature f : CpuFeature.values()) {
            if (!f.mnemonics.isEmpty()) g("CPUID " + f + (f.advertised ? "" : " (not advertised)"), String.join(" ", f.mnemonics));
        }
    }

    static void print(IsaHarness.Report rep, PrintStream out) {
        Map<String, List<IsaHarness.FormStats>> byMnemonic = new LinkedHashMap<>();
        for (IsaHarness.FormStats s : rep.forms.values()) {
            for (String mn : s.form.entry().mnemonic().split("[/|]")) {
                byMnemonic.computeIfAbsent(mn, k -> new ArrayList<>()).add(s);
            }
        }
        out.println("issue #4 checklist (every mnemonic of a group in the table, implemented, proven on all its forms):");
        int complete = 0;
        for (Map.Entry<String, String> g : GROUPS.entrySet()) {
            TreeSet<String> absent = new TreeSet<>(), unimplemented = new TreeSet<>(), unproven = new TreeSet<>();
            for (String mn : g.getValue().split(" ")) {
                List<IsaHarness.FormStats> forms = byMnemonic.get(mn);
                if (forms == null) {
                    absent.add(mn);
                    continue;
                }
                for (IsaHarness.FormStats s : forms) {
                    if (!IsaHarness.implemented(s.form.entry()) || s.notImplemented) unimplemented.add(mn);
                    else if (!s.proven()) unproven.add(mn);
                }
            }
            boolean ok = absent.isEmpty() && unimplemented.isEmpty() && unproven.isEmpty();
            if (ok) complete++;
            StringBuilder sb = new StringBuilder();
            if (!absent.isEmpty()) sb.append(" not in table: ").append(String.join(" ", absent)).append(';');
            if (!unimplemented.isEmpty()) sb.append(" not implemented: ").append(String.join(" ", unimplemented)).append(';');
            if (!unproven.isEmpty()) sb.append(" not proven: ").append(String.join(" ", unproven)).append(';');
            out.printf("  %-40s %s%s%n", g.getKey(), ok ? "proven" : "INCOMPLETE", sb);
        }
        out.printf("checklist: %d of %d groups proven%n", complete, GROUPS.size());
    }
}
