package io.spear.spearlet;

import static java.util.Objects.requireNonNull;

import io.spear.ai.AiConfig;
import io.spear.ai.AiServices;
import io.spear.client.SmsClient;
import io.spear.egress.EgressPolicy;
import io.spear.host.http.HttpCallLimits;
import io.spear.http.HttpServer;
import io.spear.http.auth.ServerSecurity;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.spearlet.config.StreamSettings;
import io.spear.spearlet.node.NodeAgent;
import io.spear.spearlet.node.NodeIdentity;
import io.spear.spearlet.report.ExecutionReporter;
import io.spear.spearlet.task.InstancePool;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/** A running Spearlet: the WASM runtime, the invocation API, and its presence on SMS. */
public final class SpearletServer implements AutoCloseable {

  private final HttpServer http;
  private final NodeAgent agent;
  private final InstancePool pool;
  private final WasmRuntime runtime;
  private final ExecutionReporter reporter;
  private final ExecutorService background;
  private final AiServices ai;
  private final SmsClient sms;

  SpearletServer(
      HttpServer http,
      NodeAgent agent,
      InstancePool pool,
      WasmRuntime runtime,
      ExecutionReporter reporter,
      ExecutorService background,
      AiServices ai,
      SmsClient sms) {
    this.http = http;
    this.agent = agent;
    this.pool = pool;
    this.runtime = runtime;
    this.reporter = reporter;
    this.background = background;
    this.ai = ai;
    this.sms = sms;
  }

  /** Starts a Spearlet on the system clock with the default runtime settings and no AI. */
  public static SpearletServer start(SpearletConfig config) {
    return builder(RuntimeConfig.of(config)).start();
  }

  /**
   * A builder of a Spearlet whose node configuration is {@code runtimeConfig.spearletConfig()};
   * whatever it is not told is the default (no AI, system clock and ticker, no security, default
   * stream settings, a node uuid kept in memory).
   */
  public static Builder builder(RuntimeConfig runtimeConfig) {
    return new Builder(requireNonNull(runtimeConfig, "runtimeConfig must not be null"));
  }

  /**
   * Collects what a Spearlet is started with. Each setting may be given once and not null; a
   * mistake throws at once, naming the setting, before anything is started.
   */
  public static final class Builder {
    private final RuntimeConfig runtimeConfig;
    private AiConfig ai;
    private LongSupplier ticker;
    private InstantSource clock;
    private ServerSecurity security;
    private StreamSettings streams;
    private NodeIdentity identity;
    private EgressPolicy egress;
    private HttpCallLimits httpCall;

    private Builder(RuntimeConfig runtimeConfig) {
      this.runtimeConfig = runtimeConfig;
    }

    /** The LLM backends and MCP servers the node's guests reach. */
    public Builder ai(AiConfig value) {
      ai = once(ai, value, "ai");
      return this;
    }

    /**
     * The nanosecond ticker of the node's intervals (task revalidation, idle instances); tests pass
     * a fake one and advance it instead of sleeping. Invocation deadlines follow {@link
     * System#nanoTime()}, as the runtime's watchdog does.
     */
    public Builder ticker(LongSupplier value) {
      ticker = once(ticker, value, "ticker");
      return this;
    }

    /** The wall clock of execution records, background workers and {@code /health}. */
    public Builder clock(InstantSource value) {
      clock = once(clock, value, "clock");
      return this;
    }

    /** Who may call the node; its outbound token is the node token it presents to SMS. */
    public Builder security(ServerSecurity value) {
      security = once(security, value, "security");
      return this;
    }

    /** The limits of long-lived sessions (user streams, speech sessions, microphones). */
    public Builder streams(StreamSettings value) {
      streams = once(streams, value, "streams");
      return this;
    }

    /**
     * Where the node keeps the uuid SMS gave it, so that after a restart it is the same node on SMS
     * (whose unfinished executions SMS then ends).
     */
    public Builder identity(NodeIdentity value) {
      identity = once(identity, value, "identity");
      return this;
    }

    /** The node's egress policy (the {@code egress:} section); default: guests reach nothing. */
    public Builder egress(EgressPolicy value) {
      egress = once(egress, value, "egress");
      return this;
    }

    /** The limits of guests' {@code http_call} (the {@code http_call:} section). */
    public Builder httpCall(HttpCallLimits value) {
      httpCall = once(httpCall, value, "httpCall");
      return this;
    }

    /** Starts the Spearlet; returns once it listens and has begun registering with SMS. */
    public SpearletServer start() {
      return SpearletWiring.start(
          new SpearletSettings(
              runtimeConfig,
              ai == null ? AiConfig.NONE : ai,
              ticker == null ? System::nanoTime : ticker,
              clock == null ? InstantSource.system() : clock,
              security == null ? ServerSecurity.none() : security,
              streams == null ? StreamSettings.DEFAULTS : streams,
              identity == null ? NodeIdentity.inMemory() : identity,
              egress == null ? EgressPolicy.NONE : egress,
              httpCall == null ? HttpCallLimits.DEFAULTS : httpCall));
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

  /** The uuid SMS gave this node, once registered. */
  public java.util.Optional<String> nodeUuid() {
    return agent.nodeUuid();
  }

  /** Every route served. */
  public java.util.List<io.spear.http.Route> routes() {
    return http.routes();
  }

  /** Deregisters, stops serving, stops instances and flushes pending execution reports. */
  @Override
  public void close() {
    agent.close();
    http.close();
    pool.close();
    runtime.close();
    ai.close();
    background.shutdownNow();
    reporter.close();
    sms.close();
  }
}
