package io.spear.model.api;

/** The load keys of the health info a Spearlet sends with each heartbeat, each named once. */
public final class NodeHealth {

  /** Executions running or queued on the node now. */
  public static final String IN_FLIGHT = "in_flight";

  /** Instances the node holds now. */
  public static final String INSTANCES = "instances";

  private NodeHealth() {}
}
