package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.OpCode;
import io.spear.runtime.CpuSlot;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostFamily;
import io.spear.runtime.wasm.wasi.SpearWasi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every instance of one compiled module shares, worked out once per module so that a fresh
 * instance per execution costs little: which WASI functions and host calls the module imports, in
 * its import order and with their types (a run binds only those, by position, with no name lookups,
 * and Chicory's import matching finds each at once), and its memory image after the active data
 * segments ({@link MemoryImage}). Holds nothing of the module itself, so that it can be cached next
 * to it without keeping it alive.
 */
final class PreparedModule {

  /** Where one imported function comes from: a WASI position or a family's call. */
  private record Source(int wasiPosition, int family, int call) {}

  /** The calls of one family that the module imports, with their types. */
  private record FamilyCalls<S>(
      HostFamily<S> family, List<HostCall<S>> calls, List<FunctionType> types) {

    void bind(ExecutionScope scope, CpuSlot slot, HostFunction[] into, int[] at) {
      S state = family.open(scope);
      for (int i = 0; i < calls.size(); i++) {
        into[at[i]] = HostImports.function(calls.get(i), types.get(i), state, slot);
      }
    }

    void bindTrial(HostFunction[] into, int[] at) {
      for (int i = 0; i < calls.size(); i++) {
        HostCall<S> call = calls.get(i);
        into[at[i]] =
            new HostFunction(
                call.module(),
                call.name(),
                types.get(i),
                (instance, args) -> {
                  throw new IllegalStateException("host call without an execution");
                });
      }
    }
  }

  private static final String POLL_ONEOFF = "poll_oneoff";

  // The functions offered to Chicory fill functionCount slots in first-import order: WASI's at
  // wasiSlots (from wasiPositions of SpearWasi's list), each used family's at its familySlots.
  private final int functionCount;
  private final int[] wasiPositions;
  private final int[] wasiSlots;
  private final int pollSlot;
  private final List<FamilyCalls<?>> families;
  private final List<int[]> familySlots;
  private final Optional<MemoryImage> memoryImage;

  private PreparedModule(
      int functionCount,
      int[] wasiPositions,
      int[] wasiSlots,
      int pollSlot,
      List<FamilyCalls<?>> families,
      List<int[]> familySlots,
      Optional<MemoryImage> memoryImage) {
    this.functionCount = functionCount;
    this.wasiPositions = wasiPositions;
    this.wasiSlots = wasiSlots;
    this.pollSlot = pollSlot;
    this.families = families;
    this.familySlots = familySlots;
    this.memoryImage = memoryImage;
  }

  /** Prepares {@code module} for instances with these host-call families. */
  static PreparedModule of(CompiledModule module, List<HostFamily<?>> families) {
    Map<String, Source> provided = provided(families);
    List<FamilyCalls<?>> familyCalls = new ArrayList<>();
    List<List<Integer>> familySlots = new ArrayList<>();
    for (HostFamily<?> family : families) {
      familyCalls.add(new FamilyCalls<>(family, new ArrayList<>(), new ArrayList<>()));
      familySlots.add(new ArrayList<>());
    }
    List<Integer> wasiPositions = new ArrayList<>();
    List<Integer> wasiSlots = new ArrayList<>();
    int pollSlot = -1;
    int slot = 0;
    for (String name : importOrder(module.module())) {
      Source source = provided.get(name);
      if (source == null) {
        continue; // not ours to provide: Chicory refuses the link, as ImportCheck did before
      }
      if (source.wasiPosition() >= 0) {
        wasiPositions.add(source.wasiPosition());
        wasiSlots.add(slot);
        if (name.endsWith("." + POLL_ONEOFF)) {
          pollSlot = slot;
        }
      } else {
        add(familyCalls.get(source.family()), families.get(source.family()), source.call());
        familySlots.get(source.family()).add(slot);
      }
      slot++;
    }
    List<FamilyCalls<?>> usedFamilies = new ArrayList<>();
    List<int[]> usedSlots = new ArrayList<>();
    for (int f = 0; f < familyCalls.size(); f++) {
      if (!familySlots.get(f).isEmpty()) {
        usedFamilies.add(familyCalls.get(f));
        usedSlots.add(ints(familySlots.get(f)));
      }
    }
    return new PreparedModule(
        slot,
        ints(wasiPositions),
        ints(wasiSlots),
        pollSlot,
        List.copyOf(usedFamilies),
        List.copyOf(usedSlots),
        memoryImage(module));
  }

  /**
   * The functions of one run, in the module's import order: WASI's bound to {@code wasi} (its sleep
   * giving {@code slot} back), each family's state opened in {@code scope} when the module imports
   * one of its calls.
   */
  ImportValues imports(SpearWasi wasi, ExecutionScope scope, CpuSlot slot) {
    HostFunction[] functions = new HostFunction[functionCount];
    bindWasi(wasi, slot, functions);
    for (int f = 0; f < families.size(); f++) {
      families.get(f).bind(scope, slot, functions, familySlots.get(f));
    }
    return ImportValues.builder().addFunction(functions).build();
  }

  /** The functions of an instance that never runs guest code: host calls that refuse to run. */
  ImportValues trialImports(SpearWasi wasi) {
    HostFunction[] functions = new HostFunction[functionCount];
    bindWasi(wasi, CpuSlot.NONE, functions);
    for (int f = 0; f < families.size(); f++) {
      families.get(f).bindTrial(functions, familySlots.get(f));
    }
    return ImportValues.builder().addFunction(functions).build();
  }

  /**
   * The memory as instances start it, after the module's active data segments; empty when they
   * cannot be placed ahead of instantiation (an offset that is not a constant, a segment for
   * another or an imported memory, or one outside the initial memory, which must then fail the
   * instantiation as usual).
   */
  Optional<MemoryImage> memoryImage() {
    return memoryImage;
  }

  private void bindWasi(SpearWasi wasi, CpuSlot slot, HostFunction[] functions) {
    if (wasiPositions.length == 0) {
      return;
    }
    HostFunction[] bound = wasi.toHostFunctions(wasiPositions);
    for (int i = 0; i < bound.length; i++) {
      functions[wasiSlots[i]] = bound[i];
    }
    if (pollSlot >= 0 && slot != CpuSlot.NONE) {
      // WASI's sleep: a guest waiting in it needs no running slot.
      HostFunction f = functions[pollSlot];
      functions[pollSlot] =
          new HostFunction(
              f.module(), f.name(), f.functionType(), HostImports.givingBack(f.handle(), slot));
    }
  }

  private static Map<String, Source> provided(List<HostFamily<?>> families) {
    Map<String, Source> provided = new HashMap<>();
    List<String> wasi = SpearWasi.functionNames();
    for (int i = 0; i < wasi.size(); i++) {
      provided.put(ImportCheck.WASI_MODULE + "." + wasi.get(i), new Source(i, -1, -1));
    }
    for (int f = 0; f < families.size(); f++) {
      List<? extends HostCall<?>> calls = families.get(f).calls();
      for (int c = 0; c < calls.size(); c++) {
        provided.putIfAbsent(
            calls.get(c).module() + "." + calls.get(c).name(), new Source(-1, f, c));
      }
    }
    return provided;
  }

  private static <S> void add(FamilyCalls<?> into, HostFamily<S> family, int call) {
    @SuppressWarnings("unchecked")
    FamilyCalls<S> calls = (FamilyCalls<S>) into;
    HostCall<S> chosen = family.calls().get(call);
    calls.calls().add(chosen);
    calls.types().add(HostImports.type(chosen));
  }

  private static Set<String> importOrder(WasmModule module) {
    Set<String> names = new LinkedHashSet<>();
    var imports = module.importSection();
    for (int i = 0; i < imports.importCount(); i++) {
      var entry = imports.getImport(i);
      if (entry.importType() == ExternalType.FUNCTION && entry instanceof FunctionImport) {
        names.add(entry.module() + "." + entry.name());
      }
    }
    return names;
  }

  private static Optional<MemoryImage> memoryImage(CompiledModule compiled) {
    WasmModule module = compiled.module();
    if (compiled.memory().isEmpty()
        || compiled.memory().get().shared()
        || module.memorySection().map(MemorySection::memoryCount).orElse(0) != 1
        || module.importSection().count(ExternalType.MEMORY) > 0) {
      return Optional.empty();
    }
    long initialBytes = (long) compiled.memory().get().initialPages() * Memory.PAGE_SIZE;
    if (initialBytes > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    int end = 0;
    DataSegment[] segments = module.dataSection().dataSegments();
    for (DataSegment segment : segments) {
      if (segment instanceof ActiveDataSegment active) {
        long offset = constantOffset(active);
        if (active.index() != 0 || offset < 0 || offset + active.data().length > initialBytes) {
          return Optional.empty();
        }
        end = (int) Math.max(end, offset + active.data().length);
      }
    }
    byte[] image = new byte[end];
    for (DataSegment segment : segments) {
      if (segment instanceof ActiveDataSegment active) {
        byte[] data = active.data();
        System.arraycopy(data, 0, image, (int) constantOffset(active), data.length);
      }
    }
    return Optional.of(new MemoryImage(image, (int) initialBytes));
  }

  /** The segment's offset when it is one {@code i32.const}, else -1. */
  private static long constantOffset(ActiveDataSegment segment) {
    long offset = -1;
    int constants = 0;
    for (Instruction instruction : segment.offsetInstructions()) {
      if (instruction.opcode() == OpCode.I32_CONST) {
        offset = Integer.toUnsignedLong((int) instruction.operand(0));
        constants++;
      } else if (instruction.opcode() != OpCode.END) {
        return -1;
      }
    }
    return constants == 1 ? offset : -1;
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
