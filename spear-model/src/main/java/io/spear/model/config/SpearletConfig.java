package io.spear.model.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a Spearlet (node agent) and its runtimes are configured with; read once at start and
 * passed down, so no component reads the environment itself.
 *
 * @param smsHttpAddr host:port of the SMS HTTP API, e.g. {@code 127.0.0.1:8080}
 * @param bindHost the interface the Spearlet listens on
 * @param httpPort the Spearlet's HTTP port (0 = any free port)
 * @param defaultTimeout time limit of an invocation that names none
 * @param maxConcurrentPerInstance executions one instance runs at once
 * @param instanceQueueCapacity executions one instance queues beyond those running
 * @param maxModuleBytes largest module the runtime downloads
 * @param downloadConnectTimeout connect timeout of module downloads
 * @param downloadReadTimeout time allowed for a whole module download
 * @param maxOutputBytes stdout kept per execution; more is dropped and marked truncated
 * @param maxLogBytes stderr and host-log bytes kept per execution
 * @param defaultMemoryLimitBytes guest memory limit of a task that sets none
 * @param moduleCacheSize compiled modules kept in memory
 * @param stopTimeout how long {@code stopInstance} waits for the worker's acknowledgement
 * @param maxInFlight invocations the node runs at once
 * @param queueCapacity invocations the node queues beyond those in flight
 * @param heartbeatInterval how often the node heartbeats to SMS
 * @param idleInstanceTimeout an instance unused this long is stopped
 */
public record SpearletConfig(
    String smsHttpAddr,
    String bindHost,
    int httpPort,
    Duration defaultTimeout,
    int maxConcurrentPerInstance,
    int instanceQueueCapacity,
    long maxModuleBytes,
    Duration downloadConnectTimeout,
    Duration downloadReadTimeout,
    long maxOutputBytes,
    long maxLogBytes,
    long defaultMemoryLimitBytes,
    int moduleCacheSize,
    Duration stopTimeout,
    int maxInFlight,
    int queueCapacity,
    Duration heartbeatInterval,
    Duration idleInstanceTimeout) {

  private static final long MIB = 1024L * 1024L;

  /** Checks every value eagerly, with a message naming the bad one. */
  public SpearletConfig {
    Objects.requireNonNull(smsHttpAddr, "smsHttpAddr must not be null");
    Objects.requireNonNull(bindHost, "bindHost must not be null");
    requireRange(httpPort, 0, 65535, "httpPort");
    requirePositive(defaultTimeout, "defaultTimeout");
    requireAtLeast(maxConcurrentPerInstance, 1, "maxConcurrentPerInstance");
    requireAtLeast(instanceQueueCapacity, 0, "instanceQueueCapacity");
    requireAtLeast(maxModuleBytes, 1, "maxModuleBytes");
    requirePositive(downloadConnectTimeout, "downloadConnectTimeout");
    requirePositive(downloadReadTimeout, "downloadReadTimeout");
    requireAtLeast(maxOutputBytes, 0, "maxOutputBytes");
    requireAtLeast(maxLogBytes, 0, "maxLogBytes");
    requireAtLeast(defaultMemoryLimitBytes, 64 * 1024, "defaultMemoryLimitBytes");
    requireAtLeast(moduleCacheSize, 1, "moduleCacheSize");
    requirePositive(stopTimeout, "stopTimeout");
    requireAtLeast(maxInFlight, 1, "maxInFlight");
    requireAtLeast(queueCapacity, 0, "queueCapacity");
    requirePositive(heartbeatInterval, "heartbeatInterval");
    requirePositive(idleInstanceTimeout, "idleInstanceTimeout");
  }

  /** The embedded defaults: SMS on localhost:8080, Spearlet on 8081, limits from the design. */
  public static SpearletConfig defaults() {
    int cores = java.lang.Runtime.getRuntime().availableProcessors();
    return new SpearletConfig(
        "127.0.0.1:8080",
        "0.0.0.0",
        8081,
        Duration.ofSeconds(30),
        cores,
        256,
        100 * MIB,
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        16 * MIB,
        MIB,
        256 * MIB,
        256,
        Duration.ofSeconds(5),
        4 * cores,
        64,
        Duration.ofSeconds(10),
        Duration.ofSeconds(120));
  }

  /** A copy with another SMS address. */
  public SpearletConfig withSmsHttpAddr(String value) {
    return new SpearletConfig(
        value,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy listening on another port. */
  public SpearletConfig withHttpPort(int value) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        value,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with another default invocation time limit. */
  public SpearletConfig withDefaultTimeout(Duration value) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        value,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with other per-instance concurrency and queue limits. */
  public SpearletConfig withInstanceConcurrency(int concurrent, int queue) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        concurrent,
        queue,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with another module download cap. */
  public SpearletConfig withMaxModuleBytes(long value) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        value,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with other output and log caps. */
  public SpearletConfig withOutputCaps(long output, long log) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        output,
        log,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with another default guest memory limit. */
  public SpearletConfig withDefaultMemoryLimitBytes(long value) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        value,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with other node-wide in-flight and queue limits. */
  public SpearletConfig withNodeConcurrency(int inFlight, int queue) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        inFlight,
        queue,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with other heartbeat and idle-instance intervals. */
  public SpearletConfig withIntervals(Duration heartbeat, Duration idleInstance) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeat,
        idleInstance);
  }

  /** A copy with other module download timeouts. */
  public SpearletConfig withDownloadTimeouts(Duration connect, Duration read) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        connect,
        read,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with another compiled-module cache size. */
  public SpearletConfig withModuleCacheSize(int value) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        value,
        stopTimeout,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  /** A copy with another stop timeout. */
  public SpearletConfig withStopTimeout(Duration value) {
    return new SpearletConfig(
        smsHttpAddr,
        bindHost,
        httpPort,
        defaultTimeout,
        maxConcurrentPerInstance,
        instanceQueueCapacity,
        maxModuleBytes,
        downloadConnectTimeout,
        downloadReadTimeout,
        maxOutputBytes,
        maxLogBytes,
        defaultMemoryLimitBytes,
        moduleCacheSize,
        value,
        maxInFlight,
        queueCapacity,
        heartbeatInterval,
        idleInstanceTimeout);
  }

  private static void requireRange(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + " but was " + value);
    }
  }

  private static void requireAtLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name + " must not be null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }
}
