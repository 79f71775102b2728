package io.spear.spearlet.invoke;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.spear.model.error.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The executions this node ran recently, by id: bounded by the bytes they keep (outputs and logs)
 * and by age, so polling clients can fetch results without the node growing without bound.
 */
public final class ExecutionRegistry {

  private final Cache<String, Execution> entries;

  /** A registry keeping at most {@code maxBytes} of entries, each for at most {@code ttl}. */
  public ExecutionRegistry(long maxBytes, Duration ttl) {
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<String, Execution>weigher((id, e) -> e.weight())
            .expireAfterWrite(ttl)
            // Upkeep (eviction, expiry) on the invoking thread, amortized: handed to the common
            // pool, each invocation's write woke a pool thread (5.8% of the node's CPU under wrk).
            .executor(Runnable::run)
            .build();
  }

  /**
   * Tracks a new execution.
   *
   * @throws InvalidRequestException when the id is already taken
   */
  public void add(Execution entry) {
    if (entries.asMap().putIfAbsent(entry.executionId(), entry) != null) {
      throw new InvalidRequestException("execution_id " + entry.executionId() + " is already used");
    }
  }

  /** Re-weighs an entry whose output arrived. */
  public void update(Execution entry) {
    entries.asMap().replace(entry.executionId(), entry);
  }

  /** The ids of the executions tracked here that have not ended. */
  public List<String> unended() {
    return entries.asMap().values().stream()
        .filter(e -> !e.snapshot().record().status().terminal())
        .map(Execution::executionId)
        .toList();
  }

  /** How many executions are tracked, after any pending eviction. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  /** An execution by id. */
  public Optional<Execution> find(String executionId) {
    return Optional.ofNullable(entries.getIfPresent(executionId));
  }
}
