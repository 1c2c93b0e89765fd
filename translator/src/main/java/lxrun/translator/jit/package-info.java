/**
 * The JIT: guest basic blocks to JVM bytecode.
 *
 * <h2>Today: one block, one hidden class</h2>
 * {@link lxrun.translator.jit.BlockCompiler} decodes instructions up to the first branch (at most 64) and
 * emits one method, {@code long run(CpuState)}, returning the next guest address. The runtime's
 * {@code CodeCache} maps guest addresses to blocks through a direct-mapped array and the dispatch loop
 * chains them. Guest registers live in {@code CpuState.r}; arithmetic flags are lazy (operands and an op
 * kind are stored; {@code Flags} derives a flag only when read), and the emitter drops flag updates that a
 * later instruction in the same block overwrites before any read. Helpers in {@code lxrun.translator.ops}
 * hold the semantics of all but the simplest instructions; they are small static methods that HotSpot
 * inlines into the block.
 *
 * <h2>Next: regions with registers in locals</h2>
 * A hot block (counted in the code cache) becomes the head of a region: the blocks reachable from it
 * within the same function, found by following direct branches, compiled into one method with a
 * {@code tableswitch} over the region's block addresses. Inside a region, guest registers are JVM locals,
 * loaded from {@code CpuState} at entry and written back at every exit, at helper calls that read the
 * state (syscall, string ops) and in the exception handler, so C2 sees loops as loops (OSR) and keeps
 * registers in host registers. Flag liveness then runs over the region's control-flow graph, and a
 * {@code cmp}/{@code jcc} pair compiles to one {@code lcmp} and branch. Regions stay below HotSpot's
 * 8000-byte {@code HugeMethodLimit}.
 */
package lxrun.translator.jit;
