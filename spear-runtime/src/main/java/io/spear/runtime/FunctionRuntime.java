package io.spear.runtime;

import java.util.Set;

/**
 * A runtime that turns a task's executable into instances and runs invocations on them, with
 * SPEAR's life cycle: {@code createInstance → startInstance → execute* → stopInstance}.
 *
 * <p>Failures of the request or configuration are thrown as {@link
 * io.spear.model.error.SpearException} subclasses; a guest's own failure is an {@link
 * ExecutionOutcome}. Every method is safe to call from several threads.
 */
public interface FunctionRuntime extends AutoCloseable {

  /** Which kind of runtime this is. */
  RuntimeType type();

  /** What this runtime offers tasks, e.g. {@code wasm}, {@code wasi_preview1}. */
  Set<String> capabilities();

  /**
   * Resolves, validates and prepares an instance; everything that can be wrong with the module or
   * the configuration fails here, never later.
   *
   * @return an instance in state {@link InstanceState#READY}
   * @throws io.spear.model.error.InvalidConfigurationException when the module or config is
   *     unusable
   * @throws io.spear.model.error.RuntimeErrorException when the module cannot be fetched
   */
  TaskInstance createInstance(InstanceConfig config);

  /**
   * Makes an instance serve executions ({@link InstanceState#RUNNING}); starting twice is fine.
   *
   * @throws io.spear.model.error.InvalidRequestException when the instance is stopped
   */
  void startInstance(TaskInstance instance);

  /**
   * Runs one invocation and blocks until its outcome; the caller supplies the thread, the guest
   * runs on the instance's own worker threads.
   *
   * @throws io.spear.model.error.InvalidRequestException when the instance is not running or the
   *     entry function does not exist
   * @throws io.spear.model.error.ResourceExhaustedException when the instance's queue is full
   */
  ExecutionOutcome execute(TaskInstance instance, ExecutionContext context);

  /**
   * Asks the instance's worker to stop and waits for its acknowledgement: running executions may
   * finish within the node's stop timeout, then they are stopped by force. Stopping twice is fine.
   */
  void stopInstance(TaskInstance instance);

  /** Reports the instance's state and load. */
  HealthStatus healthCheck(TaskInstance instance);

  /** Stops every instance this runtime still runs. */
  @Override
  void close();
}
