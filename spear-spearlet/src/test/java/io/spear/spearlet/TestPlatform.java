package io.spear.spearlet;

import io.spear.corpus.Corpus;
import io.spear.model.json.Json;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.FakeTicker;
import io.spear.testing.HttpTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real SMS and real Spearlets on free ports, with helpers to upload guests and register tasks.
 */
final class TestPlatform implements AutoCloseable {

  final SmsServer sms;
  final HttpTestClient smsHttp;
  final List<SpearletServer> spearlets = new ArrayList<>();

  /** The ticker of every Spearlet's intervals (task revalidation, idle instances). */
  final FakeTicker ticker = new FakeTicker();

  private TestPlatform(SmsServer sms) {
    this.sms = sms;
    this.smsHttp = new HttpTestClient(sms.port());
  }

  /** A platform over an SMS the caller started (and closes). */
  static TestPlatform over(SmsServer sms) {
    return new TestPlatform(sms);
  }

  static TestPlatform start(Path dataDir) {
    return start(dataDir, Duration.ofSeconds(90));
  }

  static TestPlatform start(Path dataDir, Duration nodeHeartbeatTimeout) {
    return new TestPlatform(
        SmsServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dataDir)
                .withNodeHeartbeatTimeout(nodeHeartbeatTimeout)));
  }

  /** The node config every test Spearlet starts from: this SMS, a free port, fast heartbeats. */
  SpearletConfig nodeConfig() {
    return SpearletConfig.defaults().toBuilder()
        .smsHttpAddr(sms.httpAddr())
        .bindHost("127.0.0.1")
        .httpPort(0)
        .heartbeatInterval(Duration.ofMillis(200))
        .taskRevalidateInterval(Duration.ofMillis(300))
        .build();
  }

  SpearletServer addSpearlet() {
    return addSpearlet(b -> b);
  }

  SpearletServer addSpearlet(UnaryOperator<SpearletConfig.Builder> customize) {
    SpearletServer spearlet =
        SpearletServer.builder(RuntimeConfig.of(customize.apply(nodeConfig().toBuilder()).build()))
            .ticker(ticker)
            .start();
    spearlets.add(spearlet);
    return spearlet;
  }

  /** Uploads a corpus guest; answers its file id. */
  String upload(String fixture) {
    return smsHttp
        .post("/api/v1/files", Corpus.bytes(fixture), Map.of("X-File-Name", fixture))
        .json()
        .get("id")
        .asText();
  }

  /** Registers the seed document's task for a file; answers the task id. */
  String registerSeedTask(String fileId, List<String> args, Map<String, String> env) {
    return registerTask(fileId, args, env, Map.of());
  }

  String registerTask(
      String fileId, List<String> args, Map<String, String> env, Map<String, String> config) {
    String json =
        """
        {"name": "hello-wasm", "priority": "normal", "endpoint": "", "version": "1.0.0",
         "capabilities": ["wasm"], "metadata": {}, "config": %s,
         "executable": {"type": "wasm", "uri": "sms+file://%s", "name": "hello.wasm",
                        "args": %s, "env": %s}}
        """
            .formatted(Json.write(config), fileId, Json.write(args), Json.write(env));
    return smsHttp.postJson("/api/v1/tasks", json).json().get("task_id").asText();
  }

  /** Uploads a guest and registers a task for it; answers the task id. */
  String deploy(String fixture, String... args) {
    return registerSeedTask(upload(fixture), List.of(args), Map.of());
  }

  @Override
  public void close() {
    spearlets.forEach(SpearletServer::close);
    sms.close();
  }
}
