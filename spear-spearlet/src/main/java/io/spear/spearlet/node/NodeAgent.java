package io.spear.spearlet.node;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.api.NodeReconciled;
import io.spear.model.api.NodeRegistered;
import io.spear.model.api.NodeRegistration;
import io.spear.support.concurrent.DaemonThreads;
import io.spear.support.concurrent.Workers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's presence on SMS: registers at start, heartbeats with its load, re-registers when SMS
 * has forgotten it, and deregisters at shutdown. SMS being down never stops the node serving.
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  private final SmsClient sms;
  private final String advertiseHost;
  private final int httpPort;
  private final Map<String, String> metadata;
  private final Supplier<Map<String, String>> health;
  private final HostResources resources = new HostResources(Path.of("."));
  private final ScheduledExecutorService scheduler;
  private final Workers workers;
  private final NodeIdentity identity;
  private final Supplier<List<String>> knownExecutions;
  private final Consumer<String> forwardingSecrets;
  private volatile String nodeUuid;
  private volatile boolean reconciled;

  /**
   * An agent for a node reachable at {@code advertiseHost:httpPort}.
   *
   * @param health what each heartbeat reports, e.g. {@code in_flight}
   */
  public NodeAgent(
      SmsClient sms,
      String advertiseHost,
      int httpPort,
      Map<String, String> metadata,
      Supplier<Map<String, String>> health) {
    this(sms, advertiseHost, httpPort, metadata, health, new Workers());
  }

  /** An agent whose heartbeat is one of {@code workers}. */
  public NodeAgent(
      SmsClient sms,
      String advertiseHost,
      int httpPort,
      Map<String, String> metadata,
      Supplier<Map<String, String>> health,
      Workers workers) {
    this(
        sms, advertiseHost, httpPort, metadata, health, workers, NodeIdentity.inMemory(), List::of);
  }

  /**
   * An agent that registers under the uuid {@code identity} kept, and after each registration tells
   * SMS the executions this node still knows ({@code knownExecutions}), so that SMS ends the others
   * at once.
   */
  public NodeAgent(
      SmsClient sms,
      String advertiseHost,
      int httpPort,
      Map<String, String> metadata,
      Supplier<Map<String, String>> health,
      Workers workers,
      NodeIdentity identity,
      Supplier<List<String>> knownExecutions) {
    this(
        sms,
        advertiseHost,
        httpPort,
        metadata,
        health,
        workers,
        identity,
        knownExecutions,
        secret -> {});
  }

  /**
   * An agent as above that hands {@code forwardingSecrets} the secret SMS answers each registration
   * with, which SMS then presents when it forwards to this node.
   */
  public NodeAgent(
      SmsClient sms,
      String advertiseHost,
      int httpPort,
      Map<String, String> metadata,
      Supplier<Map<String, String>> health,
      Workers workers,
      NodeIdentity identity,
      Supplier<List<String>> knownExecutions,
      Consumer<String> forwardingSecrets) {
    this.forwardingSecrets = forwardingSecrets;
    this.identity = identity;
    this.knownExecutions = knownExecutions;
    this.workers = workers;
    this.sms = sms;
    this.advertiseHost = advertiseHost;
    this.httpPort = httpPort;
    this.metadata = Map.copyOf(metadata);
    this.health = health;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("spearlet-heartbeat"));
  }

  /** Registers now (retrying in the background if SMS is down) and heartbeats every period. */
  public NodeAgent start(java.time.Duration period) {
    Runnable beat = workers.periodic("spearlet-heartbeat", period.multipliedBy(10), this::tick);
    beat.run();
    long ms = period.toMillis();
    var _ = scheduler.scheduleWithFixedDelay(beat, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The uuid SMS gave this node, once registered. */
  public Optional<String> nodeUuid() {
    return Optional.ofNullable(nodeUuid);
  }

  // One step: register when not registered, else heartbeat. SMS being unreachable is logged here;
  // anything else is the worker's failure (logged, counted, shown in /health).
  private void tick() {
    try {
      if (nodeUuid == null) {
        register();
      } else {
        heartbeat();
      }
      if (!reconciled) {
        reconcile();
      }
    } catch (ApiCallException e) {
      LOG.warn(
          "SMS at {} not reachable for node registration/heartbeat: {}",
          sms.baseUrl(),
          e.toString());
    }
  }

  private void register() {
    NodeRegistration registration =
        new NodeRegistration(advertiseHost, httpPort, httpPort, metadata);
    NodeRegistered answer = identity.load().map(id -> reclaim(id, registration)).orElse(null);
    if (answer == null) {
      answer = sms.registerNode(registration);
    }
    String uuid = answer.nodeUuid();
    // Accepted before SMS can forward here under the new registration.
    forwardingSecrets.accept(answer.forwardingSecret());
    identity.save(uuid);
    reconciled = false;
    nodeUuid = uuid;
    LOG.info(
        "registered with SMS {} as node {} ({}:{})",
        sms.baseUrl(),
        nodeUuid,
        advertiseHost,
        httpPort);
  }

  // Registers under the stored uuid; null when SMS refuses it (another token's node, say), so that
  // the node registers as a new one rather than never.
  private NodeRegistered reclaim(String uuid, NodeRegistration registration) {
    try {
      return sms.registerNodeAs(uuid, registration);
    } catch (ApiCallException e) {
      if (e.status() == 400 || e.status() == 403) {
        LOG.warn("SMS refused node uuid {} ({}); registering as a new node", uuid, e.toString());
        return null;
      }
      throw e;
    }
  }

  // A node that (re)registered may have lost executions SMS still thinks it runs (a restart kills
  // every guest); SMS ends those now rather than when they expire.
  private void reconcile() {
    List<String> known = knownExecutions.get();
    NodeReconciled answer = sms.reconcileNode(nodeUuid, known);
    reconciled = true;
    if (!answer.ended().isEmpty()) {
      LOG.info(
          "SMS ended {} execution(s) of node {} that it no longer knows",
          answer.ended().size(),
          nodeUuid);
    }
  }

  private void heartbeat() {
    try {
      Map<String, String> report = new HashMap<>(resources.sample());
      report.putAll(health.get());
      sms.heartbeat(nodeUuid, report);
    } catch (ApiCallException e) {
      if (e.status() == 404) {
        LOG.warn("SMS forgot node {}; registering again", nodeUuid);
        nodeUuid = null;
        register();
        return;
      }
      throw e;
    }
  }

  /** Stops heartbeating and removes the node from SMS (best effort). */
  @Override
  public void close() {
    scheduler.shutdownNow();
    String uuid = nodeUuid;
    if (uuid != null) {
      try {
        sms.deleteNode(uuid);
        LOG.info("deregistered node {} from SMS", uuid);
      } catch (ApiCallException e) {
        LOG.warn("could not deregister node {}: {}", uuid, e.toString());
      }
    }
  }
}
