package io.spear.runtime;

import io.spear.model.json.WireNames;

/**
 * Where an instance is in its life; the names are SPEAR's.
 *
 * <p>{@code READY} (created, validated, compiled) {@code → RUNNING} (started, serving executions)
 * {@code → STOPPING → STOPPED}; {@code ERROR} when a stop could not end the instance's guests.
 */
public enum InstanceState {
  READY,
  RUNNING,
  STOPPING,
  STOPPED,
  ERROR;

  /** The lower-case name used on the wire, e.g. {@code running}. */
  public String wire() {
    return WireNames.of(this);
  }
}
