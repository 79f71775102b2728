package io.spear.sms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.spear.http.HttpMetrics;
import io.spear.http.HttpServer;
import io.spear.http.StartedParts;
import io.spear.http.auth.ServerSecurity;
import io.spear.sms.execution.ExecutionExpiry;
import io.spear.sms.execution.ExecutionPruner;
import io.spear.sms.execution.ExecutionRetention;
import io.spear.sms.execution.ExecutionService;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.execution.NodeReconciliationService;
import io.spear.sms.file.FileService;
import io.spear.sms.history.ExecutionControlService;
import io.spear.sms.history.ExecutionListService;
import io.spear.sms.invoke.ForwardingClient;
import io.spear.sms.invoke.InvocationService;
import io.spear.sms.invoke.NodeForwarder;
import io.spear.sms.invoke.NodeSelector;
import io.spear.sms.invoke.TaskCache;
import io.spear.sms.kv.KvService;
import io.spear.sms.log.ExecutionLogService;
import io.spear.sms.log.LogLimits;
import io.spear.sms.log.LogRetention;
import io.spear.sms.log.LoggingExecutionStore;
import io.spear.sms.mcp.McpService;
import io.spear.sms.node.NodeBackendsService;
import io.spear.sms.node.NodeLivenessMonitor;
import io.spear.sms.node.NodeResourceService;
import io.spear.sms.node.NodeService;
import io.spear.sms.schedule.ForwardingDispatcher;
import io.spear.sms.schedule.ScheduleService;
import io.spear.sms.schedule.Scheduler;
import io.spear.sms.secret.SecretService;
import io.spear.sms.secret.SecretsKey;
import io.spear.sms.store.SmsStore;
import io.spear.sms.stream.EndpointGatewayService;
import io.spear.sms.stream.StreamSessionService;
import io.spear.sms.task.TaskService;
import io.spear.sms.trigger.HttpTriggerService;
import io.spear.support.concurrent.Fatal;
import io.spear.support.concurrent.Workers;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds SMS's parts in their order (log retention, node liveness, execution expiry, HTTP) over an
 * open store; a step that fails closes the parts built before it and the store.
 */
final class SmsWiring {

  private static final Logger LOG = LoggerFactory.getLogger(SmsWiring.class);
  private static final String CONSOLE = "/spear-console";

  /** What the HTTP routes need besides the store. */
  private record Routing(
      ExecutionStore executions,
      NodeSelector selector,
      ForwardingClient forwarding,
      HttpClient streamClient,
      HttpClient controlClient,
      StreamSessionService streams,
      TaskCache taskCache,
      InvocationService invocations) {}

  private final SmsConfig config;
  private final LogLimits logLimits;
  private final ExecutionRetention retention;
  private final ServerSecurity security;
  private final Optional<SecretsKey> secretsKey;
  private final SmsStore store;
  private final HttpMetrics metrics = new HttpMetrics();
  // Executions whose node was lost, or that never ended, are ended by a worker; /health shows the
  // sweep's state.
  private final Workers workers;
  private final StartedParts started = new StartedParts();
  private final long kvMaxKeys;

  private SmsWiring(
      SmsConfig config,
      LogLimits logLimits,
      ServerSecurity security,
      Optional<SecretsKey> secretsKey,
      SmsStore store,
      long kvMaxKeys,
      ExecutionRetention retention) {
    this.config = config;
    this.retention = retention;
    this.kvMaxKeys = kvMaxKeys;
    this.logLimits = logLimits;
    this.security = security;
    this.secretsKey = secretsKey;
    this.store = started.add(store);
    this.workers = new Workers(config.clock(), Fatal::exit);
  }

  /** Starts SMS over {@code store}, or closes what it had started (and the store) and throws. */
  static SmsServer start(
      SmsConfig config,
      LogLimits logLimits,
      ServerSecurity security,
      Optional<SecretsKey> secretsKey,
      SmsStore store,
      long kvMaxKeys,
      ExecutionRetention retention) {
    SmsWiring wiring =
        new SmsWiring(config, logLimits, security, secretsKey, store, kvMaxKeys, retention);
    try {
      return wiring.start();
    } catch (RuntimeException e) {
      throw wiring.started.closeAfter(e);
    }
  }

  private SmsServer start() {
    // Executions reported by nodes also write their log lines, in the same transaction.
    ExecutionStore executions =
        new LoggingExecutionStore(
            store.executions(), store.executionLogs(), store::inOneTransaction);
    LogRetention logRetention =
        started.add(new LogRetention(store.executionLogs(), logLimits, config.clock()).start());
    Gauge.builder("spear.sms.file.bytes.stored", store.files(), f -> f.storedBytes())
        .description("Bytes of file content stored, counted once per distinct content")
        .baseUnit("bytes")
        .register(metrics.registry());
    NodeSelector selector = new NodeSelector(store.nodes(), config.clock());
    HttpClient streamClient = HttpClient.newHttpClient();
    started.add(streamClient, streamClient::shutdownNow);
    StreamSessionService streams =
        new StreamSessionService(
            store.streamSessions(),
            store.executions(),
            store.nodes(),
            config.clock(),
            streamClient);
    // Other replicas' node changes (a shared store) drop the snapshot too, not only ours.
    store.nodeChanges().subscribe(uuid -> selector.invalidate());
    NodeLivenessMonitor liveness =
        started.add(
            new NodeLivenessMonitor(
                    store.nodes(),
                    config.nodeHeartbeatTimeout(),
                    config.clock(),
                    selector::invalidate)
                .start());
    ForwardingClient forwarding = started.add(ForwardingClient.create());
    ExecutionExpiry expiry = started.add(expiry(executions));
    ExecutionPruner pruner = started.add(pruner());
    HttpClient controlClient = ExecutionControlService.client();
    started.add(controlClient, controlClient::shutdownNow);
    TaskCache taskCache = new TaskCache(store.tasks(), store.taskChanges());
    InvocationService invocations = new InvocationService(taskCache, selector, forwarding);
    started.add(scheduler(invocations));
    HttpServer http =
        started.add(
            http(
                new Routing(
                    executions,
                    selector,
                    forwarding,
                    streamClient,
                    controlClient,
                    streams,
                    taskCache,
                    invocations)));
    LOG.info(
        "SMS listening on {}:{} with data in {}", config.host(), http.port(), store.describe());
    return new SmsServer(started, store, liveness, http, logRetention, expiry, pruner);
  }

  private ExecutionExpiry expiry(ExecutionStore executions) {
    Duration period = sweepPeriod(config.nodeHeartbeatTimeout());
    return new ExecutionExpiry(
            executions,
            store.nodes(),
            config.nodeHeartbeatTimeout(),
            ExecutionExpiry.DEFAULT_MAX_AGE,
            config.clock())
        .start(
            period,
            sweep -> workers.periodic("sms-execution-expiry", period.multipliedBy(20), sweep));
  }

  // Deletes ended executions' records past their retention; /health shows the sweep's state.
  private ExecutionPruner pruner() {
    Counter pruned =
        Counter.builder("spear.sms.executions.pruned")
            .description("Records of ended executions deleted by the retention sweep")
            .register(metrics.registry());
    Duration period = ExecutionPruner.PERIOD;
    return new ExecutionPruner(store.executions(), retention, config.clock(), pruned)
        .start(
            period,
            sweep -> workers.periodic("sms-execution-retention", period.multipliedBy(30), sweep));
  }

  // Fires the schedules' ticks; with replicas on one database, each tick on one replica only.
  private Scheduler scheduler(InvocationService invocations) {
    ExecutorService handOver = Executors.newVirtualThreadPerTaskExecutor();
    started.add(handOver, handOver::shutdownNow);
    return new Scheduler(
            store.schedules(),
            new ForwardingDispatcher(
                store.tasks(), invocations, store.executions(), config.clock()),
            handOver,
            config.clock())
        .start(round -> workers.periodic("sms-scheduler", Duration.ofMinutes(1), round));
  }

  // As often as the liveness check: a lost node's executions end soon after it goes offline.
  private static Duration sweepPeriod(Duration nodeTimeout) {
    return Duration.ofMillis(Math.max(50, Math.min(5_000, nodeTimeout.toMillis() / 4)));
  }

  private HttpServer http(Routing routing) {
    HttpServer.Builder builder =
        HttpServer.builder("sms")
            .host(config.host())
            .port(config.port())
            .security(security)
            .failureLedger(store.authFailures())
            .metrics(metrics)
            .clock(config.clock())
            .openApiResource("/openapi/sms.yaml")
            .healthDetails(() -> healthDetails(routing.forwarding()))
            .maxBufferedBodyBytes(config.maxInvocationInputBytes());
    services(builder, routing);
    // The web console, when its module is on the classpath (the spear jar has it).
    if (SmsServer.class.getResource(CONSOLE + "/index.html") != null) {
      builder.staticSite("/console", CONSOLE);
    }
    return builder.start();
  }

  private Map<String, Object> healthDetails(ForwardingClient forwarding) {
    Map<String, Object> details = new LinkedHashMap<>();
    // A forwarding client that died fails every invocation: not healthy.
    details.put("status", forwarding.healthy() ? workers.status() : "degraded");
    details.put("forwarding", forwarding.healthy() ? "ok" : "failing");
    details.putAll(store.describe());
    details.put("workers", workers.report());
    return details;
  }

  private void services(HttpServer.Builder builder, Routing routing) {
    ExecutionStore executions = routing.executions();
    builder
        .service(
            new FileService(store.files(), config.maxUploadBytes(), config.uploadIdleTimeout()))
        .service(new TaskService(store.tasks(), store.executions(), store.files(), store.nodes()))
        .service(
            new NodeService(
                store.nodes(),
                store.nodeResources(),
                config.clock(),
                routing.selector()::invalidate,
                security.tokens()::boundTo))
        .service(new NodeResourceService(store.nodes(), store.nodeResources(), config.clock()))
        .service(new ExecutionService(executions, store.nodes()))
        .service(new NodeReconciliationService(executions, store.nodes(), config.clock()))
        .service(new ExecutionLogService(store.executionLogs(), store.executions(), store.nodes()))
        .service(new ExecutionListService(store.executionFinder()))
        .service(
            new ExecutionControlService(store.executions(), store.nodes(), routing.controlClient()))
        .service(routing.invocations())
        .service(
            new HttpTriggerService(
                routing.taskCache()::findByEndpoint,
                new NodeForwarder(routing.selector(), routing.forwarding())))
        .service(new ScheduleService(store.schedules(), store.tasks(), config.clock()))
        .service(new McpService(store.mcpServers()))
        .service(new KvService(store.kv(), store.tasks(), kvMaxKeys))
        .service(
            new SecretService(
                store.secrets(),
                secretsKey,
                store.tasks(),
                store.nodes(),
                store.mcpServers()::find))
        .service(routing.streams())
        .service(
            new EndpointGatewayService(
                store.tasks(),
                store.executions(),
                routing.selector(),
                routing.streams(),
                routing.streamClient()))
        .service(new NodeBackendsService(store.nodes()));
  }
}
