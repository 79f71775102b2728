package io.spear.spearlet.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.bound.Bounds;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionTrigger;
import io.spear.model.json.JsonFields;
import io.spear.model.json.WireNames;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One invocation as SPEAR's {@code POST /functions/execute} describes it.
 *
 * @param taskId the task to run
 * @param functionName the export to call; empty means {@code _start}
 * @param invocationId the caller's invocation id, or empty for a fresh one
 * @param executionId the caller's execution id, or empty for a fresh one
 * @param async whether to answer at once and run in the background
 * @param timeout the time limit; zero means the node default
 * @param input the guest's stdin
 * @param environment environment variables over the task's
 * @param taskUpdatedAt the {@code updated_at} of the task as the forwarding SMS knows it; a node
 *     that has that version need not ask SMS for it
 * @param stdoutSink gets the guest's stdout as it is written (the HTTP trigger's response), besides
 *     the record
 * @param trigger what started it, as the forwarding SMS says ({@code api} otherwise)
 * @param scheduleId the schedule that started it, empty when none did
 */
public record InvocationRequest(
    String taskId,
    Optional<String> functionName,
    Optional<String> invocationId,
    Optional<String> executionId,
    boolean async,
    Duration timeout,
    byte[] input,
    Map<String, String> environment,
    OptionalLong taskUpdatedAt,
    Optional<OutputStream> stdoutSink,
    ExecutionTrigger trigger,
    String scheduleId) {

  /** Parses the JSON body, refusing a bad field by name. */
  public static InvocationRequest fromJson(String raw) {
    JsonNode body = JsonFields.object(raw, true);
    String taskId = JsonFields.text(body, "task_id", "task_id", true).trim();
    if (taskId.isEmpty()) {
      throw new InvalidRequestException("task_id is required");
    }
    String modeText = JsonFields.text(body, "mode", "mode", false);
    ExecutionMode mode =
        modeText.isBlank()
            ? ExecutionMode.SYNC
            : WireNames.parse(ExecutionMode.class, modeText)
                .orElseThrow(
                    () ->
                        new InvalidRequestException(
                            "mode must be sync or async but was '" + modeText.trim() + "'"));
    long timeoutMs = Bounds.TIMEOUT_MS.read(body, "timeout_ms").orElse(0L);
    byte[] input = decode(JsonFields.text(body, "input_base64", "input_base64", false));
    return new InvocationRequest(
        taskId,
        nonEmpty(JsonFields.text(body, "function_name", "function_name", false)),
        nonEmpty(JsonFields.text(body, "invocation_id", "invocation_id", false)),
        nonEmpty(JsonFields.text(body, "execution_id", "execution_id", false))
            .map(InvocationRequest::requireToken),
        mode == ExecutionMode.ASYNC,
        Duration.ofMillis(timeoutMs),
        input,
        JsonFields.stringMap(body, "environment", "environment"),
        OptionalLong.empty(),
        Optional.empty(),
        ExecutionTrigger.API,
        "");
  }

  /** A synchronous invocation with a raw body as stdin (the {@code /invoke/{task}} route). */
  public static InvocationRequest raw(
      String taskId, Optional<String> functionName, Duration timeout, byte[] input) {
    return new InvocationRequest(
        taskId,
        functionName,
        Optional.empty(),
        Optional.empty(),
        false,
        timeout,
        input,
        Map.of(),
        OptionalLong.empty(),
        Optional.empty(),
        ExecutionTrigger.API,
        "");
  }

  /**
   * A synchronous invocation of the HTTP trigger: the request body as stdin, the CGI variables as
   * environment, stdout streamed to {@code sink}.
   */
  public static InvocationRequest http(
      String taskId,
      String executionId,
      Duration timeout,
      byte[] body,
      Map<String, String> environment,
      OptionalLong taskUpdatedAt,
      OutputStream sink) {
    return new InvocationRequest(
        taskId,
        Optional.empty(),
        Optional.empty(),
        Optional.of(executionId),
        false,
        timeout,
        body,
        environment,
        taskUpdatedAt,
        Optional.of(sink),
        ExecutionTrigger.HTTP,
        "");
  }

  /** A copy carrying the task version the forwarding SMS knows. */
  public InvocationRequest withTaskUpdatedAt(OptionalLong value) {
    return new InvocationRequest(
        taskId,
        functionName,
        invocationId,
        executionId,
        async,
        timeout,
        input,
        environment,
        value,
        stdoutSink,
        trigger,
        scheduleId);
  }

  /** A copy started by {@code by} for the schedule {@code schedule} (empty for none). */
  public InvocationRequest withTrigger(ExecutionTrigger by, String schedule) {
    return new InvocationRequest(
        taskId,
        functionName,
        invocationId,
        executionId,
        async,
        timeout,
        input,
        environment,
        taskUpdatedAt,
        stdoutSink,
        by,
        schedule);
  }

  private static byte[] decode(String base64) {
    if (base64.isEmpty()) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("input_base64 is not valid base64: " + e.getMessage());
    }
  }

  // A caller-chosen execution id names records on this node and on SMS, and appears in paths:
  // the same alphabet as SMS's ids.
  private static String requireToken(String id) {
    if (!EXECUTION_ID.matcher(id).matches() || id.startsWith(".")) {
      throw new InvalidRequestException(
          "execution_id must be 1 to 128 letters, digits, '.', '_' or '-' (not starting with"
              + " '.')");
    }
    return id;
  }

  private static final java.util.regex.Pattern EXECUTION_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private static Optional<String> nonEmpty(String s) {
    return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
