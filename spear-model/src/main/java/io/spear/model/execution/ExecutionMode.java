package io.spear.model.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether the caller waited for the execution; the names are SPEAR's. */
public enum ExecutionMode {
  SYNC,
  ASYNC;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode with that wire name, ignoring case. */
  @JsonCreator
  public static ExecutionMode fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
