package io.spear.http.trigger;

import io.spear.model.error.ResourceExhaustedException;
import io.spear.model.task.HttpTriggerSettings;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-endpoint token buckets: each admits {@code burst} requests at once and refills at {@code
 * rate} per second. Each server counts only the requests it receives.
 */
public final class RateLimits {

  private static final long SECOND_NANOS = 1_000_000_000L;

  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Limits on {@code nanoTime}'s time. */
  public RateLimits(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Whether a request to {@code endpoint} may go ahead now; false uses up nothing. */
  public boolean tryAcquire(String endpoint, long ratePerSecond, long burst) {
    Bucket bucket = buckets.computeIfAbsent(endpoint, k -> new Bucket());
    return bucket.take(nanoTime.getAsLong(), ratePerSecond, burst);
  }

  /**
   * Admits a request to {@code endpoint} under its task's {@code http.rate_limit}, if it has one.
   *
   * @throws ResourceExhaustedException when the endpoint is at its limit
   */
  public void admit(String endpoint, HttpTriggerSettings settings) {
    OptionalLong rate = settings.ratePerSecond();
    if (rate.isPresent() && !tryAcquire(endpoint, rate.getAsLong(), settings.rateBurst())) {
      throw new ResourceExhaustedException(
          "endpoint "
              + endpoint
              + " is at its rate limit of "
              + rate.getAsLong()
              + " requests per second");
    }
  }

  private static final class Bucket {
    private double tokens = Double.NaN;
    private long lastNanos;

    synchronized boolean take(long now, long rate, long burst) {
      if (Double.isNaN(tokens)) {
        tokens = burst;
      } else {
        tokens = Math.min(burst, tokens + (now - lastNanos) * (double) rate / SECOND_NANOS);
      }
      lastNanos = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
