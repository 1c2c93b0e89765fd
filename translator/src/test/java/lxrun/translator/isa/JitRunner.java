package lxrun.translator.isa;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.exec.BlockTranslator;
import lxrun.runtime.exec.CompiledBlock;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestFault;
import lxrun.runtime.mem.GuestMemory;
import lxrun.translator.jit.BlockCompiler;
import lxrun.translator.ops.X87;

/**
 * Runs cases through the translator: the case's code image (the instruction, its landing stubs, which jump
 * to {@code STOP} through IsaCase.EXIT), compiled by the same BlockCompiler the runtime uses (or interpreted),
 * in a guest memory laid out like isa_native's address space.
 */
public final class JitRunner implements AutoCloseable {
    private static final long STOP = 0xdead000L;
    /** The FXSAVE areas in the state page, where isa_native keeps them. */
    private static final long X87_IN = 0x40000a00L, X87_OUT = 0x40000c00L;
    private static final int SIGILL = 4, SIGTRAP = 5, SIGFPE = 8, SIGSEGV = 11;

    private final GuestMemory mem = new GuestMemory();
    private final BlockCompiler compiler = new BlockCompiler();
    private static final byte[] ZERO_PAGE = new byte[4096];

    public JitRunner() {
        int rw = GuestMemory.PROT_READ | GuestMemory.PROT_WRITE;
        mem.map(IsaCase.PAGE, 0x1000, rw, "block", 0);
        mem.map(IsaCase.CODE - 0x1000, 0x2000, rw | GuestMemory.PROT_EXEC, "code", 0);
        mem.map(IsaCase.STACK_BASE, IsaCase.STACK_TOP - IsaCase.STACK_BASE + 0x1000, rw, "stack", 0);
        mem.map(IsaCase.LANDED & ~0xfffL, 0x1000, rw, "state", 0);
    }

    /** Linux's signal for a guest exception. */
    static int signalOf(GuestException e) {
        if (e instanceof GuestFault) return SIGSEGV;
        return switch (e.vector()) {
            case GuestException.DE, GuestException.MF, GuestException.XM -> SIGFPE;
            case GuestException.UD -> SIGILL;
            case GuestException.BP, GuestException.DB -> SIGTRAP;
            default -> SIGSEGV;
        };
    }

    /** True when the translator rejected the instruction as not implemented (rather than as undefined). */
    static boolean notImplemented(GuestException e) {
        String m = e.getMessage();
        return e instanceof CpuException && e.vector() == GuestException.UD && m != null
                && (m.endsWith(": not implemented") || m.startsWith("unsupported instruction at "));
    }

    /** The case run through the translator's tier {@code tier} (translated as a region, or interpreted). */
    public IsaResult run(IsaCase c, BlockTranslator.Tier tier) {
        return run(c, tier, 8);
    }

    /**
     * As {@link #run(IsaCase, BlockTranslator.Tier)}, for code that runs more than a few translations (the
     * sequences of {@link SequenceHarness}: loops, calls): up to {@code maxSteps} translations, each address
     * translated once per run (a loop that leaves its region at a call comes back to the same translation).
     */
    public IsaResult run(IsaCase c, BlockTranslator.Tier tier, int maxSteps) {
        IsaResult res = new IsaResult();
        mem.poke(IsaCase.PAGE, ZERO_PAGE, 0, ZERO_PAGE.length);
        mem.poke(IsaCase.BLOCK, c.mem, 0, c.mem.length);
        mem.poke(IsaCase.STACK_TOP - 0x1000, ZERO_PAGE, 0, ZERO_PAGE.length);
        mem.poke(IsaCase.STACK_TOP, ZERO_PAGE, 0, ZERO_PAGE.length);
        mem.poke(IsaCase.STACK_LO, c.stack, 0, c.stack.length);
        byte[] image = c.image();
        mem.poke(IsaCase.IMAGE_LO, image, 0, image.length);
        mem.write64(IsaCase.LANDED, 0);
        mem.write64(IsaCase.EXIT, STOP);

        CpuState cpu = new CpuState();
        cpu.mem = mem;
        cpu.gsBase = IsaCase.GS_BASE;
        cpu.interrupt = true; // a case loops at most 40 times: a wrong branch target leaves at its first back-edge check (every 1024)
        System.arraycopy(c.gpr, 0, cpu.r, 0, 16);
        if (c.x87 != null) { // FXRSTOR as isa_native does, before MXCSR and XMM
            mem.poke(X87_IN, c.x87, 0, c.x87.length);
            X87.fxrstor(cpu, X87_IN);
        }
        cpu.setRflags(c.rflags | 0x200); // user mode runs with IF set (POPF cannot clear it)
        cpu.mxcsr = c.mxcsr;
        System.arraycopy(c.xmm, 0, cpu.xmm, 0, 32);
        try {
            long rip = IsaCase.CODE;
            java.util.Map<Long, CompiledBlock> done = new java.util.HashMap<>();
            for (int steps = 0; rip != STOP; steps++) {
                if (steps > maxSteps) throw new IllegalStateException("did not reach an exit stub (rip 0x" + Long.toHexString(rip) + ")");
                CompiledBlock b = done.get(rip);
                if (b == null) done.put(rip, b = compiler.translate(mem, rip, tier, a -> true));
                res.translations++;
                rip = b.run(cpu);
            }
        } catch (GuestException e) {
            if (notImplemented(e)) {
                res.error = "not implemented: " + e.getMessage();
                res.signal = -1;
                return res;
            }
            res.signal = signalOf(e);
            return res;
        } catch (RuntimeException | LinkageError e) {
            res.error = "translator threw " + e;
            return res;
        }
        System.arraycopy(cpu.r, 0, res.gpr, 0, 16);
        res.rflags = cpu.rflags();
        res.mxcsr = cpu.mxcsr;
        System.arraycopy(cpu.xmm, 0, res.xmm, 0, 32);
        res.mem = mem.read(IsaCase.BLOCK, IsaCase.BLOCK_LEN);
        res.stack = mem.read(IsaCase.STACK_LO, IsaCase.STACK_LEN);
        res.landed = mem.read32(IsaCase.LANDED) & 0xffffffffL;
        if (c.x87 != null) {
            X87.fxsave(cpu, X87_OUT);
            res.x87 = mem.read(X87_OUT, IsaCase.X87_LEN);
        }
        return res;
    }

    @Override
    public void close() {
        mem.close();
    }
}
