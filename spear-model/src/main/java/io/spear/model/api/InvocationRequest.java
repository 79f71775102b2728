package io.spear.model.api;

import io.spear.model.execution.ExecutionMode;
import java.util.Base64;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/invocations} (SPEAR's invocation JSON).
 *
 * @param taskId the task to run
 * @param functionName the export to call, or null for {@code _start}
 * @param invocationId the caller's id for the invocation, or null
 * @param executionId the caller's id for the execution, or null
 * @param mode whether to wait for the end
 * @param timeoutMs the time limit, or null for the node's default
 * @param inputBase64 the guest's stdin
 * @param inputContentType the media type of the input, or null
 * @param environment extra environment variables
 * @param headers headers passed to the guest
 * @param metadata free key/value pairs
 */
public record InvocationRequest(
    String taskId,
    String functionName,
    String invocationId,
    String executionId,
    ExecutionMode mode,
    Long timeoutMs,
    String inputBase64,
    String inputContentType,
    Map<String, String> environment,
    Map<String, String> headers,
    Map<String, String> metadata) {

  /** Normalizes absent maps to empty ones and the mode to sync. */
  public InvocationRequest {
    mode = mode == null ? ExecutionMode.SYNC : mode;
    inputBase64 = inputBase64 == null ? "" : inputBase64;
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A synchronous invocation of {@code taskId}'s {@code _start} with {@code input} as stdin. */
  public static InvocationRequest of(String taskId, byte[] input) {
    return new InvocationRequest(
        taskId,
        null,
        null,
        null,
        ExecutionMode.SYNC,
        null,
        Base64.getEncoder().encodeToString(input),
        null,
        Map.of(),
        Map.of(),
        Map.of());
  }

  /** This request with another mode. */
  public InvocationRequest withMode(ExecutionMode newMode) {
    return new InvocationRequest(
        taskId,
        functionName,
        invocationId,
        executionId,
        newMode,
        timeoutMs,
        inputBase64,
        inputContentType,
        environment,
        headers,
        metadata);
  }

  /** This request with a time limit and an export to call (null for {@code _start}). */
  public InvocationRequest with(Long newTimeoutMs, String function, Map<String, String> env) {
    return new InvocationRequest(
        taskId,
        function,
        invocationId,
        executionId,
        mode,
        newTimeoutMs,
        inputBase64,
        inputContentType,
        env,
        headers,
        metadata);
  }
}
