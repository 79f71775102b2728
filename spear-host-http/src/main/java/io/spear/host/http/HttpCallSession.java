package io.spear.host.http;

import java.util.Arrays;

/**
 * One execution's {@code http_call}: counts its calls and keeps the response a too-small buffer
 * could not take. That response is kept for the retry, keyed by the request's exact bytes: the next
 * call with the same bytes receives it without sending the request again; any other call drops it.
 * Guests run one call at a time; the methods are synchronized all the same.
 */
public final class HttpCallSession {

  /** What a call answers the guest. */
  public sealed interface Answer {

    /** The response JSON, which fits the guest's buffer. */
    record Fits(byte[] payload) implements Answer {}

    /** The buffer holds fewer than {@code needed} bytes; the response is kept for the retry. */
    record TooSmall(int needed) implements Answer {}
  }

  private record Kept(byte[] request, byte[] payload) {}

  private final HttpCaller caller;
  private final CallScope scope;
  private int calls;
  private Kept kept;

  /** One execution's session over the node's {@code caller}. */
  public HttpCallSession(HttpCaller caller, CallScope scope) {
    this.caller = caller;
    this.scope = scope;
  }

  /**
   * The largest request the guest may pass, in bytes: a body at the node's limit in base64 plus
   * room for the rest. A longer one is refused (EFBIG) before it is read.
   */
  public long maxRequestBytes() {
    return caller.limits().maxRequestBodyBytes() / 3 * 4 + 4 + 1024 * 1024;
  }

  /**
   * Answers {@code request} for a buffer of {@code capacity} bytes.
   *
   * @throws HttpCallFailure for a refusal or failure
   * @throws HttpCallInterrupted when the execution is stopped while the call waits
   */
  public synchronized Answer call(byte[] request, long capacity) {
    if (request.length > maxRequestBytes()) {
      kept = null;
      throw new HttpCallFailure(HttpCallErrno.EFBIG, "the request is over the node's size limit");
    }
    byte[] payload;
    if (kept != null && Arrays.equals(kept.request(), request)) {
      payload = kept.payload();
    } else {
      kept = null;
      calls++;
      payload = caller.call(request, scope, calls).encode();
    }
    if (payload.length > capacity) {
      kept = new Kept(request.clone(), payload);
      return new Answer.TooSmall(payload.length);
    }
    kept = null;
    return new Answer.Fits(payload);
  }
}
