package lxrun.nt.ob;

import java.util.Map;

/** The namespace as WinObj shows it: one line per object, indented by depth, with its header counts. */
final class NamespaceDump {
    private static final String INDENT = "  ";

    private NamespaceDump() {}

    static String dump(ObjectDirectory root) {
        StringBuilder out = new StringBuilder();
        line(out, 0, ObjectName.SEPARATOR, root);
        return out.toString();
    }

    private static void line(StringBuilder out, int depth, String name, NtObject object) {
        out.append(INDENT.repeat(depth)).append(name)
                .append(" (").append(object.type().name()).append(") refs=").append(object.pointerCount())
                .append(" handles=").append(object.handleCount());
        if (object instanceof SymbolicLink link) out.append(" -> ").append(link.target());
        else if (object.type().enumerateProcedure() != null || object.type().parseProcedure() != null) {
            out.append(" [").append(object).append(']');
        }
        out.append('\n');
        Map<String, NtObject> children = object instanceof ObjectDirectory directory ? directory.snapshot()
                : object.type().enumerateProcedure() != null ? object.type().enumerateProcedure().enumerate(object) : Map.of();
        for (Map.Entry<String, NtObject> e : children.entrySet()) line(out, depth + 1, e.getKey(), e.getValue());
    }
}
