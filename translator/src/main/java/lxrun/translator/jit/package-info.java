/**
 * The JIT: hot guest code to JVM bytecode, the second tier behind {@code lxrun.translator.interp}.
 *
 * <h2>Today: regions of blocks that have run</h2>
 * The runtime's {@code CodeCache} runs code in the interpreter first and asks for a region when a block
 * has been entered often enough. {@link lxrun.translator.jit.BlockCompiler} decodes the blocks reachable
 * from it through direct branches that have run (at most 32 instructions and its last block; halved
 * until the class is below HotSpot's 8000-byte HugeMethodLimit) and {@code Emitter} compiles them into one method,
 * {@code long run(CpuState)}, of a hidden class, returning the next guest address. Guest registers the
 * region uses live in JVM locals (loaded at entry, written back at exits, around helpers that read them and
 * in the exception handler); arithmetic flags are lazy, and a flag update that a later instruction of the
 * block overwrites before any read is dropped; cmp/test followed by jcc is one JVM comparison; a jump to a
 * block of the region stays in the method, so HotSpot compiles loops as loops. Helpers in
 * {@code lxrun.translator.ops} hold the semantics of all but the simplest instructions, shared with the
 * interpreter.
 *
 * <h2>Next (issue #13)</h2>
 * An IR with a control-flow graph between the decoder and the bytecode (flag and register liveness over
 * the whole region, one emitter per instruction family), exits chained to their targets, calls and
 * returns inside regions, and XMM values in locals with inline floating point.
 */
package lxrun.translator.jit;
