package io.spear.spearlet.invoke;

import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The invocation API: SPEAR's {@code /functions/...} routes, and {@code POST /invoke/{task_id}}
 * (raw body in, raw stdout out) for people and scripts.
 */
public final class FunctionService implements ApiService {

  private static final long CANCEL_WAIT_MS = 1_000;

  /** The header by which SMS tells a node which version of the task it forwards. */
  public static final String TASK_UPDATED_AT_HEADER = "X-Spear-Task-Updated-At";

  private final Invoker invoker;
  private final ExecutionRegistry registry;
  private final Supplier<String> nodeUuid;

  /** A service over {@code invoker}. */
  public FunctionService(Invoker invoker, ExecutionRegistry registry, Supplier<String> nodeUuid) {
    this.invoker = invoker;
    this.registry = registry;
    this.nodeUuid = nodeUuid;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/functions/execute", this::execute),
        Route.get("/functions/executions/{id}", this::get),
        Route.post("/functions/executions/{id}/cancel", this::cancel),
        Route.post("/invoke/{task_id}", this::invokeRaw));
  }

  private void execute(Context ctx) {
    InvocationRequest request =
        InvocationRequest.fromJson(ctx.body()).withTaskUpdatedAt(taskUpdatedAt(ctx));
    if (request.async()) {
      ExecutionEntry entry = invoker.invokeAsync(request);
      ctx.status(202).json(ExecutionView.of(entry, nodeUuid.get(), false));
      return;
    }
    ExecutionEntry entry = invoker.invokeSync(request);
    ctx.status(ExecutionView.status(entry)).json(ExecutionView.of(entry, nodeUuid.get(), true));
  }

  private void get(Context ctx) {
    ExecutionEntry entry = find(ctx.pathParam("id"));
    boolean includeOutput = QueryParams.boolParam(ctx, "include_output", false);
    ctx.json(ExecutionView.of(entry, nodeUuid.get(), includeOutput));
  }

  private void cancel(Context ctx) throws InterruptedException {
    ExecutionEntry entry = invoker.cancel(ctx.pathParam("id"));
    // Answer with the final status when the guest stops promptly, as it should.
    entry.awaitEnd(CANCEL_WAIT_MS);
    ctx.json(ExecutionView.of(entry, nodeUuid.get(), false));
  }

  private void invokeRaw(Context ctx) {
    int timeoutMs = QueryParams.intParam(ctx, "timeout_ms", 0, 0, Integer.MAX_VALUE);
    Optional<String> function =
        Optional.ofNullable(ctx.queryParam("function")).filter(s -> !s.isBlank());
    InvocationRequest request =
        InvocationRequest.raw(
                ctx.pathParam("task_id"), function, Duration.ofMillis(timeoutMs), ctx.bodyAsBytes())
            .withTaskUpdatedAt(taskUpdatedAt(ctx));
    ExecutionEntry entry = invoker.invokeSync(request);
    ctx.header("X-Spear-Execution-Id", entry.executionId());
    ctx.header("X-Spear-Status", entry.state().wire());
    if (entry.exitCode() != null) {
      ctx.header("X-Spear-Exit-Code", entry.exitCode().toString());
    }
    int status = ExecutionView.status(entry);
    if (status == 200) {
      ctx.header("X-Spear-Output-Truncated", Boolean.toString(entry.outputTruncated()));
      ctx.contentType("application/octet-stream").result(entry.output());
    } else {
      ctx.status(status).json(ExecutionView.of(entry, nodeUuid.get(), true));
    }
  }

  /** The task version a forwarding SMS names; a node that has it need not ask SMS again. */
  private static OptionalLong taskUpdatedAt(Context ctx) {
    String value = ctx.header(TASK_UPDATED_AT_HEADER);
    if (value == null || value.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          TASK_UPDATED_AT_HEADER + " must be a number but was '" + value + "'");
    }
  }

  private ExecutionEntry find(String id) {
    if (id.isBlank()) {
      throw new InvalidRequestException("execution id is required");
    }
    return registry
        .find(id)
        .orElseThrow(
            () ->
                new NotFoundException(ErrorCode.EXECUTION_NOT_FOUND, "execution not found: " + id));
  }
}
