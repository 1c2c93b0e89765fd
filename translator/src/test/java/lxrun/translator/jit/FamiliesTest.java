package lxrun.translator.jit;

import lxrun.translator.x86.Entry;
import lxrun.translator.x86.OpcodeTable;
import lxrun.translator.x86.Sem;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The family map against the opcode table: a row whose Sem has no family would run as #UD "unsupported". */
class FamiliesTest {
    private static Set<Sem> usedByRows() {
        Set<Sem> used = EnumSet.noneOf(Sem.class);
        for (Entry e : OpcodeTable.INSTANCE.all()) used.add(e.sem());
        return used;
    }

    @Test
    void everySemOfTheTableHasAFamily() {
        Set<Sem> missing = new TreeSet<>(usedByRows());
        missing.removeAll(Families.BY_SEM.keySet());
        assertEquals(Set.of(), missing);
    }

    @Test
    void noFamilyForASemNoRowUses() {
        Set<Sem> unused = new TreeSet<>(Families.BY_SEM.keySet());
        unused.removeAll(usedByRows());
        assertEquals(Set.of(), unused);
    }
}
