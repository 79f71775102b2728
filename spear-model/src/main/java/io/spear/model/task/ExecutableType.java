package io.spear.model.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of artifact a task runs; the names are SPEAR's. */
public enum ExecutableType {
  BINARY,
  SCRIPT,
  CONTAINER,
  WASM,
  PROCESS;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type with that wire name, ignoring case. */
  public static Optional<ExecutableType> fromWire(String value) {
    return Arrays.stream(values()).filter(t -> t.wire().equalsIgnoreCase(value)).findFirst();
  }
}
