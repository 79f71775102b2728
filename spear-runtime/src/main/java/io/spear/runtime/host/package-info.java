/**
 * The host-call family interface: how a group of host functions ({@code spear.log}, {@code
 * cchat_*}, ...) declares what it provides and works on one execution, independent of the engine
 * that runs the guest. A family reads and writes guest memory through {@link
 * io.spear.runtime.host.GuestMemory}, fails with {@link io.spear.runtime.host.HostCallError}
 * (errno), and shares per-execution state (descriptors, log, clock) through {@link
 * io.spear.runtime.host.ExecutionScope}.
 */
package io.spear.runtime.host;
