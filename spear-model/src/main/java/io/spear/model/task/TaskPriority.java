package io.spear.model.task;

import com.fasterxml.jackson.annotation.JsonValue;
import io.spear.model.json.WireNames;
import java.util.Optional;

/** How urgent a task is; the names are SPEAR's. */
public enum TaskPriority {
  LOW,
  NORMAL,
  HIGH,
  URGENT;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return WireNames.of(this);
  }

  /**
   * The priority with that wire name, ignoring case; {@code medium}, which SPEAR's API guide uses,
   * is {@code normal}.
   */
  public static Optional<TaskPriority> fromWire(String value) {
    if ("medium".equalsIgnoreCase(value)) {
      return Optional.of(NORMAL);
    }
    return WireNames.parse(TaskPriority.class, value);
  }
}
