package io.spear.http;

import io.javalin.http.Context;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * A request body read as a stream (an upload) with its own idle timeout: a client that stops
 * sending mid-body is answered {@code REQUEST_TIMEOUT} (408) once the body has been silent for that
 * long, and one that hangs up mid-body {@code INVALID_REQUEST} (400), instead of a stalled read
 * surfacing as an internal error after the connection's much longer idle timeout.
 *
 * <p>The timeout applies to this request's connection while the body is read and is restored when
 * the stream is closed, so keep-alive requests that follow get the server's usual timeout.
 */
public final class StreamedBody extends FilterInputStream {

  private final HttpChannel channel;
  private final long previousIdleTimeoutMs;
  private final Duration idleTimeout;
  private boolean closed;

  private StreamedBody(InputStream body, HttpChannel channel, Duration idleTimeout) {
    super(body);
    this.channel = channel;
    this.idleTimeout = idleTimeout;
    this.previousIdleTimeoutMs = channel == null ? 0 : channel.getIdleTimeout();
    if (channel != null) {
      channel.setIdleTimeout(idleTimeout.toMillis());
    }
  }

  /**
   * The body of {@code ctx}, read with at most {@code idleTimeout} between arriving bytes; close it
   * (try-with-resources) once read.
   */
  public static StreamedBody of(Context ctx, Duration idleTimeout) {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive but was " + idleTimeout);
    }
    Request base = Request.getBaseRequest(ctx.req());
    HttpChannel channel = base == null ? null : base.getHttpChannel();
    return new StreamedBody(ctx.bodyInputStream(), channel, idleTimeout);
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      throw translated(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      throw translated(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (IOException e) {
      throw translated(e);
    }
  }

  /** Restores the connection's idle timeout; the body itself is Jetty's to close. */
  @Override
  public void close() {
    if (!closed && channel != null) {
      closed = true;
      channel.setIdleTimeout(previousIdleTimeoutMs);
    }
  }

  private InvalidRequestException translated(IOException e) {
    if (causedByTimeout(e)) {
      return new InvalidRequestException(
          ErrorCode.REQUEST_TIMEOUT,
          "the request body stopped arriving: nothing was received for "
              + idleTimeout.toMillis()
              + " ms");
    }
    return new InvalidRequestException(
        "the request body ended early (the client closed the connection mid-body)");
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
