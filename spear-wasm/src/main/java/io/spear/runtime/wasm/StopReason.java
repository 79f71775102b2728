package io.spear.runtime.wasm;

/** Why an execution is being stopped before it ended by itself. */
enum StopReason {
  /** Its time limit ran out. */
  TIMEOUT("time limit exceeded"),
  /** Its caller cancelled it. */
  CANCELLED("cancelled by request"),
  /** Its instance was stopped. */
  INSTANCE_STOPPED("instance stopped");

  private final String description;

  StopReason(String description) {
    this.description = description;
  }

  /** A short human description, used as the reason of a cancelled outcome. */
  String description() {
    return description;
  }
}
