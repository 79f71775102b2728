package io.spear.sms.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.model.api.ExecutionList;
import io.spear.model.api.ExecutionReports;
import io.spear.model.api.ExecutionReportsStored;
import io.spear.model.api.ExecutionStored;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.model.json.JsonFields;
import io.spear.sms.id.Ids;
import io.spear.sms.node.NodeOwnership;
import io.spear.sms.node.NodeStore;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executions API: nodes report records, each only of the executions its own nodes run; anyone
 * reads them.
 */
public final class ExecutionService implements ApiService {

  /** The most records one batch report may hold. */
  public static final int MAX_BATCH = 1_000;

  private final ExecutionStore store;
  private final NodeStore nodes;

  /** A service over {@code store}, checking reporters against the owners of {@code nodes}. */
  public ExecutionService(ExecutionStore store, NodeStore nodes) {
    this.store = store;
    this.nodes = nodes;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.put("/api/v1/executions/{id}", this::report).allow(Role.NODE),
        Route.post("/api/v1/executions", this::reportBatch).allow(Role.NODE),
        Route.get("/api/v1/executions/{id}", this::get),
        Route.get("/api/v1/tasks/{id}/executions", this::listByTask));
  }

  private void report(Context ctx) {
    String id = executionId(ctx);
    ExecutionRecord record = ReportNumbers.check(parse(JsonFields.object(ctx.body(), true)));
    if (!id.equals(record.executionId())) {
      throw new InvalidRequestException(
          "execution_id " + record.executionId() + " does not match the path id " + id);
    }
    Map<String, ExecutionRecord> before = store.findAll(List.of(id));
    requireReporter(ctx, List.of(record), before);
    ExecutionRecord stored = store.upsertAll(List.of(record), before).getFirst();
    ctx.json(new ExecutionStored(true, stored.status().wire()));
  }

  /**
   * Many records in one request and one transaction: how a busy node keeps its reports from costing
   * more than its invocations. The body is read straight into records, without a tree between.
   */
  private void reportBatch(Context ctx) {
    ExecutionReports batch;
    try {
      batch = Json.mapper().readValue(ctx.bodyInputStream(), ExecutionReports.class);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidRequestException(
          "execution records are malformed: "
              + (e instanceof JsonProcessingException j ? JsonFields.describe(j) : e.getMessage()));
    }
    if (batch == null) {
      throw new InvalidRequestException("executions must be an array of execution records");
    }
    List<ExecutionRecord> records = batch.executions();
    if (records.size() > MAX_BATCH) {
      throw new InvalidRequestException(
          "executions holds " + records.size() + " records; at most " + MAX_BATCH + " per request");
    }
    for (ExecutionRecord record : records) {
      if (Ids.token(record.executionId()).isEmpty()) {
        throw new InvalidRequestException(
            "execution_id '" + record.executionId() + "' is not a valid id");
      }
      ReportNumbers.check(record);
    }
    // One read of what is stored serves the reporter check and the store's log lines.
    Map<String, ExecutionRecord> before =
        store.findAll(records.stream().map(ExecutionRecord::executionId).toList());
    requireReporter(ctx, records, before);
    List<ExecutionRecord> stored = store.upsertAll(records, before);
    ctx.json(new ExecutionReportsStored(true, stored.size()));
  }

  /**
   * Refuses a node token reporting a record whose node, as stored or as reported, it did not
   * register: one node can neither file nor take over another's executions.
   */
  private void requireReporter(
      Context ctx, List<ExecutionRecord> records, Map<String, ExecutionRecord> before) {
    if (!NodeOwnership.isNodeToken(ctx)) {
      return;
    }
    // Each node once, with an execution naming it for the refusal.
    Map<String, String> executionByNode = new LinkedHashMap<>();
    for (ExecutionRecord record : records) {
      ExecutionRecord stored = before.get(record.executionId());
      if (stored != null) {
        executionByNode.putIfAbsent(stored.nodeUuid(), stored.executionId());
      }
      executionByNode.putIfAbsent(record.nodeUuid(), record.executionId());
    }
    executionByNode.forEach(
        (node, execution) -> NodeOwnership.requireReporter(ctx, nodes, node, execution));
  }

  private static ExecutionRecord parse(JsonNode node) {
    try {
      return Json.mapper().treeToValue(node, ExecutionRecord.class);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidRequestException(
          "execution record is malformed: "
              + (e instanceof JsonProcessingException j ? JsonFields.describe(j) : e.getMessage()));
    }
  }

  private void get(Context ctx) {
    String id = executionId(ctx);
    ctx.json(store.find(id).orElseThrow(() -> notFound(id)));
  }

  private void listByTask(Context ctx) {
    String raw = ctx.pathParam("id");
    String taskId =
        Ids.canonical(raw)
            .orElseThrow(
                () -> new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + raw));
    Page<ExecutionRecord> page = store.listByTask(taskId, PageRequest.from(ctx));
    ctx.json(new ExecutionList(true, page.items(), page.totalCount()));
  }

  private static String executionId(Context ctx) {
    String raw = ctx.pathParam("id");
    return Ids.token(raw).orElseThrow(() -> notFound(raw));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException(ErrorCode.EXECUTION_NOT_FOUND, "execution not found: " + id);
  }
}
