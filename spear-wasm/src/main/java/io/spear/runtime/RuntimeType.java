package io.spear.runtime;

import java.util.Locale;

/** The kinds of runtime a node can host; the names are SPEAR's. */
public enum RuntimeType {
  WASM,
  PROCESS,
  KUBERNETES;

  /** The lower-case name used on the wire, e.g. {@code wasm}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
