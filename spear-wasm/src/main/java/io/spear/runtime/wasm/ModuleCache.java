package io.spear.runtime.wasm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.spear.runtime.artifact.ResolvedModule;

/**
 * Compiled modules by content digest: each distinct module is parsed and compiled once, then shared
 * across instances and tasks. Bounded; the least recently used module is evicted first.
 */
final class ModuleCache {

  private final ModuleCompiler compiler;
  private final Cache<String, CompiledModule> cache;

  ModuleCache(ModuleCompiler compiler, int maximumSize) {
    this.compiler = compiler;
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
  }

  /** The compiled module, compiling it on first use; failures are not cached. */
  CompiledModule get(ResolvedModule resolved) {
    return cache.get(resolved.sha256(), sha -> compiler.compile(resolved.bytes(), sha));
  }

  /** How many times a lookup found the module already compiled. */
  long hits() {
    return cache.stats().hitCount();
  }

  /** How many times a lookup had to compile. */
  long misses() {
    return cache.stats().missCount();
  }

  /** Compiled modules held now. */
  long size() {
    return cache.estimatedSize();
  }
}
