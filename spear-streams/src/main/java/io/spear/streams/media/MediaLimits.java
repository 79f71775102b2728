package io.spear.streams.media;

/**
 * Per-node caps on media sessions.
 *
 * @param maxAsrSessions realtime speech recognition sessions connected at once on the node; the
 *     next CONNECT fails with EAGAIN
 * @param maxMics microphones capturing at once on the node; the next SET_PARAM fails with EAGAIN
 */
public record MediaLimits(int maxAsrSessions, int maxMics) {

  /** 256 ASR sessions and 256 microphones. */
  public static final MediaLimits DEFAULTS = new MediaLimits(256, 256);

  /** Checks the values. */
  public MediaLimits {
    if (maxAsrSessions < 1 || maxMics < 1) {
      throw new IllegalArgumentException("media session caps must be at least 1");
    }
  }
}
