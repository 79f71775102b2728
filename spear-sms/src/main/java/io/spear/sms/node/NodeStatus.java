package io.spear.sms.node;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether a node has heartbeated recently. */
public enum NodeStatus {
  ONLINE,
  OFFLINE;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status with that wire name, ignoring case. */
  public static Optional<NodeStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire().equalsIgnoreCase(value)).findFirst();
  }
}
