package lxrun.translator.jit;

import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.x86.FlagEffects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flag liveness over a region's graph, on code assembled by GNU as (the bytes are in each test). */
class FlagLivenessTest {
    private static final long CODE = 0x10000;
    private final GuestMemory mem = new GuestMemory();

    @AfterEach
    void close() {
        mem.close();
    }

    private RegionGraph region(String hex) {
        mem.map(CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, "code", 0);
        byte[] b = HexFormat.of().parseHex(hex);
        mem.poke(CODE, b, 0, b.length);
        return new RegionGraph(new BlockCompiler().region(mem, CODE, 64, a -> true));
    }

    @Test
    void incAndDecPassCarryThroughToTheLoopExit() {
        // 1: add rax,rcx; dec ecx; jnz 1b; ret
        RegionGraph g = region("4801c8ffc975f9c3");
        FlagLiveness f = FlagLiveness.of(g);
        assertEquals(2, g.blocks.size());
        assertEquals(FlagEffects.ALL, f.liveOut(0)); // the loop's exit reaches RET, an exit
        assertEquals(FlagEffects.ALL, f.after(0, 1)); // dec's flags: jnz reads ZF, the exit the rest
        assertEquals(FlagEffects.CF, f.after(0, 0)); // of add's flags only CF survives dec
        assertEquals(0, f.atEdge(0)); // the back edge: add overwrites everything first
    }

    @Test
    void compareFeedsOnlyItsBranchWhenBothSuccessorsOverwriteTheFlags() {
        // cmp eax,ebx; je 1f; xor eax,eax; ret; 1: xor ecx,ecx; ret
        RegionGraph g = region("39d8740331c0c331c9c3");
        FlagLiveness f = FlagLiveness.of(g);
        assertEquals(3, g.blocks.size());
        assertEquals(0, f.liveOut(0));
        assertEquals(FlagEffects.ZF, f.after(0, 0)); // je reads ZF and nothing after it does
    }

    @Test
    void adcReadsTheCarryOfTheAddBeforeIt() {
        // add rax,rbx; adc rcx,rdx; ret
        RegionGraph g = region("4801d84811d1c3");
        FlagLiveness f = FlagLiveness.of(g);
        assertEquals(FlagEffects.CF, f.after(0, 0));
        assertEquals(FlagEffects.ALL, f.after(0, 1));
    }
}
