package io.spear.runtime.wasm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.spear.runtime.artifact.ResolvedModule;
import java.util.Optional;

/**
 * Compiled modules by content digest: each distinct module is parsed and compiled once, then shared
 * across instances and tasks. Bounded by the estimated heap its modules hold ({@link
 * ModuleFootprint}) and by count; evicts by size and recency (Caffeine's admission policy weighs
 * both), so a few huge modules cannot fill the heap.
 */
final class ModuleCache {

  private final ModuleCompiler compiler;
  private final Cache<String, CompiledModule> cache;
  private final int maximumSize;

  ModuleCache(ModuleCompiler compiler, int maximumSize, long maximumBytes) {
    this.compiler = compiler;
    this.maximumSize = maximumSize;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maximumBytes)
            // Weights are ints: an estimate past 2 GiB counts as 2 GiB, more than any budget.
            .<String, CompiledModule>weigher(
                (sha, module) -> (int) Math.min(Integer.MAX_VALUE, module.footprintBytes()))
            // Evictions run on the calling thread, so the budget holds as soon as get returns.
            .executor(Runnable::run)
            .recordStats()
            .build();
  }

  /** The compiled module, compiling it on first use; failures are not cached. */
  CompiledModule get(ResolvedModule resolved) {
    CompiledModule module =
        cache.get(resolved.sha256(), sha -> compiler.compile(resolved.bytes(), sha));
    if (cache.estimatedSize() > maximumSize) {
      cache.cleanUp();
      trimToCount();
    }
    return module;
  }

  /**
   * The module if it is cached, counted as a use for recency but not as a lookup in the hit and
   * miss counts (which count instance creations).
   */
  Optional<CompiledModule> held(String sha256) {
    return Optional.ofNullable(cache.asMap().get(sha256));
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

  /** Estimated heap bytes the held modules take. */
  long weight() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
  }

  /** Modules the cache evicted to stay within its bounds. */
  long evictions() {
    return cache.stats().evictionCount();
  }

  // A weighted cache has no count bound of its own: drop the coldest modules past the count.
  private void trimToCount() {
    cache
        .policy()
        .eviction()
        .ifPresent(
            eviction -> {
              long excess = cache.estimatedSize() - maximumSize;
              if (excess > 0) {
                eviction.coldest((int) excess).keySet().forEach(cache::invalidate);
              }
            });
  }
}
