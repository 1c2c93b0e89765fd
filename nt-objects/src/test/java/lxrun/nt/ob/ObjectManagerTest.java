package lxrun.nt.ob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import lxrun.nt.NtStatus;
import lxrun.nt.ob.ObjectManager.LookupResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;

class ObjectManagerTest {
    static final ObjectType EVENT = new ObjectType("Event");

    static final class Event extends NtObject {
        Event() {
            super(EVENT);
        }
    }

    private final ObjectManager om = new ObjectManager();

    @Test
    void standardDirectoriesExist() {
        for (String p : List.of("\\", "\\Device", "\\??", "\\ObjectTypes", "\\ObjectTypes\\Directory")) {
            LookupResult r = om.lookup(p, null);
            assertEquals(NtStatus.STATUS_SUCCESS, r.status(), p);
            r.object().dereference();
        }
    }

    @Test
    void insertLookupAndCollision() {
        Event e = new Event();
        assertEquals(NtStatus.STATUS_SUCCESS, om.insertObject("\\Device\\Beep", e));
        assertEquals(2, e.pointerCount(), "creator's reference plus the name's");
        assertEquals("Beep", e.name());

        LookupResult r = om.lookup("\\Device\\Beep", null);
        assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        assertSame(e, r.object());
        assertEquals(3, e.pointerCount(), "lookup references for the caller");
        r.object().dereference();

        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, om.insertObject("\\Device\\Beep", new Event()));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, om.insertObject("\\Device\\Other", e), "one name per object");
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, om.insertObject("\\Nope\\Beep", new Event()));
        assertEquals(NtStatus.STATUS_OBJECT_TYPE_MISMATCH, om.insertObject("\\Device\\Beep\\x", new Event()));
    }

    @Test
    void lookupStatuses() {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.lookup("\\Device\\Missing", null).status());
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, om.lookup("\\Missing\\x", null).status());
        assertEquals(NtStatus.STATUS_OBJECT_PATH_SYNTAX_BAD, om.lookup("Device", null).status());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, om.lookup("\\Device\\", null).status());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, om.lookup("\\Device\\\\x", null).status());
        assertEquals(NtStatus.STATUS_NAME_TOO_LONG, om.lookup("\\" + "a".repeat(40000), null).status());
        assertNull(om.lookup("\\Device\\Missing", null).object());
    }

    @Test
    void namesAreCaseSensitive() {
        om.insertObject("\\Device\\lxss", new Event());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.lookup("\\Device\\LXSS", null).status());
        assertEquals(NtStatus.STATUS_SUCCESS, om.insertObject("\\Device\\LXSS", new Event()));
    }

    @Test
    void removeDropsTheNameAndItsReference() {
        Event e = new Event();
        om.insertObject("\\Device\\Beep", e);
        assertEquals(NtStatus.STATUS_SUCCESS, om.removeObject("\\Device\\Beep"));
        assertEquals(1, e.pointerCount());
        assertNull(e.name());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.lookup("\\Device\\Beep", null).status());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.removeObject("\\Device\\Beep"));
        assertEquals(NtStatus.STATUS_SUCCESS, om.insertObject("\\Device\\Again", e), "renamable once unnamed");
    }

    @Test
    void nonEmptyDirectoryIsNotRemoved() {
        om.createDirectory("\\POSIX");
        om.createDirectory("\\POSIX\\Sessions");
        assertEquals(NtStatus.STATUS_DIRECTORY_NOT_EMPTY, om.removeObject("\\POSIX"));
        assertEquals(NtStatus.STATUS_SUCCESS, om.removeObject("\\POSIX\\Sessions"));
        assertEquals(NtStatus.STATUS_SUCCESS, om.removeObject("\\POSIX"));
    }

    @Test
    void createDirectoryOpensAnExistingOne() {
        ObjectDirectory d = om.createDirectory("\\BaseNamedObjects");
        assertNotNull(d);
        assertSame(d, om.createDirectory("\\BaseNamedObjects"));
        assertEquals(1, d.pointerCount(), "held by the namespace only");
        om.insertObject("\\Device\\Beep", new Event());
        assertNull(om.createDirectory("\\Device\\Beep"), "a non-directory is in the way");
        assertNull(om.createDirectory("\\Missing\\Dir"));
    }

    @Test
    void absoluteAndRelativeSymbolicLinks() {
        Event e = new Event();
        om.insertObject("\\Device\\HarddiskVolume1", e);
        assertNotNull(om.createSymbolicLink("\\??\\C:", "\\Device\\HarddiskVolume1"));
        om.createDirectory("\\Device\\Sub");
        assertNotNull(om.createSymbolicLink("\\Device\\Alias", "Sub"));
        om.insertObject("\\Device\\Sub\\Leaf", new Event());

        assertSame(e, take(om.lookup("\\??\\C:", null)));
        assertSame(e, take(om.lookup("\\DosDevices\\C:", null)), "two links in a row");
        NtObject leaf = take(om.lookup("\\Device\\Alias\\Leaf", null));
        assertEquals("Leaf", leaf.name(), "relative target taken from the link's directory");
    }

    @Test
    void symbolicLinkLoopsAreCut() {
        om.createSymbolicLink("\\A", "\\B");
        om.createSymbolicLink("\\B", "\\A");
        om.createSymbolicLink("\\Self", "Self\\x");
        assertEquals(NtStatus.STATUS_REPARSE_POINT_NOT_RESOLVED, om.lookup("\\A", null).status());
        assertEquals(NtStatus.STATUS_REPARSE_POINT_NOT_RESOLVED, om.lookup("\\Self", null).status());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.lookup("\\Dangling", null).status());
        om.createSymbolicLink("\\Dangling", "\\Device\\Nothing");
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.lookup("\\Dangling", null).status());
    }

    @Test
    void removingALinkDoesNotFollowIt() {
        Event e = new Event();
        om.insertObject("\\Device\\Target", e);
        om.createSymbolicLink("\\Link", "\\Device\\Target");
        assertEquals(NtStatus.STATUS_SUCCESS, om.removeObject("\\Link"));
        assertSame(e, take(om.lookup("\\Device\\Target", null)));
    }

    record Seen(NtObject object, String remaining, ObjectType.ParseContext context) {}

    @Test
    void parseProcedureReceivesTheRemainingPath() {
        List<Seen> seen = new ArrayList<>();
        Event child = new Event();
        ObjectType deviceType = new ObjectType("Device", (object, remaining, context) -> {
            seen.add(new Seen(object, remaining, context));
            return remaining.equals("missing") ? null : child.reference();
        }, null);
        NtObject device = new NtObject(deviceType) {};
        om.insertObject("\\Device\\lxss", device);
        om.createSymbolicLink("\\??\\lxss", "\\Device\\lxss");
        ObjectType.ParseContext ctx = new ObjectType.ParseContext() {};

        assertSame(child, take(om.lookup("\\??\\lxss\\{1234}\\usr/bin/ls", ctx)));
        assertEquals(new Seen(device, "{1234}\\usr/bin/ls", ctx), seen.get(0));
        assertSame(child, take(om.lookup("\\Device\\lxss", ctx)));
        assertEquals("", seen.get(1).remaining(), "the device itself");
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.lookup("\\Device\\lxss\\missing", ctx).status());
        assertEquals(2, device.pointerCount(), "the walk released its references");
        assertEquals(1, child.pointerCount(), "every parse result was handed back");
    }

    @Test
    void pathBelowAnObjectWithoutParseProcedureIsATypeMismatch() {
        om.insertObject("\\Device\\Beep", new Event());
        assertEquals(NtStatus.STATUS_OBJECT_TYPE_MISMATCH, om.lookup("\\Device\\Beep\\x", null).status());
    }

    @Test
    void dumpShowsTreeCountsAndLinkTargets() {
        Event e = new Event();
        om.createDirectory("\\POSIX");
        om.insertObject("\\POSIX\\ApiPort", e);
        LookupResult held = om.lookup("\\POSIX\\ApiPort", null);
        String expected = """
                \\ (Directory) refs=1 handles=0
                  ?? (Directory) refs=1 handles=0
                  Device (Directory) refs=1 handles=0
                  DosDevices (SymbolicLink) refs=1 handles=0 -> \\??
                  ObjectTypes (Directory) refs=1 handles=0
                    Directory (Type) refs=1 handles=0
                    Event (Type) refs=1 handles=0
                    SymbolicLink (Type) refs=1 handles=0
                    Type (Type) refs=1 handles=0
                  POSIX (Directory) refs=1 handles=0
                    ApiPort (Event) refs=3 handles=0
                """;
        assertEquals(expected, om.dump());
        held.object().dereference();
    }

    @Test
    void concurrentInsertsAndLookupsKeepCountsExact() throws InterruptedException {
        om.createDirectory("\\BaseNamedObjects");
        List<Thread> threads = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 8; t++) {
            Event e = new Event();
            events.add(e);
            String path = "\\BaseNamedObjects\\E" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        assertEquals(NtStatus.STATUS_SUCCESS, om.insertObject(path, e));
                        LookupResult r = om.lookup(path, null);
                        assertSame(e, r.object());
                        r.object().dereference();
                        assertEquals(NtStatus.STATUS_SUCCESS, om.removeObject(path));
                    }
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(List.of(), List.copyOf(failures));
        for (Event e : events) assertEquals(1, e.pointerCount());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, om.lookup("\\BaseNamedObjects\\E0", null).status());
    }

    private static NtObject take(LookupResult r) {
        assertEquals(NtStatus.STATUS_SUCCESS, r.status(), () -> NtStatus.name(r.status()));
        r.object().dereference();
        return r.object();
    }
}
