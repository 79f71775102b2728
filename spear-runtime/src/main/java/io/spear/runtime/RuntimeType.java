package io.spear.runtime;

import io.spear.model.json.WireNames;

/** The kinds of runtime a node can host (SPEAR's names; only WASM exists so far). */
public enum RuntimeType {
  WASM;

  /** The lower-case name used on the wire, e.g. {@code wasm}. */
  public String wire() {
    return WireNames.of(this);
  }
}
