package io.spear.model.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import io.spear.model.json.WireNames;
import java.util.Optional;

/** Where an execution is in its life; the names are SPEAR's. */
public enum ExecutionState {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  TIMEOUT,
  CANCELLED;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return WireNames.of(this);
  }

  /** Whether the execution has ended; an ended execution never changes state again. */
  public boolean terminal() {
    return this != PENDING && this != RUNNING;
  }

  /** The state with that wire name, ignoring case. */
  public static Optional<ExecutionState> fromWire(String value) {
    return WireNames.parse(ExecutionState.class, value);
  }
}
