package io.spear.model.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.spear.model.json.WireNames;
import java.util.Optional;

/** What started an execution: a client's call of the API, an HTTP request, or a schedule's tick. */
public enum ExecutionTrigger {
  /** A client invoked the task (through SMS or on a Spearlet). */
  API,
  /** An HTTP request to the task's trigger ({@code /h/{endpoint}/…}). */
  HTTP,
  /** A schedule of SMS fired; the record names the schedule. */
  SCHEDULE;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return WireNames.of(this);
  }

  /** The trigger with that wire name, ignoring case. */
  public static Optional<ExecutionTrigger> fromWire(String value) {
    return WireNames.parse(ExecutionTrigger.class, value);
  }

  /** The trigger with that wire name; an unknown name reads as {@link #API}. */
  @JsonCreator
  static ExecutionTrigger readOrApi(String value) {
    return fromWire(value).orElse(API);
  }
}
