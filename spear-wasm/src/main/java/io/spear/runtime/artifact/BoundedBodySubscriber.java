package io.spear.runtime.artifact;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body and its sha256 as it arrives (so the module is not read again to be
 * hashed), failing with {@link TooLargeException} as soon as it passes a cap.
 */
final class BoundedBodySubscriber implements BodySubscriber<BoundedBodySubscriber.Body> {

  /** The body and the lower-case hex sha256 of its bytes. */
  record Body(byte[] bytes, String sha256) {}

  /** The body passed the cap; the download was abandoned. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException(long maxBytes) {
      super("body larger than " + maxBytes + " bytes", null, false, false);
    }
  }

  private final long maxBytes;
  private final MessageDigest digest = ModuleChecks.sha256();
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private byte[] body;
  private int size;
  private Flow.Subscription subscription;

  /**
   * A subscriber for a body of at most {@code maxBytes}, announced as {@code expectedBytes} long
   * (-1 when unknown): an announced length sizes the buffer once, so the bytes are copied once.
   */
  BoundedBodySubscriber(long maxBytes, long expectedBytes) {
    this.maxBytes = maxBytes;
    // An announced length is a hint, not a promise: the buffer still grows, and the cap decides.
    long most = Math.min(maxBytes, 64 << 20);
    this.body = new byte[(int) Math.clamp(expectedBytes, Math.min(8 * 1024, most), most)];
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription value) {
    subscription = value;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      int n = buffer.remaining();
      if (size + (long) n > maxBytes) {
        // Stop the transfer now rather than buffering an oversized body.
        subscription.cancel();
        result.completeExceptionally(new TooLargeException(maxBytes));
        return;
      }
      if (size + n > body.length) {
        body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max(size + n, 2L * body.length)));
      }
      buffer.get(body, size, n);
      digest.update(body, size, n);
      size += n;
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    byte[] bytes = size == body.length ? body : Arrays.copyOf(body, size);
    result.complete(new Body(bytes, HexFormat.of().formatHex(digest.digest())));
  }
}
