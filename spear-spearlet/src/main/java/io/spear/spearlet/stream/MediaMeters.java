package io.spear.spearlet.stream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spear.streams.media.MediaMetrics;

/** The node's speech session and microphone meters. */
public final class MediaMeters {

  private MediaMeters() {}

  /** Binds gauges and counters that read {@code m}. */
  public static void bind(MeterRegistry registry, MediaMetrics m) {
    Gauge.builder("spear.asr.sessions.open", m, MediaMetrics::asrSessionsOpen)
        .description("Realtime speech recognition sessions connected now")
        .register(registry);
    FunctionCounter.builder("spear.asr.sessions", m, MediaMetrics::asrSessions)
        .description("Realtime speech recognition sessions connected since the node started")
        .register(registry);
    FunctionCounter.builder("spear.asr.sessions.refused", m, MediaMetrics::asrRefused)
        .description("Speech session connects refused by the node's cap")
        .register(registry);
    FunctionCounter.builder("spear.asr.audio.bytes", m, MediaMetrics::asrAudioBytes)
        .description("Audio bytes sent to speech recognition backends")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder("spear.asr.events", m, MediaMetrics::asrEvents)
        .description("Server events received from speech recognition backends")
        .register(registry);
    FunctionCounter.builder("spear.asr.events.dropped", m, MediaMetrics::asrDroppedEvents)
        .description("Speech server events dropped because a guest did not read them in time")
        .register(registry);
    Gauge.builder("spear.mic.open", m, MediaMetrics::micsOpen)
        .description("Microphones capturing now")
        .register(registry);
    FunctionCounter.builder("spear.mic.frames", m, MediaMetrics::micFrames)
        .description("Audio frames microphones captured")
        .register(registry);
    FunctionCounter.builder("spear.mic.frames.dropped", m, MediaMetrics::micDroppedFrames)
        .description("Microphone frames dropped because a guest did not read them in time")
        .register(registry);
  }
}
