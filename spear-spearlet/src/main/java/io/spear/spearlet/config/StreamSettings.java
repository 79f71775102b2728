package io.spear.spearlet.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.streams.StreamLimits;
import io.spear.streams.media.MediaLimits;
import io.spear.streams.media.MicDevice;
import io.spear.support.config.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node's long-lived session settings: the {@code streams:} section (caps on user streams,
 * connections, long-lived executions, speech sessions and microphones; queue sizes; idle timeouts)
 * and the {@code mic:} section (what a guest's device microphone captures):
 *
 * <pre>
 * streams:
 *   max_streams: 4096            # user streams open at once on the node
 *   max_connections: 1024        # WebSocket connections attached at once
 *   max_stream_executions: 256   # executions using user streams running at once
 *   max_inbound_bytes: 2MiB      # per stream, unread by the guest
 *   max_outbound_bytes: 2MiB     # per stream, unsent to clients
 *   max_frame_bytes: 256KiB
 *   idle_timeout: 10m            # a socket carrying nothing is closed
 *   connect_hold: 30s            # a client may wait this long for a queued execution
 *   max_asr_sessions: 256        # realtime speech sessions connected at once
 *   max_mics: 256                # microphones capturing at once
 * mic:
 *   device_file: /srv/audio/speech.wav   # WAV or raw PCM16
 *   loop: true
 *   raw_sample_rate_hz: 24000    # for a raw file
 *   raw_channels: 1
 * </pre>
 *
 * @param limits the user-stream data plane's bounds
 * @param idleTimeout how long a stream socket may carry nothing
 * @param hold how long a client may wait for a queued execution's guest to start
 * @param media caps on speech sessions and microphones
 * @param mic what device microphones capture
 */
public record StreamSettings(
    StreamLimits limits, Duration idleTimeout, Duration hold, MediaLimits media, MicDevice mic) {

  /** The defaults: SPEAR's queue sizes, 10 minutes idle, 30 seconds hold, no microphone. */
  public static final StreamSettings DEFAULTS =
      new StreamSettings(
          StreamLimits.DEFAULTS,
          Duration.ofMinutes(10),
          Duration.ofSeconds(30),
          MediaLimits.DEFAULTS,
          MicDevice.NONE);

  private static final Set<String> STREAMS =
      Set.of(
          "max_streams",
          "max_connections",
          "max_stream_executions",
          "max_inbound_bytes",
          "max_outbound_bytes",
          "max_frame_bytes",
          "idle_timeout",
          "connect_hold",
          "max_asr_sessions",
          "max_mics");
  private static final Set<String> MIC =
      Set.of("device_file", "loop", "raw_sample_rate_hz", "raw_channels");

  /** Checks required values. */
  public StreamSettings {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(mic, "mic");
    if (idleTimeout.isNegative() || idleTimeout.isZero() || hold.isNegative()) {
      throw new IllegalArgumentException(
          "idle_timeout must be positive, connect_hold not negative");
    }
  }

  /**
   * The settings of the {@code streams:} and {@code mic:} sections (either may be missing).
   *
   * @throws IllegalArgumentException naming the section and key of an unknown key or a bad value
   */
  public static StreamSettings parse(JsonNode streams, JsonNode mic) {
    StreamLimits d = StreamLimits.DEFAULTS;
    JsonNode s = section(streams, "streams", STREAMS);
    StreamLimits limits =
        new StreamLimits(
            bytes(s, "max_inbound_bytes", d.maxInboundBytes()),
            bytes(s, "max_outbound_bytes", d.maxOutboundBytes()),
            bytes(s, "max_frame_bytes", d.maxFrameBytes()),
            count(s, "max_streams", d.maxStreamsPerNode()),
            count(s, "max_connections", d.maxConnectionsPerNode()),
            count(s, "max_stream_executions", d.maxStreamExecutions()));
    MediaLimits media =
        new MediaLimits(
            count(s, "max_asr_sessions", MediaLimits.DEFAULTS.maxAsrSessions()),
            count(s, "max_mics", MediaLimits.DEFAULTS.maxMics()));
    JsonNode m = section(mic, "mic", MIC);
    Optional<Path> file = Optional.empty();
    if (m.hasNonNull("device_file")) {
      Path path = Path.of(m.get("device_file").asText());
      if (!Files.isReadable(path)) {
        throw new IllegalArgumentException("mic.device_file " + path + " is not a readable file");
      }
      file = Optional.of(path);
    }
    JsonNode loop = m.path("loop");
    if (!loop.isMissingNode() && !loop.isBoolean()) {
      throw new IllegalArgumentException("mic.loop must be true or false");
    }
    MicDevice device =
        new MicDevice(
            file,
            loop.asBoolean(true),
            count(m, "raw_sample_rate_hz", MicDevice.NONE.rawSampleRateHz()),
            count(m, "raw_channels", MicDevice.NONE.rawChannels()));
    return new StreamSettings(
        limits,
        duration(s, "idle_timeout", DEFAULTS.idleTimeout()),
        duration(s, "connect_hold", DEFAULTS.hold()),
        media,
        device);
  }

  private static JsonNode section(JsonNode node, String name, Set<String> known) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(name + " must be a mapping");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown setting "
                + name
                + "."
                + key
                + "; known: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
    return node;
  }

  private static int count(JsonNode node, String key, int fallback) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt() || v.asInt() < 1) {
      throw new IllegalArgumentException(key + " must be a whole number of at least 1, not " + v);
    }
    return v.asInt();
  }

  private static int bytes(JsonNode node, String key, int fallback) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    long value = Values.bytes(v.asText());
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be between 1 byte and 2 GiB, not " + v);
    }
    return (int) value;
  }

  private static Duration duration(JsonNode node, String key, Duration fallback) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    return Values.duration(v.asText());
  }
}
