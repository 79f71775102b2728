package io.spear.http;

import io.spear.support.config.Values;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one client may hold of a server, so that slow or numerous connections cannot exhaust it.
 *
 * @param headerTimeout how long a request's line and headers may take to arrive, counted from the
 *     connection's opening (first request) or the request's first byte (later ones); a connection
 *     still sending its headers then is closed
 * @param minBodyBytesPerSecond the slowest average rate at which a request body may arrive while it
 *     is read; slower ends the request with 408 (0: no minimum)
 * @param maxConnectionsPerClient how many connections one client address may hold open at once;
 *     those beyond are closed as soon as they are accepted (0: no cap)
 */
public record ClientLimits(
    Duration headerTimeout, long minBodyBytesPerSecond, int maxConnectionsPerClient) {

  /**
   * 10 s for headers, no minimum body rate, 512 connections per client address. Jetty measures a
   * body's rate from the end of the headers, so a request that waits for a slot before its body is
   * read would look slow; a stalled body is ended by the idle timeout instead.
   */
  public static final ClientLimits DEFAULTS = new ClientLimits(Duration.ofSeconds(10), 0, 512);

  /** The environment variables that override the defaults, for SMS and the Spearlet alike. */
  public static final String HEADER_TIMEOUT_ENV = "SPEAR_HTTP_HEADER_TIMEOUT";

  /** See {@link #HEADER_TIMEOUT_ENV}. */
  public static final String MIN_BODY_RATE_ENV = "SPEAR_HTTP_MIN_BODY_RATE";

  /** See {@link #HEADER_TIMEOUT_ENV}. */
  public static final String MAX_CONNECTIONS_ENV = "SPEAR_HTTP_MAX_CONNECTIONS_PER_CLIENT";

  /** Checks every value eagerly. */
  public ClientLimits {
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException(
          "header timeout must be positive but was " + headerTimeout);
    }
    if (minBodyBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "minimum body rate must not be negative but was " + minBodyBytesPerSecond);
    }
    if (maxConnectionsPerClient < 0) {
      throw new IllegalArgumentException(
          "connections per client must not be negative but was " + maxConnectionsPerClient);
    }
  }

  /**
   * The defaults, overridden by {@value #HEADER_TIMEOUT_ENV} (a duration such as {@code 10s}),
   * {@value #MIN_BODY_RATE_ENV} (bytes per second, or a size such as {@code 1KiB}) and {@value
   * #MAX_CONNECTIONS_ENV} (a count) where {@code env} sets them.
   *
   * @throws IllegalArgumentException naming the variable whose value is unusable
   */
  public static ClientLimits fromEnvironment(Map<String, String> env) {
    ClientLimits limits = DEFAULTS;
    String header = env.get(HEADER_TIMEOUT_ENV);
    String rate = env.get(MIN_BODY_RATE_ENV);
    String max = env.get(MAX_CONNECTIONS_ENV);
    try {
      return new ClientLimits(
          header == null ? limits.headerTimeout() : Values.duration(header),
          rate == null ? limits.minBodyBytesPerSecond() : Values.bytes(rate),
          max == null ? limits.maxConnectionsPerClient() : Integer.parseInt(max.trim()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "bad "
              + HEADER_TIMEOUT_ENV
              + ", "
              + MIN_BODY_RATE_ENV
              + " or "
              + MAX_CONNECTIONS_ENV
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
