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
 * <li>{@code RegisterUse}: which guest registers each instruction's bytecode and helper touch;
 * <li>{@code CodeGen}: the method of one region. Guest registers the region uses live in JVM locals
 * (loaded at entry, written back at exits, around helpers that read them and in the exception handler);
 * per block, {@code flagLiveness} finds flag updates a later instruction overwrites before any read, and
 * those are dropped (flags are lazy otherwise); cmp/test followed by jcc is one JVM comparison; a jump to a
 * block of the region stays in the method, so HotSpot compiles loops as loops;
 * <li>{@code Families}: the emitter of each opcode-table {@code Sem}, one class per instruction family
 * ({@code MoveFamily}, {@code AluFamily}, ...), on top of {@code Operands} (operand locations, loads and
 * stores, the LOCK compare-and-swap);
 * <li>{@code HelperCheck}: which rows have their helper, so that blocks of both tiers end before the others.
 * </ul>
 * Helpers in {@code lxrun.translator.ops} hold the semantics of all but the simplest instructions, shared
 * with the interpreter.
 *
 * <h2>Next (issue #13)</h2>
 * A control-flow graph of the region between the decoder and {@code CodeGen}, so that flag (and register)
 * liveness is computed across blocks instead of per block, exits chained to their targets, calls and
 * returns inside regions, and XMM values in locals with inline floating point.
 */
package lxrun.translator.jit;
