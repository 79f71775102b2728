package io.spear.host.http;

import io.spear.egress.EgressPolicy;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What one execution's calls are made under.
 *
 * @param policy the node's egress policy, narrowed by the task's {@code http.allowed_hosts}
 * @param deadline when the execution's time runs out; no call waits past it
 * @param log appends a line (ending in {@code \n}) to the execution log
 * @param secrets the secrets its header values may name
 */
public record CallScope(
    EgressPolicy policy, Instant deadline, Consumer<String> log, HeaderSecrets secrets) {}
