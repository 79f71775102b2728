package io.spear.sms.task;

import io.spear.model.execution.ExecutionRecord;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.page.PageRequest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEAR's task result fields ({@code result_uris}, {@code last_result_uri}, {@code
 * last_result_status}, {@code last_completed_at}, {@code last_result_metadata}), derived from the
 * task's ended executions when the task is read, so they are always as current as the execution
 * records and need no second write on every report.
 */
final class TaskResults {

  /** How many recent executions the fields look at. */
  static final int RECENT = 100;

  private final ExecutionStore executions;

  TaskResults(ExecutionStore executions) {
    this.executions = executions;
  }

  /** The result fields of a task; empty values (as SPEAR's defaults) before any execution ended. */
  Map<String, Object> of(String taskId) {
    List<ExecutionRecord> ended =
        executions.listByTask(taskId, new PageRequest(RECENT, 0)).items().stream()
            .filter(e -> e.status().terminal())
            .sorted(Comparator.comparingLong(ExecutionRecord::completedAtMs).reversed())
            .toList();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("result_uris", ended.stream().map(TaskResults::uri).toList());
    if (ended.isEmpty()) {
      fields.put("last_result_uri", "");
      fields.put("last_result_status", "");
      fields.put("last_completed_at", 0L);
      fields.put("last_result_metadata", Map.of());
      return fields;
    }
    ExecutionRecord last = ended.getFirst();
    fields.put("last_result_uri", uri(last));
    fields.put("last_result_status", last.status().wire());
    fields.put("last_completed_at", last.completedAtMs() / 1000);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("execution_id", last.executionId());
    metadata.put("node_uuid", last.nodeUuid());
    metadata.put("exit_code", last.exitCode() == null ? "" : last.exitCode().toString());
    metadata.put("duration_ms", Long.toString(last.durationMs()));
    metadata.put("output_size", Long.toString(last.outputSize()));
    if (last.error() != null) {
      metadata.put("error", last.error().name());
    }
    fields.put("last_result_metadata", metadata);
    return fields;
  }

  /** Where an execution's result is read: its record on this SMS. */
  private static String uri(ExecutionRecord e) {
    return "/api/v1/executions/" + e.executionId();
  }
}
