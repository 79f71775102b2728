package io.spear.streams.media;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a guest's {@code source: device} microphone captures on this node. A server has no sound
 * card, so the node may name an audio file instead (the {@code mic:} section of its config); the
 * guest only sees PCM frames and readiness, so it cannot tell the difference.
 *
 * @param file a WAV file (PCM 8, 16, 24 or 32 bit, or 32-bit float) or raw PCM16 little-endian
 *     audio; none means the node has no microphone
 * @param loop whether the file starts over at its end; otherwise the microphone hangs up there
 * @param rawSampleRateHz the sample rate of a raw (headerless) file
 * @param rawChannels the channel count of a raw file
 */
public record MicDevice(Optional<Path> file, boolean loop, int rawSampleRateHz, int rawChannels) {

  /** No microphone. */
  public static final MicDevice NONE = new MicDevice(Optional.empty(), true, 24_000, 1);

  /** Checks the values. */
  public MicDevice {
    Objects.requireNonNull(file, "file");
    if (rawSampleRateHz < 1 || rawChannels < 1) {
      throw new IllegalArgumentException("raw sample rate and channels must be at least 1");
    }
  }

  /** A device reading {@code file}, looped, raw files taken as 24 kHz mono. */
  public static MicDevice ofFile(Path file) {
    return new MicDevice(Optional.of(file), true, 24_000, 1);
  }
}
