package io.spear.model.api;

/** The {@code X-Spear-*} HTTP headers SMS, Spearlets and clients exchange, each named once. */
public final class SpearHeaders {

  /** What every Spear header starts with; SMS relays a node's headers with this prefix. */
  public static final String PREFIX = "X-Spear-";

  /** The task version SMS forwards with an invocation, so the node knows its copy is current. */
  public static final String TASK_UPDATED_AT = "X-Spear-Task-Updated-At";

  /** The id of the execution an invocation started. */
  public static final String EXECUTION_ID = "X-Spear-Execution-Id";

  /** The execution's status, as its wire name. */
  public static final String STATUS = "X-Spear-Status";

  /** The guest's exit code, when it exited. */
  public static final String EXIT_CODE = "X-Spear-Exit-Code";

  /** Whether the guest's output was cut at the node's limit. */
  public static final String OUTPUT_TRUNCATED = "X-Spear-Output-Truncated";

  /** The uuid of the node that ran (or holds) the execution. */
  public static final String NODE = "X-Spear-Node";

  private SpearHeaders() {}
}
