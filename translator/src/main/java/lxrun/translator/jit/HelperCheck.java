package lxrun.translator.jit;

import lxrun.translator.x86.Entry;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Whether the translator implements an opcode-table row: blocks of both tiers are decoded up to one it does not. */
final class HelperCheck {
    private HelperCheck() {}

    private static final Map<String, Boolean> HELPERS = new ConcurrentHashMap<>();

    /** False for rows that decode but have no helper yet: they raise #UD. */
    static boolean supported(Entry e) {
        return switch (e.sem()) {
            case X87 -> helperExists("X87", e.helper());
            case SSE, SSE_STORE -> helperExists(e.helperOwner(), e.helperMethod(4));
            case FXSAVE -> helperExists("X87", "fxsave");
            case FXRSTOR -> helperExists("X87", "fxrstor");
            case BMI -> helperExists("Bits", e.helper());
            default -> true;
        };
    }

    private static boolean helperExists(String cls, String name) {
        return HELPERS.computeIfAbsent(cls + "." + name, k -> {
            try {
                Class<?> c = Class.forName("lxrun.translator.ops." + cls);
                for (Method m : c.getMethods()) {
                    if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers())) return true;
                }
            } catch (ClassNotFoundException ignored) {
                // no such helper class yet
            }
            return false;
        });
    }
}
