package lxrun.translator.ops;

import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** FXSAVE/FXRSTOR, FNSAVE/FRSTOR, FNSTENV/FLDENV and FNSTSW AX layouts and round trips. */
class X87SaveAreaTest {
    static GuestMemory mem;
    static final long A = 0x20000;

    @BeforeAll
    static void up() {
        mem = new GuestMemory();
        mem.map(A, 2 * GuestMemory.PAGE_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "t", 0);
    }

    @AfterAll
    static void down() {
        mem.close();
    }

    static CpuState cpu() {
        CpuState c = new CpuState();
        c.mem = mem;
        X87.fld1(c, 0);
        X87.fldpi(c, 0);
        X87.fldz(c, 0);
        return c;
    }

    @Test
    void fxsaveLayoutAndRoundTrip() {
        CpuState c = cpu();
        c.xmm[2] = 0x1122334455667788L;
        c.xmm[3] = 0x99aabbccddeeff00L;
        X87.fxsave(c, A);
        assertEquals(0x037f, mem.read16(A));
        assertEquals(0x2800, mem.read16(A + 2)); // TOP = 5
        assertEquals(0xe0, mem.read8(A + 4));
        assertEquals(0x1f80, mem.read32(A + 24));
        assertEquals(0xffbf, mem.read32(A + 28));
        assertEquals(0, mem.read64(A + 32)); // ST0 = +0
        assertEquals(0xc90fdaa22168c235L, mem.read64(A + 48)); // ST1 = pi
        assertEquals(0x4000, mem.read16(A + 56));
        assertEquals(0x1122334455667788L, mem.read64(A + 176));
        CpuState d = new CpuState();
        d.mem = mem;
        X87.fxrstor(d, A);
        assertEquals(c.fpu.top, d.fpu.top);
        assertEquals(c.fpu.tags, d.fpu.tags);
        assertEquals(0xc90fdaa22168c235L, X87.m(d.fpu, 1));
        assertEquals(0x99aabbccddeeff00L, d.xmm[3]);
    }

    @Test
    void fnsaveInitializesAndFrstorRestores() {
        CpuState c = cpu();
        X87.fnsave(c, A);
        assertEquals(0, c.fpu.tags);
        assertEquals(0x07ff, mem.read16(A + 8) & 0xffff, "tag word: regs 0-4 empty, 5 zero, 6-7 valid");
        X87.frstor(c, A);
        assertEquals(5, c.fpu.top);
        assertEquals(0x3fff, X87.se(c.fpu, 2));
        X87.fnstenv(c, A);
        assertEquals(0x3f, c.fpu.cw & 0x3f);
        assertEquals(0x2800, mem.read16(A + 4) & 0x3800);
        c.r[0] = 0x123456789abc0000L;
        X87.fnstsw_ax(c, 0);
        assertEquals(0x123456789abc2800L, c.r[0]);
    }
}
