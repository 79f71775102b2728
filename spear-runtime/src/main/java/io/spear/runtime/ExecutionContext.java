package io.spear.runtime;

import io.spear.model.execution.ExecutionIds;
import io.spear.runtime.config.SpearletConfig;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One invocation's inputs.
 *
 * @param executionId the id of this execution
 * @param invocationId the id of the invocation that asked for it
 * @param functionName the export to call; empty means {@code _start} (a WASI command)
 * @param input the guest's stdin; the array is not copied, callers must not change it
 * @param environment environment variables over the instance's and the executable's
 * @param deadline when the whole invocation (queueing and instance creation included) must end
 * @param cancellation cancels the execution from another thread
 * @param cpuSlot the running slot the node's admission gave it, released around blocking host calls
 * @param logListener hears the log lines while the guest runs
 * @param stdoutSink also gets the guest's stdout as the guest writes it, on the guest's thread (the
 *     HTTP trigger streams it to its client); it must not throw, and the output is kept as usual
 */
public record ExecutionContext(
    String executionId,
    String invocationId,
    Optional<String> functionName,
    byte[] input,
    Map<String, String> environment,
    Deadline deadline,
    CancellationToken cancellation,
    CpuSlot cpuSlot,
    LogListener logListener,
    Optional<OutputStream> stdoutSink) {

  /** Checks every value eagerly. */
  public ExecutionContext {
    Objects.requireNonNull(executionId, "executionId must not be null");
    Objects.requireNonNull(invocationId, "invocationId must not be null");
    Objects.requireNonNull(functionName, "functionName must not be null");
    Objects.requireNonNull(input, "input must not be null");
    environment =
        environment == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    Objects.requireNonNull(deadline, "deadline must not be null");
    Objects.requireNonNull(cancellation, "cancellation must not be null");
    Objects.requireNonNull(cpuSlot, "cpuSlot must not be null");
    logListener = logListener == null ? LogListener.NONE : logListener;
    stdoutSink = stdoutSink == null ? Optional.empty() : stdoutSink;
  }

  /** Starts a builder with random ids, no input and the default time limit. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ExecutionContext}. */
  public static final class Builder {
    private String executionId = ExecutionIds.next();
    private String invocationId = executionId;
    private Optional<String> functionName = Optional.empty();
    private byte[] input = new byte[0];
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Deadline deadline;
    private Duration timeout = SpearletConfig.DEFAULT_TIMEOUT;
    private CancellationToken cancellation = new CancellationToken();
    private CpuSlot cpuSlot = CpuSlot.NONE;
    private LogListener logListener = LogListener.NONE;
    private Optional<OutputStream> stdoutSink = Optional.empty();

    private Builder() {}

    /** Sets the execution id. */
    public Builder withExecutionId(String value) {
      executionId = value;
      return this;
    }

    /** Sets the invocation id. */
    public Builder withInvocationId(String value) {
      invocationId = value;
      return this;
    }

    /** Calls this export instead of {@code _start}; null or empty means {@code _start}. */
    public Builder withFunctionName(String value) {
      functionName = Optional.ofNullable(value).filter(s -> !s.isEmpty());
      return this;
    }

    /** Sets the guest's stdin. */
    public Builder withInput(byte[] value) {
      input = value;
      return this;
    }

    /** Sets one environment variable. */
    public Builder withEnvironment(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /** Sets the deadline the invocation was given when it was accepted. */
    public Builder withDeadline(Deadline value) {
      deadline = value;
      return this;
    }

    /**
     * Sets a time limit counted from {@link #build()}, for callers without a deadline of their own
     * (tests, tools); without either, the limit is {@link SpearletConfig#DEFAULT_TIMEOUT}.
     */
    public Builder withTimeout(Duration value) {
      timeout = value;
      deadline = null;
      return this;
    }

    /** Uses a token the caller keeps, to cancel from another thread. */
    public Builder withCancellation(CancellationToken value) {
      cancellation = value;
      return this;
    }

    /** Sets the slot blocking host calls give back while they wait. */
    public Builder withCpuSlot(CpuSlot value) {
      cpuSlot = value;
      return this;
    }

    /** Hands each log line to {@code value} as the guest writes it. */
    public Builder withLogListener(LogListener value) {
      logListener = value;
      return this;
    }

    /** Hands the guest's stdout to {@code value} too, as it is written; it must not throw. */
    public Builder withStdoutSink(OutputStream value) {
      stdoutSink = Optional.of(value);
      return this;
    }

    /** The context. */
    public ExecutionContext build() {
      return new ExecutionContext(
          executionId,
          invocationId,
          functionName,
          input,
          environment,
          deadline != null ? deadline : Deadline.after(timeout, System.nanoTime()),
          cancellation,
          cpuSlot,
          logListener,
          stdoutSink);
    }
  }
}
