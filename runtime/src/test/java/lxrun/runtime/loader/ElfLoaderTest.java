package lxrun.runtime.loader;

import lxrun.runtime.mem.GuestMemory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ElfLoaderTest {
    private static final byte[] CODE = {(byte) 0xb8, 60, 0, 0, 0, 0x0f, 0x05}; // mov eax, 60; syscall

    private static String fail(byte[] image) {
        try (GuestMemory mem = new GuestMemory()) {
            return assertThrows(ElfException.class, () -> ElfLoader.load(mem, image, "/t")).getMessage();
        }
    }

    @Test
    void mappingsNameTheFileWithItsOffsetsAndLeaveTheBssAnonymous() throws Exception {
        try (GuestMemory mem = new GuestMemory()) {
            byte[] file = TinyElf.build(CODE); // one segment: the file's bytes in the first page, then 0x2000 of bss
            ElfLoader.load(mem, file, "/t", 0, 0x801, 1234);
            assertEquals(List.of(
                    new GuestMemory.Mapping(TinyElf.BASE, TinyElf.BASE + 0x1000, 7, "/t", 0, false, 0x801, 1234),
                    new GuestMemory.Mapping(TinyElf.BASE + 0x1000, TinyElf.BASE + 0x3000, 7, "", 0)), mem.mappings());
        }
    }

    @Test
    void mapsSegmentAndZeroesBss() throws Exception {
        try (GuestMemory mem = new GuestMemory()) {
            byte[] file = TinyElf.build(CODE);
            ElfImage img = ElfLoader.load(mem, file, "/t");
            assertEquals(TinyElf.BASE + 176, img.entry());
            assertEquals(0, img.base());
            assertNull(img.interp());
            assertFalse(img.execStack());
            assertEquals(TinyElf.BASE + 64, img.phdr());
            assertEquals(2, img.phnum());
            assertEquals(0xb8, mem.read8(img.entry()));
            assertEquals(0, mem.read8(TinyElf.BASE + file.length + 100));
            assertEquals(GuestMemory.pageAlignUp(TinyElf.BASE + file.length + 0x2000), img.brkStart());
            assertEquals(7, mem.protAt(TinyElf.BASE));
        }
    }

    @Test
    void staticPieLoadsAtBase() throws Exception {
        try (GuestMemory mem = new GuestMemory()) {
            ElfImage img = ElfLoader.load(mem, TinyElf.build(3, CODE, 0, 5), "/t");
            assertEquals(ElfLoader.PIE_BASE, img.base());
            assertEquals(ElfLoader.PIE_BASE + 176, img.entry());
            assertEquals(GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, mem.protAt(ElfLoader.PIE_BASE));
        }
    }

    @Test
    void badImagesHaveOneLineMessages() {
        assertEquals("not an ELF executable", fail("#!/bin/sh\n".getBytes()));
        assertEquals("truncated ELF header", fail(Arrays.copyOf(TinyElf.build(CODE), 40)));
        byte[] b32 = TinyElf.build(CODE);
        b32[4] = 1;
        assertTrue(fail(b32).contains("32-bit"));
        byte[] arm = TinyElf.build(CODE);
        arm[18] = (byte) 183;
        assertTrue(fail(arm).startsWith("not an x86-64 executable"));
        byte[] rel = TinyElf.build(CODE);
        rel[16] = 1;
        assertTrue(fail(rel).startsWith("not an executable"));
        byte[] ph = TinyElf.build(CODE);
        ph[54] = 32;
        assertEquals("bad program headers", fail(ph));
        assertEquals("truncated program headers", fail(Arrays.copyOf(TinyElf.build(CODE), 100)));
    }

    @Test
    void stackLayoutAsLinuxBuildsIt() throws Exception {
        try (GuestMemory mem = new GuestMemory()) {
            ElfImage img = ElfLoader.load(mem, TinyElf.build(CODE), "/bin/t");
            byte[] rnd = new byte[16];
            Arrays.fill(rnd, (byte) 7);
            long sp = InitialStack.build(mem, img, 0, List.of("t", "arg one"), List.of("A=1", "HOME=/root"), "/bin/t",
                    0x178bfbffL, 2, rnd, new InitialStack.Credentials(1000, 1000, 100, 100));
            assertEquals(0, sp & 15);
            assertEquals(2, mem.read64(sp));
            assertEquals("t", mem.readCString(mem.read64(sp + 8), 100));
            assertEquals("arg one", mem.readCString(mem.read64(sp + 16), 100));
            assertEquals(0, mem.read64(sp + 24));
            assertEquals("A=1", mem.readCString(mem.read64(sp + 32), 100));
            assertEquals("HOME=/root", mem.readCString(mem.read64(sp + 40), 100));
            assertEquals(0, mem.read64(sp + 48));
            Map<Long, Long> aux = new HashMap<>();
            List<Long> order = new ArrayList<>();
            long p = sp + 56;
            while (true) {
                long k = mem.read64(p), v = mem.read64(p + 8);
                order.add(k);
                if (k == 0) break;
                aux.put(k, v);
                p += 16;
            }
            assertEquals(List.of(51L, 16L, 6L, 17L, 3L, 4L, 5L, 7L, 8L, 9L, 11L, 12L, 13L, 14L, 23L, 25L, 26L, 31L, 15L, 0L),
                    order);
            assertEquals(0x178bfbffL, aux.get(16L));
            assertEquals(4096L, aux.get(6L));
            assertEquals(img.entry(), aux.get(9L));
            assertEquals(img.phdr(), aux.get(3L));
            assertEquals(0L, aux.get(7L));
            assertEquals(100L, aux.get(13L));
            assertEquals("/bin/t", mem.readCString(aux.get(31L), 100));
            assertEquals("x86_64", mem.readCString(aux.get(15L), 100));
            assertArrayEquals(rnd, mem.read(aux.get(25L), 16));
            assertTrue(mem.read64(sp + 8) > sp && mem.read64(sp + 8) < InitialStack.STACK_TOP);
            assertEquals(GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, mem.protAt(sp));
        }
    }

    @Test
    void loadsBusyboxIfPresent() throws Exception {
        Path bb = Path.of("/bin/busybox");
        if (!Files.isRegularFile(bb)) return;
        byte[] file = Files.readAllBytes(bb);
        if (file.length < 20 || file[18] != 62) return;
        try (GuestMemory mem = new GuestMemory()) {
            ElfImage img = ElfLoader.load(mem, file, "/bin/busybox");
            assertNull(img.interp(), "busybox here is static");
            assertNotEquals(0, mem.protAt(img.entry()) & GuestMemory.PROT_EXEC);
            assertTrue(img.brkStart() > img.entry());
        }
    }
}
