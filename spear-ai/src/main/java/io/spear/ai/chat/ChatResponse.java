package io.spear.ai.chat;

/**
 * The state of a {@code cchat_send} result descriptor: the complete response bytes and the metrics
 * bytes (empty unless the send asked for metrics). Both can be read any number of times.
 */
final class ChatResponse {

  private byte[] body = new byte[0];
  private byte[] metrics = new byte[0];

  synchronized void complete(byte[] body, byte[] metrics) {
    this.body = body;
    this.metrics = metrics;
  }

  synchronized byte[] body() {
    return body;
  }

  synchronized byte[] metrics() {
    return metrics;
  }
}
