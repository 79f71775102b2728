package io.spear.streams.media;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of a node's speech recognition sessions and microphones. */
public final class MediaMetrics {

  private final AtomicInteger asrOpen = new AtomicInteger();
  private final AtomicLong asrSessions = new AtomicLong();
  private final AtomicLong asrRefused = new AtomicLong();
  private final AtomicLong asrAudioBytes = new AtomicLong();
  private final AtomicLong asrEvents = new AtomicLong();
  private final AtomicLong asrDroppedEvents = new AtomicLong();
  private final AtomicInteger micsOpen = new AtomicInteger();
  private final AtomicLong micFrames = new AtomicLong();
  private final AtomicLong micDroppedFrames = new AtomicLong();

  /** Takes an ASR session slot if fewer than {@code max} are open. */
  public boolean openAsr(int max) {
    return open(asrOpen, max, asrRefused, asrSessions);
  }

  /** Gives an ASR session slot back. */
  public void closeAsr() {
    asrOpen.decrementAndGet();
  }

  /** Counts audio sent to a backend. */
  public void audioSent(int bytes) {
    asrAudioBytes.addAndGet(bytes);
  }

  /** Counts a server event received. */
  public void eventReceived() {
    asrEvents.incrementAndGet();
  }

  /** Counts a server event dropped. */
  public void eventDropped() {
    asrDroppedEvents.incrementAndGet();
  }

  /** Takes a microphone slot if fewer than {@code max} are capturing. */
  public boolean openMic(int max) {
    return open(micsOpen, max, null, null);
  }

  /** Gives a microphone slot back. */
  public void closeMic() {
    micsOpen.decrementAndGet();
  }

  /** Counts a captured frame. */
  public void frameCaptured() {
    micFrames.incrementAndGet();
  }

  /** Counts a dropped frame. */
  public void frameDropped() {
    micDroppedFrames.incrementAndGet();
  }

  private static boolean open(AtomicInteger open, int max, AtomicLong refused, AtomicLong total) {
    while (true) {
      int now = open.get();
      if (now >= max) {
        if (refused != null) {
          refused.incrementAndGet();
        }
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        if (total != null) {
          total.incrementAndGet();
        }
        return true;
      }
    }
  }

  /** Speech recognition sessions connected now. */
  public int asrSessionsOpen() {
    return asrOpen.get();
  }

  /** Speech recognition sessions connected since the node started. */
  public long asrSessions() {
    return asrSessions.get();
  }

  /** Connects refused by the node's session cap. */
  public long asrRefused() {
    return asrRefused.get();
  }

  /** Audio bytes sent to speech recognition backends. */
  public long asrAudioBytes() {
    return asrAudioBytes.get();
  }

  /** Server events received from speech recognition backends. */
  public long asrEvents() {
    return asrEvents.get();
  }

  /** Server events dropped because a guest did not read them in time. */
  public long asrDroppedEvents() {
    return asrDroppedEvents.get();
  }

  /** Microphones capturing now. */
  public int micsOpen() {
    return micsOpen.get();
  }

  /** Audio frames microphones captured. */
  public long micFrames() {
    return micFrames.get();
  }

  /** Audio frames dropped because a guest did not read them in time. */
  public long micDroppedFrames() {
    return micDroppedFrames.get();
  }
}
