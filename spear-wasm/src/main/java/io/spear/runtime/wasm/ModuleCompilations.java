package io.spear.runtime.wasm;

import io.spear.model.error.ModuleCompilingException;
import io.spear.model.error.RuntimeErrorException;
import io.spear.runtime.Deadline;
import io.spear.runtime.artifact.ResolvedModule;
import io.spear.support.concurrent.DaemonThreads;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Compiles modules off the request threads, once per module however many invocations wait for it:
 * an invocation waits at most until its deadline and then answers MODULE_COMPILING while the
 * compile goes on, so a retry finds the module ready. Compiles run on a few threads of their own
 * which also bounds the heap compiling takes (a large module needs many times its size while it is
 * parsed and compiled).
 */
final class ModuleCompilations implements AutoCloseable {

  private final ModuleCache cache;
  private final ExecutorService compilers;
  private final LongSupplier nanoTime;
  private final Map<String, CompletableFuture<CompiledModule>> inFlight = new ConcurrentHashMap<>();

  ModuleCompilations(ModuleCache cache, int threads, LongSupplier nanoTime) {
    this.cache = cache;
    this.nanoTime = nanoTime;
    this.compilers = Executors.newFixedThreadPool(threads, DaemonThreads.named("spear-compile"));
  }

  /**
   * The compiled module, waiting for its compile until {@code deadline} (without one, as long as it
   * takes).
   *
   * @throws ModuleCompilingException when the deadline passes first
   * @throws io.spear.model.error.InvalidConfigurationException when the module cannot be compiled
   */
  CompiledModule get(ResolvedModule resolved, Optional<Deadline> deadline) {
    if (cache.held(resolved.sha256()).isPresent()) {
      return cache.get(resolved); // counted as a hit
    }
    if (deadline.isEmpty() && !inFlight.containsKey(resolved.sha256())) {
      // Nobody to answer in time: compile on the caller's thread (the cache still compiles a
      // module once for concurrent callers), so a slow module never queues others behind it.
      return cache.get(resolved);
    }
    CompletableFuture<CompiledModule> compile = start(resolved);
    try {
      if (deadline.isEmpty()) {
        return compile.get();
      }
      long left = deadline.get().remainingNanos(nanoTime.getAsLong());
      return compile.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ModuleCompilingException(
          "The task's module is still being compiled and the time limit of "
              + deadline.get().limit().toMillis()
              + " ms ran out waiting; compiling goes on, retry in a moment");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new RuntimeErrorException("compiling the module failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeErrorException("interrupted while waiting for a module to compile", e);
    }
  }

  /** Compiles now in progress. */
  int compiling() {
    return inFlight.size();
  }

  private CompletableFuture<CompiledModule> start(ResolvedModule resolved) {
    String sha = resolved.sha256();
    CompletableFuture<CompiledModule> mine = new CompletableFuture<>();
    CompletableFuture<CompiledModule> running = inFlight.putIfAbsent(sha, mine);
    if (running != null) {
      return running;
    }
    try {
      compilers.execute(
          () -> {
            try {
              mine.complete(cache.get(resolved));
            } catch (Throwable t) {
              mine.completeExceptionally(t);
            } finally {
              inFlight.remove(sha, mine);
            }
          });
    } catch (RuntimeException rejected) {
      inFlight.remove(sha, mine);
      mine.completeExceptionally(
          new RuntimeErrorException("the node is shutting down; nothing is compiled", rejected));
    }
    return mine;
  }

  @Override
  public void close() {
    compilers.shutdownNow();
  }
}
