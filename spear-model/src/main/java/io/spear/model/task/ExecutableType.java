package io.spear.model.task;

import com.fasterxml.jackson.annotation.JsonValue;
import io.spear.model.json.WireNames;
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
    return WireNames.of(this);
  }

  /** The type with that wire name, ignoring case. */
  public static Optional<ExecutableType> fromWire(String value) {
    return WireNames.parse(ExecutableType.class, value);
  }
}
