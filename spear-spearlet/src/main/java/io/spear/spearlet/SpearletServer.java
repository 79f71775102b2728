package io.spear.spearlet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.spear.ai.AiConfig;
import io.spear.ai.AiServices;
import io.spear.client.SmsClient;
import io.spear.http.HttpMetrics;
import io.spear.http.HttpServer;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.SmsCredential;
import io.spear.model.concurrent.DaemonThreads;
import io.spear.model.concurrent.Workers;
import io.spear.model.config.SpearletConfig;
import io.spear.model.json.Json;
import io.spear.model.net.BearerToken;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.host.HostServices;
import io.spear.runtime.media.MediaServices;
import io.spear.runtime.stream.UserStreamBroker;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.spearlet.ai.BackendsService;
import io.spear.spearlet.config.StreamSettings;
import io.spear.spearlet.invoke.AdmissionControl;
import io.spear.spearlet.invoke.ExecutionRegistry;
import io.spear.spearlet.invoke.FunctionService;
import io.spear.spearlet.invoke.Invoker;
import io.spear.spearlet.invoke.SpearletMetrics;
import io.spear.spearlet.node.NodeAgent;
import io.spear.spearlet.node.NodeIdentity;
import io.spear.spearlet.report.ExecutionReporter;
import io.spear.spearlet.stream.MediaMeters;
import io.spear.spearlet.stream.StreamMeters;
import io.spear.spearlet.stream.StreamsService;
import io.spear.spearlet.task.InstancePool;
import io.spear.spearlet.task.TaskDirectory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Spearlet: the WASM runtime, the invocation API, and its presence on SMS. */
public final class SpearletServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpearletServer.class);
  private static final long REGISTRY_BYTES = 256L * 1024 * 1024;
  private static final Duration REGISTRY_TTL = Duration.ofHours(1);
  // Half of it is kept for executions already admitted (ExecutionReporter.backlogged()).
  private static final int REPORT_QUEUE = 50_000;

  private final HttpServer http;
  private final NodeAgent agent;
  private final InstancePool pool;
  private final WasmRuntime runtime;
  private final ExecutionReporter reporter;
  private final ExecutorService background;
  private final AiServices ai;

  private SpearletServer(
      HttpServer http,
      NodeAgent agent,
      InstancePool pool,
      WasmRuntime runtime,
      ExecutionReporter reporter,
      ExecutorService background,
      AiServices ai) {
    this.http = http;
    this.agent = agent;
    this.pool = pool;
    this.runtime = runtime;
    this.reporter = reporter;
    this.background = background;
    this.ai = ai;
  }

  /** Starts a Spearlet on the system clock with the default runtime settings. */
  public static SpearletServer start(SpearletConfig config) {
    return start(RuntimeConfig.of(config));
  }

  /** Starts a Spearlet; its node configuration is {@code runtimeConfig.spearletConfig()}. */
  public static SpearletServer start(RuntimeConfig runtimeConfig) {
    return start(runtimeConfig, AiConfig.NONE, System::nanoTime);
  }

  /** Starts a Spearlet whose guests reach the LLM backends and MCP servers of {@code aiConfig}. */
  public static SpearletServer start(RuntimeConfig runtimeConfig, AiConfig aiConfig) {
    return start(runtimeConfig, aiConfig, System::nanoTime);
  }

  /**
   * Starts a Spearlet whose intervals (task revalidation, idle instances) follow {@code
   * intervalTicker}, a nanosecond ticker; tests pass a fake one and advance it instead of sleeping.
   * Invocation deadlines always follow {@link System#nanoTime()}, as the runtime's watchdog does.
   */
  public static SpearletServer start(RuntimeConfig runtimeConfig, LongSupplier intervalTicker) {
    return start(runtimeConfig, AiConfig.NONE, intervalTicker);
  }

  /** Starts a Spearlet with AI services and an interval ticker of the caller's choosing. */
  public static SpearletServer start(
      RuntimeConfig runtimeConfig, AiConfig aiConfig, LongSupplier intervalTicker) {
    return start(runtimeConfig, aiConfig, intervalTicker, ServerSecurity.none());
  }

  /**
   * Starts a Spearlet that {@code security} guards; its outbound token is the node token it
   * presents to SMS.
   */
  public static SpearletServer start(
      RuntimeConfig runtimeConfig,
      AiConfig aiConfig,
      LongSupplier intervalTicker,
      ServerSecurity security) {
    return start(
        runtimeConfig,
        aiConfig,
        intervalTicker,
        security,
        StreamSettings.DEFAULTS,
        NodeIdentity.inMemory());
  }

  /** Starts a Spearlet whose long-lived sessions follow {@code streams}. */
  public static SpearletServer start(
      RuntimeConfig runtimeConfig,
      AiConfig aiConfig,
      LongSupplier intervalTicker,
      ServerSecurity security,
      StreamSettings streams) {
    return start(
        runtimeConfig, aiConfig, intervalTicker, security, streams, NodeIdentity.inMemory());
  }

  /** Starts a Spearlet that registers under the node uuid {@code identity} keeps. */
  public static SpearletServer start(
      RuntimeConfig runtimeConfig,
      AiConfig aiConfig,
      LongSupplier intervalTicker,
      ServerSecurity security,
      NodeIdentity identity) {
    return start(
        runtimeConfig, aiConfig, intervalTicker, security, StreamSettings.DEFAULTS, identity);
  }

  /**
   * Starts a Spearlet whose long-lived sessions (user streams, speech sessions, microphones) follow
   * {@code streams}, and that registers under the node uuid {@code identity} keeps, so that after a
   * restart it is the same node on SMS (whose unfinished executions SMS then ends).
   */
  public static SpearletServer start(
      RuntimeConfig runtimeConfig,
      AiConfig aiConfig,
      LongSupplier intervalTicker,
      ServerSecurity security,
      StreamSettings streams,
      NodeIdentity identity) {
    SpearletConfig config = runtimeConfig.spearletConfig();
    BearerToken smsToken = security.outbound();
    SmsClient sms = new SmsClient(config.smsHttpAddr(), smsToken);
    HttpMetrics metrics = new HttpMetrics();
    AiServices ai =
        AiServices.forNode(aiConfig, config.smsHttpAddr(), smsToken, metrics.registry());
    UserStreamBroker userStreams = new UserStreamBroker(streams.limits());
    HostServices services = ai.hostServices();
    MediaServices media = services.media().withMic(streams.mic()).withLimits(streams.media());
    WasmRuntime runtime =
        new WasmRuntime(
            runtimeConfig
                .withHostServices(services.withUserStreams(userStreams).withMedia(media))
                .withSecurity(runtimeConfig.security().withSmsToken(smsToken)));
    // Background workers survive their failures, and /health says when one is failing.
    Workers workers = new Workers();
    InstancePool pool =
        new InstancePool(runtime, config.idleInstanceTimeout(), intervalTicker, workers);
    TaskDirectory tasks =
        new TaskDirectory(sms, config.taskRevalidateInterval(), intervalTicker, pool::evict);
    AdmissionControl admission =
        new AdmissionControl(
            config.maxInFlight(), config.queueCapacity(), AdmissionControl.ROOM_WAIT);
    ExecutionRegistry registry = new ExecutionRegistry(REGISTRY_BYTES, REGISTRY_TTL);
    ExecutionReporter reporter = new ExecutionReporter(sms, REPORT_QUEUE, workers);
    SpearletMetrics spearletMetrics = new SpearletMetrics(metrics.registry());
    AtomicReference<NodeAgent> agentRef = new AtomicReference<>();
    java.util.function.Supplier<String> nodeUuid =
        () -> {
          NodeAgent agent = agentRef.get();
          return agent == null ? "" : agent.nodeUuid().orElse("");
        };
    // Asynchronous invocations run their guests on these threads, so they get the guest stack.
    ExecutorService background =
        Executors.newCachedThreadPool(
            DaemonThreads.named("spearlet-async", runtimeConfig.guestStackBytes()));
    Invoker invoker =
        new Invoker(
            runtime,
            tasks,
            pool,
            admission,
            registry,
            reporter,
            spearletMetrics,
            nodeUuid,
            InstantSource.system(),
            System::nanoTime,
            background,
            config.defaultTimeout());
    bindGauges(metrics, admission, pool, runtime, reporter);
    StreamMeters.bind(metrics.registry(), userStreams);
    MediaMeters.bind(metrics.registry(), media.metrics());
    // SMS presents the secret it gave this node at its latest registration (role sms).
    SmsCredential fromSms = new SmsCredential();
    HttpServer http;
    try {
      http =
          HttpServer.builder("spearlet")
              .host(config.bindHost())
              .port(config.httpPort())
              .security(security.withTokenRegistry(security.tokens().withSmsCredential(fromSms)))
              .metrics(metrics)
              .openApiResource("/openapi/spearlet.yaml")
              .maxBufferedBodyBytes(Math.max(config.maxOutputBytes(), 16L * 1024 * 1024))
              // Synchronous invocations run their guests on the request threads.
              .requestThreadStackBytes(runtimeConfig.guestStackBytes())
              .healthDetails(
                  () -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("status", workers.status());
                    details.put("node_uuid", nodeUuid.get());
                    details.put("sms", config.smsHttpAddr());
                    details.put("in_flight", admission.inFlight());
                    details.put("queued", admission.queued());
                    details.put("instances", pool.size());
                    details.put("guest_memory_bytes", runtime.guestMemoryBudget().used());
                    details.put("module_cache_bytes", runtime.moduleCacheBytes());
                    details.put("workers", workers.report());
                    return details;
                  })
              .service(new FunctionService(invoker, registry))
              .service(new BackendsService(ai))
              .service(
                  new StreamsService(userStreams, registry, streams.hold(), streams.idleTimeout()))
              .start();
    } catch (RuntimeException e) {
      pool.close();
      runtime.close();
      ai.close();
      reporter.close(0);
      background.shutdownNow();
      throw e;
    }
    NodeAgent agent =
        new NodeAgent(
            sms,
            config.advertiseHost(),
            http.port(),
            Map.of(
                "runtimes",
                "wasm",
                "capabilities",
                String.join(",", runtime.capabilities()),
                // SMS waits for an invocation that names no limit as long as this node lets it run.
                "default_timeout_ms",
                Long.toString(config.defaultTimeout().toMillis()),
                // SMS reaches a node serving TLS with https.
                "http_scheme",
                http.scheme(),
                // SMS lists every node's backends (GET /api/v1/backends) from this entry.
                "llm_backends",
                Json.write(ai.backends())),
            () ->
                Map.of(
                    "in_flight", Integer.toString(admission.inFlight() + admission.queued()),
                    "instances", Integer.toString(pool.size())),
            workers,
            identity,
            registry::unended,
            fromSms::accept);
    agentRef.set(agent);
    agent.start(config.heartbeatInterval());
    LOG.info(
        "Spearlet listening on {}:{} (SMS {})",
        config.bindHost(),
        http.port(),
        config.smsHttpAddr());
    return new SpearletServer(http, agent, pool, runtime, reporter, background, ai);
  }

  private static void bindGauges(
      HttpMetrics metrics,
      AdmissionControl admission,
      InstancePool pool,
      WasmRuntime runtime,
      ExecutionReporter reporter) {
    var registry = metrics.registry();
    Gauge.builder("spear.invocations.in.flight", admission, AdmissionControl::inFlight)
        .description("Invocations running now")
        .register(registry);
    Gauge.builder("spear.invocation.queue.depth", admission, AdmissionControl::queued)
        .description("Invocations admitted and waiting for a slot")
        .register(registry);
    Gauge.builder("spear.instances", pool, InstancePool::size)
        .description("Task instances alive on this node")
        .register(registry);
    FunctionCounter.builder("spear.module.cache.hits", runtime, WasmRuntime::moduleCacheHits)
        .description("Instance creations that found their module compiled")
        .register(registry);
    FunctionCounter.builder("spear.module.cache.misses", runtime, WasmRuntime::moduleCacheMisses)
        .description("Instance creations that compiled their module")
        .register(registry);
    Gauge.builder("spear.module.cache.size", runtime, WasmRuntime::moduleCacheSize)
        .description("Compiled modules held in memory")
        .register(registry);
    Gauge.builder("spear.module.cache.bytes", runtime, WasmRuntime::moduleCacheBytes)
        .description("Estimated heap the cached compiled modules hold")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(
            "spear.module.cache.evictions", runtime, WasmRuntime::moduleCacheEvictions)
        .description("Compiled modules evicted to keep the cache within its budget")
        .register(registry);
    Gauge.builder("spear.guest.memory.used", runtime, r -> r.guestMemoryBudget().used())
        .description("Linear memory all guests hold now")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(
            "spear.guest.memory.refusals", runtime, r -> r.guestMemoryBudget().refusals())
        .description("Guest memory allocations refused by the node's guest memory budget")
        .register(registry);
    Gauge.builder("spear.execution.reports.pending", reporter, ExecutionReporter::pending)
        .description("Execution records waiting to be sent to SMS")
        .register(registry);
    FunctionCounter.builder("spear.execution.reports.dropped", reporter, ExecutionReporter::dropped)
        .description("Execution records dropped because the report queue was full")
        .register(registry);
    FunctionCounter.builder(
            "spear.execution.live.log.lines.dropped",
            reporter,
            ExecutionReporter::liveLogLinesDropped)
        .description("Log lines of running executions not sent to SMS (queue full, SMS down)")
        .register(registry);
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
  }
}
