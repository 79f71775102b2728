package io.spear.runtime.wasm;

import io.spear.runtime.ExecutionContext;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.host.HostServices;
import io.spear.runtime.wasm.host.BoundedBuffer;
import io.spear.runtime.wasm.host.cchat.CchatHost;
import io.spear.runtime.wasm.host.cchat.McpTaskPolicy;
import io.spear.runtime.wasm.host.fd.FdTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Builds the chat host of one execution from the node's services and the task's policy. */
final class ChatHosts {

  /** Descriptors one execution may create: far more than any agent needs, bounded all the same. */
  static final int MAX_FDS = 65_536;

  private ChatHosts() {}

  /** The chat host of an execution; its descriptors live as long as the execution. */
  static CchatHost forExecution(
      FdTable fds,
      InstancePlan plan,
      RuntimeConfig config,
      ExecutionContext context,
      BoundedBuffer log) {
    // The execution's one deadline, as a wall-clock instant for the backends' HTTP timeouts.
    Duration left =
        Duration.ofNanos(Math.max(0, context.deadline().remainingNanos(System.nanoTime())));
    Instant deadline = saturatedPlus(Instant.now(), left);
    return new CchatHost(
        fds,
        config.hostServices(),
        plan.mcpPolicy(),
        deadline,
        line -> log.append(("[info] [spear] " + line + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  /** A chat host for a trial instantiation that never runs guest code. */
  static CchatHost unused() {
    return new CchatHost(
        new FdTable(1), HostServices.NONE, McpTaskPolicy.of(Map.of()), Instant.MAX, line -> {});
  }

  private static Instant saturatedPlus(Instant now, Duration limit) {
    try {
      return now.plus(limit);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }
}
