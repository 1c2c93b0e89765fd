package lxrun.psx.cli;

import lxrun.runtime.loader.TinyElf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lxrun command as a user meets it, run as a separate JVM: bad input gives one clear line and the
 * status a shell gives, never a stack trace; the guest's faults and exit codes come back as statuses.
 */
class LxrunCliTest {
    @TempDir
    Path dir;

    record Result(int status, String stdout, String stderr) {
        List<String> errLines() {
            return stderr.isEmpty() ? List.of() : Arrays.asList(stderr.split("\n"));
        }
    }

    private Result lxrun(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Lxrun.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Result r = new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        assertFalse(r.stderr.contains("\tat ") || r.stderr.contains("Exception"), "a Java stack trace leaked: " + r.stderr);
        return r;
    }

    private Path file(String name, byte[] content, String perms) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    private Path program(String name, String hexCode) throws IOException {
        return file(name, TinyElf.build(HexFormat.of().parseHex(hexCode)), "rwxr-xr-x");
    }

    private void assertOneLine(Result r, int status, String fragment) {
        assertEquals(status, r.status, r.stderr);
        assertEquals(1, r.errLines().size(), r.stderr);
        assertTrue(r.stderr.contains(fragment), r.stderr);
    }

    @Test
    void tmpfsOnAMissingDirectoryIsAUsageError() throws Exception {
        assertOneLine(lxrun("--tmpfs", "/no/such/dir", program("exit7", "bf07000000b8e70000000f05").toString()), 2,
                "--tmpfs /no/such/dir: No such file or directory");
    }

    @Test
    void missingFileIs127() throws Exception {
        assertOneLine(lxrun(dir.resolve("nope").toString()), 127, "No such file");
    }

    @Test
    void directoryIs126() throws Exception {
        assertOneLine(lxrun(dir.toString()), 126, dir.toString());
    }

    @Test
    void notElfIs126() throws Exception {
        Path f = file("script.txt", "echo hello\n".getBytes(StandardCharsets.US_ASCII), "rwxr-xr-x");
        assertOneLine(lxrun(f.toString()), 126, "script.txt");
    }

    @Test
    void truncatedElfIs126() throws Exception {
        byte[] elf = TinyElf.build(HexFormat.of().parseHex("0f0b"));
        Path f = file("trunc", Arrays.copyOf(elf, 40), "rwxr-xr-x");
        assertOneLine(lxrun(f.toString()), 126, "trunc");
    }

    @Test
    void elf32Is126() throws Exception {
        byte[] elf = TinyElf.build(HexFormat.of().parseHex("0f0b"));
        elf[4] = 1; // ELFCLASS32
        assertOneLine(lxrun(file("elf32", elf, "rwxr-xr-x").toString()), 126, "elf32");
    }

    @Test
    void otherMachineIs126() throws Exception {
        byte[] elf = TinyElf.build(HexFormat.of().parseHex("0f0b"));
        elf[18] = (byte) 183; // EM_AARCH64
        assertOneLine(lxrun(file("arm64", elf, "rwxr-xr-x").toString()), 126, "arm64");
    }

    @Test
    void noExecutePermissionIs126() throws Exception {
        byte[] elf = TinyElf.build(HexFormat.of().parseHex("bf07000000b8e70000000f05"));
        assertOneLine(lxrun(file("noexec", elf, "rw-r--r--").toString()), 126, "Permission denied");
    }

    @Test
    void exitStatusComesBack() throws Exception {
        Result r = lxrun(program("exit7", "bf07000000b8e70000000f05").toString());
        assertEquals(7, r.status);
        assertEquals("", r.stderr);
    }

    @Test
    void unknownSyscallIsEnosysAndTraced() throws Exception {
        // mov eax,500; syscall; neg eax; mov edi,eax; mov eax,60; syscall  -> exits with ENOSYS (38)
        Result r = lxrun("--strace", program("nosys", "b8f40100000f05f7d889c7b83c0000000f05").toString());
        assertEquals(38, r.status);
        assertTrue(r.stderr.contains("syscall_0x1f4(") && r.stderr.contains("= -1 ENOSYS"), r.stderr);
        assertTrue(r.stderr.contains("+++ exited with 38 +++"), r.stderr);
    }

    @Test
    void wildPointerIsEfault() throws Exception {
        // write(1, 0x10, 5); exit_group(-result)  -> 14 (EFAULT)
        Result r = lxrun(program("wild", "bf01000000be10000000ba05000000b8010000000f05f7d889c7b8e70000000f05").toString());
        assertEquals(14, r.status);
    }

    @Test
    void undefinedInstructionIsSigillWithOneLine() throws Exception {
        Result r = lxrun(program("ud2", "0f0b").toString());
        assertOneLine(r, 128 + 4, "ud2");
    }

    @Test
    void nullWriteIsSigsegv() throws Exception {
        Result r = lxrun(program("segv", "89042500000000").toString());
        assertEquals(128 + 11, r.status);
    }

    @Test
    void helpAndVersion() throws Exception {
        Result help = lxrun("--help");
        assertEquals(0, help.status);
        assertTrue(help.stdout.contains("Usage: lxrun") && help.stdout.contains("--strace"), help.stdout);
        Result version = lxrun("--version");
        assertEquals(0, version.status);
        assertTrue(version.stdout.startsWith("lxrun 0.1.0"), version.stdout);
    }

    /** The option forms getopt_long accepts (-EA=1, -E B=2, -E=C=3, --root=/), and PROGRAM ends the options. */
    @Test
    void optionsStopAtTheProgram() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "no /bin/busybox");
        Result r = lxrun("--root=/", "-EA=1", "-E", "B=2", "-E=C=3", "-U", "HOME", "/bin/busybox", "sh", "-c",
                "echo $A$B$C ${HOME-unset} \"$@\"", "sh", "-L", "x", "--help");
        assertEquals(0, r.status, r.stderr);
        assertEquals("123 unset -L x --help\n", r.stdout);
        Result bad = lxrun("--no-such-option", "/bin/true");
        assertEquals(2, bad.status);
        assertTrue(bad.stderr.contains("Unknown option: '--no-such-option'") && bad.stderr.contains("Usage: lxrun"), bad.stderr);
        Result missing = lxrun("--tmpfs");
        assertEquals(2, missing.status);
        assertTrue(missing.stderr.contains("Missing required parameter for option '--tmpfs'"), missing.stderr);
    }

    @Test
    void syscallCoverageComesFromTheTable() throws Exception {
        Result r = lxrun("--syscalls");
        assertEquals(0, r.status);
        assertTrue(r.stdout.lines().anyMatch(l -> l.matches("\\s*1\\s+write\\s+.*implemented.*")), r.stdout);
        assertTrue(r.stdout.lines().anyMatch(l -> l.matches("\\s*231\\s+exit_group\\s+.*")), r.stdout);
    }

    @Test
    void objectsDumpShowsTheNamespace() throws Exception {
        Result r = lxrun("--objects", program("exit0", "bf00000000b8e70000000f05").toString());
        assertEquals(0, r.status);
        for (String name : List.of("POSIX", "Sessions", "SbApiPort", "SmApiPort", "Device", "lxss")) {
            assertTrue(r.stderr.contains(name), name + " missing from\n" + r.stderr);
        }
    }

    /** bash -c SCRIPT in the test's directory: its stdout and status. */
    private Result bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/bash", "-c", script).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // the launcher may say it builds
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), "");
    }

    /**
     * Descriptors lxrun is started with reach the guest under their numbers, on the same open files
     * (a redirection's file, a shared offset), and /proc/self/fd lists exactly those: the same commands
     * natively and through the launcher, scripts/lxrun, which finds them.
     */
    @Test
    void inheritedDescriptorsAreTheGuests() throws Exception {
        Path launcher = Path.of("../scripts/lxrun").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(launcher), "no scripts/lxrun");
        Files.writeString(dir.resolve("in"), "first\nsecond\nthird\n");
        String inner = "/bin/sh -c 'echo x >&5; ls /proc/self/fd; read l <&6; echo \"$l\"; readlink /proc/self/fd/5'";
        String around = "exec 5>out 6<in 7>&-; %s; echo status $?; cat <&6; cat out";
        Result natively = bash(String.format(around, inner));
        Result guest = bash(String.format(around, launcher + " " + inner));
        assertEquals(natively.stdout.replace(dir.toRealPath() + "/", ""), guest.stdout.replace(dir.toRealPath() + "/", ""));
        assertTrue(natively.stdout.contains("second"), natively.stdout);
    }
}
