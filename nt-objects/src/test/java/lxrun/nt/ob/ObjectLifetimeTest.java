package lxrun.nt.ob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reference counting, delete procedures and the handle table. */
class ObjectLifetimeTest {
    private final List<NtObject> deleted = new ArrayList<>();
    private final ObjectType fileType = new ObjectType("File", null, deleted::add);

    private NtObject file() {
        return new NtObject(fileType) {};
    }

    @Test
    void deleteProcedureRunsOnceAtTheLastReference() {
        NtObject f = file();
        f.reference();
        assertEquals(2, f.pointerCount());
        assertEquals(1, fileType.objectCount());
        f.dereference();
        assertTrue(deleted.isEmpty());
        f.dereference();
        assertEquals(List.of(f), deleted);
        assertEquals(0, fileType.objectCount());
        assertThrows(IllegalStateException.class, f::reference);
    }

    @Test
    void handlesHoldReferences() {
        HandleTable t = new HandleTable();
        NtObject f = file();
        int h = t.insert(f, 0);
        f.dereference();
        assertEquals(1, f.handleCount());
        assertTrue(deleted.isEmpty(), "the handle keeps it alive");
        assertTrue(t.close(h));
        assertEquals(List.of(f), deleted);
        assertFalse(t.close(h), "double close");
    }

    @Test
    void lowestFreeHandleFirst() {
        HandleTable t = new HandleTable();
        NtObject f = file();
        assertEquals(0, t.insert(f, 0));
        assertEquals(1, t.insert(f, 0));
        assertEquals(2, t.insert(f, 0));
        t.close(1);
        assertEquals(1, t.insert(f, 0));
        assertEquals(10, t.insert(f, 0, 10, 100), "F_DUPFD minimum");
        assertEquals(3, t.insert(f, 0, 0, 4), "last slot below the limit");
        assertEquals(-1, t.insert(f, 0, 0, 4), "RLIMIT_NOFILE reached");
        assertEquals(5, f.handleCount());
    }

    @Test
    void insertAtIsDup2() {
        HandleTable t = new HandleTable();
        NtObject a = file();
        NtObject b = file();
        t.insert(a, 0);
        a.dereference();
        t.insertAt(0, b, HandleTable.INHERIT_NOT);
        assertEquals(List.of(a), deleted, "the old object lost its last handle");
        assertSame(b, t.get(0));
        assertEquals(HandleTable.INHERIT_NOT, t.attributes(0));
        t.insertAt(40, b, 0);
        assertSame(b, t.get(40));
        assertEquals(3, b.pointerCount());
    }

    @Test
    void duplicateSharesObjectsAndCloseAllReleasesThem() {
        HandleTable t = new HandleTable();
        NtObject f = file();
        t.insert(f, 0);
        t.insert(f, HandleTable.INHERIT_NOT);
        f.dereference();
        HandleTable child = t.duplicate();
        assertEquals(4, f.handleCount());
        assertEquals(HandleTable.INHERIT_NOT, child.attributes(1));
        t.closeAll();
        assertEquals(0, t.count());
        assertTrue(deleted.isEmpty());
        child.closeAll();
        assertEquals(List.of(f), deleted);
        assertNull(child.get(0));
    }
}
