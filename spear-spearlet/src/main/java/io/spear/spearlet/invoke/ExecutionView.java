package io.spear.spearlet.invoke;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an execution: SPEAR's fields plus {@code error} (a code) and {@code message}.
 */
final class ExecutionView {

  private ExecutionView() {}

  static Map<String, Object> of(ExecutionEntry entry, String nodeUuid, boolean includeOutput) {
    ExecutionRecord r = entry.toRecord(nodeUuid);
    Map<String, Object> m = new LinkedHashMap<>();
    boolean failed = r.status().terminal() && r.status() != ExecutionState.COMPLETED;
    m.put("success", !failed);
    m.put("invocation_id", r.invocationId());
    m.put("execution_id", r.executionId());
    m.put("instance_id", r.instanceId());
    m.put("task_id", r.taskId());
    m.put("function_name", r.functionName());
    m.put("status", r.status().wire());
    m.put("exit_code", r.exitCode());
    if (includeOutput) {
      m.put("output_base64", Base64.getEncoder().encodeToString(entry.output()));
    }
    m.put("output_size", r.outputSize());
    m.put("output_truncated", r.outputTruncated());
    m.put("log", r.log());
    m.put("log_truncated", r.logTruncated());
    m.put("cold_start", entry.coldStart());
    m.put("created_at_ms", r.createdAtMs());
    m.put("started_at_ms", r.startedAtMs());
    m.put("completed_at_ms", r.completedAtMs());
    m.put("duration_ms", r.durationMs());
    m.put("node_uuid", r.nodeUuid());
    if (r.error() != null) {
      m.put("error", r.error());
      m.put("message", r.message());
    }
    return m;
  }

  /** The HTTP status of a finished execution: 200 when completed, its error's status otherwise. */
  static int status(ExecutionEntry entry) {
    return entry.state() == ExecutionState.COMPLETED || entry.error() == null
        ? 200
        : entry.error().httpStatus();
  }
}
