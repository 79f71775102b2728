package io.spear.streams.rtasr;

import io.spear.streams.media.AsrEvents;
import io.spear.streams.media.AsrLink;
import io.spear.streams.media.FrameScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The in-process stand-in a guest gets when it asks for a transport other than {@code websocket}:
 * it discards audio and emits SPEAR's fake events ({@code transcription.delta}, every n-th {@code
 * transcription.completed}, text of {@code a}s) at a fixed interval.
 */
final class StubAsr implements AsrLink {

  private final Runnable cancel;
  private long seq;

  StubAsr(
      FrameScheduler scheduler,
      AsrEvents events,
      long intervalMs,
      long payloadBytes,
      long completedEvery) {
    this.cancel =
        scheduler.every(
            Duration.ofMillis(Math.max(1, intervalMs)),
            () -> events.event(next(payloadBytes, completedEvery)));
  }

  private synchronized byte[] next(long payloadBytes, long completedEvery) {
    seq++;
    String type =
        completedEvery != 0 && seq % completedEvery == 0
            ? "transcription.completed"
            : "transcription.delta";
    String text = "a".repeat((int) Math.max(0, Math.min(payloadBytes, 1 << 20) - 80));
    return "{\"seq\":%d,\"text\":\"%s\",\"type\":\"%s\"}"
        .formatted(seq, text, type)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public CompletableFuture<Void> sendAudio(byte[] pcm16) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> sendEvent(String json) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    cancel.run();
  }
}
