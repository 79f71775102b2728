package io.spear.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.model.api.ExecutionReports;
import io.spear.model.execution.ExecutionIds;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Execution record ingestion: a node's batches of completed hello records, each with its short log,
 * posted to SMS ({@code POST /api/v1/executions}, node token auth, the default SQLite store) on one
 * keep-alive connection. The figure is SMS's CPU per record: the process CPU time of the rounds
 * minus the posting thread's own (the bodies are serialized before the clock starts).
 */
final class IngestBench {

  /** The records per batch, as a busy node's reporter sends them. */
  static final int BATCH = 64;

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final BenchOptions options;
  private final Toolchain tools;
  private final Log log;

  IngestBench(BenchOptions options, Toolchain tools, Log log) {
    this.options = options;
    this.tools = tools;
    this.log = log;
  }

  /** One measured round: SMS CPU per record and records per second of wall time. */
  record Round(double cpuUsPerRecord, double recordsPerSecond, double kernelUsPerRecord) {}

  List<Figure> run() {
    String token = TokenRegistry.generateToken();
    TokenRegistry tokens = TokenRegistry.empty().with("node-1", Role.NODE, token);
    Path dataDir = tools.dir("platform-ingest");
    try (SmsServer sms =
        SmsServer.builder(
                SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))
            .security(ServerSecurity.withTokens(tokens))
            .start()) {
      String base = "http://127.0.0.1:" + sms.port();
      String node = register(base, token);
      String task = UUID.randomUUID().toString();
      int warmup = options.pick(20, 1200);
      int perRound = options.pick(10, 150);
      int rounds = options.pick(1, 7);
      post(base, token, batches(warmup, node, task));
      List<Round> measured = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        Round round = round(base, token, batches(perRound, node, task));
        log.line(
            "ingest round %d: %.1f us SMS cpu/record (kernel %.1f us), %.0f records/s",
            i + 1, round.cpuUsPerRecord(), round.kernelUsPerRecord(), round.recordsPerSecond());
        measured.add(round);
      }
      measured.sort((a, b) -> Double.compare(a.cpuUsPerRecord(), b.cpuUsPerRecord()));
      Round median = measured.get(measured.size() / 2);
      double cpu = median.cpuUsPerRecord();
      return List.of(
          new Figure(
              "ingest.records",
              "SMS CPU per ingested execution record: POST /api/v1/executions, batches of "
                  + BATCH
                  + " completed hello records with their logs, node token, SQLite (process CPU"
                  + " minus the client's / records)",
              String.format("%.1f µs", cpu),
              String.format("%.0f records/s on one connection", median.recordsPerSecond()),
              "—",
              "≤ 10 µs",
              Figure.Verdict.of(cpu <= 10),
              cpu));
    }
  }

  private Round round(String base, String token, List<byte[]> bodies) {
    long kernel = kernelTicks();
    long cpu = OS.getProcessCpuTime();
    long client = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    post(base, token, bodies);
    wall = System.nanoTime() - wall;
    client = THREADS.getCurrentThreadCpuTime() - client;
    cpu = OS.getProcessCpuTime() - cpu;
    kernel = kernelTicks() - kernel;
    long records = (long) bodies.size() * BATCH;
    return new Round(
        (cpu - client) / 1e3 / records, records / (wall / 1e9), kernel * 1e4 / records);
  }

  /** The process's system CPU time in clock ticks (1/100 s), from /proc; 0 where there is none. */
  private static long kernelTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {@code count} batch bodies of fresh completed executions of {@code task} on {@code node}. */
  static List<byte[]> batches(int count, String node, String task) {
    long now = System.currentTimeMillis();
    List<byte[]> bodies = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      List<ExecutionRecord> records = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        records.add(completedHello(node, task, now + b));
      }
      bodies.add(Json.writeBytes(new ExecutionReports(records)));
    }
    return bodies;
  }

  private static ExecutionRecord completedHello(String node, String task, long atMs) {
    // Ids as a node makes them (time-ordered), so records land where a node's would in the index.
    String id = ExecutionIds.next();
    return new ExecutionRecord(
        id,
        id,
        task,
        node,
        "inst-" + task.substring(0, 8),
        "",
        ExecutionMode.SYNC,
        ExecutionState.COMPLETED,
        0,
        null,
        null,
        atMs,
        atMs,
        atMs,
        0,
        41,
        false,
        22,
        false,
        "hello: greeting the caller\n",
        false,
        null,
        null);
  }

  private static String register(String base, String token) {
    byte[] body =
        "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": 1}"
            .getBytes(StandardCharsets.UTF_8);
    JsonNode answer = Json.tree(new String(send(base + "/api/v1/nodes", token, body, 201)));
    return answer.path("node_uuid").asText();
  }

  private static void post(String base, String token, List<byte[]> bodies) {
    for (byte[] body : bodies) {
      send(base + "/api/v1/executions", token, body, 200);
    }
  }

  // HttpURLConnection does its work on the calling thread and keeps the connection alive, so the
  // client's CPU is that thread's.
  private static byte[] send(String url, String token, byte[] body, int expected) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Authorization", "Bearer " + token);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] answer = in == null ? new byte[0] : in.readAllBytes();
      if (in != null) {
        in.close();
      }
      if (status != expected) {
        throw new IllegalStateException(
            url + " answered " + status + ": " + new String(answer, StandardCharsets.UTF_8));
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
