package io.spear.host.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.support.config.Values;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node's limits on {@code http_call}, from the {@code http_call:} section of its config file.
 *
 * @param maxRequestBodyBytes the largest request body a guest may send
 * @param maxResponseBodyBytes the largest response body a guest may receive
 * @param maxCallsPerExecution how many calls one execution may make (a retry after {@code -ENOSPC}
 *     does not count)
 * @param maxConcurrentCalls how many calls the node has in flight at once; more wait
 * @param defaultTimeout a call's time limit when its request names none
 * @param maxTimeout the largest {@code timeout_ms} a request may name
 * @param maxRedirects how many redirects a call that follows them may follow
 */
public record HttpCallLimits(
    long maxRequestBodyBytes,
    long maxResponseBodyBytes,
    int maxCallsPerExecution,
    int maxConcurrentCalls,
    Duration defaultTimeout,
    Duration maxTimeout,
    int maxRedirects) {

  private static final long TEN_MIB = 10L * 1024 * 1024;

  /** The defaults: 10 MiB bodies, 100 calls per execution, 64 at once, 30 s, 5 redirects. */
  public static final HttpCallLimits DEFAULTS =
      new HttpCallLimits(
          TEN_MIB, TEN_MIB, 100, 64, Duration.ofSeconds(30), Duration.ofMinutes(10), 5);

  private static final Set<String> KEYS =
      Set.of(
          "max_request_body_bytes",
          "max_response_body_bytes",
          "max_calls_per_execution",
          "max_concurrent_calls",
          "default_timeout",
          "max_timeout",
          "max_redirects");

  /** Checks every limit. */
  public HttpCallLimits {
    positive(maxRequestBodyBytes, "max_request_body_bytes");
    positive(maxResponseBodyBytes, "max_response_body_bytes");
    if (maxRequestBodyBytes > Integer.MAX_VALUE - 8
        || maxResponseBodyBytes > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("http_call body limits must stay below 1 GiB");
    }
    positive(maxCallsPerExecution, "max_calls_per_execution");
    positive(maxConcurrentCalls, "max_concurrent_calls");
    positive(defaultTimeout.toMillis(), "default_timeout");
    positive(maxTimeout.toMillis(), "max_timeout");
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("http_call.max_redirects must not be negative");
    }
  }

  private static void positive(long value, String key) {
    if (value < 1) {
      throw new IllegalArgumentException("http_call." + key + " must be at least 1");
    }
  }

  /**
   * The limits of an {@code http_call:} section; a missing section gives {@link #DEFAULTS}.
   *
   * @throws IllegalArgumentException naming an unknown key or a bad value
   */
  public static HttpCallLimits parse(JsonNode section) {
    if (section == null || section.isMissingNode() || section.isNull()) {
      return DEFAULTS;
    }
    if (!section.isObject()) {
      throw new IllegalArgumentException("http_call must be a mapping of limits");
    }
    section
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                    "unknown setting http_call." + key + "; known: " + new TreeSet<>(KEYS));
              }
            });
    HttpCallLimits d = DEFAULTS;
    return new HttpCallLimits(
        bytes(section, "max_request_body_bytes", d.maxRequestBodyBytes),
        bytes(section, "max_response_body_bytes", d.maxResponseBodyBytes),
        count(section, "max_calls_per_execution", d.maxCallsPerExecution),
        count(section, "max_concurrent_calls", d.maxConcurrentCalls),
        duration(section, "default_timeout", d.defaultTimeout),
        duration(section, "max_timeout", d.maxTimeout),
        count(section, "max_redirects", d.maxRedirects));
  }

  private static long bytes(JsonNode section, String key, long fallback) {
    JsonNode v = section.path(key);
    try {
      return v.isMissingNode() ? fallback : Values.bytes(v.asText());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("http_call." + key + " is not a size: " + v.asText(), e);
    }
  }

  private static int count(JsonNode section, String key, int fallback) {
    JsonNode v = section.path(key);
    if (v.isMissingNode()) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("http_call." + key + " must be a whole number");
    }
    return v.intValue();
  }

  private static Duration duration(JsonNode section, String key, Duration fallback) {
    JsonNode v = section.path(key);
    try {
      return v.isMissingNode() ? fallback : Values.duration(v.asText());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "http_call." + key + " is not a duration: " + v.asText(), e);
    }
  }
}
