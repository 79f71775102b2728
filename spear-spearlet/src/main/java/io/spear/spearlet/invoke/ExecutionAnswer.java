package io.spear.spearlet.invoke;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.util.Base64;

/**
 * The JSON answer about an execution: SPEAR's fields (the record's, by Jackson) plus {@code
 * success} and, when asked for, the output.
 *
 * @param success false once the execution ended other than completed
 * @param execution the execution's record, its fields inline
 * @param outputBase64 the output, when the caller asked for it
 */
record ExecutionAnswer(
    boolean success,
    @JsonUnwrapped ExecutionRecord execution,
    @JsonInclude(JsonInclude.Include.NON_NULL) String outputBase64) {

  static ExecutionAnswer of(Execution.Snapshot snapshot, boolean includeOutput) {
    ExecutionRecord r = snapshot.record();
    boolean failed = r.status().terminal() && r.status() != ExecutionState.COMPLETED;
    return new ExecutionAnswer(
        !failed, r, includeOutput ? Base64.getEncoder().encodeToString(snapshot.output()) : null);
  }

  /** The HTTP status of a finished execution: 200 when completed, its error's status otherwise. */
  static int status(ExecutionRecord record) {
    return record.status() == ExecutionState.COMPLETED || record.error() == null
        ? 200
        : record.error().httpStatus();
  }
}
