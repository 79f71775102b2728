package io.spear.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which failed authentications are answered 429 instead of 401. Only requests without a
 * valid token come here: a valid token is never throttled, so nobody who shares an address with a
 * failing client (a NAT, the load balancer in front of SMS) is locked out by it.
 *
 * <p>Failures are counted per address and presented credential, so that a client retrying a stale
 * token is throttled by itself; and, with a budget {@link #ADDRESS_FACTOR} times larger, per
 * address whatever it presents, so that a client trying token after token is throttled too. Since a
 * right guess is let in all the same, guessing is held off by the tokens' entropy, not by this;
 * what the limiter bounds is what failing clients cost. A key found over its budget is remembered
 * here until its window ends, so that a flood of failures does not become a flood of writes to a
 * shared ledger.
 */
final class FailedAttemptLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(FailedAttemptLimiter.class);

  /** How many more failures an address may make, all credentials together, than one credential. */
  static final int ADDRESS_FACTOR = 10;

  private final FailureLedger ledger;
  private final int perCredential;
  private final int perAddress;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, FailureLedger.Window> throttled =
      new ConcurrentHashMap<>();

  FailedAttemptLimiter(FailureLedger ledger, int perCredential, InstantSource clock) {
    this.ledger = ledger;
    this.perCredential = perCredential;
    this.perAddress = (int) Math.min(Integer.MAX_VALUE, (long) perCredential * ADDRESS_FACTOR);
    this.clock = clock;
  }

  /**
   * Counts a failed authentication from {@code address} presenting {@code credential} (empty when
   * none) and answers how many seconds the client should wait when it is over a budget, or empty
   * when it is answered 401 as usual.
   */
  OptionalLong fail(String address, Optional<String> credential) {
    long now = clock.millis();
    String byCredential = "credential " + address + " " + digest(credential);
    String byAddress = "address " + address;
    OptionalLong wait = waitFor(byCredential, now);
    if (wait.isEmpty()) {
      wait = waitFor(byAddress, now);
    }
    if (wait.isPresent()) {
      return wait;
    }
    try {
      OptionalLong credentialWait = count(byCredential, perCredential, now);
      OptionalLong addressWait = count(byAddress, perAddress, now);
      return credentialWait.isPresent() ? credentialWait : addressWait;
    } catch (RuntimeException e) {
      // A shared ledger out of reach must not turn a plain 401 into a server error.
      LOG.warn("cannot count a failed authentication from {}: {}", address, e.toString());
      return OptionalLong.empty();
    }
  }

  private OptionalLong count(String key, int budget, long now) {
    FailureLedger.Window window = ledger.recordFailure(key, now);
    if (window.failures() <= budget) {
      return OptionalLong.empty();
    }
    if (throttled.size() >= InMemoryFailureLedger.MAX_KEYS) {
      InMemoryFailureLedger.prune(throttled, now);
    }
    throttled.put(key, window);
    return OptionalLong.of(seconds(window, now));
  }

  private OptionalLong waitFor(String key, long now) {
    FailureLedger.Window window = throttled.get(key);
    if (window == null) {
      return OptionalLong.empty();
    }
    if (window.endMs() <= now) {
      throttled.remove(key, window);
      return OptionalLong.empty();
    }
    return OptionalLong.of(seconds(window, now));
  }

  private static long seconds(FailureLedger.Window window, long now) {
    return Math.max(1, (window.endMs() - now + 999) / 1000);
  }

  /** A short digest of what was presented: the ledger never holds a token, valid or not. */
  static String digest(Optional<String> credential) {
    if (credential.isEmpty()) {
      return "none";
    }
    try {
      byte[] sha256 =
          MessageDigest.getInstance("SHA-256")
              .digest(credential.get().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(Arrays.copyOf(sha256, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
