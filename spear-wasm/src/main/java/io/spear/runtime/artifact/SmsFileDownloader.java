package io.spear.runtime.artifact;

import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.RuntimeErrorException;
import io.spear.support.net.BearerToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads module files from an SMS over HTTP, with a connect timeout, a limit on the whole
 * download and a size cap.
 */
final class SmsFileDownloader {

  // Made on first download: a node or run that never downloads skips the TLS set-up it costs.
  private volatile HttpClient client;
  private final Duration connectTimeout;
  private final Duration downloadTimeout;
  private final long maxBytes;
  private final BearerToken token;

  /**
   * Creates a downloader.
   *
   * @param connectTimeout how long to wait for the connection
   * @param downloadTimeout how long the whole download may take, body included
   * @param maxBytes the largest body accepted
   */
  public SmsFileDownloader(Duration connectTimeout, Duration downloadTimeout, long maxBytes) {
    this(connectTimeout, downloadTimeout, maxBytes, BearerToken.NONE);
  }

  /** Creates a downloader that presents {@code token} to SMS. */
  public SmsFileDownloader(
      Duration connectTimeout, Duration downloadTimeout, long maxBytes, BearerToken token) {
    this.token = token;
    this.connectTimeout = connectTimeout;
    this.downloadTimeout = downloadTimeout;
    this.maxBytes = maxBytes;
  }

  private HttpClient client() {
    HttpClient made = client;
    if (made == null) {
      synchronized (this) {
        made = client;
        if (made == null) {
          made =
              HttpClient.newBuilder()
                  .connectTimeout(connectTimeout)
                  // A token must not follow a redirect to another host.
                  .followRedirects(
                      token.isPresent() ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL)
                  .build();
          client = made;
        }
      }
    }
    return made;
  }

  /**
   * Downloads one file.
   *
   * @throws RuntimeErrorException on a non-200 answer, a connection failure or a timeout
   * @throws InvalidConfigurationException when the file is larger than the cap
   */
  public BoundedBodySubscriber.Body download(URI url) {
    HttpRequest request =
        token.apply(HttpRequest.newBuilder(url)).timeout(downloadTimeout).GET().build();
    CompletableFuture<HttpResponse<BoundedBodySubscriber.Body>> response =
        client().sendAsync(request, this::subscriberFor);
    try {
      HttpResponse<BoundedBodySubscriber.Body> answer =
          response.get(downloadTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (answer.statusCode() != 200) {
        throw new RuntimeErrorException("SMS file download failed: status " + answer.statusCode());
      }
      return answer.body();
    } catch (TimeoutException e) {
      response.cancel(true);
      throw timedOut(url, e);
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new RuntimeErrorException("SMS file download interrupted: " + url, e);
    } catch (ExecutionException e) {
      throw failure(url, e.getCause());
    }
  }

  private BodySubscriber<BoundedBodySubscriber.Body> subscriberFor(ResponseInfo info) {
    // Error bodies are small JSON; only a 200 body is a module worth capping at maxBytes.
    return info.statusCode() == 200
        ? new BoundedBodySubscriber(
            maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1))
        : BodySubscribers.replacing(new BoundedBodySubscriber.Body(new byte[0], ""));
  }

  private RuntimeException failure(URI url, Throwable cause) {
    if (cause instanceof BoundedBodySubscriber.TooLargeException) {
      return new InvalidConfigurationException(
          "WASM module at " + url + " is larger than the limit of " + maxBytes + " bytes", cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return timedOut(url, cause);
    }
    if (cause instanceof IOException) {
      return new RuntimeErrorException(
          "SMS file download failed: " + describe(cause) + " (" + url + ")", cause);
    }
    return new RuntimeErrorException("SMS file download failed: " + describe(cause), cause);
  }

  private RuntimeErrorException timedOut(URI url, Throwable cause) {
    return new RuntimeErrorException(
        "SMS file download failed: timed out after "
            + downloadTimeout.toMillis()
            + " ms ("
            + url
            + ")",
        cause);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    String type = cause.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
