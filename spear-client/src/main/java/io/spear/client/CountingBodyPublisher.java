package io.spear.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/** A request body that reports how many bytes it has handed to the HTTP client, as it goes. */
final class CountingBodyPublisher implements HttpRequest.BodyPublisher {

  private final HttpRequest.BodyPublisher body;
  private final LongConsumer sent;

  CountingBodyPublisher(HttpRequest.BodyPublisher body, LongConsumer sent) {
    this.body = body;
    this.sent = sent;
  }

  @Override
  public long contentLength() {
    return body.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    body.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscriber.onSubscribe(subscription);
          }

          @Override
          public void onNext(ByteBuffer item) {
            int bytes = item.remaining();
            subscriber.onNext(item);
            sent.accept(bytes);
          }

          @Override
          public void onError(Throwable throwable) {
            subscriber.onError(throwable);
          }

          @Override
          public void onComplete() {
            subscriber.onComplete();
          }
        });
  }
}
