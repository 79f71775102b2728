package io.spear.http.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications per client address in a token bucket: a client may fail {@code
 * perMinute} times in a burst, then once every {@code 60 s / perMinute}; beyond that it is
 * throttled, so tokens cannot be guessed at network speed.
 */
final class FailedAttemptLimiter {

  private static final long MINUTE_NANOS = 60_000_000_000L;
  private static final int MAX_CLIENTS = 10_000;

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  FailedAttemptLimiter(int perMinute, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
  }

  /** True when {@code client} has used up its failed attempts for now. */
  boolean throttled(String client) {
    Bucket bucket = buckets.get(client);
    return bucket != null && bucket.available(nanoTime.getAsLong()) < 1;
  }

  /** Takes one attempt from {@code client}'s bucket. */
  void recordFailure(String client) {
    if (buckets.size() >= MAX_CLIENTS) {
      long now = nanoTime.getAsLong();
      // Full buckets carry no information: dropping them bounds the map under a scan.
      buckets.values().removeIf(b -> b.available(now) >= perMinute);
    }
    buckets.computeIfAbsent(client, c -> new Bucket(nanoTime.getAsLong())).take(nanoTime);
  }

  private final class Bucket {
    private double tokens = perMinute;
    private long last;

    Bucket(long now) {
      this.last = now;
    }

    synchronized double available(long now) {
      refill(now);
      return tokens;
    }

    synchronized void take(LongSupplier clock) {
      refill(clock.getAsLong());
      tokens = Math.max(0, tokens - 1);
    }

    private void refill(long now) {
      long elapsed = now - last;
      if (elapsed > 0) {
        tokens = Math.min(perMinute, tokens + (double) elapsed * perMinute / MINUTE_NANOS);
        last = now;
      }
    }
  }
}
