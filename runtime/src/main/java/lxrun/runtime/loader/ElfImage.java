package lxrun.runtime.loader;

/**
 * What loading an ELF program left in guest memory, as the initial stack and the process need it.
 *
 * @param entry      where the initial thread starts (AT_ENTRY, already relocated)
 * @param base       load bias: 0 for ET_EXEC, the chosen base for a static PIE
 * @param phdr       guest address of the program headers (AT_PHDR)
 * @param phent      size of one program header (AT_PHENT)
 * @param phnum      number of program headers (AT_PHNUM)
 * @param brkStart   page-aligned end of the highest segment: where the heap (brk) starts
 * @param interp     the PT_INTERP path, or null for a static program
 * @param execStack  PT_GNU_STACK asked for an executable stack (or there was none)
 */
public record ElfImage(long entry, long base, long phdr, int phent, int phnum, long brkStart, String interp,
        boolean execStack) {}
