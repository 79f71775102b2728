package io.spear.sms;

import static java.util.Objects.requireNonNull;

import io.spear.http.HttpServer;
import io.spear.http.StartedParts;
import io.spear.http.auth.ServerSecurity;
import io.spear.model.kv.KvRules;
import io.spear.sms.execution.ExecutionExpiry;
import io.spear.sms.execution.ExecutionPruner;
import io.spear.sms.execution.ExecutionRetention;
import io.spear.sms.log.LogLimits;
import io.spear.sms.log.LogRetention;
import io.spear.sms.mcp.McpServerStore;
import io.spear.sms.node.NodeLivenessMonitor;
import io.spear.sms.secret.SecretsKey;
import io.spear.sms.store.SmsStore;
import java.util.List;
import java.util.Optional;

/** A running SMS: the store, the REST API and the node liveness monitor. */
public final class SmsServer implements AutoCloseable {

  private final StartedParts parts;
  private final SmsStore store;
  private final NodeLivenessMonitor liveness;
  private final HttpServer http;
  private final LogRetention logRetention;
  private final ExecutionExpiry expiry;
  private final ExecutionPruner pruner;

  SmsServer(
      StartedParts parts,
      SmsStore store,
      NodeLivenessMonitor liveness,
      HttpServer http,
      LogRetention logRetention,
      ExecutionExpiry expiry,
      ExecutionPruner pruner) {
    this.parts = parts;
    this.expiry = expiry;
    this.pruner = pruner;
    this.store = store;
    this.liveness = liveness;
    this.http = http;
    this.logRetention = logRetention;
  }

  /** Opens the store and starts serving with the default log bounds and no security. */
  public static SmsServer start(SmsConfig config) {
    return builder(config).start();
  }

  /** A builder of an SMS on {@code config}; log bounds and security default as {@link #start}. */
  public static Builder builder(SmsConfig config) {
    return new Builder(requireNonNull(config, "config must not be null"));
  }

  /**
   * Collects what SMS is started with. Each setting may be given once and not null; a mistake
   * throws at once, naming the setting, before the store is opened.
   */
  public static final class Builder {
    private final SmsConfig config;
    private LogLimits logLimits;
    private ServerSecurity security;
    private Long kvMaxKeys;
    private SecretsKey secretsKey;
    private ExecutionRetention executionRetention;

    private Builder(SmsConfig config) {
      this.config = config;
    }

    /** The bounds on execution logs. */
    public Builder logLimits(LogLimits value) {
      logLimits = once(logLimits, value, "logLimits");
      return this;
    }

    /** Who may call SMS. */
    public Builder security(ServerSecurity value) {
      security = once(security, value, "security");
      return this;
    }

    /** How many keys a key-value namespace may hold (default 10,000). */
    public Builder kvMaxKeysPerNamespace(long value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "kvMaxKeysPerNamespace must be positive but was " + value);
      }
      kvMaxKeys = once(kvMaxKeys, value, "kvMaxKeysPerNamespace");
      return this;
    }

    /** The key that seals secrets at rest; without one SMS refuses to keep secrets. */
    public Builder secretsKey(SecretsKey value) {
      secretsKey = once(secretsKey, value, "secretsKey");
      return this;
    }

    /** How long the records of ended executions are kept (default 7 days, 10,000 per task). */
    public Builder executionRetention(ExecutionRetention value) {
      executionRetention = once(executionRetention, value, "executionRetention");
      return this;
    }

    /** Opens the store and starts serving; returns once the port listens. */
    public SmsServer start() {
      LogLimits logLimits = this.logLimits == null ? LogLimits.defaults() : this.logLimits;
      ServerSecurity security = this.security == null ? ServerSecurity.none() : this.security;
      SmsStore store = SmsStores.open(config, logLimits);
      long kvMaxKeys =
          this.kvMaxKeys == null ? KvRules.DEFAULT_MAX_KEYS_PER_NAMESPACE : this.kvMaxKeys;
      ExecutionRetention retention =
          executionRetention == null ? ExecutionRetention.defaults() : executionRetention;
      return SmsWiring.start(
          config,
          logLimits,
          security,
          Optional.ofNullable(secretsKey),
          store,
          kvMaxKeys,
          retention);
    }

    private static <T> T once(T current, T value, String name) {
      requireNonNull(value, name + " must not be null");
      if (current != null) {
        // Not the value: a security setting holds tokens.
        throw new IllegalStateException(name + " was already set");
      }
      return value;
    }
  }

  /** The HTTP port. */
  public int port() {
    return http.port();
  }

  /**
   * {@code 127.0.0.1:<port>} (or {@code https://127.0.0.1:<port>} when serving TLS), the address a
   * local node or client uses.
   */
  public String httpAddr() {
    return (http.scheme().equals("https") ? "https://" : "") + "127.0.0.1:" + port();
  }

  /** Every route served. */
  public List<io.spear.http.Route> routes() {
    return http.routes();
  }

  /** Deletes execution logs past their retention now instead of at the next scheduled sweep. */
  public int sweepExecutionLogs() {
    return logRetention.sweep();
  }

  /** The MCP server registry, e.g. to load a directory of server files at start. */
  public McpServerStore mcpServers() {
    return store.mcpServers();
  }

  /** Ends lost and overdue executions now instead of at the next scheduled sweep. */
  public int expireExecutions() {
    return expiry.sweep();
  }

  /** Deletes ended executions' records past their retention now instead of at the next sweep. */
  public int pruneExecutions() {
    return pruner.sweep();
  }

  /** Marks silent nodes offline now instead of waiting for the next scheduled check. */
  public int checkNodeLiveness() {
    return liveness.sweep();
  }

  /** Stops serving, stops the background sweeps and the clients, and closes the store. */
  @Override
  public void close() {
    parts.close();
  }
}
