package io.spear.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.HttpServer;
import io.spear.model.json.Json;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * SMS and one Spearlet in this process, as {@code spear up} runs them, on free loopback ports and a
 * fresh data folder; plus the HTTP calls a user makes.
 */
final class Platform implements AutoCloseable {

  private final SmsServer sms;
  private final Path dataDir;
  private SpearletServer spearlet;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Platform(SmsServer sms, SpearletServer spearlet, Path dataDir) {
    this.sms = sms;
    this.spearlet = spearlet;
    this.dataDir = dataDir;
  }

  /** Starts SMS on {@code dataDir} and a Spearlet registered with it. */
  static Platform start(Path dataDir) {
    // The HTTP figures compare with each server's POST /noop, which servers serve only on request.
    System.setProperty(HttpServer.NOOP_ROUTE_PROPERTY, "true");
    SmsServer sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
    try {
      return new Platform(sms, startSpearlet(sms, dataDir), dataDir);
    } catch (RuntimeException e) {
      sms.close();
      throw e;
    }
  }

  private static SpearletServer startSpearlet(SmsServer sms, Path dataDir) {
    SpearletConfig config =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(sms.httpAddr())
            .bindHost("127.0.0.1")
            .advertiseHost("127.0.0.1")
            .httpPort(0)
            .build();
    // As `spear up` runs it: compiled modules kept beside SMS's data.
    SpearletServer server =
        SpearletServer.builder(
                RuntimeConfig.of(config).withCompiledCodeCache(dataDir.resolve("compiled")))
            .start();
    if (server.nodeUuid().isEmpty()) {
      server.close();
      throw new IllegalStateException("the Spearlet did not register with SMS");
    }
    return server;
  }

  /** Stops the Spearlet (it deregisters) and starts a fresh one: nothing cached, JVM warm. */
  void restartSpearlet() {
    spearlet.close();
    spearlet = startSpearlet(sms, dataDir);
  }

  int smsPort() {
    return sms.port();
  }

  int spearletPort() {
    return spearlet.port();
  }

  String smsBase() {
    return "http://127.0.0.1:" + sms.port();
  }

  String spearletBase() {
    return "http://127.0.0.1:" + spearlet.port();
  }

  /** Uploads a module; returns its {@code sms+file://} uri. */
  String upload(byte[] module, String name) {
    JsonNode answer =
        json(
            send(
                HttpRequest.newBuilder(URI.create(smsBase() + "/api/v1/files"))
                    .header("X-File-Name", name)
                    .header("Content-Type", "application/wasm")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(module)),
                201));
    return answer.path("uri").asText();
  }

  /** Registers a task running the module at {@code uri}; returns its id. */
  String register(String name, String uri) {
    String body =
        Json.write(
            Map.of(
                "name",
                name,
                "executable",
                Map.of("type", "wasm", "uri", uri, "name", name + ".wasm")));
    JsonNode answer =
        json(
            send(
                HttpRequest.newBuilder(URI.create(smsBase() + "/api/v1/tasks"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)),
                201));
    return answer.path("task_id").asText();
  }

  /** Invokes a task through SMS, the way {@code spear invoke} does; returns the guest's stdout. */
  byte[] invokeThroughSms(String taskId, byte[] input) {
    return send(
        HttpRequest.newBuilder(URI.create(smsBase() + "/api/v1/tasks/" + taskId + "/invoke"))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(input)),
        200);
  }

  /**
   * Waits, up to {@code max}, until the node has sent SMS every execution report it holds: a group
   * that ran the node faster than SMS ingests leaves a backlog, and while it is over half the queue
   * the node refuses invocations (its backpressure), which the next group would count.
   *
   * @return whether the queue drained in time
   */
  boolean awaitReportsDrained(Duration max) {
    long until = System.nanoTime() + max.toNanos();
    while (true) {
      String metrics =
          new String(
              send(HttpRequest.newBuilder(URI.create(spearletBase() + "/metrics")).GET(), 200),
              java.nio.charset.StandardCharsets.UTF_8);
      boolean drained =
          metrics
              .lines()
              .filter(l -> l.startsWith("spear_execution_reports_pending "))
              .allMatch(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).strip()) == 0);
      if (drained || System.nanoTime() > until) {
        return drained;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** GETs a path on SMS and returns the body; fails unless 200. */
  byte[] getSms(String path) {
    return send(HttpRequest.newBuilder(URI.create(smsBase() + path)).GET(), 200);
  }

  byte[] send(HttpRequest.Builder request, int expected) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            response.request().method()
                + " "
                + response.request().uri()
                + " answered "
                + response.statusCode()
                + ": "
                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode json(byte[] body) {
    return Json.tree(new String(body, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    try {
      spearlet.close();
    } finally {
      sms.close();
    }
  }
}
