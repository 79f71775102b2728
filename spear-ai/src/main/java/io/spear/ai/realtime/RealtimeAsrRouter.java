package io.spear.ai.realtime;

import io.spear.ai.config.BackendSpec;
import io.spear.streams.media.AsrConnector;
import io.spear.streams.media.AsrEvents;
import io.spear.streams.media.AsrLink;
import io.spear.streams.media.AsrRequest;
import io.spear.streams.media.AsrUnavailableException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Chooses a backend for each speech recognition session as SPEAR does: backends serving {@code
 * speech_to_text} over {@code websocket}, the one named by the guest's {@code backend} param if
 * set, then one by weighted random.
 */
public final class RealtimeAsrRouter implements AsrConnector {

  /** The operation speech sessions need. */
  public static final String SPEECH_TO_TEXT = "speech_to_text";

  /** The transport they need. */
  public static final String WEBSOCKET = "websocket";

  private final List<BackendSpec> backends;
  private final Map<String, String> keys;
  private final HttpClient http;
  private final RandomGenerator random;

  /**
   * A router over {@code backends}.
   *
   * @param keys API keys by backend name, for those that have one (never logged)
   * @param http the client whose WebSocket builder connects
   */
  public RealtimeAsrRouter(
      List<BackendSpec> backends,
      Map<String, String> keys,
      HttpClient http,
      RandomGenerator random) {
    this.backends =
        backends.stream().filter(b -> b.kind().equals(OpenAiRealtimeLink.KIND)).toList();
    this.keys = Map.copyOf(keys);
    this.http = http;
    this.random = random;
  }

  @Override
  public AsrLink connect(AsrRequest request, AsrEvents events) throws AsrUnavailableException {
    BackendSpec chosen = route(request);
    Optional<String> key =
        request.clientSecret().or(() -> Optional.ofNullable(keys.get(chosen.name())));
    return OpenAiRealtimeLink.open(http, chosen, request, key, events);
  }

  BackendSpec route(AsrRequest request) throws AsrUnavailableException {
    List<BackendSpec> candidates = new ArrayList<>();
    for (BackendSpec b : backends) {
      if (b.ops().contains(SPEECH_TO_TEXT) && b.transports().contains(WEBSOCKET)) {
        candidates.add(b);
      }
    }
    request.backend().ifPresent(name -> candidates.removeIf(b -> !b.name().equals(name)));
    if (candidates.isEmpty()) {
      throw new AsrUnavailableException(
          "no candidate backend: op=SpeechToText required_transports=[\"websocket\"]"
              + request.backend().map(b -> " routing_backend=\"" + b + "\"").orElse("")
              + " backends="
              + backends.stream()
                  .map(BackendSpec::name)
                  .collect(Collectors.joining(", ", "[", "]")));
    }
    long total = candidates.stream().mapToLong(BackendSpec::weight).sum();
    if (total <= 0) {
      return candidates.get(random.nextInt(candidates.size()));
    }
    long pick = random.nextLong(total);
    for (BackendSpec b : candidates) {
      pick -= b.weight();
      if (pick < 0) {
        return b;
      }
    }
    return candidates.getLast();
  }
}
