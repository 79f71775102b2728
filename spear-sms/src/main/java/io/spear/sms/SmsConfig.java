package io.spear.sms;

import io.spear.sms.file.FileService;
import io.spear.sms.postgres.PostgresUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * How an SMS is started.
 *
 * @param host the interface to listen on
 * @param port the HTTP port (0 = any free port)
 * @param dataDir where the embedded database and the blob directory live
 * @param maxUploadBytes the largest file accepted
 * @param maxInvocationInputBytes the largest invocation input forwarded to a node
 * @param nodeHeartbeatTimeout a node silent this long is marked offline
 * @param clock the source of "now" (injected so tests need not sleep)
 * @param database the shared PostgreSQL database, or empty for the embedded store in {@code
 *     dataDir}
 * @param uploadIdleTimeout how long an upload's body may stop arriving before it is refused with
 *     REQUEST_TIMEOUT (408)
 */
public record SmsConfig(
    String host,
    int port,
    Path dataDir,
    long maxUploadBytes,
    long maxInvocationInputBytes,
    Duration nodeHeartbeatTimeout,
    InstantSource clock,
    Optional<PostgresUrl> database,
    Duration uploadIdleTimeout) {

  /** Default largest upload: 64 MiB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

  /** Checks every value eagerly. */
  public SmsConfig {
    Objects.requireNonNull(host, "host must not be null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
    }
    Objects.requireNonNull(dataDir, "dataDir must not be null");
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException(
          "maxUploadBytes must be positive but was " + maxUploadBytes);
    }
    if (maxInvocationInputBytes < 1) {
      throw new IllegalArgumentException(
          "maxInvocationInputBytes must be positive but was " + maxInvocationInputBytes);
    }
    Objects.requireNonNull(nodeHeartbeatTimeout, "nodeHeartbeatTimeout must not be null");
    if (nodeHeartbeatTimeout.isNegative() || nodeHeartbeatTimeout.isZero()) {
      throw new IllegalArgumentException(
          "nodeHeartbeatTimeout must be positive but was "
              + io.spear.support.config.Values.human(nodeHeartbeatTimeout));
    }
    Objects.requireNonNull(clock, "clock must not be null");
    Objects.requireNonNull(database, "database must not be null");
    Objects.requireNonNull(uploadIdleTimeout, "uploadIdleTimeout must not be null");
    if (uploadIdleTimeout.isNegative() || uploadIdleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "uploadIdleTimeout must be positive but was "
              + io.spear.support.config.Values.human(uploadIdleTimeout));
    }
  }

  /** Default time an upload's body may stop arriving: 10 s. */
  public static final Duration DEFAULT_UPLOAD_IDLE_TIMEOUT =
      FileService.DEFAULT_UPLOAD_IDLE_TIMEOUT;

  /** The embedded defaults: port 8080, {@code ./data}, 64 MiB uploads, 90 s heartbeat timeout. */
  public static SmsConfig defaults() {
    return new SmsConfig(
        "127.0.0.1",
        8080,
        Path.of("data"),
        DEFAULT_MAX_UPLOAD_BYTES,
        16L * 1024 * 1024,
        Duration.ofSeconds(90),
        InstantSource.system(),
        Optional.empty(),
        DEFAULT_UPLOAD_IDLE_TIMEOUT);
  }

  /** A copy listening on another interface. */
  public SmsConfig withHost(String value) {
    return new SmsConfig(
        value,
        port,
        dataDir,
        maxUploadBytes,
        maxInvocationInputBytes,
        nodeHeartbeatTimeout,
        clock,
        database,
        uploadIdleTimeout);
  }

  /** A copy listening on another port. */
  public SmsConfig withPort(int value) {
    return new SmsConfig(
        host,
        value,
        dataDir,
        maxUploadBytes,
        maxInvocationInputBytes,
        nodeHeartbeatTimeout,
        clock,
        database,
        uploadIdleTimeout);
  }

  /** A copy keeping its data elsewhere. */
  public SmsConfig withDataDir(Path value) {
    return new SmsConfig(
        host,
        port,
        value,
        maxUploadBytes,
        maxInvocationInputBytes,
        nodeHeartbeatTimeout,
        clock,
        database,
        uploadIdleTimeout);
  }

  /** A copy with another upload limit. */
  public SmsConfig withMaxUploadBytes(long value) {
    return new SmsConfig(
        host,
        port,
        dataDir,
        value,
        maxInvocationInputBytes,
        nodeHeartbeatTimeout,
        clock,
        database,
        uploadIdleTimeout);
  }

  /** A copy with another heartbeat timeout. */
  public SmsConfig withNodeHeartbeatTimeout(Duration value) {
    return new SmsConfig(
        host,
        port,
        dataDir,
        maxUploadBytes,
        maxInvocationInputBytes,
        value,
        clock,
        database,
        uploadIdleTimeout);
  }

  /** A copy with another clock. */
  public SmsConfig withClock(InstantSource value) {
    return new SmsConfig(
        host,
        port,
        dataDir,
        maxUploadBytes,
        maxInvocationInputBytes,
        nodeHeartbeatTimeout,
        value,
        database,
        uploadIdleTimeout);
  }

  /** A copy keeping its data in a shared PostgreSQL database instead of {@code dataDir}. */
  public SmsConfig withDatabase(Optional<PostgresUrl> value) {
    return new SmsConfig(
        host,
        port,
        dataDir,
        maxUploadBytes,
        maxInvocationInputBytes,
        nodeHeartbeatTimeout,
        clock,
        value,
        uploadIdleTimeout);
  }

  /** A copy with another upload idle timeout. */
  public SmsConfig withUploadIdleTimeout(Duration value) {
    return new SmsConfig(
        host,
        port,
        dataDir,
        maxUploadBytes,
        maxInvocationInputBytes,
        nodeHeartbeatTimeout,
        clock,
        database,
        value);
  }
}
