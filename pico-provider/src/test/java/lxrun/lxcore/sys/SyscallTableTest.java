package lxrun.lxcore.sys;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.*;

class SyscallTableTest {
    @Test
    void numbersAndNamesMatchLinux() {
        assertEquals("read", SystemCalls.lookup(0).name());
        assertEquals("write", SystemCalls.lookup(1).name());
        assertEquals("mmap", SystemCalls.lookup(9).name());
        assertEquals("exit", SystemCalls.lookup(60).name());
        assertEquals("arch_prctl", SystemCalls.lookup(158).name());
        assertEquals("exit_group", SystemCalls.lookup(231).name());
        assertEquals("openat", SystemCalls.lookup(257).name());
        assertEquals("getrandom", SystemCalls.lookup(318).name());
        assertEquals("rseq", SystemCalls.lookup(334).name());
        assertEquals("clone3", SystemCalls.lookup(435).name());
        assertNull(SystemCalls.lookup(335));
        assertNull(SystemCalls.lookup(-1));
        assertNull(SystemCalls.lookup(100000));
        for (Syscall s : SystemCalls.all()) {
            assertSame(s, SystemCalls.lookup(s.number()));
            assertEquals(s.handler() == null, s.support() == Syscall.Support.NONE, s.name());
        }
    }

    @Test
    void coverageListsEverySyscallWithTotals() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SystemCalls.printCoverage(new PrintStream(out, true));
        String s = out.toString();
        assertTrue(s.contains("   1  write"));
        assertTrue(s.contains("implemented"));
        assertTrue(s.lines().reduce((a, b) -> b).orElseThrow().startsWith(SystemCalls.all().size() + " system calls"));
    }
}
