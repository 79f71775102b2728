package io.spear.model.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A task's life-cycle state; the names are SPEAR's. */
public enum TaskStatus {
  REGISTERED,
  ACTIVE,
  INACTIVE;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status with that wire name, ignoring case. */
  public static Optional<TaskStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire().equalsIgnoreCase(value)).findFirst();
  }
}
