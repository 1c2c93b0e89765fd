package lxrun.lxcore;

import lxrun.lxcore.proc.Cpu;
import lxrun.lxcore.sys.SystemCalls;
import lxrun.nt.NtStatus;
import lxrun.nt.ob.NtObject;
import lxrun.nt.ob.ObjectManager;
import lxrun.nt.ob.ObjectType;
import lxrun.runtime.cpu.CpuState;
import lxrun.runtime.mem.GuestMemory;
import lxrun.runtime.ps.PicoProcess;
import lxrun.runtime.ps.PicoProviderRoutines;
import lxrun.runtime.ps.PicoRoutines;
import lxrun.runtime.ps.PicoThread;
import lxrun.runtime.ps.ProcessLayer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Linux pico provider (lxcore). {@link #initialize} is LxInitialize: it registers the provider's
 * routine table with the process layer and creates {@code \Device\lxss}, whose parse procedure finds
 * instances by name ({@code \Device\lxss\{GUID}}).
 */
public final class LxCore {
    /** CPUID(1).EDX of a baseline x86-64 CPU (FPU TSC CX8 CMOV MMX FXSR SSE SSE2): AT_HWCAP by default. */
    public static final long DEFAULT_HWCAP = 0x07808111L;
    public static final int PROCESS_ALL_ACCESS = 0x1fffff, THREAD_ALL_ACCESS = 0x1fffff;

    final ProcessLayer layer;
    final PicoRoutines pico;
    final long hwcap, hwcap2;
    private final Cpu cpu;
    private final Map<String, LxInstance> instances = new ConcurrentHashMap<>();

    /** The device object {@code \Device\lxss}: the root bus of instances. */
    static final class LxssDevice extends NtObject {
        LxssDevice(ObjectType type) {
            super(type);
        }

        @Override
        public String toString() {
            return "lxcore";
        }
    }

    private LxCore(ProcessLayer layer, Cpu cpu, long hwcap2) {
        this.layer = layer;
        this.cpu = cpu;
        this.hwcap = cpu.leaf1Edx() & 0xffffffffL;
        this.hwcap2 = hwcap2;
        this.pico = layer.registerPicoProvider(new PicoProviderRoutines(
                this::dispatchSystemCall, this::exitThread, this::exitProcess, this::dispatchException, this::deliverAlert,
                (p, status) -> layer.terminateProcess(p, status), LxCore::walkUserStack,
                p -> p.context() instanceof LxProcess lp ? lp.exePath : null,
                PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS));
    }

    public static LxCore initialize(ProcessLayer layer, ObjectManager objects) {
        return initialize(layer, objects, DEFAULT_HWCAP, 0);
    }

    /** LxInitialize with the CPUID(1).EDX the translator advertises (reported as AT_HWCAP) and AT_HWCAP2. */
    public static LxCore initialize(ProcessLayer layer, ObjectManager objects, long hwcap, long hwcap2) {
        return initialize(layer, objects, Cpu.baseline((int) hwcap), hwcap2);
    }

    /**
     * LxInitialize with the CPU the translator's CPUID describes (AT_HWCAP is its leaf 1 EDX;
     * /proc/cpuinfo shows it) and AT_HWCAP2.
     */
    public static LxCore initialize(ProcessLayer layer, ObjectManager objects, Cpu cpu, long hwcap2) {
        LxCore core = new LxCore(layer, cpu, hwcap2);
        lxrun.lxcore.fs.Host.call("umask", 0); // the guest's umask is applied by lxcore, not again by the host's
        if (objects != null) {
            ObjectType deviceType = new ObjectType("Device", (obj, rest, ctx) -> core.instance(rest), null,
                    obj -> new java.util.TreeMap<String, NtObject>(core.instances));
            int st = objects.insertObject("\\Device\\lxss", new LxssDevice(deviceType));
            if (!NtStatus.isSuccess(st)) throw new IllegalStateException("cannot create \\Device\\lxss: " + st);
        }
        return core;
    }

    /** The guest's CPU (/proc/cpuinfo). */
    public Cpu cpu() {
        return cpu;
    }

    /** The id the process layer gave out last (/proc/loadavg). */
    public long lastPid() {
        return layer.lastId();
    }

    /** An instance: a root mapping and options, like a WSL1 distribution instance. */
    public LxInstance createInstance(InstanceConfig config) {
        LxInstance i = new LxInstance(this, config);
        instances.put(i.guid(), i);
        return i;
    }

    /** Takes an instance out of {@code \Device\lxss} (its session ended); processes it still has run on. */
    public void closeInstance(LxInstance instance) {
        instances.remove(instance.guid(), instance);
    }

    /** The device's parse procedure: "{GUID}" names an instance, "{GUID}\\path" a file the instance parses. */
    private NtObject instance(String name) {
        String n = name.startsWith("\\") ? name.substring(1) : name;
        int sep = n.indexOf('\\');
        LxInstance i = instances.get(sep < 0 ? n : n.substring(0, sep));
        if (i == null) return null;
        if (sep >= 0) return LxInstance.TYPE.parseProcedure().parse(i, n.substring(sep + 1), null);
        i.reference();
        return i;
    }

    // ---------------------------------------------------------------- the provider routines

    private void dispatchSystemCall(PicoThread t, CpuState cpu) {
        LxThread lt = (LxThread) t.context();
        SystemCalls.dispatch(lt, cpu, lt.process.instance.strace());
    }

    /** A thread ended: clear_child_tid is zeroed and woken (set_tid_address(2)). */
    private void exitThread(PicoThread t) {
        if (!(t.context() instanceof LxThread lt)) return;
        long a = lt.clearChildTid;
        GuestMemory mem = t.process.memory;
        if (a != 0 && !t.process.hasExited() && mem.accessible(a, 4, GuestMemory.PROT_WRITE)) {
            mem.write32(a, 0);
            lt.process.futexes.wake(Futexes.key(mem, a, false), 1); // a shared futex wake, as Linux's mm_release
        }
    }

    /** The last thread ended: report the status under strace and close the fd table. */
    private void exitProcess(PicoProcess p) {
        if (!(p.context() instanceof LxProcess lp)) return;
        if (p.exitStatus() == -1) layer.terminateProcess(p, lp.threadExitStatus); // the last thread's exit(2)
        int ws = p.exitStatus() == -1 ? 0 : p.exitStatus();
        if ((ws & 0x7f) == 0) lp.instance.trace("+++ exited with %d +++", (ws >> 8) & 0xff);
        else lp.instance.trace("+++ killed by %s +++", Signals.name(ws & 0x7f));
        for (AutoCloseable r : new AutoCloseable[] {lp.timers, lp.semUndo}) {
            if (r == null) continue;
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        lp.shared.releaseAll(p.memory);
        lp.handles.closeAll();
        lp.ended(ws);
        System.out.flush();
        System.err.flush();
    }

    private boolean dispatchException(PicoThread t, CpuState cpu, lxrun.runtime.mem.GuestException e) {
        return Signals.dispatchException((LxThread) t.context(), cpu, e);
    }

    /** An alerted thread stopped between instructions: a signal made pending while it ran is delivered now. */
    private void deliverAlert(PicoThread t, CpuState cpu) {
        if (!(t.context() instanceof LxThread lt)) return;
        lt.enter();
        Signals.deliverPending(lt, cpu, -1);
    }

    /** Frame-pointer walk of the guest stack (RBP chain); stops at the first unreadable frame. */
    static int walkUserStack(PicoThread t, long[] frames) {
        CpuState cpu = t.cpu;
        GuestMemory mem = t.process.memory;
        int n = 0;
        if (frames.length > 0) frames[n++] = cpu.rip;
        long bp = cpu.r[CpuState.RBP];
        while (n < frames.length && bp != 0 && mem.accessible(bp, 16, GuestMemory.PROT_READ)) {
            long ret = mem.read64(bp + 8), next = mem.read64(bp);
            if (ret == 0) break;
            frames[n++] = ret;
            if (next <= bp) break;
            bp = next;
        }
        return n;
    }
}
