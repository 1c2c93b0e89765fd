package lxrun.psx.service;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxCore;
import lxrun.nt.ob.ObjectManager;
import lxrun.nt.sm.SessionManager;
import lxrun.psx.PsxServer;
import lxrun.runtime.loader.TinyElf;
import lxrun.runtime.ps.ProcessLayer;
import lxrun.translator.jit.BlockCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's port spoken to as the C client speaks to it (the wire format of {@link PsxService}),
 * with tiny programs whose statuses Linux defines: exit_group(7) is 7, a write to address 0 is SIGSEGV
 * (139), and a guest that never ends is ended by its client leaving. scripts/service-test drives the real
 * client against native runs.
 */
class PsxServiceTest {
    private static final String EXIT7 = "bf07000000b8e70000000f05", SEGV = "89042500000000", LOOP = "ebfe";

    @TempDir
    Path tmp;
    private Path dir;
    private Thread thread;

    @BeforeEach
    void start() throws Exception {
        dir = tmp.resolve("svc");
        ObjectManager ob = new ObjectManager();
        SessionManager.start(ob);
        PsxServer psxss = PsxServer.start(ob, LxCore.initialize(new ProcessLayer(new BlockCompiler(), 1000), ob), null);
        // as lxrun's options would be parsed: the first argument is the program, --strace is refused
        PsxService service = new PsxService(psxss, r -> r.args().getFirst().equals("--strace") ? null
                : new PsxService.Program(new InstanceConfig(Path.of("/"), null, List.of(), r.launch()), r.args().getFirst(), r.args(), r.env()),
                dir, 600, 1 << 20, 4);
        thread = Thread.ofPlatform().start(() -> {
            try {
                service.run();
            } catch (ServiceException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 500 && PsxService.ask(dir, false) == null; i++) Thread.sleep(10);
        assertNotNull(PsxService.ask(dir, false), "the service did not come up");
    }

    @AfterEach
    void stop() throws Exception {
        PsxService.ask(dir, true);
        thread.join(10_000);
        assertFalse(thread.isAlive(), "stop did not end the service");
        assertNull(PsxService.ask(dir, false), "its socket outlived it");
    }

    private String program(String name, String hex) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, TinyElf.build(HexFormat.of().parseHex(hex)));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f.toString();
    }

    /** A RUN request without descriptors, as the client builds it. */
    private static byte[] request(String... args) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN).putInt((int) ProcessHandle.current().pid())
                .putInt(022).putLong(1024).putLong(1024).putLong(8 << 20).putLong(-1).putInt(0).array());
        string(body, "/");
        body.writeBytes(le(args.length));
        for (String a : args) string(body, a);
        body.writeBytes(le(1));
        string(body, "A=1");
        byte[] b = body.toByteArray();
        return ByteBuffer.allocate(12 + b.length).order(ByteOrder.LITTLE_ENDIAN).putInt(PsxService.MAGIC).putInt(PsxService.RUN)
                .putInt(b.length).put(b).array();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(le(b.length));
        out.writeBytes(b);
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** The next {type, value} record from the service. */
    private static int[] reply(ServicePort p) {
        byte[] h = new byte[8];
        assertTrue(p.readFully(h, 0, 8), "the service closed the connection");
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {b.getInt(), b.getInt()};
    }

    /** The first reply's type and, if the session ran, its exit status (else -1). */
    private int[] run(String... args) throws Exception {
        try (ServicePort p = ServicePort.connect(PsxService.socket(dir))) {
            assertTrue(p.send(request(args)));
            int[] first = reply(p);
            if (first[0] != PsxService.ACCEPTED) return new int[] {first[0], -1};
            int[] exit = reply(p);
            assertEquals(PsxService.EXIT, exit[0]);
            return new int[] {first[0], exit[1]};
        }
    }

    private String status() throws Exception {
        return PsxService.ask(dir, false);
    }

    @Test
    void theProgramsStatusComesBack() throws Exception {
        assertArrayEquals(new int[] {PsxService.ACCEPTED, 7}, run(program("exit7", EXIT7)));
        assertArrayEquals(new int[] {PsxService.ACCEPTED, 127}, run(tmp.resolve("missing").toString()));
        assertTrue(status().contains(" 2 served"), status());
    }

    @Test
    void optionsItDoesNotTakeAreLeftToAnInProcessRun() throws Exception {
        assertArrayEquals(new int[] {PsxService.FALLBACK, -1}, run("--strace", "/bin/true"));
    }

    @Test
    void aCrashOrARunawayEndsOnlyItsOwnSession() throws Exception {
        try (ServicePort runaway = ServicePort.connect(PsxService.socket(dir))) {
            runaway.send(request(program("loop", LOOP)));
            assertEquals(PsxService.ACCEPTED, reply(runaway)[0]);
            assertArrayEquals(new int[] {PsxService.ACCEPTED, 139}, run(program("segv", SEGV)));
            assertArrayEquals(new int[] {PsxService.ACCEPTED, 7}, run(program("exit7", EXIT7)));
            assertTrue(status().contains(" 1 sessions running"), status());
        } // its client went away: the runaway is killed
        for (int i = 0; i < 500 && !status().contains(" 0 sessions running"); i++) Thread.sleep(10);
        assertTrue(status().contains(" 0 sessions running"), status());
    }

    @Test
    void aDirectoryOthersCanReachIsRefused() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThrows(ServiceException.class, () -> PsxService.checkDirectory(open, true));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        assertThrows(ServiceException.class, () -> PsxService.checkDirectory(link, true));
        PsxService.checkDirectory(dir, false);
    }

    @Test
    void aStaleSocketIsNoService() throws Exception {
        Path stale = Files.createDirectory(tmp.resolve("stale"));
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rwx------"));
        ServicePort.listen(PsxService.socket(stale)).close(); // the socket file of a service that is gone
        assertNull(PsxService.ask(stale, false));
    }
}
