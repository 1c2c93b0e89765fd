package lxrun.lxcore.vfs;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxCore;
import lxrun.lxcore.LxInstance;
import lxrun.lxcore.fs.LxFile;
import lxrun.nt.NtStatus;
import lxrun.nt.ob.ObjectManager;
import lxrun.runtime.ps.ProcessLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VFS seen from the NT namespace: the instance parses guest paths, its file systems are listed under it. */
class NamespaceTest {
    @TempDir
    Path root;

    @Test
    void guestPathsParseThroughTheInstanceAndMountsAreListed() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("etc/motd"), "hello");
        ObjectManager ob = new ObjectManager();
        LxCore core = LxCore.initialize(new ProcessLayer(null, 100), ob);
        LxInstance instance = core.createInstance(new InstanceConfig(root, new PrintStream(new ByteArrayOutputStream())));
        String name = "\\Device\\lxss\\" + instance.guid();

        ObjectManager.LookupResult r = ob.lookup(name + "\\etc\\motd", null);
        assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        LxFile f = assertInstanceOf(LxFile.class, r.object());
        assertEquals("/etc/motd", f.guestPath);
        assertEquals(5, f.stat().size());
        f.dereference();
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, ob.lookup(name + "\\etc\\nope", null).status());
        // the name goes no higher than the guest root
        assertEquals(NtStatus.STATUS_SUCCESS, ob.lookup(name + "\\..\\..\\etc\\motd", null).status());

        String dump = ob.dump();
        assertTrue(dump.contains(instance.guid() + " (LxssInstance)"), dump);
        assertTrue(dump.contains("/proc (LxFileSystem)"), dump);
        assertTrue(dump.contains("/ (LxFileSystem)"), dump);
    }
}
