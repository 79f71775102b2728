package io.spear.model.task;

import io.spear.model.bound.Bound;
import io.spear.model.bound.Bounds;
import io.spear.model.error.InvalidRequestException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The task config keys of the HTTP trigger ({@code /h/{endpoint}/...}, see docs/http-trigger.md),
 * parsed once: SMS parses them at registration (a bad value is a 400 naming the key), SMS and nodes
 * again when a request arrives.
 *
 * @param enabled whether the task's endpoint answers HTTP requests at all
 * @param publicAccess whether a caller needs no token (when the server has tokens configured)
 * @param passCredentials whether the guest sees {@code Authorization}, {@code Cookie} and {@code
 *     Proxy-Authorization} as {@code HTTP_*} variables
 * @param timeoutMs the time limit of one request's guest; empty means the node's default
 * @param ratePerSecond requests admitted per second and endpoint by each server; empty means no
 *     limit
 * @param rateBurst requests admitted at once before the rate applies
 */
public record HttpTriggerSettings(
    boolean enabled,
    boolean publicAccess,
    boolean passCredentials,
    OptionalLong timeoutMs,
    OptionalLong ratePerSecond,
    long rateBurst) {

  /** Config key of {@link #enabled}. */
  public static final String ENABLED = "http.enabled";

  /** Config key of {@link #publicAccess}. */
  public static final String PUBLIC = "http.public";

  /** Config key of {@link #passCredentials}. */
  public static final String PASS_CREDENTIALS = "http.pass_credentials";

  /** Config key of {@link #timeoutMs}. */
  public static final String TIMEOUT_MS = "http.timeout_ms";

  /** Config key of {@link #ratePerSecond}. */
  public static final String RATE_LIMIT = "http.rate_limit";

  /** Config key of {@link #rateBurst}; without it the burst is one second's worth. */
  public static final String RATE_BURST = "http.rate_burst";

  private static final long MAX_RATE = 1_000_000;

  /**
   * The trigger settings of a task config.
   *
   * @throws InvalidRequestException naming the first key whose value is not valid
   */
  public static HttpTriggerSettings parse(Map<String, String> config) {
    OptionalLong timeout = number(config, TIMEOUT_MS, Bounds.TIMEOUT_MS.named(key(TIMEOUT_MS)));
    OptionalLong rate = number(config, RATE_LIMIT, new Bound(key(RATE_LIMIT), 1, MAX_RATE));
    OptionalLong burst = number(config, RATE_BURST, new Bound(key(RATE_BURST), 1, MAX_RATE));
    return new HttpTriggerSettings(
        flag(config, ENABLED),
        flag(config, PUBLIC),
        flag(config, PASS_CREDENTIALS),
        timeout.isPresent() && timeout.getAsLong() == 0 ? OptionalLong.empty() : timeout,
        rate,
        burst.orElse(rate.orElse(1)));
  }

  private static String key(String name) {
    return "config." + name;
  }

  private static OptionalLong number(Map<String, String> config, String name, Bound bound) {
    String value = config.get(name);
    return value == null || value.isBlank()
        ? OptionalLong.empty()
        : OptionalLong.of(bound.parse(value));
  }

  // The words TaskSettings accepts for its flags; absent is false, the safe default of all three.
  private static boolean flag(Map<String, String> config, String name) {
    String value = config.get(name);
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "y", "on" -> true;
      case "false", "0", "no", "n", "off", "" -> false;
      default ->
          throw new InvalidRequestException(
              key(name) + " must be true or false but was '" + value + "'");
    };
  }
}
