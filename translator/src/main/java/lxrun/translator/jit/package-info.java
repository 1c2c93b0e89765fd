/**
 * The JIT: hot guest code to JVM bytecode, the second tier behind {@code lxrun.translator.interp}.
 *
 * <h2>Today: regions of blocks that have run</h2>
 * The runtime's {@code CodeCache} runs code in the interpreter first and asks for a region when a block
 * has been entered often enough. {@link lxrun.translator.jit.BlockCompiler} decodes the blocks reachable
 * from it through direct branches that have run (at most 32 instructions and its last block; halved
 * until the class is below HotSpot's 8000-byte HugeMethodLimit) and compiles them into one method,
 * {@code long run(CpuState)}, of a hidden class, returning the next guest address. The pipeline:
 * <ul>
 * <li>{@code RegionGraph}: the region's blocks and, per block, its successors in the region or the exit;
 * <li>{@code FlagLiveness}: which status flags are live after each instruction, over the whole graph, from the
 * opcode table's per-row masks ({@code x86.FlagEffects}); flags are live at the exit;
 * <li>{@code FlagFusion}: which flag writer a jcc right after it decides from directly (cmp/sub operands,
 * logic and add/inc/dec results), and which block's last writer leaves its lazy-flags update to the edges
 * where a flag it writes is live;
 * <li>{@code RegisterUse}: which guest registers each instruction's bytecode and helper touch;
 * <li>{@code CodeGen}: the method of one region. Guest registers the region uses live in JVM locals
 * (loaded at entry, written back at its one exit, around helpers that read them and in the exception
 * handler); flag updates nobody reads are dropped; a jump to a block of the region stays in the method, so
 * HotSpot compiles loops as loops;
 * <li>{@code Families}: the emitter of each opcode-table {@code Sem}, one class per instruction family
 * ({@code MoveFamily}, {@code AluFamily}, ...), on top of {@code Operands} (operand locations, loads and
 * stores, the LOCK compare-and-swap);
 * <li>{@code HelperCheck}: which rows have their helper, so that blocks of both tiers end before the others.
 * </ul>
 * Helpers in {@code lxrun.translator.ops} hold the semantics of all but the simplest instructions, shared
 * with the interpreter.
 *
 * <h2>Next (issue #13)</h2>
 * An IR below the instruction level (explicit flag and register operations, so liveness and dead-code
 * passes see inside an instruction), XMM values in locals with inline floating point, helpers bound by the
 * compiler instead of by name. Measured and not kept (2026-12-04): exits chained directly to the target
 * region, and regions that take in direct calls with the return guarded on its address; both made cc1 and
 * the Python script slower (more bytecode for HotSpot to compile than dispatch time saved).
 */
package lxrun.translator.jit;
