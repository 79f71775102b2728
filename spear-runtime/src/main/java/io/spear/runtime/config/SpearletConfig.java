package io.spear.runtime.config;

import io.spear.model.api.NodeMetadata;
import io.spear.model.bound.Bounds;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a Spearlet (node agent) and its runtimes are configured with; read once at start and
 * passed down, so no component reads the environment itself.
 *
 * @param smsHttpAddr host:port of the SMS HTTP API, e.g. {@code 127.0.0.1:8080}, or several
 *     replicas' separated by commas, failed over in order
 * @param bindHost the interface the Spearlet listens on
 * @param advertiseHost the address SMS and other nodes use to reach this Spearlet
 * @param httpPort the Spearlet's HTTP port (0 = any free port)
 * @param defaultTimeout time limit of an invocation that names none
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
 * @param taskRevalidateInterval a task cached longer than this is checked against SMS again
 * @param moduleCacheBytes estimated heap the compiled-module cache may hold; by default a quarter
 *     of the maximum heap
 * @param maxGuestMemoryBytes the largest linear memory one guest may have, whatever its task asks
 * @param guestMemoryBudgetBytes linear memory all guests of the node may hold together; by default
 *     half of the maximum heap
 * @param executionCacheBytes estimated heap the node's recent executions (kept an hour for polling
 *     clients) may hold; by default an eighth of the maximum heap, at most 256 MiB
 */
public record SpearletConfig(
    String smsHttpAddr,
    String bindHost,
    String advertiseHost,
    int httpPort,
    Duration defaultTimeout,
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
    Duration idleInstanceTimeout,
    Duration taskRevalidateInterval,
    long moduleCacheBytes,
    long maxGuestMemoryBytes,
    long guestMemoryBudgetBytes,
    long executionCacheBytes) {

  private static final long MIB = 1024L * 1024L;

  // Both budgets default from the heap the JVM may use, since compiled modules and guest memories
  // live on it; sized so that together they leave a quarter for everything else.
  private static final long HEAP = java.lang.Runtime.getRuntime().maxMemory();

  /**
   * The time limit of an invocation when neither the request nor the node's configuration names
   * one: the wire default SMS assumes too (SMS and the CLI use the node's configured value).
   */
  public static final Duration DEFAULT_TIMEOUT = NodeMetadata.DEFAULT_TIMEOUT;

  /** Checks every value eagerly, with a message naming the bad one. */
  public SpearletConfig {
    requireText(smsHttpAddr, "smsHttpAddr");
    requireText(bindHost, "bindHost");
    requireText(advertiseHost, "advertiseHost");
    requireRange(httpPort, 0, 65535, "httpPort");
    requirePositive(defaultTimeout, "defaultTimeout");
    // SMS refuses a node registering a longer default (Bounds.DEFAULT_TIMEOUT_MS).
    if (defaultTimeout.compareTo(Duration.ofMillis(Bounds.MAX_TIMEOUT_MS)) > 0) {
      throw new IllegalArgumentException(
          "defaultTimeout must be at most "
              + Duration.ofMillis(Bounds.MAX_TIMEOUT_MS)
              + " but was "
              + defaultTimeout);
    }
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
    requirePositive(taskRevalidateInterval, "taskRevalidateInterval");
    requireAtLeast(moduleCacheBytes, MIB, "moduleCacheBytes");
    requireAtLeast(maxGuestMemoryBytes, 64 * 1024, "maxGuestMemoryBytes");
    requireAtLeast(guestMemoryBudgetBytes, maxGuestMemoryBytes, "guestMemoryBudgetBytes");
    requireAtLeast(maxGuestMemoryBytes, defaultMemoryLimitBytes, "maxGuestMemoryBytes");
    requireAtLeast(executionCacheBytes, MIB, "executionCacheBytes");
  }

  /**
   * The default {@link #executionCacheBytes()} for a heap of {@code maxHeap} bytes: an eighth of it
   * (beside the quarter for modules and the half for guests), at most 256 MiB, at least 1 MiB.
   */
  public static long defaultExecutionCacheBytes(long maxHeap) {
    return Math.max(MIB, Math.min(256 * MIB, maxHeap / 8));
  }

  /** The embedded defaults: SMS on localhost:8080, Spearlet on 8081, limits from the design. */
  public static SpearletConfig defaults() {
    int cores = java.lang.Runtime.getRuntime().availableProcessors();
    return new SpearletConfig(
        "127.0.0.1:8080",
        "127.0.0.1",
        "127.0.0.1",
        8081,
        DEFAULT_TIMEOUT,
        100 * MIB,
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        16 * MIB,
        MIB,
        256 * MIB,
        64,
        Duration.ofSeconds(5),
        4 * cores,
        64,
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        Duration.ofSeconds(5),
        Math.max(MIB, HEAP / 4),
        256 * MIB,
        Math.max(256 * MIB, HEAP / 2),
        defaultExecutionCacheBytes(HEAP));
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with another SMS address. */
  public SpearletConfig withSmsHttpAddr(String value) {
    return toBuilder().smsHttpAddr(value).build();
  }

  /** A copy with another default invocation time limit. */
  public SpearletConfig withDefaultTimeout(Duration value) {
    return toBuilder().defaultTimeout(value).build();
  }

  /** A copy with another module download cap. */
  public SpearletConfig withMaxModuleBytes(long value) {
    return toBuilder().maxModuleBytes(value).build();
  }

  /** A copy with other output and log caps. */
  public SpearletConfig withOutputCaps(long output, long log) {
    return toBuilder().maxOutputBytes(output).maxLogBytes(log).build();
  }

  /** A copy with another default guest memory limit. */
  public SpearletConfig withDefaultMemoryLimitBytes(long value) {
    return toBuilder().defaultMemoryLimitBytes(value).build();
  }

  /** A copy with other module download timeouts. */
  public SpearletConfig withDownloadTimeouts(Duration connect, Duration read) {
    return toBuilder().downloadConnectTimeout(connect).downloadReadTimeout(read).build();
  }

  /** A copy keeping another number of compiled modules. */
  public SpearletConfig withModuleCacheSize(int value) {
    return toBuilder().moduleCacheSize(value).build();
  }

  /** A copy with another stop acknowledgement timeout. */
  public SpearletConfig withStopTimeout(Duration value) {
    return toBuilder().stopTimeout(value).build();
  }

  /** Sets values one by one; {@link #build()} checks them all. */
  public static final class Builder {
    private String smsHttpAddr;
    private String bindHost;
    private String advertiseHost;
    private int httpPort;
    private Duration defaultTimeout;
    private long maxModuleBytes;
    private Duration downloadConnectTimeout;
    private Duration downloadReadTimeout;
    private long maxOutputBytes;
    private long maxLogBytes;
    private long defaultMemoryLimitBytes;
    private int moduleCacheSize;
    private Duration stopTimeout;
    private int maxInFlight;
    private int queueCapacity;
    private Duration heartbeatInterval;
    private Duration idleInstanceTimeout;
    private Duration taskRevalidateInterval;
    private long moduleCacheBytes;
    private long maxGuestMemoryBytes;
    private long guestMemoryBudgetBytes;
    private long executionCacheBytes;

    private Builder(SpearletConfig c) {
      smsHttpAddr = c.smsHttpAddr;
      bindHost = c.bindHost;
      advertiseHost = c.advertiseHost;
      httpPort = c.httpPort;
      defaultTimeout = c.defaultTimeout;
      maxModuleBytes = c.maxModuleBytes;
      downloadConnectTimeout = c.downloadConnectTimeout;
      downloadReadTimeout = c.downloadReadTimeout;
      maxOutputBytes = c.maxOutputBytes;
      maxLogBytes = c.maxLogBytes;
      defaultMemoryLimitBytes = c.defaultMemoryLimitBytes;
      moduleCacheSize = c.moduleCacheSize;
      stopTimeout = c.stopTimeout;
      maxInFlight = c.maxInFlight;
      queueCapacity = c.queueCapacity;
      heartbeatInterval = c.heartbeatInterval;
      idleInstanceTimeout = c.idleInstanceTimeout;
      taskRevalidateInterval = c.taskRevalidateInterval;
      moduleCacheBytes = c.moduleCacheBytes;
      maxGuestMemoryBytes = c.maxGuestMemoryBytes;
      guestMemoryBudgetBytes = c.guestMemoryBudgetBytes;
      executionCacheBytes = c.executionCacheBytes;
    }

    /** Sets {@link SpearletConfig#smsHttpAddr()}. */
    public Builder smsHttpAddr(String v) {
      smsHttpAddr = v;
      return this;
    }

    /** Sets {@link SpearletConfig#bindHost()}. */
    public Builder bindHost(String v) {
      bindHost = v;
      return this;
    }

    /** Sets {@link SpearletConfig#advertiseHost()}. */
    public Builder advertiseHost(String v) {
      advertiseHost = v;
      return this;
    }

    /** Sets {@link SpearletConfig#httpPort()}. */
    public Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    /** Sets {@link SpearletConfig#defaultTimeout()}. */
    public Builder defaultTimeout(Duration v) {
      defaultTimeout = v;
      return this;
    }

    /** Sets {@link SpearletConfig#maxModuleBytes()}. */
    public Builder maxModuleBytes(long v) {
      maxModuleBytes = v;
      return this;
    }

    /** Sets {@link SpearletConfig#downloadConnectTimeout()}. */
    public Builder downloadConnectTimeout(Duration v) {
      downloadConnectTimeout = v;
      return this;
    }

    /** Sets {@link SpearletConfig#downloadReadTimeout()}. */
    public Builder downloadReadTimeout(Duration v) {
      downloadReadTimeout = v;
      return this;
    }

    /** Sets {@link SpearletConfig#maxOutputBytes()}. */
    public Builder maxOutputBytes(long v) {
      maxOutputBytes = v;
      return this;
    }

    /** Sets {@link SpearletConfig#maxLogBytes()}. */
    public Builder maxLogBytes(long v) {
      maxLogBytes = v;
      return this;
    }

    /** Sets {@link SpearletConfig#defaultMemoryLimitBytes()}. */
    public Builder defaultMemoryLimitBytes(long v) {
      defaultMemoryLimitBytes = v;
      return this;
    }

    /** Sets {@link SpearletConfig#moduleCacheSize()}. */
    public Builder moduleCacheSize(int v) {
      moduleCacheSize = v;
      return this;
    }

    /** Sets {@link SpearletConfig#stopTimeout()}. */
    public Builder stopTimeout(Duration v) {
      stopTimeout = v;
      return this;
    }

    /** Sets {@link SpearletConfig#maxInFlight()}. */
    public Builder maxInFlight(int v) {
      maxInFlight = v;
      return this;
    }

    /** Sets {@link SpearletConfig#queueCapacity()}. */
    public Builder queueCapacity(int v) {
      queueCapacity = v;
      return this;
    }

    /** Sets {@link SpearletConfig#heartbeatInterval()}. */
    public Builder heartbeatInterval(Duration v) {
      heartbeatInterval = v;
      return this;
    }

    /** Sets {@link SpearletConfig#idleInstanceTimeout()}. */
    public Builder idleInstanceTimeout(Duration v) {
      idleInstanceTimeout = v;
      return this;
    }

    /** Sets {@link SpearletConfig#taskRevalidateInterval()}. */
    public Builder taskRevalidateInterval(Duration v) {
      taskRevalidateInterval = v;
      return this;
    }

    /** Sets {@link SpearletConfig#moduleCacheBytes()}. */
    public Builder moduleCacheBytes(long v) {
      moduleCacheBytes = v;
      return this;
    }

    /** Sets {@link SpearletConfig#maxGuestMemoryBytes()}. */
    public Builder maxGuestMemoryBytes(long v) {
      maxGuestMemoryBytes = v;
      return this;
    }

    /** Sets {@link SpearletConfig#guestMemoryBudgetBytes()}. */
    public Builder guestMemoryBudgetBytes(long v) {
      guestMemoryBudgetBytes = v;
      return this;
    }

    /** Sets {@link SpearletConfig#executionCacheBytes()}. */
    public Builder executionCacheBytes(long v) {
      executionCacheBytes = v;
      return this;
    }

    /** The configuration; throws {@link IllegalArgumentException} naming a bad value. */
    public SpearletConfig build() {
      return new SpearletConfig(
          smsHttpAddr,
          bindHost,
          advertiseHost,
          httpPort,
          defaultTimeout,
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
          idleInstanceTimeout,
          taskRevalidateInterval,
          moduleCacheBytes,
          maxGuestMemoryBytes,
          guestMemoryBudgetBytes,
          executionCacheBytes);
    }
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
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
