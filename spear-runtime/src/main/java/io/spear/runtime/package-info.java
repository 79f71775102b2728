/**
 * The function runtime API the Spearlet builds on: {@link io.spear.runtime.FunctionRuntime} with
 * SPEAR's instance life cycle ({@code createInstance → startInstance → execute* → stopInstance}),
 * the configuration an instance is created from ({@link io.spear.runtime.InstanceConfig}, which
 * documents the task config keys read), one invocation's inputs ({@link
 * io.spear.runtime.ExecutionContext}) and how it ended ({@link io.spear.runtime.ExecutionOutcome}).
 */
package io.spear.runtime;
