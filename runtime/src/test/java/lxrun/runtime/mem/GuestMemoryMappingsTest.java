package lxrun.runtime.mem;

import org.junit.jupiter.api.Test;

import java.util.List;

import static lxrun.runtime.mem.GuestMemory.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.*;

/** The mapping bookkeeping behind /proc/pid/maps, status and stat: splits keep the file's offsets, sizes, fork. */
class GuestMemoryMappingsTest {
    static final long A = 0x10000000L;

    @Test
    void splitsKeepTheFileAndMoveItsOffset() {
        try (GuestMemory mem = new GuestMemory()) {
            mem.map(new GuestMemory.Mapping(A, A + 4 * PAGE_SIZE, 1, "/f", 0x3000, true, 0x801, 7));
            assertTrue(mem.protect(A + PAGE_SIZE, PAGE_SIZE, 3));
            mem.unmap(A + 2 * PAGE_SIZE, PAGE_SIZE);
            assertEquals(List.of(
                    new GuestMemory.Mapping(A, A + PAGE_SIZE, 1, "/f", 0x3000, true, 0x801, 7),
                    new GuestMemory.Mapping(A + PAGE_SIZE, A + 2 * PAGE_SIZE, 3, "/f", 0x4000, true, 0x801, 7),
                    new GuestMemory.Mapping(A + 3 * PAGE_SIZE, A + 4 * PAGE_SIZE, 1, "/f", 0x6000, true, 0x801, 7)),
                    mem.mappings());
        }
    }

    @Test
    void sizeAndPeakFollowMapAndUnmap() {
        try (GuestMemory mem = new GuestMemory()) {
            mem.map(A, 4 * PAGE_SIZE, 3, "", 0);
            mem.map(A + 2 * PAGE_SIZE, 4 * PAGE_SIZE, 3, "", 0); // replaces two pages, adds two
            assertEquals(6 * PAGE_SIZE, mem.size());
            mem.unmap(A, 5 * PAGE_SIZE);
            assertEquals(PAGE_SIZE, mem.size());
            assertEquals(6 * PAGE_SIZE, mem.peakSize());
            mem.unmap(A + 0x100000, PAGE_SIZE); // nothing there
            assertEquals(PAGE_SIZE, mem.size());
        }
    }

    @Test
    void residentPagesAreTheTouchedOnes() {
        try (GuestMemory mem = new GuestMemory()) {
            mem.map(A, 8 * PAGE_SIZE, 3, "", 0);
            assertEquals(0, mem.residentPages(A, A + 8 * PAGE_SIZE));
            mem.write8(A, 1);
            mem.write8(A + 5 * PAGE_SIZE, 1);
            assertEquals(2, mem.residentPages(A, A + 8 * PAGE_SIZE));
            mem.unmap(A, PAGE_SIZE); // given back to the host
            assertEquals(1, mem.residentPages(A, A + 8 * PAGE_SIZE));
        }
    }

    @Test
    void forkKeepsMappingsSizesStackInfoAndProtNone() {
        try (GuestMemory mem = new GuestMemory()) {
            mem.map(A, 2 * PAGE_SIZE, 0, "guard", 0);
            var si = new GuestMemory.StackInfo(A, A + 8, A + 16, A + 16, A + 24, new long[] {6, 4096, 0, 0}, "/bin/x");
            mem.setStackInfo(si);
            try (GuestMemory child = mem.fork()) {
                assertEquals(mem.mappings(), child.mappings());
                assertEquals(mem.size(), child.size());
                assertSame(si, child.stackInfo());
                // a PROT_NONE page is still mapped in the child: access errors, not holes
                assertEquals(GuestFault.SEGV_ACCERR, assertThrows(GuestFault.class, () -> child.read8(A)).code);
            }
        }
    }
}
