package io.spear.sms.schedule;

import io.spear.model.error.ErrorCode;
import io.spear.model.error.SpearException;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.execution.ExecutionTrigger;
import io.spear.model.json.Json;
import io.spear.model.task.Task;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.invoke.InvocationService;
import io.spear.sms.task.TaskStore;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a tick to a node the way SMS forwards a client's asynchronous invocation, with headers
 * saying a schedule started it. A tick no node took is recorded as a failed execution, so that it
 * shows in the schedule's executions with the reason.
 */
public final class ForwardingDispatcher implements TickDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardingDispatcher.class);

  /** The header that tells a node what started an invocation. */
  public static final String TRIGGER_HEADER = "X-Spear-Trigger";

  /** The header that names the schedule that started an invocation. */
  public static final String SCHEDULE_ID_HEADER = "X-Spear-Schedule-Id";

  private final TaskStore tasks;
  private final InvocationService invocations;
  private final ExecutionStore executions;
  private final InstantSource clock;

  /**
   * A dispatcher forwarding through {@code invocations}, recording failures in {@code executions}.
   */
  public ForwardingDispatcher(
      TaskStore tasks,
      InvocationService invocations,
      ExecutionStore executions,
      InstantSource clock) {
    this.tasks = tasks;
    this.invocations = invocations;
    this.executions = executions;
    this.clock = clock;
  }

  @Override
  public void fire(Schedule schedule, Fire fire) {
    Optional<Task> task = tasks.find(schedule.taskId());
    if (task.isEmpty()) {
      failed(schedule, fire, ErrorCode.TASK_NOT_FOUND, "task " + schedule.taskId() + " is gone");
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task_id", schedule.taskId());
    body.put("mode", ExecutionMode.ASYNC.wire());
    body.put("execution_id", fire.executionId());
    body.put("invocation_id", fire.invocationId());
    body.put("input_base64", schedule.inputBase64());
    try {
      InvocationService.Forwarded answer =
          invocations.forwardOwn(
              task.get(),
              Json.write(body),
              Map.of(
                  TRIGGER_HEADER,
                  ExecutionTrigger.SCHEDULE.wire(),
                  SCHEDULE_ID_HEADER,
                  schedule.scheduleId()));
      int status = answer.response().statusCode();
      String text = new String(answer.response().body(), StandardCharsets.UTF_8);
      if (status / 100 == 2 || alreadyThere(status, text, fire)) {
        return;
      }
      failed(
          schedule,
          fire,
          ErrorCode.NO_NODE_AVAILABLE,
          "node " + answer.node().uuid() + " refused the tick with " + status + ": " + text);
    } catch (SpearException e) {
      failed(schedule, fire, e.code(), e.getMessage());
    }
  }

  // A tick taken over after its claimer died may have reached the node before: it is running.
  private static boolean alreadyThere(int status, String text, Fire fire) {
    return status == 400
        && text.contains("execution_id " + fire.executionId() + " is already used");
  }

  private void failed(Schedule schedule, Fire fire, ErrorCode code, String message) {
    LOG.warn(
        "schedule {}: tick {} did not run: {}", schedule.scheduleId(), fire.tickAtMs(), message);
    long now = clock.millis();
    executions.upsert(
        ExecutionRecord.accepted(
                fire.executionId(),
                fire.invocationId(),
                schedule.taskId(),
                "",
                "",
                ExecutionMode.ASYNC,
                now)
            .triggeredBy(ExecutionTrigger.SCHEDULE, schedule.scheduleId())
            .ended(
                ExecutionRecord.Ending.beforeRunning(ExecutionState.FAILED, code, message), now));
  }
}
