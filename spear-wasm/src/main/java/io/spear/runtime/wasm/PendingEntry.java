package io.spear.runtime.wasm;

import com.dylibso.chicory.compiler.Cache;
import java.util.Optional;

/**
 * The compiler's cache while a new module is still being validated: it finds nothing (the module is
 * new) and holds the compiled classes the compiler hands it until {@link #publish} writes them to
 * the compiled-code cache, which happens only once the module passed validation, since a restarted
 * node trusts what it finds there without validating it again.
 */
final class PendingEntry implements Cache {

  private final Optional<CompiledCodeCache> disk;
  private volatile byte[] data;

  PendingEntry(Optional<CompiledCodeCache> disk) {
    this.disk = disk;
  }

  @Override
  public byte[] get(String key) {
    return null;
  }

  @Override
  public void putIfAbsent(String key, byte[] compiled) {
    data = compiled;
  }

  /** Forgets what the compiler handed over (its compile failed, or it is to compile again). */
  void drop() {
    data = null;
  }

  /** Writes the held classes to the compiled-code cache under {@code key}, if there are any. */
  void publish(String key) {
    byte[] held = data;
    if (held != null && key != null) {
      disk.ifPresent(cache -> cache.putIfAbsent(key, held));
    }
  }
}
