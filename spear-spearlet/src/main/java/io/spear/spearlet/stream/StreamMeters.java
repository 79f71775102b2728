package io.spear.spearlet.stream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spear.streams.StreamMetrics;
import io.spear.streams.UserStreamBroker;

/** The user-stream data plane's meters on the node's registry. */
public final class StreamMeters {

  private StreamMeters() {}

  /** Binds gauges and counters that read the broker's metrics. */
  public static void bind(MeterRegistry registry, UserStreamBroker broker) {
    StreamMetrics m = broker.metrics();
    Gauge.builder("spear.streams.sockets.open", m, StreamMetrics::openConnections)
        .description("User-stream WebSocket connections attached now")
        .register(registry);
    Gauge.builder("spear.streams.open", m, StreamMetrics::openStreams)
        .description("User streams open now")
        .register(registry);
    Gauge.builder("spear.streams.executions", broker, UserStreamBroker::openHubs)
        .description("Running executions that use user streams")
        .register(registry);
    FunctionCounter.builder("spear.streams.frames.in", m, StreamMetrics::framesIn)
        .description("Frames clients sent to guests")
        .register(registry);
    FunctionCounter.builder("spear.streams.frames.out", m, StreamMetrics::framesOut)
        .description("Frames guests sent to clients")
        .register(registry);
    FunctionCounter.builder("spear.streams.bytes.in", m, StreamMetrics::bytesIn)
        .description("Bytes clients sent to guests")
        .register(registry);
    FunctionCounter.builder("spear.streams.bytes.out", m, StreamMetrics::bytesOut)
        .description("Bytes guests sent to clients")
        .register(registry);
    FunctionCounter.builder("spear.streams.frames.dropped", m, StreamMetrics::droppedFrames)
        .description("Client frames refused: invalid, too large, queue full, stream cap")
        .register(registry);
    FunctionCounter.builder("spear.streams.sockets.rejected", m, StreamMetrics::rejectedConnections)
        .description("Connections refused by the node's connection cap")
        .register(registry);
  }
}
