package io.spear.streams.rtasr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.streams.media.AsrRequest;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a session's audio is cut into turns ({@code SET_AUTOFLUSH}): by the guest's FLUSH only, by
 * the server's voice activity detection, or by the host committing on size, time or silence.
 *
 * @param strategy {@code manual}, {@code server_vad} or {@code client_commit}
 * @param vad the server VAD settings, if given
 * @param commit the client commit settings, if given
 * @param flushOnClose whether closing the session commits the buffered audio first
 */
record Segmentation(
    String strategy, Optional<Vad> vad, Optional<ClientCommit> commit, boolean flushOnClose) {

  static final String MANUAL = "manual";
  static final String SERVER_VAD = "server_vad";
  static final String CLIENT_COMMIT = "client_commit";

  /** Manual segmentation: the initial setting. */
  static final Segmentation DEFAULT =
      new Segmentation(MANUAL, Optional.empty(), Optional.empty(), false);

  /** Server VAD settings; unset values take the backend's defaults (0.5 and 300 ms). */
  record Vad(long silenceMs, Optional<Double> threshold, OptionalLong prefixPaddingMs) {}

  /** When the host commits on its own; each trigger is optional. */
  record ClientCommit(
      OptionalLong flushIntervalMs,
      OptionalLong maxBufferBytes,
      OptionalLong silenceMs,
      long minFlushGapMs) {}

  /**
   * Reads SPEAR's form ({@code strategy}, {@code vad}, {@code client_commit}, {@code
   * flush_on_close}) or its legacy one ({@code enabled}, {@code mode}, ...).
   *
   * @throws IllegalArgumentException for anything else
   */
  static Segmentation parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("autoflush config must be an object");
    }
    boolean flushOnClose = json.path("flush_on_close").asBoolean(false);
    JsonNode strategy = json.get("strategy");
    return strategy != null
        ? withStrategy(json, strategy, flushOnClose)
        : legacy(json, flushOnClose);
  }

  /** SPEAR's form: a named {@code strategy} with its optional {@code vad}/{@code client_commit}. */
  private static Segmentation withStrategy(JsonNode json, JsonNode strategy, boolean flushOnClose) {
    String name =
        switch (strategy.asText()) {
          case "manual", "off" -> MANUAL;
          case SERVER_VAD -> SERVER_VAD;
          case CLIENT_COMMIT -> CLIENT_COMMIT;
          default -> throw new IllegalArgumentException("unknown strategy " + strategy);
        };
    return new Segmentation(
        name, vad(json.get("vad")), clientCommit(json.get("client_commit")), flushOnClose);
  }

  private static Optional<Vad> vad(JsonNode v) {
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("vad must be an object");
    }
    return Optional.of(
        new Vad(
            unsigned(v, "silence_ms").orElse(500),
            v.path("threshold").isNumber()
                ? Optional.of(v.get("threshold").asDouble())
                : Optional.empty(),
            unsigned(v, "prefix_padding_ms")));
  }

  private static Optional<ClientCommit> clientCommit(JsonNode c) {
    if (c == null) {
      return Optional.empty();
    }
    if (!c.isObject()) {
      throw new IllegalArgumentException("client_commit must be an object");
    }
    return Optional.of(
        new ClientCommit(
            unsigned(c, "flush_interval_ms"),
            unsigned(c, "max_buffer_bytes"),
            unsigned(c, "silence_ms"),
            unsigned(c, "min_flush_gap_ms").orElse(500)));
  }

  /** The legacy form: {@code enabled} and a {@code mode} of silence, bytes, time or both. */
  private static Segmentation legacy(JsonNode json, boolean flushOnClose) {
    String mode = json.path("mode").asText("off");
    if (!json.path("enabled").asBoolean(false) || mode.equals("off")) {
      return new Segmentation(MANUAL, Optional.empty(), Optional.empty(), flushOnClose);
    }
    OptionalLong interval = unsigned(json, "flush_interval_ms");
    OptionalLong silence = unsigned(json, "silence_ms");
    if (mode.equals("silence")) {
      long ms = silence.orElse(interval.orElse(500));
      return new Segmentation(
          SERVER_VAD,
          Optional.of(new Vad(ms, Optional.of(0.5), OptionalLong.of(300))),
          Optional.empty(),
          flushOnClose);
    }
    return new Segmentation(
        CLIENT_COMMIT,
        Optional.empty(),
        Optional.of(
            new ClientCommit(
                mode.equals("bytes") ? OptionalLong.empty() : interval,
                mode.equals("time") ? OptionalLong.empty() : unsigned(json, "max_buffer_bytes"),
                mode.equals("bytes") || mode.equals("time") ? OptionalLong.empty() : silence,
                unsigned(json, "min_flush_gap_ms").orElse(500))),
        flushOnClose);
  }

  /** The turn detection a backend is asked for: only with server VAD. */
  Optional<AsrRequest.TurnDetection> turnDetection() {
    if (!strategy.equals(SERVER_VAD)) {
      return Optional.empty();
    }
    Vad v = vad.orElse(new Vad(500, Optional.empty(), OptionalLong.empty()));
    return Optional.of(
        new AsrRequest.TurnDetection(
            v.silenceMs(), v.threshold().orElse(0.5), v.prefixPaddingMs().orElse(300)));
  }

  /** The {@code GET_AUTOFLUSH} answer. */
  ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode out = f.objectNode();
    out.put("strategy", strategy);
    out.put("flush_on_close", flushOnClose);
    if (vad.isPresent()) {
      ObjectNode v = out.putObject("vad");
      v.put("silence_ms", vad.get().silenceMs());
      vad.get().threshold().ifPresent(t -> v.put("threshold", t));
      vad.get().prefixPaddingMs().ifPresent(p -> v.put("prefix_padding_ms", p));
    } else {
      out.putNull("vad");
    }
    if (commit.isPresent()) {
      ObjectNode c = out.putObject("client_commit");
      put(c, "flush_interval_ms", commit.get().flushIntervalMs());
      put(c, "max_buffer_bytes", commit.get().maxBufferBytes());
      put(c, "silence_ms", commit.get().silenceMs());
      c.put("min_flush_gap_ms", commit.get().minFlushGapMs());
    } else {
      out.putNull("client_commit");
    }
    return out;
  }

  private static void put(ObjectNode node, String field, OptionalLong value) {
    if (value.isPresent()) {
      node.put(field, value.getAsLong());
    } else {
      node.putNull(field);
    }
  }

  private static OptionalLong unsigned(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.canConvertToLong() && v.asLong() >= 0
        ? OptionalLong.of(v.asLong())
        : OptionalLong.empty();
  }
}
