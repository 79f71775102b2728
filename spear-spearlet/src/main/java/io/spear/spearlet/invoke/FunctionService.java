package io.spear.spearlet.invoke;

import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.RequestBodies;
import io.spear.http.RequestThreads;
import io.spear.http.Route;
import io.spear.http.auth.AuthGuard;
import io.spear.http.auth.Role;
import io.spear.model.api.SpearHeaders;
import io.spear.model.bound.Bound;
import io.spear.model.bound.Bounds;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.ModuleCompilingException;
import io.spear.model.error.NotFoundException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionTrigger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The invocation API: SPEAR's {@code /functions/...} routes, and {@code POST /invoke/{task_id}}
 * (raw body in, raw stdout out) for people and scripts.
 */
public final class FunctionService implements ApiService {

  private static final long CANCEL_WAIT_MS = 1_000;

  private final Invoker invoker;

  private final ExecutionRegistry registry;

  /** A service over {@code invoker}. */
  public FunctionService(Invoker invoker, ExecutionRegistry registry) {
    this.invoker = invoker;
    this.registry = registry;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        // SMS forwards invocations, reads executions and cancels them here with the secret it gave
        // this node at registration (role sms); no other route of the node accepts that secret.
        Route.post("/functions/execute", this::execute).alsoAllow(Role.SMS),
        Route.get("/functions/executions/{id}", this::get).alsoAllow(Role.SMS),
        Route.post("/functions/executions/{id}/cancel", this::cancel).alsoAllow(Role.SMS),
        Route.post("/invoke/{task_id}", this::invokeRaw).alsoAllow(Role.SMS));
  }

  private void execute(Context ctx) {
    invoker.refuseIfFull();
    InvocationRequest request =
        trigger(ctx, InvocationRequest.fromJson(ctx.body()).withTaskUpdatedAt(taskUpdatedAt(ctx)));
    if (request.async()) {
      Execution entry = invoker.invokeAsync(request);
      ctx.status(202).json(ExecutionAnswer.of(entry.snapshot(), false));
      return;
    }
    whenRun(
        ctx,
        request,
        entry -> {
          Execution.Snapshot done = entry.snapshot();
          retryAfter(ctx, done.record());
          ctx.status(ExecutionAnswer.status(done.record())).json(ExecutionAnswer.of(done, true));
        });
  }

  /**
   * Runs a synchronous invocation and answers with {@code answer}: at once when it runs at once,
   * else (node, task or running slots at their limits) after the request has waited without a
   * thread, on the request thread the invocation then runs on.
   */
  private void whenRun(Context ctx, InvocationRequest request, Consumer<Execution> answer) {
    CompletableFuture<Execution> run = invoker.invokeWhenAdmitted(request, RequestThreads.of(ctx));
    if (run.isDone()) {
      answer.accept(run.join());
    } else {
      ctx.future(() -> run.thenAccept(answer));
    }
  }

  private void get(Context ctx) {
    Execution entry = find(ctx.pathParam("id"));
    boolean includeOutput = QueryParams.boolParam(ctx, "include_output", false);
    ctx.json(ExecutionAnswer.of(entry.snapshot(), includeOutput));
  }

  private void cancel(Context ctx) throws InterruptedException {
    Execution entry = invoker.cancel(ctx.pathParam("id"));
    // Answer with the final status when the guest stops promptly, as it should.
    entry.awaitEnd(CANCEL_WAIT_MS);
    ctx.json(ExecutionAnswer.of(entry.snapshot(), false));
  }

  private void invokeRaw(Context ctx) {
    invoker.refuseIfFull();
    long timeoutMs = QueryParams.param(ctx, Bounds.TIMEOUT_MS).orElse(0);
    Optional<String> function =
        Optional.ofNullable(ctx.queryParam("function")).filter(s -> !s.isBlank());
    InvocationRequest request =
        InvocationRequest.raw(
                ctx.pathParam("task_id"),
                function,
                Duration.ofMillis(timeoutMs),
                RequestBodies.bytes(ctx))
            .withTaskUpdatedAt(taskUpdatedAt(ctx));
    whenRun(ctx, request, entry -> answerRaw(ctx, entry.snapshot()));
  }

  private static void answerRaw(Context ctx, Execution.Snapshot done) {
    ExecutionRecord record = done.record();
    ctx.header(SpearHeaders.EXECUTION_ID, record.executionId());
    ctx.header(SpearHeaders.STATUS, record.status().wire());
    if (record.exitCode() != null) {
      ctx.header(SpearHeaders.EXIT_CODE, record.exitCode().toString());
    }
    int status = ExecutionAnswer.status(record);
    retryAfter(ctx, record);
    if (status == 200) {
      ctx.header(SpearHeaders.OUTPUT_TRUNCATED, Boolean.toString(record.outputTruncated()));
      ctx.contentType("application/octet-stream").result(done.output());
    } else {
      ctx.status(status).json(ExecutionAnswer.of(done, true));
    }
  }

  // A module still compiling will be ready soon: say when to come back.
  private static void retryAfter(Context ctx, ExecutionRecord record) {
    if (record.error() == ErrorCode.MODULE_COMPILING) {
      ctx.header("Retry-After", Integer.toString(ModuleCompilingException.RETRY_AFTER_SECONDS));
    }
  }

  /**
   * The request as started by what SMS names in its trigger headers; from any other caller (a
   * client's token) the headers are ignored, so no client can pass its call off as a schedule's.
   */
  private static InvocationRequest trigger(Context ctx, InvocationRequest request) {
    Optional<ExecutionTrigger> trigger =
        Optional.ofNullable(ctx.header(TRIGGER_HEADER)).flatMap(ExecutionTrigger::fromWire);
    if (!fromSms(ctx) || trigger.isEmpty()) {
      return request;
    }
    String schedule = Optional.ofNullable(ctx.header(SCHEDULE_ID_HEADER)).orElse("").trim();
    if (!schedule.isEmpty() && !SCHEDULE_ID.matcher(schedule).matches()) {
      throw new InvalidRequestException(SCHEDULE_ID_HEADER + " must be a schedule id");
    }
    return request.withTrigger(trigger.get(), schedule);
  }

  // With authentication off every caller is trusted as SMS is (every route is open anyway).
  private static boolean fromSms(Context ctx) {
    return AuthGuard.caller(ctx).map(c -> c.role() == Role.SMS).orElse(true);
  }

  /** The header by which SMS says what started an invocation ({@code schedule}, say). */
  public static final String TRIGGER_HEADER = "X-Spear-Trigger";

  /** The header by which SMS names the schedule that started an invocation. */
  public static final String SCHEDULE_ID_HEADER = "X-Spear-Schedule-Id";

  private static final java.util.regex.Pattern SCHEDULE_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /**
   * The task version a forwarding SMS names; a node that has it need not ask SMS again. From any
   * other caller the header is ignored: only SMS vouches that a version is current.
   */
  private static OptionalLong taskUpdatedAt(Context ctx) {
    String value = ctx.header(SpearHeaders.TASK_UPDATED_AT);
    if (value == null || value.isBlank() || !fromSms(ctx)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(new Bound(SpearHeaders.TASK_UPDATED_AT, 0, Long.MAX_VALUE).parse(value));
  }

  private Execution find(String id) {
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
