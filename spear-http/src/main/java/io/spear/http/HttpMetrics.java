package io.spear.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The Prometheus registry of one server, with request counts and latencies per route. */
public final class HttpMetrics {

  private final PrometheusMeterRegistry registry;

  /** Request timers by method, route and status: built once, not looked up on every request. */
  private final ConcurrentHashMap<TimerKey, Timer> requestTimers = new ConcurrentHashMap<>();

  private record TimerKey(String method, String route, int status) {}

  /** A fresh registry with JVM memory and thread metrics bound. */
  public HttpMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }

  /** The registry components add their own meters to. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  void recordRequest(Context ctx, float executionTimeMs) {
    TimerKey key = new TimerKey(ctx.method().name(), routeOf(ctx), ctx.statusCode());
    requestTimers
        .computeIfAbsent(key, this::requestTimer)
        .record((long) (executionTimeMs * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  private Timer requestTimer(TimerKey key) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests by method, route and status")
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .publishPercentileHistogram(false)
        .register(registry);
  }

  // Unmatched paths are folded into one tag value so that scanners cannot blow up cardinality.
  private static String routeOf(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() || "*".equals(path) ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
