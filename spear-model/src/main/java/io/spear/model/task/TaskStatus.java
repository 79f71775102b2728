package io.spear.model.task;

import com.fasterxml.jackson.annotation.JsonValue;
import io.spear.model.json.WireNames;
import java.util.Optional;

/** A task's life-cycle state; the names are SPEAR's. */
public enum TaskStatus {
  REGISTERED,
  ACTIVE,
  INACTIVE;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return WireNames.of(this);
  }

  /** The status with that wire name, ignoring case. */
  public static Optional<TaskStatus> fromWire(String value) {
    return WireNames.parse(TaskStatus.class, value);
  }
}
