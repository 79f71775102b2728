package io.spear.runtime;

/** One instance of a task inside a runtime: a validated, compiled module ready to serve. */
public interface TaskInstance {

  /** A unique id of this instance. */
  String instanceId();

  /** The task this instance runs. */
  String taskId();

  /** The current life-cycle state. */
  InstanceState state();

  /** The configuration the instance was created with. */
  InstanceConfig config();
}
