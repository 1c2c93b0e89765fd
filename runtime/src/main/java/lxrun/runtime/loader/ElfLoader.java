package lxrun.runtime.loader;

import lxrun.runtime.mem.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Maps an x86-64 ELF program (ET_EXEC, or ET_DYN: a PIE or a shared object such as the dynamic linker)
 * into a guest address space, as Linux's binfmt_elf load_elf_binary does; a program's PT_INTERP is
 * reported for the caller to load the interpreter the same way, at a base it chooses. It knows nothing of files or system calls:
 * it takes the file's bytes. See elf(5) for the structures.
 */
public final class ElfLoader {
    /** Where a PIE is placed (guest space is below 64 GiB, so not Linux's 0x5555_5555_4000). */
    public static final long PIE_BASE = 0x555554000L;

    static final int ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62;
    static final int PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6, PT_GNU_STACK = 0x6474e551;
    static final int PF_X = 1, PF_W = 2, PF_R = 4;
    private static final int EHDR_SIZE = 64, PHDR_SIZE = 56;

    private ElfLoader() {}

    /** One program header (Elf64_Phdr). */
    record Phdr(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {}

    /** Checks the headers and maps every PT_LOAD segment with its permissions; an ET_DYN program at {@link #PIE_BASE}. */
    public static ElfImage load(GuestMemory mem, byte[] file, String name) throws ElfException {
        return load(mem, file, name, PIE_BASE);
    }

    /** The size of the address range an ET_DYN image spans (to choose a base for the interpreter), or 0 if it is not ET_DYN. */
    public static long span(byte[] file) throws ElfException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Phdr> loads = new ArrayList<>();
        if (header(b, file, loads) != ET_DYN) return 0;
        long[] x = extent(loads);
        return GuestMemory.pageAlignUp(x[1] - x[0]);
    }

    /** As {@link #load(GuestMemory, byte[], String)}, placing an ET_DYN image at {@code dynBase}. */
    public static ElfImage load(GuestMemory mem, byte[] file, String name, long dynBase) throws ElfException {
        return load(mem, file, name, dynBase, 0, 0);
    }

    /**
     * The same, naming the file in the mappings as /proc/pid/maps shows it: its guest path {@code name},
     * device and inode (st_dev, st_ino as the guest's stat reports them).
     */
    public static ElfImage load(GuestMemory mem, byte[] file, String name, long dynBase, long dev, long inode)
            throws ElfException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Phdr> loads = new ArrayList<>();
        int type = header(b, file, loads);
        long entry = b.getLong(24), phoff = b.getLong(32);
        int phent = b.getShort(54) & 0xffff, phnum = b.getShort(56) & 0xffff;
        String interp = null;
        boolean execStack = true;
        long phdrVaddr = -1;
        for (int i = 0; i < phnum; i++) {
            int o = (int) phoff + i * phent;
            int ptype = b.getInt(o);
            long offset = b.getLong(o + 8), filesz = b.getLong(o + 32);
            switch (ptype) {
                case PT_INTERP -> {
                    if (offset < 0 || filesz <= 0 || offset + filesz > file.length) {
                        throw new ElfException("bad program headers (PT_INTERP)");
                    }
                    int n = (int) filesz;
                    while (n > 0 && file[(int) offset + n - 1] == 0) n--;
                    interp = new String(file, (int) offset, n, StandardCharsets.UTF_8);
                }
                case PT_GNU_STACK -> execStack = (b.getInt(o + 4) & PF_X) != 0;
                case PT_PHDR -> phdrVaddr = b.getLong(o + 16);
                default -> { }
            }
        }

        long[] ext = extent(loads);
        long lo = ext[0], hi = ext[1];
        long bias = type == ET_DYN ? dynBase - lo : 0;
        // a fixed-address program must leave the upper half to mmap and the stack; a relocatable one goes where asked
        long limit = type == ET_DYN ? GuestMemory.SPACE_SIZE : GuestMemory.SPACE_SIZE / 2;
        if (lo + bias < GuestMemory.PAGE_SIZE || hi + bias > limit || hi < lo) {
            throw new ElfException(String.format("segments at 0x%x-0x%x do not fit the guest address space", lo, hi));
        }

        // Pages shared by two segments (text end and data start) get both permissions, so collect page
        // permissions first, map runs of equal permission, then copy the file bytes in. Each page also
        // keeps the file offset it shows (the later segment's) or -1 past the segment's file bytes: the
        // bss is anonymous memory, as Linux maps it, and /proc/pid/maps shows these runs.
        TreeMap<Long, long[]> pages = new TreeMap<>();
        for (Phdr p : loads) {
            int prot = ((p.flags & PF_R) != 0 ? GuestMemory.PROT_READ : 0)
                    | ((p.flags & PF_W) != 0 ? GuestMemory.PROT_WRITE : 0)
                    | ((p.flags & PF_X) != 0 ? GuestMemory.PROT_EXEC : 0);
            long v = p.vaddr + bias;
            long s = v & ~GuestMemory.PAGE_MASK, e = GuestMemory.pageAlignUp(v + p.memsz);
            long fileEnd = p.filesz > 0 ? GuestMemory.pageAlignUp(v + p.filesz) : s;
            for (long a = s; a < e; a += GuestMemory.PAGE_SIZE) {
                pages.merge(a, new long[] {prot, a < fileEnd ? a - v + p.offset : -1},
                        (x, y) -> new long[] {x[0] | y[0], y[1] >= 0 ? y[1] : x[1]});
            }
        }
        long runStart = -1, runEnd = -1, runOff = -1;
        int runProt = -1;
        for (var e : pages.entrySet()) {
            long a = e.getKey(), off = e.getValue()[1];
            int prot = (int) e.getValue()[0];
            boolean continues = a == runEnd && prot == runProt
                    && (off < 0 ? runOff < 0 : runOff >= 0 && off == runOff + (a - runStart));
            if (!continues) {
                if (runStart >= 0) mapRun(mem, runStart, runEnd, runProt, runOff, name, dev, inode);
                runStart = a;
                runProt = prot;
                runOff = off;
            }
            runEnd = a + GuestMemory.PAGE_SIZE;
        }
        mapRun(mem, runStart, runEnd, runProt, runOff, name, dev, inode);
        for (Phdr p : loads) {
            if (p.filesz > 0) mem.poke(p.vaddr + bias, file, (int) p.offset, (int) p.filesz);
        }

        long phdr;
        if (phdrVaddr >= 0) {
            phdr = phdrVaddr + bias;
        } else {
            phdr = 0;
            for (Phdr p : loads) {
                if (phoff >= p.offset && phoff + (long) phnum * phent <= p.offset + p.filesz) {
                    phdr = p.vaddr + (phoff - p.offset) + bias;
                }
            }
        }
        return new ElfImage(entry + bias, bias, phdr, phent, phnum, GuestMemory.pageAlignUp(hi + bias), interp, execStack);
    }

    /** One run of pages: of the file at {@code offset}, or anonymous if it is -1. */
    private static void mapRun(GuestMemory mem, long start, long end, int prot, long offset, String name, long dev, long inode) {
        mem.map(offset >= 0 ? new GuestMemory.Mapping(start, end, prot, name, offset, false, dev, inode)
                : new GuestMemory.Mapping(start, end, prot, "", 0));
    }

    /** The lowest page and the end of the segments' addresses, before relocation. */
    private static long[] extent(List<Phdr> loads) {
        long lo = Long.MAX_VALUE, hi = 0;
        for (Phdr p : loads) {
            lo = Math.min(lo, p.vaddr & ~GuestMemory.PAGE_MASK);
            hi = Math.max(hi, p.vaddr + p.memsz);
        }
        return new long[] {lo, hi};
    }

    /** Validates the ELF header and program headers; collects the PT_LOAD segments; returns e_type. */
    private static int header(ByteBuffer b, byte[] file, List<Phdr> loads) throws ElfException {
        if (file.length < 4 || b.getInt(0) != 0x464c457f) throw new ElfException("not an ELF executable");
        if (file.length < EHDR_SIZE) throw new ElfException("truncated ELF header");
        if (file[4] != 2) throw new ElfException("32-bit ELF executables are not supported");
        if (file[5] != 1) throw new ElfException("big-endian ELF executables are not supported");
        int type = b.getShort(16) & 0xffff, machine = b.getShort(18) & 0xffff;
        if (machine != EM_X86_64) throw new ElfException("not an x86-64 executable (e_machine " + machine + ")");
        if (type != ET_EXEC && type != ET_DYN) throw new ElfException("not an executable (e_type " + type + ")");
        long phoff = b.getLong(32);
        int phent = b.getShort(54) & 0xffff, phnum = b.getShort(56) & 0xffff;
        if (phent != PHDR_SIZE || phnum == 0 || phnum > 1024) throw new ElfException("bad program headers");
        if (phoff < 0 || phoff > file.length || phoff + (long) phnum * phent > file.length) {
            throw new ElfException("truncated program headers");
        }
        for (int i = 0; i < phnum; i++) {
            int o = (int) phoff + i * phent;
            Phdr p = new Phdr(b.getInt(o), b.getInt(o + 4), b.getLong(o + 8), b.getLong(o + 16),
                    b.getLong(o + 32), b.getLong(o + 40), b.getLong(o + 48));
            if (p.type == PT_LOAD) {
                if (p.filesz < 0 || p.memsz < p.filesz || p.offset < 0 || p.offset + p.filesz > file.length) {
                    throw new ElfException("bad program headers (segment " + i + " outside the file)");
                }
                if (p.memsz > 0) loads.add(p);
            }
        }
        if (loads.isEmpty()) throw new ElfException("bad program headers (no loadable segment)");
        return type;
    }
}
