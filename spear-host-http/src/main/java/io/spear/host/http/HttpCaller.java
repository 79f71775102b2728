package io.spear.host.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spear.egress.EgressDecision;
import io.spear.egress.EgressPolicy;
import io.spear.egress.EgressTarget;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's outbound HTTP for guests: checks each hop of a call against the execution's egress
 * policy, substitutes secrets into header values after the check, sends the request to the checked
 * address within the request's timeout and the execution's deadline, and writes one execution-log
 * line and the metrics of each call. One per node; thread-safe.
 */
public final class HttpCaller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpCaller.class);
  private static final Duration DEADLINE_GRACE = Duration.ofSeconds(1);
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie");

  private final HttpCallLimits limits;
  private final MeterRegistry metrics;
  private final InstantSource clock;
  // Asked on the first call: the JDK's default context reads its trust store and parses every
  // certificate in it (~180 security classes set up), which a one-shot `spear run` whose guest
  // never calls out does not need.
  private final Supplier<SSLContext> tls;
  private HttpExchange exchange;
  private boolean closed;

  /** A caller trusting the JDK's certificate authorities. */
  public HttpCaller(HttpCallLimits limits, MeterRegistry metrics) {
    this.limits = limits;
    this.metrics = metrics;
    this.clock = InstantSource.system();
    this.tls = HttpCaller::defaultTls;
  }

  /** A caller trusting the authorities of {@code tls}, timing deadlines on {@code clock}. */
  public HttpCaller(
      HttpCallLimits limits, MeterRegistry metrics, SSLContext tls, InstantSource clock) {
    this.limits = limits;
    this.metrics = metrics;
    this.clock = clock;
    this.tls = () -> tls;
  }

  // Made on the first call that gets past the policy: a node whose guests never call out (or a
  // family that reaches nothing) starts no client and no threads.
  private synchronized HttpExchange exchange() {
    if (closed) {
      throw new HttpCallFailure(HttpCallErrno.EIO, "the node is shutting down");
    }
    if (exchange == null) {
      exchange = new HttpExchange(limits, tls.get());
    }
    return exchange;
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  /** The node's limits. */
  public HttpCallLimits limits() {
    return limits;
  }

  /**
   * Makes call number {@code callNumber} (from 1) of an execution, as the guest wrote it in {@code
   * requestJson}.
   *
   * @throws HttpCallFailure for any refusal or failure (the execution log says why)
   * @throws HttpCallInterrupted when the execution is stopped while the call waits
   */
  public HttpCallResponse call(byte[] requestJson, CallScope scope, int callNumber) {
    long started = System.nanoTime();
    Trace trace = new Trace();
    try {
      if (callNumber > limits.maxCallsPerExecution()) {
        throw new HttpCallFailure(
            HttpCallErrno.EACCES,
            "the execution has made the "
                + limits.maxCallsPerExecution()
                + " calls http_call.max_calls_per_execution allows");
      }
      HttpCallRequest request = HttpCallRequest.parse(requestJson, limits);
      trace.method = request.method();
      HttpCallResponse response = follow(request, scope, trace);
      finish(scope, trace, started, "ok", response.status() + "");
      return response;
    } catch (HttpCallFailure f) {
      finish(scope, trace, started, f.outcome(), f.getMessage() + " (-" + f.errno() + ")");
      throw f;
    } catch (HttpCallInterrupted e) {
      finish(scope, trace, started, "stopped", "stopped: the execution ended");
      throw e;
    }
  }

  private HttpCallResponse follow(HttpCallRequest request, CallScope scope, Trace trace) {
    Instant limit = limit(request, scope);
    String url = request.url();
    String method = request.method();
    byte[] body = request.body();
    List<HttpCallRequest.Header> headers = request.headers();
    for (int hop = 0; ; hop++) {
      EgressTarget target = check(scope.policy(), url, hop, trace);
      trace.host = target.host();
      List<HttpCallRequest.Header> sent =
          SecretSubstitution.apply(headers, target, scope.secrets());
      HttpCallResponse response = exchange().send(method, target, sent, body, limit, clock);
      String location = response.headers().get("location");
      if (!request.followRedirects()
          || !REDIRECTS.contains(response.status())
          || location == null) {
        return response;
      }
      if (hop >= limits.maxRedirects()) {
        throw new HttpCallFailure(
            HttpCallErrno.EIO, "more than " + limits.maxRedirects() + " redirects");
      }
      URI next = next(target.url(), location);
      trace.redirects++;
      int status = response.status();
      if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
        method = "GET";
        body = new byte[0];
        headers = without(headers, Set.of("content-type"));
      }
      if (!sameOrigin(target.url(), next)) {
        // As browsers do: credentials the guest wrote for one origin do not follow it to another.
        headers = without(headers, CREDENTIAL_HEADERS);
      }
      url = next.toString();
    }
  }

  private Instant limit(HttpCallRequest request, CallScope scope) {
    Duration timeout = request.timeout().orElse(limits.defaultTimeout());
    Instant now = clock.instant();
    if (!now.isBefore(scope.deadline())) {
      throw new HttpCallFailure(HttpCallErrno.ETIMEDOUT, "the execution's deadline has passed");
    }
    Instant own = now.plus(timeout);
    // When the deadline comes first, the execution's stop (which interrupts the wait) ends the
    // call, so the guest cannot race the watchdog with an ETIMEDOUT it would answer in time; the
    // grace only bounds the wait should that stop never come.
    return own.isBefore(scope.deadline()) ? own : scope.deadline().plus(DEADLINE_GRACE);
  }

  private static EgressTarget check(EgressPolicy policy, String url, int hop, Trace trace) {
    EgressDecision decision = policy.check(url);
    return switch (decision) {
      case EgressDecision.Allowed allowed -> allowed.target();
      case EgressDecision.Refused refused -> {
        if (hop == 0) {
          trace.host = rawHost(url);
          trace.refusedFirst = true;
        }
        throw new HttpCallFailure(
            HttpCallErrno.EACCES,
            (hop == 0 ? "" : "redirect " + hop + " refused: ") + refused.reason());
      }
    };
  }

  private static URI next(URI current, String location) {
    try {
      URI next = current.resolve(new URI(location.strip()));
      return new URI(
          next.getScheme(), next.getRawAuthority(), next.getRawPath(), next.getRawQuery(), null);
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new HttpCallFailure(HttpCallErrno.EIO, "a redirect's Location is not a URL");
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()))
        && String.valueOf(a.getRawAuthority())
            .equalsIgnoreCase(String.valueOf(b.getRawAuthority()));
  }

  private static List<HttpCallRequest.Header> without(
      List<HttpCallRequest.Header> headers, Set<String> names) {
    List<HttpCallRequest.Header> kept = new ArrayList<>();
    for (HttpCallRequest.Header h : headers) {
      if (!names.contains(h.name().toLowerCase(Locale.ROOT))) {
        kept.add(h);
      }
    }
    return kept;
  }

  // The host as written, for a refused URL's log line only; never a metric tag (a guest chooses
  // it).
  private static String rawHost(String url) {
    try {
      String host = new URI(url).getRawAuthority();
      if (host != null) {
        return host.length() > 100 ? host.substring(0, 100) + "…" : host;
      }
    } catch (java.net.URISyntaxException e) {
      // falls through
    }
    return "(no host)";
  }

  private void finish(CallScope scope, Trace trace, long started, String outcome, String result) {
    long nanos = System.nanoTime() - started;
    String tag = trace.checked() ? trace.host : "-";
    Counter.builder("spear.http_call.calls")
        .description("guests' http_call calls by destination host and outcome")
        .tag("host", tag)
        .tag("outcome", outcome)
        .register(metrics)
        .increment();
    Timer.builder("spear.http_call.duration")
        .description("time of guests' http_call calls")
        .tag("host", tag)
        .tag("outcome", outcome)
        .register(metrics)
        .record(nanos, TimeUnit.NANOSECONDS);
    String line =
        "http_call "
            + (trace.method == null ? "-" : trace.method)
            + " "
            + (trace.host == null ? "-" : trace.host)
            + " "
            + result
            + (trace.redirects > 0 ? " after " + trace.redirects + " redirect(s)" : "")
            + " in "
            + TimeUnit.NANOSECONDS.toMillis(nanos)
            + " ms";
    scope.log().accept(line + "\n");
    if (!outcome.equals("ok")) {
      LOG.info("{}", line);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (exchange != null) {
      exchange.close();
    }
  }

  /** What the log line and metrics say of one call. */
  private static final class Trace {
    String method;
    String host;
    boolean refusedFirst;
    int redirects;

    boolean checked() {
      return host != null && !refusedFirst;
    }
  }
}
