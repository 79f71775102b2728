package io.spear.sms.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.model.api.ExecutionLogAppended;
import io.spear.model.api.ExecutionLogEnd;
import io.spear.model.api.ExecutionLogPage;
import io.spear.model.bound.Bounds;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.model.json.JsonFields;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.id.Ids;
import io.spear.sms.node.NodeOwnership;
import io.spear.sms.node.NodeStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An execution's log as an API: paged lines, followed as Server-Sent Events while the execution
 * runs, or downloaded as text.
 */
public final class ExecutionLogService implements ApiService {

  /** The largest page. */
  public static final int MAX_LIMIT = 1_000;

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);
  private static final Duration MAX_FOLLOW = Duration.ofHours(1);

  private final ExecutionLogStore logs;
  private final ExecutionStore executions;
  private final NodeStore nodes;

  /**
   * A service over the log store, reading each execution's state from {@code executions} and
   * checking the nodes that append lines against the owners of {@code nodes}.
   */
  public ExecutionLogService(ExecutionLogStore logs, ExecutionStore executions, NodeStore nodes) {
    this.logs = logs;
    this.executions = executions;
    this.nodes = nodes;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/executions/{id}/logs", this::logs),
        Route.post("/api/v1/executions/{id}/logs", this::append).allow(Role.NODE),
        Route.get("/api/v1/executions/{id}/logs/download", this::download));
  }

  private void logs(Context ctx) throws IOException {
    String id = existing(ctx);
    long cursor = cursor(ctx);
    if ("true".equalsIgnoreCase(ctx.queryParam("follow"))) {
      follow(ctx, id, cursor);
      return;
    }
    int limit = QueryParams.intParam(ctx, "limit", 100, 1, MAX_LIMIT);
    LogPage page = read(id, cursor, limit);
    ctx.json(
        new ExecutionLogPage(
            true,
            id,
            page.lines().stream().map(LogLine::toApi).toList(),
            page.nextCursor(),
            page.truncated(),
            ended(id)));
  }

  /**
   * A node appends the lines its running guest wrote: {@code {"lines": [{ts_ms, level, message}]}},
   * the first time with {@code "started": {node_uuid, task_id, ts_ms}}.
   */
  private void append(Context ctx) {
    String raw = ctx.pathParam("id");
    String id =
        Ids.token(raw)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        ErrorCode.EXECUTION_NOT_FOUND, "execution not found: " + raw));
    JsonNode body = JsonFields.object(ctx.body(), true);
    JsonNode items = body.get("lines");
    if (items == null || !items.isArray() || items.size() > MAX_LIMIT) {
      throw new InvalidRequestException(
          "lines must be an array of at most " + MAX_LIMIT + " {ts_ms, level, message} objects");
    }
    List<LogLine> lines = new ArrayList<>(items.size() + 1);
    JsonNode started = body.get("started");
    if (started != null && started.isObject() && !logs.hasStream(id, "system")) {
      // The node's first lines of a running execution: the log opens with its start, as it does
      // when the lines come with the final record.
      lines.add(
          LogLine.of(
              Bounds.EPOCH_MS.named("started.ts_ms").read(started, "ts_ms").orElse(0L),
              "system",
              "info",
              SystemLines.started(
                  JsonFields.text(started, "node_uuid", "started.node_uuid", false),
                  JsonFields.text(started, "task_id", "started.task_id", false))));
    }
    for (JsonNode item : items) {
      if (!item.isObject()) {
        throw new InvalidRequestException("each line must be an object");
      }
      String level = JsonFields.text(item, "level", "lines[].level", false);
      if (!level.isEmpty() && !List.of("info", "warn", "error").contains(level)) {
        throw new InvalidRequestException("lines[].level must be info, warn or error");
      }
      lines.add(
          LogLine.of(
              Bounds.EPOCH_MS.named("lines[].ts_ms").read(item, "ts_ms").orElse(0L),
              "guest",
              level.isEmpty() ? "info" : level,
              JsonFields.text(item, "message", "lines[].message", true)));
    }
    requireReporter(ctx, id, started);
    int kept = logs.append(id, lines);
    ctx.json(new ExecutionLogAppended(true, kept));
  }

  /**
   * Refuses a node token appending to the log of an execution that none of its nodes runs. The node
   * is the one its record names; before there is a record (a synchronous execution reports only at
   * its end), the one that opened the log with its {@code started} line, or that the first lines
   * name.
   */
  private void requireReporter(Context ctx, String id, JsonNode started) {
    if (!NodeOwnership.isNodeToken(ctx)) {
      return;
    }
    String node =
        executions
            .find(id)
            .map(ExecutionRecord::nodeUuid)
            .or(() -> openingNode(id))
            .orElseGet(
                () ->
                    started != null && started.isObject()
                        ? started.path("node_uuid").asText()
                        : "");
    NodeOwnership.requireReporter(ctx, nodes, node, id);
  }

  private Optional<String> openingNode(String id) {
    return logs.read(id, 0, 1).lines().stream()
        .findFirst()
        .filter(line -> line.stream().equals("system"))
        .flatMap(line -> SystemLines.startedNode(line.message()));
  }

  /** Streams lines as they are stored until the execution has ended and every line was sent. */
  private void follow(Context ctx, String id, long from) throws IOException {
    ctx.status(200)
        .contentType("text/event-stream; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    long cursor = from;
    long started = System.nanoTime();
    long lastWrite = started;
    try {
      while (true) {
        // Read the state before the lines: lines stored before it ended are then all seen.
        boolean endedBefore = ended(id);
        LogPage page = read(id, cursor, MAX_LIMIT);
        for (LogLine line : page.lines()) {
          write(out, "id: " + line.seq() + "\nevent: line\ndata: " + Json.write(line) + "\n\n");
          cursor = line.seq();
        }
        if (!page.lines().isEmpty()) {
          out.flush();
          lastWrite = System.nanoTime();
          continue;
        }
        if (endedBefore) {
          String status = executions.find(id).map(r -> r.status().wire()).orElse("unknown");
          write(
              out,
              "event: end\ndata: "
                  + Json.write(new ExecutionLogEnd(status, page.truncated()))
                  + "\n\n");
          out.flush();
          return;
        }
        if (System.nanoTime() - started > MAX_FOLLOW.toNanos()) {
          write(
              out,
              "event: end\ndata: "
                  + Json.write(new ExecutionLogEnd("follow_time_limit", page.truncated()))
                  + "\n\n");
          out.flush();
          return;
        }
        if (System.nanoTime() - lastWrite > KEEPALIVE.toNanos()) {
          // A comment line: keeps proxies from closing the stream and detects gone clients.
          write(out, ": keepalive\n\n");
          out.flush();
          lastWrite = System.nanoTime();
        }
        Thread.sleep(POLL);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private void download(Context ctx) {
    String id = existing(ctx);
    StringBuilder text = new StringBuilder();
    long cursor = 0;
    LogPage page;
    do {
      page = read(id, cursor, MAX_LIMIT);
      for (LogLine line : page.lines()) {
        text.append(Instant.ofEpochMilli(line.tsMs()))
            .append(' ')
            .append(line.stream())
            .append(' ')
            .append(line.level())
            .append(' ')
            .append(line.message())
            .append('\n');
      }
      cursor = page.nextCursor();
    } while (!page.lines().isEmpty());
    if (page.truncated()) {
      text.append("[log truncated at its size limit]\n");
    }
    ctx.contentType("text/plain; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"execution-" + id + ".log\"")
        .result(text.toString());
  }

  /** The stored lines after {@code cursor} with SMS's own lines derived from the record. */
  private LogPage read(String id, long cursor, int limit) {
    return SystemLines.withDerived(
        logs.read(id, cursor, limit), cursor, limit, () -> executions.find(id));
  }

  private boolean ended(String id) {
    return executions.find(id).map(ExecutionRecord::status).map(s -> s.terminal()).orElse(false);
  }

  private String existing(Context ctx) {
    String raw = ctx.pathParam("id");
    Optional<String> id = Ids.token(raw);
    if (id.isEmpty() || (executions.find(id.get()).isEmpty() && !logs.exists(id.get()))) {
      throw new NotFoundException(ErrorCode.EXECUTION_NOT_FOUND, "execution not found: " + raw);
    }
    return id.get();
  }

  private static long cursor(Context ctx) {
    String resume = ctx.header("Last-Event-ID");
    if (resume != null && resume.matches("\\d{1,18}")) {
      return Long.parseLong(resume);
    }
    return QueryParams.intParam(ctx, "cursor", 0, 0, Integer.MAX_VALUE);
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
