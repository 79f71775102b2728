package io.spear.spearlet;

import io.spear.ai.AiConfig;
import io.spear.egress.EgressPolicy;
import io.spear.host.http.HttpCallLimits;
import io.spear.http.auth.ServerSecurity;
import io.spear.runtime.RuntimeConfig;
import io.spear.spearlet.config.StreamSettings;
import io.spear.spearlet.node.NodeIdentity;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * Everything a Spearlet is started with, as {@link SpearletServer.Builder} collected it.
 *
 * @param intervalTicker nanosecond ticker of task revalidation and idle instances
 * @param clock wall clock of execution records, workers and {@code /health}
 * @param egress what guests' outbound calls may reach
 * @param httpCall the limits of guests' {@code http_call}
 */
record SpearletSettings(
    RuntimeConfig runtimeConfig,
    AiConfig ai,
    LongSupplier intervalTicker,
    InstantSource clock,
    ServerSecurity security,
    StreamSettings streams,
    NodeIdentity identity,
    EgressPolicy egress,
    HttpCallLimits httpCall) {}
