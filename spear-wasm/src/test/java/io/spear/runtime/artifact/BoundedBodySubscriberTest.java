package io.spear.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BoundedBodySubscriberTest {

  private static final Flow.Subscription IGNORED =
      new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      };

  private static BoundedBodySubscriber.Body receive(
      byte[] body, long maxBytes, long announced, int chunk) {
    BoundedBodySubscriber subscriber = new BoundedBodySubscriber(maxBytes, announced);
    subscriber.onSubscribe(IGNORED);
    for (int at = 0; at < body.length; at += chunk) {
      int n = Math.min(chunk, body.length - at);
      subscriber.onNext(List.of(ByteBuffer.wrap(body, at, n)));
    }
    subscriber.onComplete();
    return subscriber.getBody().toCompletableFuture().join();
  }

  private static byte[] module(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void theBodyIsHashedAsItArrives() {
    byte[] body = module(700 * 1024);
    BoundedBodySubscriber.Body received = receive(body, 1 << 24, body.length, 16 * 1024);
    assertThat(received.bytes()).isEqualTo(body);
    assertThat(received.sha256()).isEqualTo(ModuleChecks.sha256Hex(body));
  }

  @Test
  void aBodyLongerOrShorterThanAnnouncedIsStillReceivedWhole() {
    byte[] body = module(100_000);
    for (long announced : new long[] {-1, 10, 50_000, 100_000, 300_000}) {
      BoundedBodySubscriber.Body received = receive(body, 1 << 24, announced, 3_000);
      assertThat(received.bytes()).isEqualTo(body);
      assertThat(received.sha256()).isEqualTo(ModuleChecks.sha256Hex(body));
    }
  }

  @Test
  void aBodyPastTheCapFailsAsSoonAsItPassesIt() {
    BoundedBodySubscriber subscriber = new BoundedBodySubscriber(4096, -1);
    subscriber.onSubscribe(IGNORED);
    subscriber.onNext(List.of(ByteBuffer.wrap(new byte[4000])));
    subscriber.onNext(List.of(ByteBuffer.wrap(new byte[200])));
    CompletableFuture<BoundedBodySubscriber.Body> body = subscriber.getBody().toCompletableFuture();
    assertThat(body).isCompletedExceptionally();
    assertThat(body.exceptionNow()).isInstanceOf(BoundedBodySubscriber.TooLargeException.class);
  }
}
