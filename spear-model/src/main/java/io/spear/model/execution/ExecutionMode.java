package io.spear.model.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.spear.model.json.WireNames;

/** Whether the caller waited for the execution; the names are SPEAR's. */
public enum ExecutionMode {
  SYNC,
  ASYNC;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return WireNames.of(this);
  }

  /** The mode with that wire name, ignoring case. */
  @JsonCreator
  public static ExecutionMode fromWire(String value) {
    return WireNames.parse(ExecutionMode.class, value)
        .orElseThrow(() -> new IllegalArgumentException("unknown execution mode: " + value));
  }
}
