package lxrun.lxcore.sys;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxCore;
import lxrun.lxcore.LxInstance;
import lxrun.lxcore.LxThread;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.PicoProcess;
import lxrun.runtime.ps.ProcessLayer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A process created from a tiny ELF under a temporary root, whose system calls the tests make directly
 * (no translator): set the registers, dispatch, read RAX.
 */
final class Guest {
    static final long SCRATCH = 0x10000000L;

    final Path root;
    final LxInstance instance;
    final PicoProcess process;
    final LxThread thread;
    final CpuState cpu;
    final GuestMemory mem;
    final ByteArrayOutputStream trace = new ByteArrayOutputStream();

    Guest(Path root) throws Exception {
        this.root = root;
        Path prog = root.resolve("prog");
        Files.write(prog, tinyElf());
        Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessLayer layer = new ProcessLayer(null, 100);
        LxCore core = LxCore.initialize(layer, null);
        instance = core.createInstance(new InstanceConfig(root, new PrintStream(trace, true)));
        process = instance.createProcess("/prog", List.of("prog"), List.of("A=1"));
        thread = (LxThread) process.threads().get(0).context();
        cpu = process.threads().get(0).cpu;
        mem = process.memory;
        mem.map(SCRATCH, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, "scratch", 0);
    }

    long sys(int nr, long... args) {
        int[] regs = {CpuState.RDI, CpuState.RSI, CpuState.RDX, CpuState.R10, CpuState.R8, CpuState.R9};
        cpu.r[CpuState.RAX] = nr;
        for (int i = 0; i < 6; i++) cpu.r[regs[i]] = i < args.length ? args[i] : 0;
        SystemCalls.dispatch(thread, cpu, new PrintStream(trace, true));
        return cpu.r[CpuState.RAX];
    }

    /** Puts a NUL-terminated string into scratch memory at {@code off}; returns its address. */
    long str(int off, String s) {
        byte[] b = (s + "\0").getBytes();
        mem.write(SCRATCH + off, b);
        return SCRATCH + off;
    }

    String lastTrace() {
        String[] lines = trace.toString().split("\n");
        return lines[lines.length - 1];
    }

    static byte[] tinyElf() {
        byte[] code = {(byte) 0xb8, 60, 0, 0, 0, 0x0f, 0x05};
        int size = 64 + 56 + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x464c457f).put((byte) 2).put((byte) 1).put((byte) 1);
        b.position(16);
        b.putShort((short) 2).putShort((short) 62).putInt(1);
        b.putLong(0x400000 + 120).putLong(64).putLong(0);
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1);
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(7).putLong(0).putLong(0x400000).putLong(0x400000).putLong(size).putLong(size + 0x1000)
                .putLong(0x1000);
        b.put(code);
        return b.array();
    }
}
