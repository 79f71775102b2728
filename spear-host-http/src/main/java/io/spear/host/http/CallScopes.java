package io.spear.host.http;

import io.spear.egress.EgressPolicy;
import io.spear.model.error.SpearException;
import io.spear.model.task.TaskSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the scope of one execution's calls on this node: the node's egress policy narrowed by the
 * task's {@code http.allowed_hosts}, and the secrets its headers may name.
 */
public final class CallScopes {

  private static final Logger LOG = LoggerFactory.getLogger(CallScopes.class);

  private final EgressPolicy node;
  private final Function<String, HeaderSecrets> secrets;

  /**
   * Scopes under the node's {@code egress} policy.
   *
   * @param secrets the header secrets of an execution, by its id
   */
  public CallScopes(EgressPolicy node, Function<String, HeaderSecrets> secrets) {
    this.node = node;
    this.secrets = secrets;
  }

  /** The scope of execution {@code executionId} of a task with {@code taskConfig}. */
  public CallScope open(
      String executionId, Map<String, String> taskConfig, Instant deadline, Consumer<String> log) {
    return new CallScope(policy(taskConfig, log), deadline, log, secrets.apply(executionId));
  }

  // A task whose entries would widen this node's list reaches nothing here: SMS refuses a task
  // that widens every node's, but this node's list may be shorter than another's.
  private EgressPolicy policy(Map<String, String> taskConfig, Consumer<String> log) {
    try {
      return TaskSettings.parse(taskConfig).httpAllowedHosts().map(node::narrowedTo).orElse(node);
    } catch (IllegalArgumentException | SpearException e) {
      LOG.warn("http_call: {}; the execution's calls are refused", e.getMessage());
      log.accept("http_call: every call is refused here: " + e.getMessage() + "\n");
      return EgressPolicy.of(List.of());
    }
  }
}
