package io.spear.spearlet;

import io.spear.ai.AiServices;
import io.spear.client.SmsClient;
import io.spear.client.kv.KvClient;
import io.spear.host.http.CallScopes;
import io.spear.host.http.HeaderSecrets;
import io.spear.host.http.HttpCallFamily;
import io.spear.host.http.HttpCaller;
import io.spear.host.kv.KvFamily;
import io.spear.http.HttpMetrics;
import io.spear.http.HttpServer;
import io.spear.http.StartedParts;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.SmsCredential;
import io.spear.model.api.NodeHealth;
import io.spear.model.api.NodeMetadata;
import io.spear.model.json.Json;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.spearlet.ai.BackendsService;
import io.spear.spearlet.ai.SmsMcpSecrets;
import io.spear.spearlet.http.SmsHeaderSecrets;
import io.spear.spearlet.invoke.AdmissionControl;
import io.spear.spearlet.invoke.ExecutionRegistry;
import io.spear.spearlet.invoke.FunctionService;
import io.spear.spearlet.invoke.Invoker;
import io.spear.spearlet.invoke.SpearletMetrics;
import io.spear.spearlet.node.NodeAgent;
import io.spear.spearlet.report.ExecutionReporter;
import io.spear.spearlet.stream.MediaMeters;
import io.spear.spearlet.stream.StreamMeters;
import io.spear.spearlet.stream.StreamsService;
import io.spear.spearlet.task.InstancePool;
import io.spear.spearlet.task.KeptTasks;
import io.spear.spearlet.task.TaskDirectory;
import io.spear.spearlet.trigger.HttpTriggerService;
import io.spear.streams.UserStreamBroker;
import io.spear.streams.media.MediaServices;
import io.spear.support.concurrent.DaemonThreads;
import io.spear.support.concurrent.Fatal;
import io.spear.support.concurrent.Workers;
import io.spear.support.net.BearerToken;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a Spearlet's parts in their order (AI services, runtime, instances, reports, HTTP, the
 * agent on SMS); a step that fails closes the parts built before it.
 */
final class SpearletWiring {

  private static final Logger LOG = LoggerFactory.getLogger(SpearletWiring.class);
  private static final Duration REGISTRY_TTL = Duration.ofHours(1);
  // Half of it is kept for executions already admitted (ExecutionReporter.backlogged()).
  private static final int REPORT_QUEUE = 50_000;
  // A guest's key-value call waits at most this for SMS (and never past its execution's time).
  private static final Duration KV_TIMEOUT = Duration.ofSeconds(10);

  /** What the HTTP routes and the agent on SMS need of the node's core. */
  private record Core(
      AiServices ai,
      WasmRuntime runtime,
      UserStreamBroker userStreams,
      InstancePool pool,
      AdmissionControl admission,
      ExecutionRegistry registry,
      ExecutionReporter reporter,
      ExecutorService background,
      Invoker invoker) {}

  private final SpearletSettings settings;
  private final SpearletConfig config;
  private final BearerToken smsToken;
  private final SmsClient sms;
  private final HttpMetrics metrics = new HttpMetrics();
  // Background workers survive their failures, and /health says when one is failing.
  private final Workers workers;
  private final StartedParts started = new StartedParts();
  // The agent is made last (it needs the port) but the invoker and /health name its uuid.
  private volatile NodeAgent agent;

  private SpearletWiring(SpearletSettings settings) {
    this.settings = settings;
    this.config = settings.runtimeConfig().spearletConfig();
    this.smsToken = settings.security().outbound();
    this.sms = new SmsClient(config.smsHttpAddr(), smsToken);
    this.workers = new Workers(settings.clock(), Fatal::exit);
  }

  /** Starts a Spearlet, or closes what it had started and throws. */
  static SpearletServer start(SpearletSettings settings) {
    SpearletWiring wiring = new SpearletWiring(settings);
    try {
      return wiring.start();
    } catch (RuntimeException e) {
      throw wiring.started.closeAfter(e);
    }
  }

  private SpearletServer start() {
    started.add(sms);
    Core core = core();
    // SMS presents the secret it gave this node at its latest registration (role sms).
    SmsCredential fromSms = new SmsCredential();
    HttpServer http = started.add(http(core, fromSms));
    NodeAgent registered = started.add(agent(core, http, fromSms));
    agent = registered;
    registered.start(config.heartbeatInterval());
    LOG.info(
        "Spearlet listening on {}:{} (SMS {})",
        config.bindHost(),
        http.port(),
        config.smsHttpAddr());
    return new SpearletServer(
        http,
        registered,
        core.pool(),
        core.runtime(),
        core.reporter(),
        core.background(),
        core.ai(),
        sms);
  }

  private String nodeUuid() {
    NodeAgent current = agent;
    return current == null ? "" : current.nodeUuid().orElse("");
  }

  private Core core() {
    AiServices ai =
        started.add(
            AiServices.forNode(
                settings.ai(),
                config.smsHttpAddr(),
                smsToken,
                settings.egress(),
                new SmsMcpSecrets(sms, this::nodeUuid),
                metrics.registry()));
    UserStreamBroker userStreams = new UserStreamBroker(settings.streams().limits());
    MediaServices media = media(ai);
    ExecutionRegistry registry = new ExecutionRegistry(config.executionCacheBytes(), REGISTRY_TTL);
    WasmRuntime runtime = runtime(ai, userStreams, media, httpCall(registry));
    InstancePool pool =
        started.add(
            new InstancePool(
                runtime, config.idleInstanceTimeout(), settings.intervalTicker(), workers));
    TaskDirectory tasks =
        new TaskDirectory(
            sms,
            config.taskRevalidateInterval(),
            settings.intervalTicker(),
            pool::evict,
            // Beside the compiled modules: what a restarted node needs to run a task it knows.
            settings.runtimeConfig().compiledCodeCache().flatMap(KeptTasks::under));
    AdmissionControl admission =
        new AdmissionControl(
            config.maxInFlight(), config.queueCapacity(), AdmissionControl.ROOM_WAIT);
    ExecutionReporter reporter = new ExecutionReporter(sms, REPORT_QUEUE, workers);
    started.add(reporter, () -> reporter.close(0));
    // Asynchronous invocations run their guests on these threads, so they get the guest stack.
    ExecutorService background =
        Executors.newCachedThreadPool(
            DaemonThreads.named("spearlet-async", settings.runtimeConfig().guestStackBytes()));
    started.add(background, background::shutdownNow);
    Invoker invoker =
        new Invoker(
            runtime,
            tasks,
            pool,
            admission,
            registry,
            reporter,
            new SpearletMetrics(metrics.registry()),
            this::nodeUuid,
            settings.clock(),
            // Deadlines follow System.nanoTime, as the runtime's watchdog does.
            System::nanoTime,
            background,
            config.defaultTimeout());
    NodeGauges.bind(metrics.registry(), admission, pool, runtime, reporter);
    StreamMeters.bind(metrics.registry(), userStreams);
    MediaMeters.bind(metrics.registry(), media.metrics());
    return new Core(
        ai, runtime, userStreams, pool, admission, registry, reporter, background, invoker);
  }

  private MediaServices media(AiServices ai) {
    return ai.media().withMic(settings.streams().mic()).withLimits(settings.streams().media());
  }

  // Guests' outbound HTTP under the node's egress policy; header secrets come from SMS for the
  // task of each execution, when a call first names them.
  private HttpCallFamily httpCall(ExecutionRegistry registry) {
    HttpCaller caller = started.add(new HttpCaller(settings.httpCall(), metrics.registry()));
    return new HttpCallFamily(
        caller,
        new CallScopes(
            settings.egress(),
            executionId ->
                registry
                    .find(executionId)
                    .<HeaderSecrets>map(
                        e -> new SmsHeaderSecrets(sms, e.snapshot().record().taskId(), nodeUuid()))
                    .orElse(HeaderSecrets.NONE)));
  }

  private WasmRuntime runtime(
      AiServices ai, UserStreamBroker userStreams, MediaServices media, HttpCallFamily http) {
    RuntimeConfig runtimeConfig = settings.runtimeConfig();
    WasmRuntime runtime =
        new WasmRuntime(
            runtimeConfig
                .withFamilies(
                    HostFamilies.of(ai.chatFamily(), userStreams, media, kvFamily(), http))
                .withSecurity(runtimeConfig.security().withSmsToken(smsToken)));
    return started.add(runtime);
  }

  // Guests keep key-value state on SMS, reached with this node's token.
  private KvFamily kvFamily() {
    return new KvFamily(started.add(new KvClient(config.smsHttpAddr(), smsToken, KV_TIMEOUT)));
  }

  private HttpServer http(Core core, SmsCredential fromSms) {
    ServerSecurity security = settings.security();
    return HttpServer.builder("spearlet")
        .host(config.bindHost())
        .port(config.httpPort())
        .security(security.withTokenRegistry(security.tokens().withSmsCredential(fromSms)))
        .metrics(metrics)
        .clock(settings.clock())
        .openApiResource("/openapi/spearlet.yaml")
        .maxBufferedBodyBytes(Math.max(config.maxOutputBytes(), 16L * 1024 * 1024))
        // Synchronous invocations run their guests on the request threads.
        .requestThreadStackBytes(settings.runtimeConfig().guestStackBytes())
        .healthDetails(() -> healthDetails(core))
        .service(new FunctionService(core.invoker(), core.registry()))
        .service(new BackendsService(core.ai()))
        .service(
            new HttpTriggerService(
                core.invoker(),
                sms,
                config.taskRevalidateInterval(),
                settings.intervalTicker(),
                security.enabled()))
        .service(
            new StreamsService(
                core.userStreams(),
                core.registry(),
                settings.streams().hold(),
                settings.streams().idleTimeout()))
        .start();
  }

  private Map<String, Object> healthDetails(Core core) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", workers.status());
    details.put("node_uuid", nodeUuid());
    details.put("sms", config.smsHttpAddr());
    details.put("in_flight", core.admission().inFlight());
    details.put("queued", core.admission().queued());
    details.put("instances", core.pool().size());
    details.put("guest_memory_bytes", core.runtime().guestMemoryBudget().used());
    details.put("module_cache_bytes", core.runtime().moduleCacheBytes());
    details.put("workers", workers.report());
    return details;
  }

  private NodeAgent agent(Core core, HttpServer http, SmsCredential fromSms) {
    return new NodeAgent(
        sms,
        config.advertiseHost(),
        http.port(),
        nodeMetadata(core, http),
        () ->
            Map.of(
                NodeHealth.IN_FLIGHT,
                Integer.toString(core.admission().inFlight() + core.admission().queued()),
                NodeHealth.INSTANCES,
                Integer.toString(core.pool().size())),
        workers,
        settings.identity(),
        core.registry()::unended,
        fromSms::accept);
  }

  private Map<String, String> nodeMetadata(Core core, HttpServer http) {
    Map<String, String> metadata = new LinkedHashMap<>(standardMetadata(core, http));
    // SMS shows each node's egress policy, and refuses tasks that would widen every node's.
    metadata.put(
        "egress_allow",
        String.join(",", settings.egress().allow().stream().map(rule -> rule.text()).toList()));
    return metadata;
  }

  private Map<String, String> standardMetadata(Core core, HttpServer http) {
    return Map.of(
        NodeMetadata.RUNTIMES,
        "wasm",
        NodeMetadata.CAPABILITIES,
        String.join(",", core.runtime().capabilities()),
        // SMS waits for an invocation that names no limit as long as this node lets it run.
        NodeMetadata.DEFAULT_TIMEOUT_MS,
        Long.toString(config.defaultTimeout().toMillis()),
        // SMS reaches a node serving TLS with https.
        NodeMetadata.HTTP_SCHEME,
        http.scheme(),
        // SMS lists every node's backends (GET /api/v1/backends) from this entry.
        NodeMetadata.LLM_BACKENDS,
        Json.write(core.ai().backends()));
  }
}
