package io.spear.sms.node;

import com.fasterxml.jackson.annotation.JsonValue;
import io.spear.model.json.WireNames;
import java.util.Optional;

/** Whether a node has heartbeated recently. */
public enum NodeStatus {
  ONLINE,
  OFFLINE;

  /** The lower-case name used on the wire. */
  @JsonValue
  public String wire() {
    return WireNames.of(this);
  }

  /**
   * The status with that wire name, ignoring case; SPEAR's {@code active} and {@code inactive} are
   * synonyms of {@code online} and {@code offline}.
   */
  public static Optional<NodeStatus> fromWire(String value) {
    if ("active".equalsIgnoreCase(value)) {
      return Optional.of(ONLINE);
    }
    if ("inactive".equalsIgnoreCase(value)) {
      return Optional.of(OFFLINE);
    }
    return WireNames.parse(NodeStatus.class, value);
  }
}
