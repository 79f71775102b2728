package io.spear.runtime.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;

/**
 * An estimate of the heap a compiled module holds, so that the module cache can be bounded by bytes
 * rather than by count: a parsed module keeps one object per instruction (opcode, operands,
 * labels), which dominates, plus its data segments. The per-instruction figure was measured on
 * code-heavy modules (see BENCHMARKS.md, "heap per module byte"); the generated classes live
 * outside the heap.
 */
final class ModuleFootprint {

  /** Heap one parsed instruction holds: the instruction object, its operands, its list slot. */
  static final long BYTES_PER_INSTRUCTION = 88;

  /** Heap one function holds besides its instructions: body, lists, locals, type. */
  static final long BYTES_PER_FUNCTION = 160;

  /** Heap any module holds: sections, exports, the machine factory. */
  static final long BYTES_PER_MODULE = 16 * 1024;

  private ModuleFootprint() {}

  /** The estimated retained heap of {@code module}, in bytes. */
  static long estimate(WasmModule module) {
    long bytes = BYTES_PER_MODULE;
    for (FunctionBody body : module.codeSection().functionBodies()) {
      bytes += BYTES_PER_FUNCTION + BYTES_PER_INSTRUCTION * body.instructions().size();
    }
    var data = module.dataSection();
    for (int i = 0; i < data.dataSegmentCount(); i++) {
      bytes += 32 + data.getDataSegment(i).data().length;
    }
    return bytes;
  }
}
