package io.spear.streams.media;

import java.util.Objects;
import java.util.Optional;

/**
 * What a guest asked for when it connected a realtime speech recognition session. It names no
 * address: a configured backend is always reached at its configured URL.
 *
 * @param backend the backend name the guest set with the {@code backend} param, if any
 * @param model the transcription model ({@code model} param), if any
 * @param clientSecret a token overriding the backend's API key ({@code client_secret}), if any
 * @param turnDetection server-side voice activity detection, when the guest's segmentation strategy
 *     is {@code server_vad}
 */
public record AsrRequest(
    Optional<String> backend,
    Optional<String> model,
    Optional<String> clientSecret,
    Optional<TurnDetection> turnDetection) {

  /** Checks required values. */
  public AsrRequest {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(turnDetection, "turnDetection");
  }

  /**
   * Server-side voice activity detection settings.
   *
   * @param silenceMs silence that ends a turn
   * @param threshold activation threshold, 0..1
   * @param prefixPaddingMs audio kept before speech starts
   */
  public record TurnDetection(long silenceMs, double threshold, long prefixPaddingMs) {}
}
