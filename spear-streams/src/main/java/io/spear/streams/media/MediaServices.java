package io.spear.streams.media;

import java.util.Objects;

/**
 * The media services of a node, shared by every execution on it.
 *
 * @param asr opens speech recognition sessions
 * @param mic what {@code source: device} microphones capture
 * @param scheduler paces microphone frames and stub events
 * @param limits per-node session caps
 * @param metrics the node's media counters
 */
public record MediaServices(
    AsrConnector asr,
    MicDevice mic,
    FrameScheduler scheduler,
    MediaLimits limits,
    MediaMetrics metrics) {

  /** Checks required values. */
  public MediaServices {
    Objects.requireNonNull(asr, "asr");
    Objects.requireNonNull(mic, "mic");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(metrics, "metrics");
  }

  /** No backends, no microphone, the wall-clock scheduler, default limits. */
  public static MediaServices none() {
    return new MediaServices(
        AsrConnector.none(),
        MicDevice.NONE,
        FrameScheduler.system(),
        MediaLimits.DEFAULTS,
        new MediaMetrics());
  }

  /** A copy with another connector. */
  public MediaServices withAsr(AsrConnector value) {
    return new MediaServices(value, mic, scheduler, limits, metrics);
  }

  /** A copy with another microphone. */
  public MediaServices withMic(MicDevice value) {
    return new MediaServices(asr, value, scheduler, limits, metrics);
  }

  /** A copy with another scheduler. */
  public MediaServices withScheduler(FrameScheduler value) {
    return new MediaServices(asr, mic, value, limits, metrics);
  }

  /** A copy with other limits (the counters stay). */
  public MediaServices withLimits(MediaLimits value) {
    return new MediaServices(asr, mic, scheduler, value, metrics);
  }
}
