package io.spear.runtime.wasm;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.compiler.internal.MachineFactory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Chicory's compiler driven directly, so that the generated classes get the folded interrupt check
 * ({@link FoldingCollector}); its public builder offers no way to supply the classes it copies.
 * Entries of the compiled-code cache keep Chicory's layout (a jar naming its main class in {@code
 * wasm-module.properties}), so Chicory's own builder still loads them.
 */
final class CompiledClasses {

  /**
   * Names what this class changes in Chicory's output, for the folder of cache entries: entries
   * written before, with the flag read on every check, would otherwise load unchanged.
   */
  static final String SHAPE = "folded-check";

  private static final String PROPERTIES = "wasm-module.properties";

  private CompiledClasses() {}

  /**
   * Compiles {@code module}, the functions {@code interpreted} left to the interpreter; failing
   * rather than falling back by itself (which Chicory does only for code size).
   */
  static ClassLoadingCollector generate(WasmModule module, Set<Integer> interpreted) {
    Compiler.Builder builder =
        Compiler.builder(module)
            .withInterpreterFallback(InterpreterFallback.FAIL)
            .withClassCollectorFactory(FoldingCollector::new);
    if (!interpreted.isEmpty()) {
      builder.withInterpretedFunctions(interpreted);
    }
    return (ClassLoadingCollector) builder.build().compile().collector();
  }

  /** The machine factory of classes {@link #generate}d for {@code module}. */
  static Function<Instance, Machine> factory(WasmModule module, ClassLoadingCollector classes) {
    return new MachineFactory(module, classes.machineFactory());
  }

  /** Loads the classes of a cache entry written by {@link #jar}. */
  static Function<Instance, Machine> load(WasmModule module, byte[] entry) {
    return MachineFactoryCompiler.builder(module).withCache(new Entry(entry)).compile();
  }

  /** The cache entry of generated classes. */
  static byte[] jar(ClassLoadingCollector classes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      Properties properties = new Properties();
      properties.setProperty("mainClass", classes.mainClassName());
      jar.putNextEntry(new JarEntry(PROPERTIES));
      properties.store(jar, null);
      jar.closeEntry();
      for (Map.Entry<String, byte[]> generated : classes.classBytes().entrySet()) {
        jar.putNextEntry(new JarEntry(generated.getKey().replace('.', '/') + ".class"));
        jar.write(generated.getValue());
        jar.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A cache holding the one entry read already; Chicory's builder only reads it. */
  private static final class Entry implements Cache {
    private final byte[] bytes;

    Entry(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public byte[] get(String key) {
      return bytes;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {}
  }
}
