package lxrun.lxcore.sys;

import lxrun.lxcore.LxProcess;
import lxrun.lxcore.LxThread;
import lxrun.lxcore.fs.LxFile;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;

/** One system call in progress: who made it, its six arguments (RDI RSI RDX R10 R8 R9), guest memory. */
public final class Call {
    public final LxThread thread;
    public final LxProcess process;
    public final CpuState cpu;
    public final GuestMemory mem;
    final long[] args = new long[6];

    public Call(LxThread thread, CpuState cpu) {
        this.thread = thread;
        this.process = thread.process;
        this.cpu = cpu;
        this.mem = cpu.mem;
        args[0] = cpu.r[CpuState.RDI];
        args[1] = cpu.r[CpuState.RSI];
        args[2] = cpu.r[CpuState.RDX];
        args[3] = cpu.r[CpuState.R10];
        args[4] = cpu.r[CpuState.R8];
        args[5] = cpu.r[CpuState.R9];
    }

    /** Argument {@code i} as the 64-bit register value. */
    public long a(int i) {
        return args[i];
    }

    /** Argument {@code i} as a C int (the low 32 bits, sign-extended). */
    public int i(int i) {
        return (int) args[i];
    }

    private LxFile[] held;
    private int nheld;

    /** The open file behind fd argument {@code i}, or EBADF. */
    public LxFile file(int i) {
        return fd(i(i));
    }

    /**
     * The open file behind {@code fd}, or EBADF. It stays alive until the call returns even if another
     * thread closes the fd meanwhile (as a Linux struct file does).
     */
    public LxFile fd(int fd) {
        LxFile f = process.referenceFile(fd);
        if (held == null) held = new LxFile[4];
        else if (nheld == held.length) held = java.util.Arrays.copyOf(held, nheld * 2);
        held[nheld++] = f;
        return f;
    }

    /** Drops the references {@link #fd} took (at the end of the call). */
    void release() {
        for (int k = 0; k < nheld; k++) held[k].dereference();
        nheld = 0;
    }

    /** Checks that the guest may access [addr, addr+len) with {@code prot}; EFAULT otherwise. */
    public void check(long addr, long len, int prot) {
        if (!mem.accessible(addr, len, prot)) throw Errno.error(Errno.EFAULT);
    }

    /** access_ok: whether [addr, addr+len) lies in the user address space (below TASK_SIZE), mapped or not. */
    public boolean userRange(long addr, long len) {
        return Long.compareUnsigned(len, MemoryCalls.TASK_SIZE) <= 0 && Long.compareUnsigned(addr, MemoryCalls.TASK_SIZE - len) <= 0;
    }

    /**
     * How many bytes of [addr, addr+len) the guest may access with {@code prot} before the first it may
     * not: how far a read or write gets before it faults.
     */
    public long accessibleLength(long addr, long len, int prot) {
        if (mem.accessible(addr, len, prot)) return len;
        long n = 0;
        while (n < len) {
            long chunk = Math.min(len - n, GuestMemory.PAGE_SIZE - ((addr + n) & GuestMemory.PAGE_MASK));
            if (!mem.accessible(addr + n, chunk, prot)) break;
            n += chunk;
        }
        return n;
    }

    /** A NUL-terminated path argument (PATH_MAX 4096): EFAULT for a bad pointer, ENAMETOOLONG. */
    public String path(int i) {
        long p = a(i);
        if (p == 0) throw Errno.error(Errno.EFAULT);
        String s = mem.readCString(p, 4096);
        if (s == null) throw Errno.error(Errno.ENAMETOOLONG);
        return s;
    }
}
